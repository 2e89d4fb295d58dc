"""The fast Turtle export (pyoxigraph): the same triples as ``to_rdf``,
readable by rdflib and ``read_turtle``, byte for byte the same whatever the
insertion order, the run or the hash seed. No timings here: see
bench/turtle_scale.py."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from graph.export import TURTLE_PREFIXES, _triples, to_rdf, turtle_bytes, write_turtle
from graph.io import read_turtle
from graph.model import SYMMETRIC

from .conftest import ROOT, SEEDS

#: Entity ids that need percent-escaping in IRIs, or escapes in a prefixed
#: name (``(``, ``'``, ``,``, a trailing ``.``), or are not ASCII.
ODD_IDS = ["Washington_D.C.", "Café_(Paris)", 'A "quoted" id', "back\\slash", "new\nline",
           "per%cent", "slash/in/id", "emoji_😀", " leading space", "x>y<z", "#hash?q=1&b",
           "O'Brien,_Jr", "İstanbul", "-dash", ".dot"]
#: Labels and sentences with quotes, newlines, backslashes, controls, non-ASCII.
ODD_TEXTS = ['He said "no".', "two\nlines\r\nand a tab\t", "back\\slash \\n not a newline",
             'triple """ quotes \'\'\'', "Ünïcödé — “curly” ‘quotes’ 日本語 😀",
             "control \x01 and \x7f", "ends with a backslash \\", ""]


def _rdf_diff(a: Graph, b: Graph) -> str:
    only_a, only_b = set(a) - set(b), set(b) - set(a)
    return f"only in the first: {sorted(only_a)[:3]}\nonly in the second: {sorted(only_b)[:3]}"


def assert_same_rdf(turtle: bytes, G: nx.MultiDiGraph) -> Graph:
    """``turtle`` parses (rdflib) to a graph isomorphic to ``to_rdf(G)``."""
    got = Graph().parse(data=turtle.decode("utf-8"), format="turtle")
    ref = to_rdf(G)
    assert isomorphic(got, ref), _rdf_diff(got, ref)
    return got


def odd_graph(order=lambda xs: xs) -> nx.MultiDiGraph:
    """A graph of the shape ``build_graph`` makes, full of awkward strings;
    ``order`` decides the order nodes, edges and graph entries are added in."""
    G = nx.MultiDiGraph()
    docs = {"doc 1/ü.": {"title": ODD_TEXTS[0], "date": "2019-02-25"},
            "doc\"2\"": {"title": ODD_TEXTS[1], "date": "2019"},
            "plain": {"title": None, "date": None},
            "d4": {"title": ODD_TEXTS[4], "date": "2020-03"}}
    G.graph["documents"] = {k: docs[k] for k in order(sorted(docs))}
    G.graph["run"] = {"tool_version": "0.1.0", "rules_version": "r\"1\\", "knowledge_version": "k"}
    G.graph["states"] = {"Ruritania_(old).": 'Ruritania "old"'}
    rules = {"visited.odd-é": "visited", "met.x": "met", "office.t": "holds_office"}
    G.graph["rules"] = {r: {"relation": rules[r], "description": f"{r}: {ODD_TEXTS[2]}"}
                        for r in order(sorted(rules))}
    types = ["Person", "Place", "Organization", "State"]
    for i in order(list(range(len(ODD_IDS)))):
        eid = ODD_IDS[i]
        G.add_node(eid, id=eid, label=ODD_TEXTS[i % len(ODD_TEXTS)] or eid,
                   type=types[i % len(types)],
                   aliases=tuple(sorted({ODD_TEXTS[(i + 1) % len(ODD_TEXTS)], f"alias {i}"})),
                   state="Ruritania_(old)." if i % 3 == 0 else None,
                   capital_of="Ruritania_(old)." if i == 1 else None,
                   source="text" if i % 4 == 0 else "knowledge")
    rels = ["visited", "met", "holds_office"]
    edges = []
    pairs = [(i, (i + 1) % len(ODD_IDS)) for i in range(len(ODD_IDS))] + \
        [(i, (i * 7 + 3) % len(ODD_IDS)) for i in range(len(ODD_IDS))]    # every node in a fact
    for n, (i, j) in enumerate(pairs):
        eid, other = ODD_IDS[i], ODD_IDS[j]
        rel = rels[n % 3]
        date = [None, "2019-02-25", "2019", "2020-03"][n % 4]
        if other == eid or any(e[:3] == (eid, other, f"{rel}@{date}" if date else rel)
                               for e in edges):
            continue
        rule = next(r for r, v in rules.items() if v == rel)
        evidence = [{"doc": d, "sentence": j, "start": 10 * j, "end": 10 * j + 5,
                     "text": ODD_TEXTS[(i + j) % len(ODD_TEXTS)] or "x", "rule": rule}
                    for j, d in enumerate(sorted(docs)[: 1 + i % 3])]
        docs_of = sorted({e["doc"] for e in evidence})
        edges.append((eid, other, f"{rel}@{date}" if date else rel,
                      {"relation": rel, "date": date, "symmetric": rel in SYMMETRIC,
                       "role": 'emir "of" \\' if rel == "holds_office" else None,
                       "evidence": evidence, "documents": docs_of,
                       "rules": sorted({e["rule"] for e in evidence}),
                       "sources": len(docs_of)}))
    for u, v, k, d in order(edges):
        G.add_edge(u, v, key=k, **d)
    return G


