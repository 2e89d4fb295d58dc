"""Gold files parse, every gold name resolves to one entity, and the
scorer counts what it should."""

import pytest

from graph.build import Build
from graph.errors import InputError
from graph.evaluate import evaluate, format_report, read_gold
from graph.extract import DocResult
from graph.model import Document, Fact

from .conftest import ROOT

GOLD = ROOT / "tests" / "gold"


def test_gold_files_cover_every_seed(kb):
    gold = read_gold(GOLD, kb)
    assert sorted(gold) == sorted(p.stem for p in (ROOT / "seeds").glob("*.txt"))


@pytest.mark.parametrize("folder", ["gold", "heldout/gold", "unseen/gold", "unseen2/gold",
                                    "unseen3/gold", "phrases/gold", "wire6/gold"])
def test_every_gold_name_is_a_known_entity(kb, folder):
    """A gold name that resolves to nothing would make a fact unmatchable
    (places count too: a downed flight is a place of kind aircraft)."""
    unknown = set()
    for path in (ROOT / "tests" / folder).glob("*.gold"):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                s, _, o, *_ = [p.strip() for p in line.split("|")]
                unknown |= {n for n in (s, o) if kb.lookup(n) is None}
    assert unknown == set()


def fact(doc, s, rel, o, date=None):
    return Fact(doc, s, rel, o, date, 0, 0, 1, "x", "r")


def test_scoring_counts_and_dates(kb, tmp_path):
    (tmp_path / "a.gold").write_text(
        "# doc: a\nBashar al-Assad | visited | Tehran | 2019-02-25\n"
        "Bashar al-Assad | met | Ali Khamenei | 2019-02-25\n"
        "Syria | allied_with | Iran\n", encoding="utf-8")
    gold = read_gold(tmp_path, kb)
    r = DocResult(Document("a", "x"), facts=[
        fact("a", "Bashar_al-Assad", "visited", "Tehran", "2019-02-25"),
        fact("a", "Ali_Khamenei", "met", "Bashar_al-Assad", "2019-02"),   # stored sorted
        fact("a", "Iran", "opposes", "Israel")])
    b = Build.__new__(Build)
    b.results = [r]
    rep = evaluate(b, gold)
    assert (rep.overall.tp, rep.overall.fp, rep.overall.fn) == (2, 1, 1)
    assert rep.by_relation["allied_with"].fn == 1 and rep.by_relation["opposes"].fp == 1
    assert (rep.dates_right, rep.dates_total) == (1, 2)
    text = format_report(rep, errors=True)
    assert "a:4  Syria | allied_with | Iran" in text and "Iran | opposes | Israel" in text


def test_bad_gold_file(kb, tmp_path):
    (tmp_path / "a.gold").write_text("Assad visited Tehran\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_gold(tmp_path, kb)
    assert "a.gold:1: expected 'subject | relation | object" in str(err.value)
    assert "missing '# doc: ID' line" in str(err.value)
