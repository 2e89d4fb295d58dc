"""The pattern compiler refuses what would make matching explode, and the
package rules stay fast on sentences built to make them backtrack."""

import time

import pytest

import graph
from graph.errors import RuleError
from graph.extract import extract_document
from graph.model import Document
from graph.patterns import PatternError, compile_pattern

REJECTED = [
    # pattern -> the start of the message
    ("{S:Person} ~~ ~~ ~~ ~~ ~~ ~~ ~~ ~~ <visit> {O:Location}",
     "two gaps in a row at 15: merge them into one ('~~' at 12 and '~~' at 15"),
    ("{S:Person} ~~ (with)? ~~ <meet> {O:Person}", "two gaps in a row at 23: merge them"),
    ("{S:Person} ~~ !'s ~- <meet> {O:Person}", "two gaps in a row at 19: merge them"),
    ("{S:Person} (<meet> ~~ | at) ~- {O:Person}", "two gaps in a row at 29: merge them"),
    ("{S:Person} ... ((,)? ~~ (and)?)? <meet> {O:Person}", "two gaps in a row at 22: merge them"),
    ("^ (~- | (the)?) ... {S:Person} <meet> {O:Person}", "two gaps in a row at 17: merge them"),
]


@pytest.mark.parametrize("pattern,message", REJECTED, ids=[p for p, _ in REJECTED])
def test_two_gaps_in_a_row_are_refused(pattern, message):
    with pytest.raises(PatternError) as err:
        compile_pattern(pattern)
    assert str(err.value).startswith(message)


ACCEPTED = [
    "{S:Person} ~~ <meet> ~~ {O:Person}",            # a word between: each gap has its place
    "{S:Person} ~~ (with|to) ~- {O:Person}",
    "{S:Person} (..)? (met)? (..)? {O:Person}",      # '..' (three words) is left alone
    "{S:Person} .. ~~ <meet> {O:Person}",
]


@pytest.mark.parametrize("pattern", ACCEPTED)
def test_gaps_with_a_required_item_between_compile(pattern):
    compile_pattern(pattern)


def test_every_package_rule_compiles(rules):
    assert len(rules.rules) > 50


def test_a_user_rule_with_gaps_in_a_row_names_its_file_and_line(tmp_path):
    (tmp_path / "slow.yaml").write_text(
        "- id: slow.visit\n"
        "  relation: visited\n"
        "  description: eight gaps in a row\n"
        "  pattern: '{S:Person} ~~ ~~ ~~ ~~ ~~ ~~ ~~ ~~ <visit> {O:Location}'\n"
        "  examples:\n"
        "    - text: Assad visited Tehran.\n"
        "      facts: ['Bashar al-Assad | visited | Tehran']\n"
        "  counterexamples:\n"
        "    - text: Assad saw Tehran.\n")
    with pytest.raises(RuleError) as err:
        graph.load_rules(tmp_path)
    assert f"{tmp_path / 'slow.yaml'}:1: pattern: two gaps in a row at 15" in str(err.value)


def test_an_adversarial_sentence_runs_through_the_package_rules(kb, rules):
    """Hundreds of mentions and list or gap words, and no verb: every slot
    type finds candidates everywhere. It must finish quickly; the bound is
    generous, only to catch a blow-up (it takes a few hundredths of a second)."""
    names = ["Bashar al-Assad", "Vladimir Putin", "Tehran", "Iran", "Hezbollah", "Syria",
             "Moscow", "Hassan Rouhani", "the Syrian President", "Russia", "Ankara",
             "Qasem Soleimani"]
    fill = ["the", "of", "'s", "with", "in", "and", ",", "to", "a", "talks", "visit", "ally",
            "strikes"]
    text = " ".join(names[i // 2 % len(names)] if i % 2 == 0 else fill[i // 2 % len(fill)]
                    for i in range(380))
    start = time.perf_counter()
    extract_document(Document("adversarial", text, "2019-02-25"), kb, rules)
    elapsed = time.perf_counter() - start
    print(f"adversarial sentence, {len(text)} characters: {elapsed:.3f} s")
    assert elapsed < 60


@pytest.mark.parametrize("view,members", [
    ("«state#0» accused «state#1» ", ["#1»"]),
    ("«state#0» accused «state#1» and «state#2» ", ["#1»", "#2»"]),
    ("«state#0» accused «state#1» , «state#2» , and «state#3» ", ["#1»", "#2»", "#3»"]),
    ("«state#0» accused «state#1» , «state#2» and «state#3» ", ["#1»", "#2»", "#3»"]),
    # a comma before "and" with only two names joins two clauses, not a list
    ("«state#0» accused «state#1» , and «state#2» ", ["#1»"]),
])
def test_a_list_slot_takes_lists_not_clauses(view, members):
    p = compile_pattern("{S:State} <accuse> {O:State+}")
    m = p.regex.search(view)
    assert [x for x in members if x in p.group(m, "O")] == members
    assert p.group(m, "O").count("«") == len(members)


GAPS = [
    # view -> whether "{S:State} strikes against ... {O:State}" matches
    ("«state#0» strikes against «state~#1» - linked targets «state#2» ", True),
    ("«state#0» strikes against «person#1» aides «state#2» ", False),
    ("«state#0» strikes against targets , and «state#2» ", False),
]


@pytest.mark.parametrize("view,matches", GAPS)
def test_a_gap_steps_over_a_compound_modifier_but_not_a_mention(view, matches):
    pat = compile_pattern("{S:State} strikes against ... {O:State}")
    assert bool(pat.regex.search(view)) is matches


def test_a_hyphen_inside_a_group_does_not_make_the_slot_before_it_a_compound():
    # it used to redefine the slot's regex group: "redefinition of group name 'S_0'"
    pat = compile_pattern("{S:State} (high - level)? delegation <visit> {O:Location}")
    assert pat.regex.search("«state#0» high - level delegation visited «capital#1» ")
    assert pat.regex.search("«state#0» delegation visited «capital#1» ")
