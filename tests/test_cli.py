"""The kg command: exit codes, messages, help, atomic exports."""

import signal
import subprocess
import sys
import time

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


def test_out_never_replaces_exports_mixed_with_other_files(tmp_path):
    out = tmp_path / "exports"
    (out / "figures").mkdir(parents=True)
    (out / "facts.csv").write_text("previous")       # looks like an export…
    (out / "thesis.docx").write_text("years of work")  # …but holds this too
    (out / "figures" / "notes.txt").write_text("mine")
    r = kg("build", str(SEEDS), "--out", str(out), "--no-figures")
    assert r.returncode == 1
    assert r.stderr == (f"kg: error: {out}: refusing to replace a folder that holds files a "
                        "build never writes (figures/notes.txt, thesis.docx): move them away "
                        "or choose a new or empty folder\n")
    assert (out / "thesis.docx").read_text() == "years of work"
    assert (out / "figures" / "notes.txt").read_text() == "mine"
    assert (out / "facts.csv").read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["exports"]


def test_a_folder_of_build_outputs_is_replaced(tmp_path):
    from graph.export import atomic_folder

    out = tmp_path / "exports"
    (out / "figures").mkdir(parents=True)
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig", "facts.csv",
                 "figures/overview.png", "figures/ego-Iran.svg", "figures/timeline.svg"):
        (out / name).write_text("old")
    with atomic_folder(out) as tmp:
        (tmp / "graph.ttl").write_text("new")
    assert [p.name for p in out.iterdir()] == ["graph.ttl"]
    assert [p.name for p in tmp_path.iterdir()] == ["exports"]


@pytest.mark.parametrize("out", ["/proc/kg-test-out", "/sys/kg-test-out"])
def test_out_where_no_folder_can_be_made(out):
    """/proc and /sys pass os.access for root, yet no folder can be made there."""
    r = kg("build", str(SEEDS), "--out", out, "--no-figures", "--quiet")
    assert r.returncode == 1, r.stderr
    assert r.stderr.startswith(f"kg: error: {out}: ") and "Traceback" not in r.stderr
    assert len(r.stderr.splitlines()) == 1


def test_a_failed_final_rename_keeps_the_previous_exports(tmp_path, monkeypatch):
    import errno
    import os

    from graph.errors import InputError
    from graph.export import atomic_folder

    out = tmp_path / "exports"
    out.mkdir()
    (out / "facts.csv").write_text("previous")
    real = os.replace

    def replace(src, dst):
        if os.path.basename(src).startswith(".exports.tmp-"):     # the new exports
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV), os.fspath(src))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(InputError) as err:
        with atomic_folder(out) as tmp:
            (tmp / "facts.csv").write_text("new")
    assert str(err.value) == (f"{out}: cannot move the new exports into place "
                              f"({os.strerror(errno.EXDEV)})")
    assert (out / "facts.csv").read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["exports"]


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory):
    """The seeds copied 120 times: a build of several seconds."""
    folder = tmp_path_factory.mktemp("big")
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_bytes()
        for i in range(120):
            (folder / f"{path.stem}-{i:03}.txt").write_bytes(text)
    return folder


@pytest.mark.parametrize("signum,status,message", [
    (signal.SIGTERM, 143, "kg: terminated\n"),
    (signal.SIGINT, 130, "kg: interrupted\n"),
], ids=["SIGTERM", "SIGINT"])
def test_a_signal_mid_build_keeps_the_previous_exports(tmp_path, big_corpus, signum, status,
                                                        message):
    out = tmp_path / "X"
    out.mkdir()
    (out / "graph.ttl").write_text("previous graph")
    (out / "facts.csv").write_text("previous facts")
    p = subprocess.Popen([sys.executable, "-m", "graph", "build", str(big_corpus), "--out",
                          str(out), "--jobs", "1", "--no-figures", "--quiet"], cwd=ROOT,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(".X.tmp-*")):         # the build has begun writing
            assert p.poll() is None and time.monotonic() < deadline, "the build did not start"
            time.sleep(0.05)
        time.sleep(1)
        assert p.poll() is None, "the build ended before the signal: make the corpus larger"
        p.send_signal(signum)
        _, err = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
            p.communicate()
    assert p.returncode == status, err
    assert err == message
    assert (out / "graph.ttl").read_text() == "previous graph"
    assert (out / "facts.csv").read_text() == "previous facts"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["X"]
