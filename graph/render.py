"""Stage 5: figures of the graph (matplotlib, headless, deterministic)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

__all__ = ["draw_overview", "write_figures", "TYPE_STYLE", "RELATION_COLORS"]

#: Node colour and marker per entity type.
TYPE_STYLE = {
    "Person": ("#4C72B0", "o"),
    "State": ("#C44E52", "s"),
    "Organization": ("#55A868", "h"),
    "Place": ("#DD8452", "^"),
}
#: Edge colour per relation (colour-blind-safe palette).
RELATION_COLORS = {
    "visited": "#E69F00", "met": "#0072B2", "allied_with": "#009E73",
    "holds_office": "#999999", "supports": "#56B4E9", "opposes": "#D55E00",
    "attacked": "#CC79A7",
}
SEED = 7
FIGSIZE = (16, 10)
DPI = 100


def _setup():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.hashsalt": "geokg", "font.size": 9,
                         "font.family": "DejaVu Sans"})
    return plt


def draw_overview(G: nx.MultiDiGraph, ax=None, *, title: str = "Knowledge graph",
                  caption: str = "", top: int = 60):
    """Draw every entity (the ``top`` by degree on large graphs), coloured
    and shaped by type, edges coloured by relation; returns the axes."""
    plt = _setup()
    from matplotlib.lines import Line2D

    if ax is None:
        _, ax = plt.subplots(figsize=FIGSIZE, dpi=DPI)
    ax.set_axis_off()
    ax.set_title(title, fontsize=16, loc="left")
    keep = sorted(G.nodes, key=lambda n: (-G.degree(n), n))[:top]
    H = G.subgraph(keep)
    left_out = G.number_of_nodes() - H.number_of_nodes()
    if H.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "no facts", ha="center", va="center", fontsize=14,
                transform=ax.transAxes)
    else:
        simple = nx.Graph()
        simple.add_nodes_from(sorted(H.nodes))
        simple.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in H.edges()))
        pos = nx.spring_layout(simple, seed=SEED, iterations=200,
                               k=2.2 / max(1, simple.number_of_nodes()) ** 0.5)
        for rel, color in RELATION_COLORS.items():
            edges = sorted({(u, v) for u, v, d in H.edges(data=True) if d["relation"] == rel})
            if edges:
                directed = rel not in ("met", "allied_with")
                extra = dict(arrowsize=12, connectionstyle="arc3,rad=0.08") if directed else {}
                nx.draw_networkx_edges(H, pos, edgelist=edges, edge_color=color, ax=ax,
                                       arrows=directed, width=1.6, alpha=0.8, node_size=400,
                                       **extra)
        for typ, (color, marker) in TYPE_STYLE.items():
            nodes = sorted(n for n in H if H.nodes[n]["type"] == typ)
            if nodes:
                nx.draw_networkx_nodes(H, pos, nodelist=nodes, node_color=color,
                                       node_shape=marker, ax=ax, edgecolors="white",
                                       node_size=[200 + 60 * G.degree(n) for n in nodes])
        for n in sorted(H):
            x, y = pos[n]
            ax.annotate(H.nodes[n]["label"], (x, y), xytext=(0, 11), textcoords="offset points",
                        ha="center", fontsize=8,
                        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.75))
    handles = [Line2D([], [], marker=m, color="w", markerfacecolor=c, markersize=10, label=t)
               for t, (c, m) in TYPE_STYLE.items()]
    handles += [Line2D([], [], color=c, lw=2, label=r) for r, c in RELATION_COLORS.items()]
    ax.legend(handles=handles, loc="upper right", fontsize=9, frameon=True)
    note = caption + (f" — {left_out} lower-degree entities left out" if left_out else "")
    ax.text(0.0, -0.02, note, transform=ax.transAxes, fontsize=10, va="top")
    return ax


def write_figures(G: nx.MultiDiGraph, folder: str | Path, *, corpus: str = "corpus") -> list[Path]:
    """Write the figures of ``G`` into ``folder`` as PNG and SVG; return the paths."""
    plt = _setup()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    fig, ax = plt.subplots(figsize=FIGSIZE, dpi=DPI)
    facts = G.number_of_edges()
    draw_overview(G, ax, title=f"Knowledge graph of {corpus}",
                  caption=f"Corpus: {corpus} — {G.number_of_nodes()} entities, {facts} facts")
    fig.tight_layout()
    for ext in ("png", "svg"):
        path = folder / f"overview.{ext}"
        fig.savefig(path, format=ext, metadata={"Date": None} if ext == "svg" else
                    {"Software": None})
        written.append(path)
    plt.close(fig)
    return written
