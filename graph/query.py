"""Query helpers over a built graph, NetworkX style: plain functions of
``G`` that take entity names as an id, a label or an alias.

>>> import graph
>>> G = graph.build("seeds")
>>> sorted(met(G, "Bashar al-Assad"))[:3]
['Ali_Khamenei', 'Ebrahim_Raisi', 'Hassan_Rouhani']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import networkx as nx

from .errors import GraphError
from .knowledge import PARTICLES, name_key

__all__ = ["EntityNotFound", "AmbiguousEntity", "resolve", "FactRow", "facts", "met", "visits",
           "allies", "timeline", "neighbors", "path"]


class EntityNotFound(GraphError, KeyError):
    """No entity of the graph has this name."""

    def __str__(self) -> str:           # KeyError would quote the message
        return self.args[0]


class AmbiguousEntity(GraphError, KeyError):
    """Several entities of the graph have this name; ``candidates`` lists them."""

    def __init__(self, message: str, candidates: list[str]):
        super().__init__(message)
        self.candidates = candidates

    def __str__(self) -> str:
        return self.args[0]


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in name_key(text) if w.lower() not in PARTICLES)


def resolve(G: nx.MultiDiGraph, name: str) -> str:
    """The node id of ``name``: an id, a label or an alias (any case), or
    words of one entity's name ("Rouhani"). Raises :class:`EntityNotFound`
    or :class:`AmbiguousEntity` (with the candidates).

    >>> import graph
    >>> G = graph.build("seeds")
    >>> resolve(G, "Rouhani")
    'Hassan_Rouhani'
    >>> resolve(G, "Assad")
    Traceback (most recent call last):
    ...
    graph.query.AmbiguousEntity: 'Assad' may be: Bashar al-Assad (Bashar_al-Assad), Hafez al-Assad (Hafez_al-Assad)
    """
    if name in G:
        return name
    low = name.casefold()
    exact = sorted(n for n, d in G.nodes(data=True)
                   if d.get("label", "").casefold() == low or
                   low in (a.casefold() for a in d.get("aliases", ())))
    if len(exact) == 1:
        return exact[0]
    words = set(_words(name))
    cands = exact or sorted(n for n, d in G.nodes(data=True)
                            if words and words <= set(_words(d.get("label", ""))))
    if len(cands) == 1:
        return cands[0]
    if not cands:
        raise EntityNotFound(f"{name!r} is not an entity of this graph")
    listed = ", ".join(f"{G.nodes[c]['label']} ({c})" for c in cands)
    raise AmbiguousEntity(f"{name!r} may be: {listed}", cands)


@dataclass(frozen=True)
class FactRow:
    """One fact of the graph, for reading: ids, labels, date and sources."""

    subject: str
    relation: str
    object: str
    date: str | None
    sources: int
    documents: tuple[str, ...]
    subject_label: str
    object_label: str


def _row(G: nx.MultiDiGraph, u: str, v: str, d: dict) -> FactRow:
    return FactRow(u, d["relation"], v, d.get("date"), d.get("sources", 0),
                   tuple(d.get("documents", ())), G.nodes[u]["label"], G.nodes[v]["label"])


def _in_range(date: str | None, since: str | None, until: str | None) -> bool:
    if since is None and until is None:
        return True
    if date is None:
        return False
    if since is not None and date[: len(since)] < since[: len(date)]:
        return False
    if until is not None and date[: len(until)] > until[: len(date)]:
        return False
    return True


def facts(G: nx.MultiDiGraph, relation: str | None = None, subject: str | None = None,
          object: str | None = None, since: str | None = None,
          until: str | None = None) -> list[FactRow]:
    """The facts matching every given filter, sorted. ``since`` and ``until``
    are ISO dates at any precision and keep dated facts only; a symmetric
    relation matches its pair in either order.

    >>> import graph
    >>> G = graph.build("seeds")
    >>> [(f.subject_label, f.date) for f in facts(G, "visited", object="Tehran", since="2022")]
    [('Bashar al-Assad', '2022-05-08')]
    """
    s = resolve(G, subject) if subject is not None else None
    o = resolve(G, object) if object is not None else None
    out = []
    for u, v, d in G.edges(data=True):
        if relation is not None and d["relation"] != relation:
            continue
        if not _in_range(d.get("date"), since, until):
            continue
        pairs = [(u, v), (v, u)] if d.get("symmetric") else [(u, v)]
        if any((s is None or a == s) and (o is None or b == o) for a, b in pairs):
            out.append(_row(G, u, v, d))
    return sorted(out, key=lambda f: (f.date or "", f.relation, f.subject, f.object))


def _others(G: nx.MultiDiGraph, actor: str, relation: str) -> Iterator[tuple[str, dict]]:
    a = resolve(G, actor)
    for _, v, d in G.out_edges(a, data=True):
        if d["relation"] == relation:
            yield v, d
    for u, _, d in G.in_edges(a, data=True):
        if d["relation"] == relation and d.get("symmetric"):
            yield u, d


def met(G: nx.MultiDiGraph, person: str) -> set[str]:
    """The persons ``person`` met (ids)."""
    return {o for o, _ in _others(G, person, "met")}


def visits(G: nx.MultiDiGraph, actor: str) -> list[tuple[str, str | None]]:
    """The places and states ``actor`` visited, with dates, in date order.

    >>> import graph
    >>> ("Tehran", "2022-05-08") in visits(graph.build("seeds"), "Bashar al-Assad")
    True
    """
    return sorted({(o, d.get("date")) for o, d in _others(G, actor, "visited")},
                  key=lambda x: (x[1] or "", x[0]))


def allies(G: nx.MultiDiGraph, actor: str) -> set[str]:
    """The actors the graph says are allied with ``actor`` (ids)."""
    return {o for o, _ in _others(G, actor, "allied_with")}


def timeline(G: nx.MultiDiGraph, actor: str) -> list[FactRow]:
    """The dated facts about ``actor``, oldest first."""
    a = resolve(G, actor)
    rows = [_row(G, u, v, d) for u, v, d in G.edges(data=True)
            if a in (u, v) and d.get("date")]
    return sorted(rows, key=lambda f: (f.date, f.relation, f.subject, f.object))


def neighbors(G: nx.MultiDiGraph, actor: str, relation: str | None = None) -> set[str]:
    """Every entity linked to ``actor`` (by ``relation``, if given), either way."""
    a = resolve(G, actor)
    out = {v for _, v, d in G.out_edges(a, data=True) if relation in (None, d["relation"])}
    out |= {u for u, _, d in G.in_edges(a, data=True) if relation in (None, d["relation"])}
    return out


def path(G: nx.MultiDiGraph, a: str, b: str) -> list[FactRow]:
    """The shortest chain of facts between two entities (edges taken either
    way), as the facts along it; ``[]`` when they are not connected."""
    s, t = resolve(G, a), resolve(G, b)
    U = nx.Graph()
    U.add_nodes_from(G)
    for u, v, d in sorted(G.edges(data=True), key=lambda e: (e[0], e[1], e[2]["relation"])):
        if not U.has_edge(u, v):
            U.add_edge(u, v, fact=(u, v, d))
    try:
        nodes = nx.shortest_path(U, s, t)
    except nx.NetworkXNoPath:
        return []
    return [_row(G, *U.edges[x, y]["fact"]) for x, y in zip(nodes, nodes[1:])]
