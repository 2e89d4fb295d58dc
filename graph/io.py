"""Readers and writers in pairs: Turtle both ways, GraphML and GEXF for
Gephi, a pandas DataFrame when pandas is installed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import networkx as nx
from rdflib import RDF, RDFS, Graph
from rdflib.term import Node
from rdflib.namespace import DCTERMS, PROV, SKOS

from .errors import GraphError, InputError
from .export import write_turtle
from .model import SYMMETRIC
from .vocab import DOC, ID, KG, NIF, RULE, SEM

__all__ = ["write_turtle", "read_turtle", "write_graphml", "write_gexf", "to_dataframe"]

_TYPES = {KG.Person: "Person", KG.State: "State", KG.Organization: "Organization",
          KG.Place: "Place"}


def _local(node, ns) -> str:
    return unquote(str(node)[len(str(ns)):])


def _str(g: Graph, s: Node, p: Node) -> str | None:
    v = g.value(s, p)
    return None if v is None else str(v)


def _int(g: Graph, s: Node, p: Node) -> int:
    return int(str(g.value(s, p)))


def read_turtle(path: str | Path) -> nx.MultiDiGraph:
    """Read a Turtle file written by :func:`write_turtle` back into the graph
    it came from: the same nodes, edges and attributes.

    >>> import graph, tempfile, os
    >>> G = graph.build("seeds")
    >>> p = os.path.join(tempfile.mkdtemp(), "g.ttl")
    >>> write_turtle(G, p)
    >>> H = read_turtle(p)
    >>> sorted(H.nodes) == sorted(G.nodes) and sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))
    True
    """
    path = Path(path)
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except Exception as exc:  # rdflib raises several parser exception types
        raise InputError(f"{path}: not valid Turtle: {exc}") from None
    G = nx.MultiDiGraph()
    G.graph["documents"] = {}
    for d in sorted(g.subjects(RDF.type, PROV.Entity), key=str):
        if not str(d).startswith(str(DOC)):
            continue
        title, date = g.value(d, DCTERMS.title), g.value(d, DCTERMS.date)
        G.graph["documents"][str(g.value(d, DCTERMS.identifier))] = {
            "title": str(title) if title is not None else None,
            "date": str(date) if date is not None else None}
    run = g.value(None, RDF.type, PROV.Activity)
    if run is not None:
        def lit(p):
            v = g.value(run, p)
            return str(v) if v is not None else ""
        G.graph["run"] = {"tool_version": lit(KG.toolVersion),
                          "rules_version": lit(KG.rulesVersion),
                          "knowledge_version": lit(KG.knowledgeVersion)}
    G.graph["rules"] = {
        _local(r, RULE): {"relation": _local(g.value(r, KG.relation), KG),
                          "description": str(g.value(r, RDFS.comment))}
        for r in g.subjects(RDF.type, KG.Rule)}
    in_facts = {n for p in (KG.subject, KG.object) for n in g.objects(None, p)}

    def add_node(node: Node | None) -> str:
        eid = _local(node, ID)
        if eid not in G:
            typ = next((_TYPES[t] for t in g.objects(node, RDF.type) if t in _TYPES), None)  # type: ignore[index]
            state, cap = g.value(node, KG.state), g.value(node, KG.capitalOf)
            G.add_node(eid, id=eid, label=str(g.value(node, SKOS.prefLabel)), type=typ,
                       aliases=tuple(sorted(str(a) for a in g.objects(node, SKOS.altLabel))),
                       state=_local(state, ID) if state is not None else None,
                       capital_of=_local(cap, ID) if cap is not None else None,
                       source=str(g.value(node, KG.source) or "knowledge"))
        return eid

    G.graph["states"] = {
        _local(s, ID): str(g.value(s, SKOS.prefLabel))
        for s in g.subjects(RDF.type, KG.State) if s not in in_facts}
    for f in sorted(g.subjects(RDF.type, KG.Fact), key=str):
        s, o = add_node(g.value(f, KG.subject)), add_node(g.value(f, KG.object))
        rel = _local(g.value(f, KG.relation), KG)
        when = _str(g, f, SEM.hasTimeStamp)
        role = _str(g, f, KG.role)
        evidence: list[dict[str, Any]] = []
        for e in g.objects(f, KG.evidence):
            doc = g.value(e, KG.document)
            evidence.append({"doc": str(g.value(doc, DCTERMS.identifier)),
                             "sentence": _int(g, e, KG.sentenceIndex),
                             "start": _int(g, e, NIF.beginIndex),
                             "end": _int(g, e, NIF.endIndex),
                             "text": str(g.value(e, KG.sentenceText)),
                             "rule": _local(g.value(e, KG.rule), RULE)})
        evidence.sort(key=lambda e: (e["doc"], e["sentence"], e["start"], e["rule"]))
        docs = sorted({e["doc"] for e in evidence})
        G.add_edge(s, o, key=f"{rel}@{when}" if when else rel, relation=rel, date=when,
                   symmetric=rel in SYMMETRIC, role=role,
                   evidence=evidence, documents=docs,
                   rules=sorted({e["rule"] for e in evidence}), sources=len(docs))
    return G


def _flat(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with plain attribute values (GraphML and GEXF take no lists)."""
    H = nx.MultiDiGraph()
    for n, d in G.nodes(data=True):
        H.add_node(n, **{k: ("; ".join(v) if isinstance(v, (list, tuple)) else
                             ("" if v is None else v)) for k, v in d.items()})
    for u, v, k, d in G.edges(keys=True, data=True):
        flat = {}
        for key, val in d.items():
            if key == "evidence":
                flat[key] = json.dumps(val, ensure_ascii=False, sort_keys=True)
            elif isinstance(val, (list, tuple)):
                flat[key] = "; ".join(val)
            else:
                flat[key] = "" if val is None else val
        H.add_edge(u, v, key=k, **flat)
    return H


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> None:
    """Write GraphML (for Gephi, yEd, Cytoscape); lists become ``; ``-joined
    text and evidence a JSON string."""
    nx.write_graphml(_flat(G), str(path))


def write_gexf(G: nx.MultiDiGraph, path: str | Path) -> None:
    """Write GEXF (Gephi's own format), attributes flattened as for GraphML."""
    nx.write_gexf(_flat(G), str(path))


def to_dataframe(G: nx.MultiDiGraph):
    """The facts as a pandas DataFrame, one row per edge; needs pandas."""
    try:
        import pandas as pd
    except ImportError:
        raise GraphError("to_dataframe needs pandas: pip install pandas") from None
    rows = [{"subject": u, "relation": d["relation"], "object": v, "date": d.get("date"),
             "role": d.get("role"), "sources": d.get("sources"),
             "documents": "; ".join(d.get("documents", ())),
             "rules": "; ".join(d.get("rules", ())),
             "subject_label": G.nodes[u]["label"], "object_label": G.nodes[v]["label"]}
            for u, v, d in sorted(G.edges(data=True), key=lambda e: (e[0], e[2]["relation"],
                                                                      e[1], e[2].get("date") or ""))]
    return pd.DataFrame(rows)
