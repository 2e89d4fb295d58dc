"""The whole pipeline on the seeds: graph, exports, determinism."""

import csv
import io
import os
import subprocess
import sys

import networkx as nx
import pytest
import rdflib

import graph
from graph.build import run
from graph.export import CSV_COLUMNS, FactsCsvWriter, facts_csv, to_rdf

from .conftest import EXPORTS, ROOT, SEEDS


def test_build_returns_a_multidigraph_with_the_facts(seeds_build):
    G = graph.build(SEEDS)
    assert isinstance(G, nx.MultiDiGraph)
    edges = {(u, v, d["relation"]) for u, v, d in G.edges(data=True)}
    facts = {(f.subject, f.object, f.relation) for f in seeds_build.facts}
    assert edges == facts
    assert ("Bashar_al-Assad", "Tehran", "visited") in edges
    for _, data in G.nodes(data=True):
        assert {"label", "type", "aliases", "state"} <= set(data)


def test_one_edge_per_fact_with_every_source(seeds_build):
    G = seeds_build.graph
    for u, v, k, d in G.edges(keys=True, data=True):
        assert d["sources"] == len({e["doc"] for e in d["evidence"]}) >= 1
        for ev in d["evidence"]:
            doc = next(x for x in seeds_build.documents if x.id == ev["doc"])
            assert doc.text[ev["start"]:ev["end"]] == ev["text"]