def _scale_bench():
    spec = importlib.util.spec_from_file_location("turtle_scale", ROOT / "bench" / "turtle_scale.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the same triples as to_rdf ------------------------------------------------


def test_seeds_turtle_is_isomorphic_to_to_rdf(seeds_build, tmp_path):
    write_turtle(seeds_build.graph, tmp_path / "g.ttl")
    data = (tmp_path / "g.ttl").read_bytes()
    assert data == turtle_bytes(seeds_build.graph)
    got = assert_same_rdf(data, seeds_build.graph)
    assert len(got) == len(set(_triples(seeds_build.graph)))


def test_seeds_turtle_keeps_datatypes_and_language_tags(seeds_build):
    text = turtle_bytes(seeds_build.graph).decode("utf-8")
    assert re.search(r'"\d{4}"\^\^xsd:gYear\b', text)
    assert re.search(r'"\d{4}-\d\d"\^\^xsd:gYearMonth\b', text)
    assert re.search(r'"\d{4}-\d\d-\d\d"\^\^xsd:date\b', text)
    assert '"Bashar al-Assad"@en' in text
    assert "kg:sources 1" in text and "nif:beginIndex " in text      # xsd:integer, short form
    assert "^^xsd:string" not in text and "^^<" not in text


def test_turtle_declares_the_prefixes_of_the_rdflib_export(seeds_build):
    text = turtle_bytes(seeds_build.graph).decode("utf-8")
    declared = {line.split()[1][:-1] for line in text.splitlines() if line.startswith("@prefix")}
    assert declared == set(TURTLE_PREFIXES) == {
        "", "dct", "doc", "fact", "kg", "nif", "prov", "rdfs", "rule", "run", "schema", "sem",
        "skos", "xsd"}
    assert ":Bashar_al-Assad" in text and "kg:visited" in text


def test_empty_graph():
    G = nx.MultiDiGraph()
    data = turtle_bytes(G)
    assert_same_rdf(data, G)
    assert len(to_rdf(G)) == 0


def test_odd_strings_and_ids(tmp_path):
    G = odd_graph()
    write_turtle(G, tmp_path / "odd.ttl")
    data = (tmp_path / "odd.ttl").read_bytes()
    assert_same_rdf(data, G)
    # pyoxigraph reads it too, to the same number of triples
    store = ox.Store()
    store.bulk_load(data, format=ox.RdfFormat.TURTLE)
    assert len(store) == len(to_rdf(G))
    # an IRI ending with "." would be written ":Washington_D.C\." (valid, but
    # rdflib cannot read it): its prefix is left out, the IRI written in full
    assert b"<https://w3id.org/geokg/id/Washington_D.C.>" in data
    assert not any(line.startswith(b"@prefix : ") for line in data.splitlines())


def test_odd_graph_round_trips_through_read_turtle(tmp_path):
    G = odd_graph()
    write_turtle(G, tmp_path / "a.ttl")
    H = read_turtle(tmp_path / "a.ttl")
    assert set(H.nodes) == set(G.nodes)
    assert sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))
    assert H.graph["documents"] == G.graph["documents"]
    for n in G:
        assert H.nodes[n]["label"] == G.nodes[n]["label"]
        assert H.nodes[n]["aliases"] == G.nodes[n]["aliases"]
    for u, v, k, d in G.edges(keys=True, data=True):
        assert H.edges[u, v, k]["evidence"] == d["evidence"]
    write_turtle(H, tmp_path / "b.ttl")
    assert (tmp_path / "b.ttl").read_bytes() == (tmp_path / "a.ttl").read_bytes()


