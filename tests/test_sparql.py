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

from graph.sparql import (QUERIES, EndpointError, QueryError, Table, load_endpoint, open_store,
                          query, query_endpoint, read_query)

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


BAD_URLS = [
    ("notaurl", "endpoint 'notaurl': not an http or https URL with a host"),
    ("localhost:7878/query", "endpoint 'localhost:7878/query': not an http or https URL"),
    ("ftp://127.0.0.1/query", "endpoint 'ftp://127.0.0.1/query': not an http or https URL"),
    ("http://", "endpoint 'http://': not an http or https URL with a host"),
    ("http://127.0.0.1:port/query", "endpoint 'http://127.0.0.1:port/query': not a valid URL"),
]


@pytest.mark.parametrize("url,message", BAD_URLS, ids=[u for u, _ in BAD_URLS])
def test_an_endpoint_must_be_an_http_url(url, message):
    with pytest.raises(EndpointError) as err:
        query_endpoint(url, "ASK {}", timeout=2)
    assert str(err.value).startswith(message)
    with pytest.raises(EndpointError, match="not an http or https URL|not a valid URL"):
        load_endpoint(url, GRAPH, timeout=2)


def test_cli_endpoint_without_a_scheme():
    for command in (["query", "alliances"], ["load"]):
        r = subprocess.run([sys.executable, "-m", "graph", *command, "--endpoint", "notaurl"],
                           capture_output=True, text=True, cwd=ROOT)
        assert r.returncode == 1
        assert r.stderr == ("kg: error: endpoint 'notaurl': not an http or https URL with a "
                            "host (e.g. http://127.0.0.1:7878/query)\n")


ANSWERS = {
    # path -> (body the fake endpoint sends, what the error says is amiss)
    "/no-head": (b'{"results": {"bindings": []}}', 'no "head" with a list of "vars"'),
    "/a-list": (b"[]", "a JSON list, not an object"),
    "/no-results": (b'{"head": {"vars": ["x"]}}', 'no "results" with a list of "bindings"'),
    "/bad-boolean": (b'{"boolean": "yes"}', "\"boolean\" is 'yes', not true or false"),
    "/bad-binding": (b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": "plain"}]}}',
                     'binding 0 is not an object of terms with a "value"'),
    "/not-json": (b"<html>It works!</html>", "not JSON: b'<html>It works!</html>'"),
    "/good": (b'{"head": {"vars": ["x", "y"]}, "results": {"bindings": '
              b'[{"x": {"type": "literal", "value": "1"}}]}}', None),
}


@pytest.fixture(scope="module")
def fake_endpoint():
    """A real HTTP server on 127.0.0.1 answering each path of ANSWERS."""
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            body = ANSWERS[self.path][0]
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.mark.parametrize("path", [p for p, (_, why) in ANSWERS.items() if why])
def test_malformed_sparql_json_is_an_endpoint_error(fake_endpoint, path):
    url = fake_endpoint + path
    with pytest.raises(EndpointError) as err:
        query_endpoint(url, "SELECT * {}", timeout=10)
    assert str(err.value) == f"{url}: the answer is not SPARQL JSON results ({ANSWERS[path][1]})"


def test_well_formed_sparql_json_from_the_fake_endpoint(fake_endpoint):
    assert query_endpoint(fake_endpoint + "/good", "SELECT * {}", timeout=10) == \
        Table(("x", "y"), (("1", ""),))


def test_cli_query_on_an_endpoint_answering_without_head(fake_endpoint):
    r = subprocess.run([sys.executable, "-m", "graph", "query", "alliances", "--endpoint",
                        fake_endpoint + "/no-head"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 1
    assert r.stderr == (f"kg: error: {fake_endpoint}/no-head: the answer is not SPARQL JSON "
                        'results (no "head" with a list of "vars")\n')


@pytest.mark.parametrize("word", ["no-such-query", "who-met-who", "queries/alliances"])
def test_a_word_that_is_neither_a_file_nor_a_query(word):
    r = subprocess.run([sys.executable, "-m", "graph", "query", word], capture_output=True,
                       text=True, cwd=ROOT)
    assert r.returncode == 1
    assert r.stderr == (f"kg: error: {word}: neither a file nor a SPARQL query (the named "
                        f"queries are: {', '.join(SHIPPED)})\n")


def test_a_malformed_query_message_is_short():
    r = subprocess.run([sys.executable, "-m", "graph", "query", "SELECT ?x WHERE {"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 1
    assert r.stderr.startswith('kg: error: malformed SPARQL query: error at 1:18: expected one '
                               'of "$", ')
    assert len(r.stderr.splitlines()) == 1 and len(r.stderr) < 160, r.stderr
    assert "\\u{" not in r.stderr and r.stderr.endswith("…\n")


def test_ask_gives_a_one_cell_table(store):
    assert query(store, "ASK { ?s ?p ?o }") == Table(("result",), (("true",),))
    assert query(store, "ASK{ ?s <http://example.org/none> ?o }").rows == (("false",),)
