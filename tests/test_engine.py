"""Where extraction runs does not change what comes out: one process, a
pool of processes, a Dask cluster started here; progress shows only on a
terminal."""

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

import graph
from graph.build import run
from graph.engine import extract_all
from graph.export import facts_csv, write_turtle

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def exports(b, tmp: Path) -> tuple[bytes, str]:
    write_turtle(b.graph, tmp / "g.ttl")
    return (tmp / "g.ttl").read_bytes(), facts_csv(b.facts, b.graph)


@pytest.fixture(scope="module")
def one_process(kb, rules, tmp_path_factory):
    return exports(run(SEEDS, knowledge=kb, rules=rules, jobs=1),
                   tmp_path_factory.mktemp("one"))


def test_process_pool_gives_the_same_exports(kb, rules, one_process, tmp_path):
    b = run(SEEDS, knowledge=kb, rules=rules, jobs=2, detail=False)
    assert [d.id for d in b.documents] == sorted(d.id for d in b.documents)
    assert exports(b, tmp_path) == one_process
    assert all(d.text == "" and not r.sentences for r, d in zip(b.results, b.documents))


def test_results_come_in_input_order_whatever_finishes_first(kb, rules):
    docs = graph.read_corpus(SEEDS)
    # the longest first: with two workers the short ones finish earlier
    docs = sorted(docs, key=lambda d: -len(d.text))
    got = [r.doc.id for r in extract_all(iter(docs), kb, rules, jobs=2)]
    assert got == [d.id for d in docs]


def test_cli_jobs_output_is_identical(tmp_path):
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}"
        r = subprocess.run([sys.executable, "-m", "graph", "build", str(SEEDS), "--out", str(out),
                            "--no-figures", "--jobs", jobs], capture_output=True, text=True,
                           cwd=ROOT)
        assert r.returncode == 0, r.stderr
        outs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outs[0] == outs[1] and set(outs[0]) == {"graph.ttl", "facts.csv"}


@pytest.mark.parametrize("argv,message", [
    (["--jobs", "0"], "--jobs must be at least 1"),
    (["--engine", "dask"], "--engine dask needs --scheduler"),
    (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler is only for --engine dask"),
    (["--engine", "dask", "--scheduler", "tcp://127.0.0.1:1"], "cannot reach the Dask scheduler"),
])
def test_engine_errors(tmp_path, argv, message):
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "graph", "build", str(SEEDS), "--out", str(out),
                        "--no-figures", *argv], capture_output=True, text=True, cwd=ROOT,
                       timeout=120)
    assert r.returncode == 1 and message in r.stderr and "Traceback" not in r.stderr
    assert not out.exists()


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as c:
        yield c


def test_dask_cluster_gives_the_same_exports(cluster, kb, rules, one_process, tmp_path):
    b = run(SEEDS, knowledge=kb, rules=rules, engine="dask",
            scheduler=cluster.scheduler_address, detail=False)
    assert exports(b, tmp_path) == one_process


def test_cli_dask_engine(cluster, tmp_path, one_process):
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "graph", "build", str(SEEDS), "--out", str(out),
                        "--no-figures", "--engine", "dask", "--scheduler",
                        cluster.scheduler_address], capture_output=True, text=True, cwd=ROOT,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    assert (out / "graph.ttl").read_bytes() == one_process[0]


def _stderr_on_a_terminal(argv: list[str], env: dict) -> str:
    """Run ``kg build`` with its stderr on a pseudo-terminal; return what it wrote."""
    master, slave = pty.openpty()
    # a new pty is 0 columns wide; give it the size of an ordinary terminal
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    p = subprocess.Popen([sys.executable, "-m", "graph", "build", *argv], cwd=ROOT,
                         stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:          # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    p.wait(timeout=300)
    os.close(master)
    assert p.returncode == 0
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("extra,ci,shown", [
    ([], False, True), (["--quiet"], False, False), ([], True, False)])
def test_progress_only_on_a_terminal_outside_ci(tmp_path, extra, ci, shown):
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = "true"
    err = _stderr_on_a_terminal([str(SEEDS), "--out", str(tmp_path / "out"), "--no-figures",
                                 "--jobs", "1", *extra], env)
    assert ("doc/s" in err or "s/doc" in err) == shown, err


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    r = subprocess.run([sys.executable, "-m", "graph", "build", str(SEEDS), "--out",
                        str(tmp_path / "out"), "--no-figures"], capture_output=True, text=True,
                       cwd=ROOT, env=env)
    assert r.returncode == 0 and "doc/s" not in r.stderr and "\r" not in r.stderr
