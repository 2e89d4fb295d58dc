"""The kg command: exit codes, messages, help, atomic exports."""

import subprocess
import sys

import pytest

from graph.cli import main

from .conftest import ROOT, SEEDS


def kg(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "graph", *args], capture_output=True,
                          text=True, cwd=cwd)


def test_build_writes_the_exports(tmp_path):
    out = tmp_path / "exports"
    r = kg("build", str(SEEDS), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "5 documents read" in r.stderr
    assert {p.name for p in out.iterdir()} == {"graph.ttl", "facts.csv", "figures"}
    names = {p.name for p in (out / "figures").iterdir()}
    assert {"overview.png", "overview.svg", "states.png", "states.svg", "timeline.png",
            "timeline.svg", "ego-Bashar_al-Assad.png", "ego-Bashar_al-Assad.svg"} <= names


def test_figures_command_redraws_from_the_export(tmp_path):
    r = kg("figures", "--graph", "exports/graph.ttl", "--out", str(tmp_path / "f"),
           "--which", "states", "--which", "timeline")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (tmp_path / "f").iterdir()) == [
        "states.png", "states.svg", "timeline.png", "timeline.svg"]


def test_missing_input_is_an_error_not_a_traceback(tmp_path):
    r = kg("build", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert r.returncode == 1
    assert r.stderr == f"kg: error: {tmp_path / 'nope'}: no such file or folder\n"
    assert not (tmp_path / "out").exists()


def test_failed_build_keeps_previous_exports(tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    (out / "facts.csv").write_text("previous")      # an earlier export: may be replaced
    bad = tmp_path / "corpus"
    bad.mkdir()
    (bad / "a.txt").write_text("Assad visited Tehran.")
    (bad / "documents.csv").write_text("id,date\na,not-a-date\n")
    r = kg("build", str(bad), "--out", str(out))
    assert r.returncode == 1 and "documents.csv:2: date" in r.stderr
    assert (out / "facts.csv").read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_out_never_replaces_a_folder_of_other_files(tmp_path):
    precious = tmp_path / "home"
    precious.mkdir()
    (precious / "thesis.docx").write_text("years of work")
    r = kg("build", str(SEEDS), "--out", str(precious), "--no-figures")
    assert r.returncode == 1
    assert "refusing to replace a folder that holds no exports" in r.stderr
    assert (precious / "thesis.docx").read_text() == "years of work"


def test_out_pointing_at_a_file(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    r = kg("build", str(SEEDS), "--out", str(f))
    assert r.returncode == 1 and "--out must be a folder" in r.stderr


def test_explain_lists_mentions_facts_and_dropped():
    r = kg("explain", str(SEEDS), "--doc", "000_9414ddc8d74dad59")
    assert r.returncode == 0, r.stderr
    assert "'Syrian President' " in r.stdout or "Syrian President" in r.stdout
    assert "via title" in r.stdout and "[rule visited." in r.stdout
    assert "dropped:" in r.stdout


def test_explain_unknown_document():
    r = kg("explain", str(SEEDS), "--doc", "nope")
    assert r.returncode == 1 and "--doc nope: no such document" in r.stderr


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["build"]])
def test_bad_usage_exits_2(argv):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2


@pytest.mark.parametrize("command", ["build", "explain", "evaluate", "query", "validate",
                                     "load", "figures"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: kg " + command) and len(out.splitlines()) > 5


def test_evaluate_prints_scores_per_relation_and_entities():
    r = kg("evaluate", "tests/gold", str(SEEDS), "--entities", "tests/reference")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["relation", "gold", "found", "right", "P", "R", "F1"]
    assert [ln.split()[0] for ln in lines[1:9]] == [
        "visited", "met", "allied_with", "holds_office", "supports", "opposes", "attacked",
        "overall"]
    assert lines[9].startswith("dates: ")
    assert "entities against tests/reference:" in r.stdout


def test_evaluate_errors_lists_misses_with_their_gold_line():
    r = kg("evaluate", "tests/gold", str(SEEDS), "--errors")
    assert r.returncode == 0
    assert "missed (" in r.stdout and "spurious (" in r.stdout
    assert "004_bd42c9e344ebf1b2:" in r.stdout


def test_evaluate_gold_for_a_document_not_in_the_input(tmp_path):
    (tmp_path / "x.gold").write_text("# doc: nope\nA | met | B\n")
    r = kg("evaluate", str(tmp_path), str(SEEDS))
    assert r.returncode == 1
    assert "gold for documents not in the input: nope" in r.stderr
