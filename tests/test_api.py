"""The public Python API: names, query helpers, I/O pairs."""

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

import graph
from graph.io import read_turtle, to_dataframe, write_gexf, write_graphml
from graph.query import (AmbiguousEntity, EntityNotFound, allies, facts, met, neighbors, path,
                         resolve, timeline, visits)


@pytest.fixture(scope="module")
def G(seeds_build):
    return seeds_build.graph


def test_public_names_are_exported():
    for name in ("build", "extract", "facts", "met", "visits", "allies", "timeline", "neighbors",
                 "path", "resolve", "write_turtle", "read_turtle", "write_graphml", "write_gexf",
                 "to_sparql_store", "to_dataframe", "Document", "Mention", "Fact", "Entity"):
        assert name in graph.__all__ and hasattr(graph, name), name


def test_turtle_round_trip_is_isomorphic(G, tmp_path):
    graph.write_turtle(G, tmp_path / "a.ttl")
    H = read_turtle(tmp_path / "a.ttl")
    graph.write_turtle(H, tmp_path / "b.ttl")
    a = Graph().parse(tmp_path / "a.ttl")
    b = Graph().parse(tmp_path / "b.ttl")
    if not isomorphic(a, b):
        _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
        pytest.fail(f"only in a: {sorted(only_a)[:5]}\nonly in b: {sorted(only_b)[:5]}")
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
    assert sorted(H.edges(keys=True, data=True), key=str) == \
        sorted(G.edges(keys=True, data=True), key=str)
    assert H.graph == G.graph


NAMES = [
    ("Bashar_al-Assad", "Bashar_al-Assad"),
    ("Bashar al-Assad", "Bashar_al-Assad"),
    ("bashar al-assad", "Bashar_al-Assad"),
    ("Bashar Assad", "Bashar_al-Assad"),          # an alias
    ("Rouhani", "Hassan_Rouhani"),                # words of one name
    ("Islamic Republic of Iran", "Iran"),
]


@pytest.mark.parametrize("name,expected", NAMES)
def test_resolve(G, name, expected):
    assert resolve(G, name) == expected


def test_unknown_and_ambiguous_names(G):
    with pytest.raises(EntityNotFound, match="'Napoleon' is not an entity of this graph"):
        met(G, "Napoleon")
    with pytest.raises(AmbiguousEntity) as err:
        met(G, "Assad")
    assert err.value.candidates == ["Bashar_al-Assad", "Hafez_al-Assad"]
    assert isinstance(err.value, graph.GraphError)


def test_who_met_bashar_al_assad(G):
    assert {"Ali_Khamenei", "Hassan_Rouhani", "Ebrahim_Raisi", "Qasem_Soleimani",
            "Mohamed_bin_Zayed_Al_Nahyan"} <= met(G, "Bashar al-Assad")
    assert "Bashar_al-Assad" in met(G, "Khamenei")       # symmetric, either way


def test_visits_allies_neighbors(G):
    v = visits(G, "Bashar al-Assad")
    assert ("Tehran", "2019-02-25") in v and ("Tehran", "2022-05-08") in v
    assert [d for _, d in v if d] == sorted(d for _, d in v if d)
    assert allies(G, "Syria") == {"Iran", "Russia"}
    assert neighbors(G, "Tamim bin Hamad Al Thani", relation="holds_office") == {"Qatar"}


def test_facts_filters(G):
    rows = facts(G, "met", subject="Ali Khamenei", since="2022")
    assert [(r.subject, r.object, r.date) for r in rows] == [
        ("Ali_Khamenei", "Bashar_al-Assad", "2022-05-08")]
    assert all(r.date and r.date < "2020" for r in facts(G, until="2019"))
    assert facts(G, "attacked", object="Qasem Soleimani")[0].subject == "United_States"


def test_timeline_is_in_date_order(G):
    t = timeline(G, "Bashar al-Assad")
    assert t and [r.date for r in t] == sorted(r.date for r in t)
    assert {r.date[:4] for r in t} >= {"2019", "2022"}


def test_path_between_two_actors(G):
    p = path(G, "Tamim bin Hamad Al Thani", "Ebrahim Raisi")
    ends = [(r.subject, r.object) for r in p]
    assert len(p) >= 2
    assert "Tamim_bin_Hamad_Al_Thani" in ends[0] and "Ebrahim_Raisi" in ends[-1]
    H = nx.MultiDiGraph(G)
    H.add_node("Lonely", label="Lonely", type="Person")
    assert path(H, "Lonely", "Syria") == []


@pytest.mark.parametrize("writer,reader", [(write_graphml, nx.read_graphml),
                                           (write_gexf, nx.read_gexf)])
def test_gephi_formats(G, tmp_path, writer, reader):
    writer(G, tmp_path / "g.xml")
    H = reader(tmp_path / "g.xml")
    assert set(H.nodes) == set(G.nodes)
    assert H.number_of_edges() == G.number_of_edges()
    assert H.nodes["Bashar_al-Assad"]["label"] == "Bashar al-Assad"


def test_to_dataframe(G):
    pytest.importorskip("pandas")
    df = to_dataframe(G)
    assert len(df) == G.number_of_edges()
    assert {"subject", "relation", "object", "date", "sources"} <= set(df.columns)


def test_to_sparql_store(G):
    from graph.sparql import query, read_query

    store = graph.to_sparql_store(G)
    assert ("Iran", "Syria", "2") in query(store, read_query("alliances")).rows
