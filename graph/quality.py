"""Checks of a built graph's quality: nodes that may be one real entity."""

from __future__ import annotations

import networkx as nx

from .knowledge import PARTICLES, name_key

__all__ = ["duplicate_nodes"]


def _words(label: str) -> tuple[str, ...]:
    return tuple(w for w in name_key(label) if w not in PARTICLES)


def duplicate_nodes(G: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
    """Pairs of nodes of one type that may be the same entity, with why:
    the same name once spelling is folded, or (for persons) one name's words
    all inside the other's ("Assad" in "Bashar al-Assad") where one of the
    two was introduced by the text rather than the knowledge base.

    Persons who share only a family name in the knowledge base ("Hafez
    al-Assad", "Bashar al-Assad") are distinct on purpose and not reported.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("A", label="Ali Shamkhani", type="Person", source="knowledge")
    >>> G.add_node("B", label="Ali Shamkhani", type="Person", source="text")
    >>> duplicate_nodes(G)
    [('A', 'B', 'same name')]
    """
    found = []
    nodes = sorted(G.nodes(data=True))
    for i, (a, da) in enumerate(nodes):
        for b, db in nodes[i + 1:]:
            if da.get("type") != db.get("type"):
                continue
            wa, wb = _words(da["label"]), _words(db["label"])
            if wa == wb:
                found.append((a, b, "same name"))
            elif da.get("type") == "Person" and "text" in (da.get("source"), db.get("source")) \
                    and (set(wa) <= set(wb) or set(wb) <= set(wa)):
                found.append((a, b, "one name inside the other"))
    return found