def test_a_synthetic_graph_of_20000_triples(tmp_path):
    bench = _scale_bench()
    G = bench.graph_of_size(20_000)
    n = bench.count_triples(G)
    assert 15_000 <= n <= 25_000
    write_turtle(G, tmp_path / "s.ttl")
    got = assert_same_rdf((tmp_path / "s.ttl").read_bytes(), G)
    assert len(got) == n
    H = read_turtle(tmp_path / "s.ttl")
    assert H.number_of_edges() == G.number_of_edges()


# --- deterministic ---------------------------------------------------------------


def test_two_writes_are_byte_identical(seeds_build, tmp_path):
    write_turtle(seeds_build.graph, tmp_path / "a.ttl")
    write_turtle(seeds_build.graph, tmp_path / "b.ttl")
    assert (tmp_path / "a.ttl").read_bytes() == (tmp_path / "b.ttl").read_bytes()


def test_insertion_order_does_not_matter():
    forward = turtle_bytes(odd_graph())
    backward = turtle_bytes(odd_graph(order=lambda xs: list(reversed(list(xs)))))
    assert forward == backward


def test_canonical_order_sorts_subjects():
    """Subjects come in sorted order, each subject's triples together."""
    text = turtle_bytes(odd_graph()).decode("utf-8")
    starts = [line.split(" ", 1)[0] for line in text.splitlines()
              if line and not line.startswith(("@prefix", "\t"))]
    assert len(starts) == len(set(starts))


_CHILD = """
import sys
from graph.build import run
from graph.export import write_turtle
from tests.test_export_scale import odd_graph
write_turtle(run(sys.argv[1]).graph, sys.argv[2] + "/seeds.ttl")
# nodes, edges and graph entries added in an order the hash seed decides
G = odd_graph(order=lambda xs: sorted(xs, key=lambda x: hash(repr(x))))
write_turtle(G, sys.argv[2] + "/odd.ttl")
print(list(G.nodes))
"""


def test_two_processes_with_different_hash_seeds_write_the_same_bytes(tmp_path):
    outs, orders = [], []
    for seed in ("1", "2"):
        out = tmp_path / seed
        out.mkdir()
        env = dict(os.environ, PYTHONHASHSEED=seed)
        r = subprocess.run([sys.executable, "-c", _CHILD, str(SEEDS), str(out)], cwd=ROOT,
                           env=env, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        outs.append(out)
        orders.append(r.stdout)
    assert orders[0] != orders[1], "the hash seed should change the insertion order"
    for name in ("seeds.ttl", "odd.ttl"):
        a, b = (o / name for o in outs)
        assert a.read_bytes() == b.read_bytes(), name
        assert a.stat().st_size > 1000
