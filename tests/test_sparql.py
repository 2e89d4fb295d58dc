"""SPARQL: the shipped queries on the embedded store, the same queries on a
real Oxigraph server started here, and a second Turtle parser."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from graph.sparql import (QUERIES, EndpointError, QueryError, load_endpoint, open_store, query,
                          query_endpoint, read_query)

from .conftest import EXPORTS, ROOT

GRAPH = EXPORTS / "graph.ttl"
SHIPPED = sorted(p.stem for p in QUERIES.glob("*.rq"))


@pytest.fixture(scope="module")
def store():
    return open_store(GRAPH)


def test_the_five_analyst_queries_ship():
    assert SHIPPED == ["alliances", "facts-about-actor", "sources-disagree", "visits-to-capitals",
                       "who-met-whom"]


EXPECTED = {
    # query -> rows that must be among its results on the seeds
    "who-met-whom": [("Ali Khamenei", "Bashar al-Assad", "2019-02-25", "3"),
                     ("Bashar al-Assad", "Ebrahim Raisi", "2022-05-08", "1")],
    "visits-to-capitals": [("Bashar al-Assad", "Tehran", "Iran", "2019-02-25",
                            "000_9414ddc8d74dad59"),
                           ("Bashar al-Assad", "Tehran", "Iran", "2022-05-08",
                            "002_577b2e3b5703147c")],
    "alliances": [("Iran", "Syria", "2")],
}
MAY_BE_EMPTY = {"sources-disagree"}


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_query_rows(store, name):
    table = query(store, read_query(name))
    assert table.rows or name in MAY_BE_EMPTY, f"{name} returned nothing"
    for row in EXPECTED.get(name, []):
        assert row in table.rows, f"{name}: {row} not in {table.rows[:5]}…"


def test_sources_disagree_finds_a_misdated_visit(tmp_path):
    """Two articles date the same 2019 visit differently; a 2022 visit is
    another event, not a disagreement."""
    import graph
    from graph.export import write_turtle

    (tmp_path / "a.txt").write_text("Bashar al-Assad visited Tehran on February 25.")
    (tmp_path / "b.txt").write_text("Bashar al-Assad visited Tehran on March 9.")
    (tmp_path / "c.txt").write_text("Bashar al-Assad visited Tehran on Sunday.")
    (tmp_path / "documents.csv").write_text("id,date,title\na,2019-02-26,A\nb,2019-03-10,B\n"
                                            "c,2022-05-09,C\n")
    b = graph.run(tmp_path)
    write_turtle(b.graph, tmp_path / "g.ttl")
    rows = query(open_store(tmp_path / "g.ttl"), read_query("sources-disagree")).rows
    assert rows == (("Bashar al-Assad", "visited", "Tehran", "2019-02-25", "a", "2019-03-09", "b"),)


def test_facts_about_an_actor_carry_their_sentences(store):
    table = query(store, read_query("facts-about-actor"))
    cols = table.columns
    assert cols == ("subject", "relation", "object", "document", "rule", "sentence")
    for row in table.rows:
        assert "Bashar al-Assad" in (row[0], row[2]) and row[5]


def test_malformed_query_is_a_query_error(store):
    with pytest.raises(QueryError, match="malformed SPARQL query"):
        query(store, "SELECT ?x WHERE {")


def test_unreachable_endpoint():
    with pytest.raises(EndpointError, match="cannot reach the endpoint"):
        query_endpoint("http://127.0.0.1:9/query", "ASK {}", timeout=2)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    exe = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(exe).exists():
        pytest.fail("the oxigraph server is missing: install the test extras (make test does)")
    port = _free_port()
    loc = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen([exe, "serve", "--bind", f"127.0.0.1:{port}", "--location", str(loc)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"oxigraph exited: {proc.stderr.read().decode()[:500]}")
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph did not start within 10 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_load_into_a_real_server_and_compare_every_shipped_query(oxigraph_server, store):
    r = subprocess.run([sys.executable, "-m", "graph", "load", "--endpoint",
                        oxigraph_server + "/store", "--graph", str(GRAPH)],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    for name in SHIPPED:
        text = read_query(name)
        remote = query_endpoint(oxigraph_server + "/query", text)
        local = query(store, text)
        assert remote == local, name


def test_kg_query_against_the_endpoint(oxigraph_server):
    load_endpoint(oxigraph_server + "/store", GRAPH)
    r = subprocess.run([sys.executable, "-m", "graph", "query", "alliances", "--endpoint",
                        oxigraph_server + "/query", "--format", "csv"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "actor,ally,sources"
    assert "Iran,Syria,2" in r.stdout.splitlines()


def test_cli_query_errors_exit_1():
    r = subprocess.run([sys.executable, "-m", "graph", "query", "SELECT ?x WHERE {"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 1 and r.stderr.startswith("kg: error: malformed SPARQL query")
    r = subprocess.run([sys.executable, "-m", "graph", "query", "alliances", "--endpoint",
                        "http://127.0.0.1:9/query"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 1 and "cannot reach the endpoint" in r.stderr
    r = subprocess.run([sys.executable, "-m", "graph", "load", "--endpoint",
                        "http://127.0.0.1:9/store"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 1 and "cannot reach the endpoint" in r.stderr


def test_a_second_parser_accepts_the_turtle():
    """raptor's rapper, independent of rdflib (.ci/run installs raptor2-utils)."""
    if shutil.which("rapper") is None:
        if os.environ.get("CI"):
            pytest.fail("rapper is missing in CI: .ci/run should install raptor2-utils")
        pytest.skip("rapper (raptor2-utils) is not installed on this machine")
    r = subprocess.run(["rapper", "-i", "turtle", "-c", str(GRAPH)], capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr
    assert "returned" in r.stderr and "triples" in r.stderr