def test_facts_csv_columns_and_rows(seeds_build):
    rows = list(csv.DictReader(io.StringIO(facts_csv(seeds_build.facts, seeds_build.graph))))
    assert list(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(seeds_build.facts)
    row = next(r for r in rows if r["relation"] == "visited" and r["object"] == "Tehran"
               and r["doc"] == "000_9414ddc8d74dad59")
    assert row["subject"] == "Bashar al-Assad" and row["date"] == "2019-02-25"
    assert "Tehran" in row["evidence"] and row["rule"].startswith("visited.")


@pytest.mark.parametrize("folder", [SEEDS, ROOT / "tests" / "heldout" / "docs"])
def test_facts_csv_streamed_per_document_is_the_whole_builds_file(folder, kb, rules, tmp_path):
    path = tmp_path / "facts.csv"
    with FactsCsvWriter(path, kb) as writer:
        b = run(folder, knowledge=kb, rules=rules, detail=False, on_result=writer.add)
    assert writer.rows == len(b.facts) > 0
    assert path.read_text(encoding="utf-8") == facts_csv(b.facts, b.graph)


def test_facts_csv_streamed_labels_a_person_the_text_introduced(kb, rules, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a1.txt").write_text("Iraqi Foreign Minister Karim Haddad met Russian Foreign "
                                 "Minister Sergei Lavrov in Moscow.\n", encoding="utf-8")
    (docs / "a2.txt").write_text("Lavrov held talks with Karim Haddad in Baghdad.\n",
                                 encoding="utf-8")
    with FactsCsvWriter(tmp_path / "facts.csv", kb) as writer:
        b = run(docs, knowledge=kb, rules=rules, detail=False, on_result=writer.add)
    assert b.graph.nodes["Karim_Haddad"]["source"] == "text"
    text = (tmp_path / "facts.csv").read_text(encoding="utf-8")
    assert text == facts_csv(b.facts, b.graph)
    assert "a1,Karim Haddad,met,Sergey Lavrov," in text


def test_facts_csv_writer_refuses_documents_out_of_order(seeds_build, kb, tmp_path):
    first, second = seeds_build.results[:2]
    with FactsCsvWriter(tmp_path / "facts.csv", kb) as writer:
        writer.add(second)
        with pytest.raises(ValueError, match="document-id order"):
            writer.add(first)


def test_turtle_has_entities_direct_triples_and_fact_nodes(seeds_build):
    from graph.vocab import ID, KG

    g = rdflib.Graph().parse(data=to_rdf(seeds_build.graph)
                             .serialize(format="turtle"), format="turtle")
    assert (ID["Bashar_al-Assad"], KG.visited, ID["Tehran"]) in g
    assert (ID["Bashar_al-Assad"], rdflib.RDF.type, KG.Person) in g
    q = """
        PREFIX kg: <https://w3id.org/geokg/ontology#>
        SELECT ?doc ?text ?rule WHERE {
          ?f kg:subject ?s ; kg:relation kg:visited ; kg:object ?o ; kg:evidence ?e .
          ?e kg:document ?doc ; kg:sentenceText ?text ; kg:rule ?rule .
        }"""
    rows = list(g.query(q))
    assert rows and all(str(r.text) for r in rows)


def test_committed_exports_match_a_fresh_build(tmp_path):
    """exports/ is what `kg build seeds --out exports` gives, byte for byte."""
    out = tmp_path / "exports"
    run = subprocess.run([sys.executable, "-m", "graph", "build", str(SEEDS), "--out", str(out),
                          "--no-figures", "--quiet"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    for name in ("graph.ttl", "facts.csv"):
        assert (out / name).read_bytes() == (EXPORTS / name).read_bytes(), \
            f"exports/{name} is stale: run `make build` and commit it"


def test_two_builds_are_identical_whatever_the_hash_seed(tmp_path):
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-m", "graph", "build", str(SEEDS), "--out", str(out),
                        "--quiet"], check=True, env=env, cwd=ROOT)
        outs.append(out)
    for name in ("graph.ttl", "facts.csv", "figures/overview.svg"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_figures_exist_and_are_large_enough():
    from PIL import Image

    for ext in ("png", "svg"):
        assert (EXPORTS / "figures" / f"overview.{ext}").stat().st_size > 1000
    with Image.open(EXPORTS / "figures" / "overview.png") as im:
        assert im.size[0] >= 1200 and im.size[1] >= 800


@pytest.mark.parametrize("case", ["empty", "one"])
def test_figure_renders_for_tiny_graphs(tmp_path, case):
    from graph.render import write_figures

    G = nx.MultiDiGraph()
    if case == "one":
        G.add_node("A", label="A", type="Person")
        G.add_node("B", label="B", type="Place")
        G.add_edge("A", "B", key="visited", relation="visited")
    paths = write_figures(G, tmp_path, corpus="test")
    assert all(p.stat().st_size > 1000 for p in paths)


def test_no_duplicate_nodes_in_the_seeds_graph(seeds_build):
    from graph.quality import duplicate_nodes

    assert duplicate_nodes(seeds_build.graph) == []


def test_duplicate_check_can_fail():
    from graph.quality import duplicate_nodes

    G = nx.MultiDiGraph()
    G.add_node("Hatami", label="Amir Hatami", type="Person", source="knowledge")
    G.add_node("Gen_Hatami", label="Hatami", type="Person", source="text")
    G.add_node("Hafez", label="Hafez al-Assad", type="Person", source="knowledge")
    G.add_node("Bashar", label="Bashar al-Assad", type="Person", source="knowledge")
    assert duplicate_nodes(G) == [("Gen_Hatami", "Hatami", "one name inside the other")]


@pytest.mark.parametrize("fmt,parse_as", [("nt", "nt"), ("jsonld", "json-ld"), ("trig", "trig")])
def test_other_rdf_formats_hold_the_same_triples(seeds_build, tmp_path, fmt, parse_as):
    from rdflib import Dataset, Graph
    from rdflib.compare import isomorphic

    from graph.export import write_rdf

    b = seeds_build
    write_rdf(b.graph, tmp_path / f"g.{fmt}", fmt)
    ref = to_rdf(b.graph)
    if fmt == "trig":
        ds = Dataset()
        ds.parse(tmp_path / f"g.{fmt}", format="trig")
        merged = Graph()
        for g in ds.graphs():
            for t in g:
                merged.add(t)
        names = {str(g.identifier) for g in ds.graphs()}
        assert {f"https://w3id.org/geokg/doc/{d.id}" for d in b.documents} <= names
    else:
        merged = Graph().parse(tmp_path / f"g.{fmt}", format=parse_as)
    assert isomorphic(merged, ref)
