"""Stage 5: figures of the graph (matplotlib, headless, deterministic).

Four figures, each drawn by a ``draw_*`` function that takes ``ax=None``
and returns the axes (when ``ax`` is ``None``, on a new headless
``Figure`` that pyplot does not manage: save it with ``ax.figure.savefig``),
and written as PNG and SVG by :func:`write_figures`:

``overview``
    every entity, coloured and shaped by type, sized by its number of
    facts; edges coloured by relation, arrows only on directed relations.
    On large graphs only the ``top`` entities by number of facts are drawn
    (default :data:`TOP`, 60); a note says how many were left out.
``ego-<entity id>``
    one per principal actor (:func:`principal_actors`: every entity in at
    least ``min_facts`` facts, default :data:`MIN_FACTS`, 5, which gives seven
    actors for the seeds): the actor in the centre, its neighbours on a ring
    grouped by state, every fact between them labelled with relation and
    date.
``states``
    persons folded into a state (:func:`state_of`), the alliance, support,
    opposition and attack facts between states (:func:`state_links`), line
    width by the number of sources asserting each link.
``timeline``
    dated ``visited`` and ``met`` facts (:func:`timeline_events`), one lane
    per traveller or actor, years without any compressed into a grey gap.

Determinism: layouts are seeded (:data:`SEED`) or computed (rings, lanes);
nodes, edges and labels are drawn in sorted order; labels are placed by a
greedy, deterministic search (:func:`_place_labels`) rather than left to
luck; SVG is written with a fixed ``svg.hashsalt`` and no date, PNG without
the software tag. Fonts and sizes are fixed (:data:`RC`, :data:`FONT`), and the
font is the DejaVu Sans that ships inside matplotlib (:func:`_pin_font`), never a
copy the machine happens to have: another version of the same font numbers its
glyphs differently, and the SVG names its glyphs by those numbers.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import textwrap
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence, cast

import networkx as nx

from .model import SYMMETRIC

__all__ = [
    "draw_overview", "draw_ego", "draw_states", "draw_timeline", "write_figures",
    "principal_actors", "state_of", "state_links", "timeline_events", "StateLink", "Event",
    "TYPE_STYLE", "RELATION_COLORS", "FIGURES", "TOP", "MIN_FACTS",
]

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
#: The figures :func:`write_figures` can write, in the order it writes them.
FIGURES = ("overview", "ego", "states", "timeline")
#: Default cut of the overview: the entities in most facts that are drawn.
TOP = 60
#: Default threshold of a principal actor (an ego figure each): this many facts.
MIN_FACTS = 5
#: Most neighbours drawn in an ego figure (those in most facts).
EGO_TOP = 40
#: Relations drawn on the states map; and on the timeline.
STATE_RELATIONS = ("allied_with", "supports", "opposes", "attacked")
TIMELINE_RELATIONS = ("visited", "met")

SEED = 7
FIGSIZE = (16, 10)          # inches; at DPI 100 the PNGs are 1600 x 1000 pixels
DPI = 100
#: The family name under which :func:`_pin_font` registers matplotlib's own DejaVu Sans.
FONT_FAMILY = "DejaVu Sans (matplotlib)"
#: rcParams in force while :func:`write_figures` draws and saves.
RC = {"svg.hashsalt": "geokg", "svg.fonttype": "path", "font.family": FONT_FAMILY,
      "font.size": 9, "axes.titlesize": 16}
#: Font sizes (points) of the parts of a figure.
FONT = {"title": 16, "caption": 10, "note": 9, "label": 9, "actor": 11, "edge": 8,
        "legend": 9, "lane": 10, "axis": 9}
_NETWORK_RECT = (0.015, 0.085, 0.80, 0.855)     # left, bottom, width, height (figure fraction)
_TIMELINE_RECT = (0.185, 0.15, 0.795, 0.75)
_OTHER = "#666666"                              # colour of a type or relation not listed above
_LABEL_BOX = dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85)


def _pin_font() -> None:
    """Register matplotlib's bundled DejaVu Sans files as :data:`FONT_FAMILY`.

    matplotlib resolves "DejaVu Sans" to whichever file its font cache lists
    first, and on a machine with the font installed that is the system's copy.
    A different release of the font gives the same outlines other glyph
    numbers, so the SVG would change from machine to machine. A family name of
    our own that only the bundled files carry pins the figures to them.
    Idempotent.
    """
    import dataclasses

    import matplotlib
    from matplotlib import font_manager, ft2font

    manager = font_manager.fontManager
    if any(entry.name == FONT_FAMILY for entry in manager.ttflist):
        return
    folder = Path(matplotlib.get_data_path(), "fonts", "ttf")
    for stem in ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"):
        entry = font_manager.ttfFontProperty(ft2font.FT2Font(str(folder / f"{stem}.ttf")))
        manager.ttflist.append(dataclasses.replace(entry, name=FONT_FAMILY))


# ---------------------------------------------------------------- graph data

def _facts_of(G: nx.MultiDiGraph, n) -> int:
    """The number of facts (edges) ``n`` takes part in, either end."""
    return G.out_degree(n) + sum(1 for u, _ in G.in_edges(n) if u != n)


def principal_actors(G: nx.MultiDiGraph, min_facts: int = MIN_FACTS) -> list[str]:
    """The entities in at least ``min_facts`` facts (as subject or object),
    most facts first, then by id. Each gets an ego figure.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edges_from([("A", "B", "met"), ("A", "C", "met"), ("B", "A", "visited")])
    ['met', 'met', 'visited']
    >>> principal_actors(G, min_facts=2)
    ['A', 'B']
    """
    counts = {n: _facts_of(G, n) for n in G}
    return sorted((n for n, c in counts.items() if c >= min_facts),
                  key=lambda n: (-counts[n], str(n)))


def _type(G, n) -> str:
    return G.nodes[n].get("type", "")


def _label(G, n) -> str:
    return str(G.nodes[n].get("label") or n)


def _docs(u, v, k, d) -> set:
    """The documents asserting an edge (synthetic ids when no evidence is kept)."""
    docs = {e.get("doc") for e in d.get("evidence") or () if e.get("doc") is not None}
    return docs or {f"{u}|{v}|{k}#{i}" for i in range(max(1, d.get("sources") or 1))}


def state_of(G: nx.MultiDiGraph, n) -> str | None:
    """The state an entity counts as on the states map: a State is itself; a
    Person folds into the State its ``holds_office`` edges point to (the one
    asserted by most sources, then the first by id), else into its ``state``
    attribute when that is a State node of ``G``; anything else, ``None``.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("Iran", type="State"); G.add_node("Syria", type="State")
    >>> G.add_node("Quds_Force", type="Organization")
    >>> G.add_node("Assad", type="Person", state="Iran")
    >>> G.add_node("Soleimani", type="Person", state="Iran")
    >>> _ = G.add_edge("Assad", "Syria", key="holds_office", relation="holds_office")
    >>> _ = G.add_edge("Soleimani", "Quds_Force", key="holds_office", relation="holds_office")
    >>> [state_of(G, n) for n in ("Syria", "Assad", "Soleimani", "Quds_Force")]
    ['Syria', 'Syria', 'Iran', None]
    """
    typ = _type(G, n)
    if typ == "State":
        return n
    if typ != "Person":
        return None
    offices = sorted((-len(_docs(n, v, k, d)), str(v))
                     for _, v, k, d in G.out_edges(n, keys=True, data=True)
                     if d.get("relation") == "holds_office" and _type(G, v) == "State")
    if offices:
        return offices[0][1]
    home = G.nodes[n].get("state")
    return home if home in G and _type(G, home) == "State" else None


@dataclass(frozen=True)
class StateLink:
    """A state-level link: ``relation`` from ``source`` to ``target`` (ids of
    State nodes; sorted for symmetric relations), asserted by ``sources``
    distinct documents through the ``facts`` (edges ``(u, v, key)`` of the
    graph) folded into it."""

    source: str
    target: str
    relation: str
    sources: int
    facts: tuple[tuple[str, str, str], ...]


def _fold_states(G) -> tuple[list[StateLink], int, int]:
    """The state links of ``G``, and the number of state-relation facts left
    out because an end is not a state (organizations, places, persons with
    no state) or because both ends fold into the same state."""
    groups: dict[tuple, list] = {}
    no_state = internal = 0
    for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: tuple(map(str, e[:3]))):
        rel = d.get("relation")
        if rel not in STATE_RELATIONS:
            continue
        a, b = state_of(G, u), state_of(G, v)
        if a is None or b is None:
            no_state += 1
            continue
        if a == b:
            internal += 1
            continue
        if d.get("symmetric", rel in SYMMETRIC) and str(b) < str(a):
            a, b = b, a
        groups.setdefault((a, b, rel), []).append((u, v, k, d))
    links = [StateLink(a, b, rel, len(set().union(*(_docs(*e) for e in edges))),
                       tuple((u, v, k) for u, v, k, _ in edges))
             for (a, b, rel), edges in sorted(groups.items(), key=lambda g: tuple(map(str, g[0])))]
    return links, no_state, internal


def state_links(G: nx.MultiDiGraph) -> list[StateLink]:
    """The alliance, support, opposition and attack facts of ``G`` between
    states, persons folded into their state (:func:`state_of`), one link per
    pair of states and relation, sorted; facts with an end that is not a
    state, or within one state, are left out."""
    return _fold_states(G)[0]


@dataclass(frozen=True)
class Event:
    """A dated ``visited`` or ``met`` fact on the timeline: in the lane of
    entity ``lane``, with ``other`` (where, or with whom), at ``date`` (ISO,
    as on the edge), placed at ``when`` with ``precision`` day, month, year
    or decade (month, year and decade are placed mid-period)."""

    lane: str
    relation: str
    other: str
    date: str
    when: dt.date
    precision: str


def _placed(date: str) -> tuple[dt.date, str] | None:
    """Where an ISO date of any precision goes on a time axis.

    >>> _placed("2019-02-25"), _placed("2019-02"), _placed("2019"), _placed("199")
    ((datetime.date(2019, 2, 25), 'day'), (datetime.date(2019, 2, 15), 'month'), \
(datetime.date(2019, 7, 2), 'year'), (datetime.date(1995, 1, 1), 'decade'))
    """
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            return dt.date.fromisoformat(date), "day"
        if re.fullmatch(r"\d{4}-\d{2}", date):
            return dt.date(int(date[:4]), int(date[5:]), 15), "month"
        if re.fullmatch(r"\d{4}", date):
            return dt.date(int(date), 7, 2), "year"
        if re.fullmatch(r"\d{3}", date):
            return dt.date(int(date) * 10 + 5, 1, 1), "decade"
    except ValueError:
        return None
    return None


def timeline_events(G: nx.MultiDiGraph) -> list[Event]:
    """The dated ``visited`` and ``met`` facts of ``G``, oldest first. A visit
    goes in the traveller's lane; a meeting (stored subject-before-object by
    id, so its subject says nothing) goes in the lane of whichever side takes
    part in more dated visits and meetings, the subject on a tie."""
    facts = []
    for u, v, d in G.edges(data=True):
        placed = _placed(str(d["date"])) if d.get("relation") in TIMELINE_RELATIONS \
            and d.get("date") else None
        if placed:
            facts.append((u, v, d, placed))
    busy: dict = {}
    for u, v, d, _ in facts:
        busy[u] = busy.get(u, 0) + 1
        if d["relation"] == "met":
            busy[v] = busy.get(v, 0) + 1
    events = []
    for u, v, d, (when, precision) in facts:
        lane, other = u, v
        if d["relation"] == "met" and busy[v] > busy[u]:
            lane, other = v, u
        events.append(Event(lane, d["relation"], other, str(d["date"]), when, precision))
    return sorted(events, key=lambda e: (e.when, e.date, str(e.lane), e.relation, str(e.other)))


# ---------------------------------------------------------------- drawing helpers

def _axes(ax, rect=_NETWORK_RECT):
    """``ax``, or the axes of a new headless figure (no pyplot, no backend switch)."""
    if ax is not None:
        return ax
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=FIGSIZE, dpi=DPI)
    FigureCanvasAgg(fig)
    return fig.add_axes(rect)


def _pt2px(ax) -> float:
    return ax.figure.dpi / 72.0


def _caption(ax, caption: str, note: str = "", below: float = 6.0) -> None:
    """The caption line and a smaller note under the axes, from ``below``
    points under its bottom edge; each wrapped (by measuring) to end inside
    the figure, and set a point or two smaller if it would run off its foot."""
    fig_w = ax.figure.bbox.width
    p2 = _pt2px(ax)
    y = -below
    for text, size, color in ((caption, FONT["caption"], "#000000"),
                              (note, FONT["note"], "#333333")):
        if not text:
            continue
        t = ax.annotate("", xy=(0, 0), xycoords="axes fraction", xytext=(0, y),
                        textcoords="offset points", ha="left", va="top", color=color,
                        linespacing=1.4, annotation_clip=False)
        for pts in (size, size - 1, size - 2):
            t.set_fontsize(pts)
            width = int(fig_w / (pts * p2 * 0.5))
            while True:
                t.set_text(textwrap.fill(text, width))
                ext = t.get_window_extent()
                if ext.x1 <= fig_w - 8 or width <= 30:
                    break
                width -= 3
            if ext.y0 >= 2:
                break
        y -= ext.height / p2 + 3


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=14, color="#555555",
            transform=ax.transAxes)


def _frame(ax, pos: dict, margin=(0.12, 0.10)) -> None:
    """Fix the data limits around ``pos`` (with margins for labels); no autoscale."""
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    w = (max(xs) - min(xs)) or 1.0
    h = (max(ys) - min(ys)) or 1.0
    ax.set_xlim(min(xs) - margin[0] * w, max(xs) + margin[0] * w)
    ax.set_ylim(min(ys) - margin[1] * h, max(ys) + margin[1] * h)
    ax.set_autoscale_on(False)


def _node_sizes(G, nodes, scale_nodes=None) -> dict:
    """Marker area (points^2) per node, by its number of facts in ``G``."""
    counts = {n: _facts_of(G, n) for n in nodes}
    most = max([_facts_of(G, n) for n in (scale_nodes or nodes)] or [1]) or 1
    return {n: 110 + 1000 * (counts[n] / most) ** 0.8 for n in nodes}


def _radius_px(ax, size: float) -> float:
    return math.sqrt(size) / 2 * _pt2px(ax)


def _spread(ax, pos: dict, sizes: dict, gap_px: float = 40.0, rounds: int = 80) -> dict:
    """Push nodes apart (in display space) until no two are closer than their
    radii plus ``gap_px``, keeping them inside the axes; deterministic."""
    import numpy as np

    nodes = sorted(pos, key=str)
    if len(nodes) < 2:
        return pos
    tr = ax.transData
    P = tr.transform(np.array([pos[n] for n in nodes], dtype=float))
    R = np.array([_radius_px(ax, sizes[n]) for n in nodes])
    bb = ax.get_window_extent()
    lo = np.array([bb.x0 + 30, bb.y0 + 20])
    hi = np.array([bb.x1 - 30, bb.y1 - 20])
    need = R[:, None] + R[None, :] + gap_px
    for _ in range(rounds):
        D = P[:, None, :] - P[None, :, :]
        dist = np.hypot(D[..., 0], D[..., 1])
        np.fill_diagonal(dist, np.inf)
        short = np.clip(need - dist, 0, None)
        np.fill_diagonal(short, 0)
        if not short.any():
            break
        dist = np.where(np.isfinite(dist) & (dist > 1e-6), dist, 1e-6)
        push = (D / dist[..., None]) * (short / 2)[..., None]
        P = np.clip(P + push.sum(axis=1) * 0.5, lo, hi)
    inv = tr.inverted()
    return {n: tuple(inv.transform(p)) for n, p in zip(nodes, P)}


def _draw_nodes(ax, G, pos: dict, sizes: dict) -> None:
    for typ in sorted({_type(G, n) for n in pos}):
        color, marker = TYPE_STYLE.get(typ, (_OTHER, "o"))
        nodes = sorted((n for n in pos if _type(G, n) == typ), key=str)
        ax.scatter([pos[n][0] for n in nodes], [pos[n][1] for n in nodes],
                   s=[sizes[n] for n in nodes], c=color, marker=marker, edgecolors="white",
                   linewidths=1.2, zorder=3)


@dataclass(frozen=True, eq=False)
class _Edge:
    """One drawn line: the facts of one relation from ``u`` to ``v``."""

    u: str
    v: str
    relation: str
    directed: bool
    facts: tuple                # the edge attribute dicts, in key order
    width: float = 1.6
    alpha: float = 0.85


def _edge_groups(G, H) -> list[_Edge]:
    """The facts of ``H`` grouped into one line per (subject, object, relation);
    self-loops are not drawn."""
    groups: dict[tuple, list] = {}
    for u, v, k, d in H.edges(keys=True, data=True):
        if u == v:
            continue
        groups.setdefault((u, v, d.get("relation", k)), []).append((str(k), d))
    out = []
    for (u, v, rel), keyed in sorted(groups.items(), key=lambda g: tuple(map(str, g[0]))):
        facts = tuple(d for _, d in sorted(keyed, key=lambda f: f[0]))
        directed = not any(d.get("symmetric", rel in SYMMETRIC) for d in facts)
        out.append(_Edge(u, v, rel, directed, facts, width=min(4.5, 1.4 + 0.6 * (len(facts) - 1))))
    return out


def _draw_edges(ax, pos: dict, edges: Sequence[_Edge], sizes: dict,
                bend: float = 0.22) -> tuple[dict, list]:
    """Draw each edge as an arc (several between one pair fan out). Return,
    per edge, points along it (data coordinates) where its label may go and
    its index; and the display points ``(x, y, edge index)`` sampled along every edge, which
    labels should not sit on."""
    from matplotlib.patches import FancyArrowPatch

    pairs: dict[tuple, list[_Edge]] = {}
    for e in edges:
        pairs.setdefault(tuple(sorted((str(e.u), str(e.v)))), []).append(e)
    tr, inv = ax.transData, ax.transData.inverted()
    along: dict[_Edge, tuple[list, int]] = {}
    samples: list[tuple] = []
    for pair, group in sorted(pairs.items()):
        for i, e in enumerate(group):
            rad = (i - (len(group) - 1) / 2) * bend
            if (str(e.u), str(e.v)) != pair:
                rad = -rad          # arc3 bends relative to the direction drawn
            ra = math.sqrt(sizes[e.u]) / 2 + 1.5
            rb = math.sqrt(sizes[e.v]) / 2 + 2.5
            style = "-|>,head_length=0.55,head_width=0.3" if e.directed else "-"
            ax.add_patch(FancyArrowPatch(
                pos[e.u], pos[e.v], arrowstyle=style, mutation_scale=12,
                connectionstyle=f"arc3,rad={rad:.3f}", shrinkA=ra, shrinkB=rb,
                color=RELATION_COLORS.get(e.relation, _OTHER), lw=e.width, alpha=e.alpha,
                zorder=2))
            (x0, y0), (x2, y2) = tr.transform(pos[e.u]), tr.transform(pos[e.v])
            cx, cy = (x0 + x2) / 2 + rad * (y2 - y0), (y0 + y2) / 2 - rad * (x2 - x0)

            def at(t):
                return ((1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t ** 2 * x2,
                        (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t ** 2 * y2)

            idx = len(along)
            along[e] = ([tuple(inv.transform(at(t)))
                         for t in (0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73)], idx)
            n = max(2, int(math.hypot(x2 - x0, y2 - y0) / 8))
            samples += [(*at(k / n), idx) for k in range(1, n)]
    return along, samples


@dataclass
class _Label:
    """A label to place near ``(x, y)`` (data coordinates): ``clear`` pixels
    around the anchor are kept free (its node), ``prefer`` is the preferred
    direction (radians), ``along`` are centres tried first (points on an
    edge, whose index in the samples is ``edge``)."""

    x: float
    y: float
    text: str
    style: dict = field(default_factory=dict)
    clear: float = 0.0
    prefer: float = math.pi / 2
    along: tuple = ()
    edge: int = -1


_DISTANCES = (3, 9, 17, 28, 42, 60, 85, 115, 150)
_ANGLES = tuple(i * math.pi / 8 for i in range(16))
# costs of a candidate label position, per pixel^2 of overlap with a label or
# node, per pixel^2 outside the axes, per edge sample point covered, per pixel away
_COST_OVERLAP, _COST_OUT, _COST_EDGE, _COST_FAR = 3.0, 60.0, 4.0, 0.15


def _place_labels(ax, labels: Iterable[_Label], obstacles: Iterable[tuple] = (),
                  samples: Sequence[tuple] = (), pad: float = 2.5) -> list:
    """Place ``labels`` (most important first) near their anchors. Greedy
    and deterministic: for each label, the candidate positions (its
    ``along`` points, then positions around the anchor at growing distances,
    directions nearest the preferred one first) are scored by overlap with
    the labels placed so far and the ``obstacles`` (display boxes
    ``(x0, y0, x1, y1)``, e.g. the nodes), by the part outside the axes, by
    the edge ``samples`` covered (other than its own edge's) and by the
    distance; the cheapest wins. A label set away from its anchor gets a
    leader line. Call after the data limits are fixed. Returns the texts."""
    import numpy as np

    tr, inv = ax.transData, ax.transData.inverted()
    bb = ax.get_window_extent()
    fx0, fy0, fx1, fy1 = bb.x0 + 2, bb.y0 + 2, bb.x1 - 2, bb.y1 - 2
    boxes = [tuple(o) for o in obstacles]
    pts = np.array(samples, dtype=float).reshape(-1, 3)
    texts = []
    for lab in labels:
        style = {"fontsize": FONT["label"], "bbox": _LABEL_BOX, **lab.style}
        t = ax.text(lab.x, lab.y, lab.text, ha="center", va="center", zorder=5, **style)
        ext = t.get_window_extent()
        hw, hh = ext.width / 2 + pad, ext.height / 2 + pad
        axp, ayp = tr.transform((lab.x, lab.y))
        cands = []
        if lab.along:
            ox, oy = tr.transform(lab.along[0])
            cands += [(x, y, math.hypot(x - ox, y - oy))
                      for x, y in (tr.transform(p) for p in lab.along)]
        angles = sorted(_ANGLES, key=lambda a: (round(abs(math.remainder(a - lab.prefer,
                                                                           2 * math.pi)), 6), a))
        for d in _DISTANCES:
            for a in angles:
                cands.append((axp + math.cos(a) * (lab.clear + d + hw),
                              ayp + math.sin(a) * (lab.clear + d + hh), d + 10 * bool(lab.along)))
        arr = np.array(boxes, dtype=float).reshape(-1, 4)
        others = pts[pts[:, 2] != lab.edge]
        best, best_cost = cands[0], math.inf
        for cx, cy, far in cands:
            x0, y0, x1, y1 = cx - hw, cy - hh, cx + hw, cy + hh
            out = (max(0, fx0 - x0) + max(0, x1 - fx1)) * (y1 - y0) \
                + (max(0, fy0 - y0) + max(0, y1 - fy1)) * (x1 - x0)
            ow = np.clip(np.minimum(x1, arr[:, 2]) - np.maximum(x0, arr[:, 0]), 0, None)
            oh = np.clip(np.minimum(y1, arr[:, 3]) - np.maximum(y0, arr[:, 1]), 0, None)
            covered = np.count_nonzero((others[:, 0] > x0) & (others[:, 0] < x1)
                                       & (others[:, 1] > y0) & (others[:, 1] < y1))
            cost = _COST_OVERLAP * float((ow * oh).sum()) + _COST_OUT * out \
                + _COST_EDGE * covered + _COST_FAR * far
            if cost < best_cost - 1e-9:
                best, best_cost = (cx, cy, far), cost
        cx, cy, _ = best
        t.set_position(tuple(inv.transform((cx, cy))))
        boxes.append((cx - hw, cy - hh, cx + hw, cy + hh))
        # leader line when the box is well away from the anchor (or its node)
        nx_ = min(max(axp, cx - hw), cx + hw)
        ny_ = min(max(ayp, cy - hh), cy + hh)
        if math.hypot(nx_ - axp, ny_ - ayp) > lab.clear + 14:
            ex, ey = inv.transform((nx_, ny_))
            ax.plot([lab.x, ex], [lab.y, ey], color="#888888", lw=0.7, zorder=2.5)
        texts.append(t)
    return texts


def _node_boxes(ax, pos: dict, sizes: dict) -> list[tuple]:
    out = []
    for n in sorted(pos, key=str):
        x, y = ax.transData.transform(pos[n])
        r = _radius_px(ax, sizes[n]) + 1
        out.append((x - r, y - r, x + r, y + r))
    return out


def _away(ax, pos: dict, n, centre=None) -> float:
    """The direction (display space) from the centre of ``pos`` out to ``n``."""
    tr = ax.transData
    if centre is None:
        pts = [tr.transform(p) for p in pos.values()]
        centre = (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
    x, y = tr.transform(pos[n])
    dx, dy = x - centre[0], y - centre[1]
    return math.atan2(dy, dx) if math.hypot(dx, dy) > 1 else math.pi / 2


def _nice(relation: str) -> str:
    return relation.replace("_", " ")


def _legend(ax, types: Iterable[str] = (), relations: Iterable[str] = (), extra=(),
            loc="upper left", anchor=(1.01, 1.0)) -> None:
    """One legend: entity types, then relations (arrows or not), then ``extra`` handles."""
    from matplotlib.lines import Line2D

    handles, heads = [], set()

    def head(text):
        h = Line2D([], [], linestyle="none", label=text)
        heads.add(id(h))
        handles.append(h)

    types, relations = list(types), list(relations)
    if types:
        head("Entity type")
        for t in types:
            c, m = TYPE_STYLE.get(t, (_OTHER, "o"))
            handles.append(Line2D([], [], marker=m, color="w", markerfacecolor=c,
                                  markersize=10, label=t))
    if relations:
        head("Relation")
        for r in relations:
            arrow = "" if r in SYMMETRIC else " \u2192"
            handles.append(Line2D([], [], color=RELATION_COLORS.get(r, _OTHER), lw=2.5,
                                  label=_nice(r) + arrow))
    handles.extend(extra)
    if not handles:
        return
    leg = ax.legend(handles=handles, loc=loc, bbox_to_anchor=anchor, borderaxespad=0,
                    fontsize=FONT["legend"], frameon=False, handlelength=2.2)
    for text, h in zip(leg.get_texts(), handles):
        if id(h) in heads:
            text.set_fontweight("bold")


def _order_present(values, order) -> list[str]:
    present = set(values)
    return [x for x in order if x in present] + sorted(present - set(order))


# ---------------------------------------------------------------- overview

def draw_overview(G: nx.MultiDiGraph, ax=None, *, corpus: str = "corpus",
                  title: str | None = None, top: int = TOP):
    """Draw every entity (only the ``top`` in most facts on large graphs),
    coloured and shaped by type and sized by its number of facts, with every
    fact between them, coloured by relation (no arrow on symmetric ones);
    returns the axes.

    >>> draw_overview(nx.MultiDiGraph()).get_title(loc="left")
    'Knowledge graph of corpus'
    """
    ax = _axes(ax)
    ax.set_axis_off()
    ax.set_title(title or f"Knowledge graph of {corpus}", fontsize=FONT["title"], loc="left")
    keep = sorted(G.nodes, key=lambda n: (-_facts_of(G, n), str(n)))[:max(0, top)]
    H = G.subgraph(keep)
    left_out = G.number_of_nodes() - H.number_of_nodes()
    if H.number_of_nodes() == 0:
        _empty(ax, "no facts")
    else:
        simple = nx.Graph()
        simple.add_nodes_from(sorted(H.nodes, key=str))
        simple.add_edges_from(sorted({tuple(sorted((u, v), key=str)) for u, v in H.edges()
                                      if u != v}, key=lambda e: (str(e[0]), str(e[1]))))
        pos = nx.spring_layout(simple, seed=SEED, iterations=300,
                               k=2.4 / max(1, simple.number_of_nodes()) ** 0.5)
        pos = {n: (float(p[0]), float(p[1])) for n, p in pos.items()}
        sizes = _node_sizes(G, H.nodes)
        _frame(ax, pos, margin=(0.10, 0.08))
        pos = _spread(ax, pos, sizes)
        edges = _edge_groups(G, H)
        _, samples = _draw_edges(ax, pos, edges, sizes)
        _draw_nodes(ax, G, pos, sizes)
        order = sorted(H.nodes, key=lambda n: (-sizes[n], str(n)))
        _place_labels(ax, [_Label(pos[n][0], pos[n][1], _label(G, n),
                                  clear=_radius_px(ax, sizes[n]), prefer=_away(ax, pos, n))
                           for n in order],
                      _node_boxes(ax, pos, sizes), samples)
        _legend(ax, _order_present((_type(G, n) for n in H), TYPE_STYLE),
                _order_present((e.relation for e in edges), RELATION_COLORS))
    shown = H.number_of_edges()
    note = "Node size: number of facts. Arrows point from subject to object; symmetric " \
           "relations have none."
    if left_out:
        note += (f" Only the {H.number_of_nodes()} entities in most facts are drawn (top={top}); "
                 f"{left_out} entities and {G.number_of_edges() - shown} facts left out.")
    _caption(ax, f"Corpus: {corpus} \u2014 {H.number_of_nodes()} entities, "
                 f"{shown} facts shown", note)
    return ax


# ---------------------------------------------------------------- ego graphs

def _home(G, n) -> str:
    """The group of a node on a ring: its state, else its ``state``, else itself."""
    return str(state_of(G, n) or G.nodes[n].get("state") or n)


def _chain(names: list[str], weight: dict, size: dict) -> list[str]:
    """``names`` in a row so that linked ones sit side by side: start with the
    biggest (then most linked), then repeatedly add, at either end, the one
    most linked to that end, else the one whose links are nearest that end.
    ``weight`` maps sorted name pairs to their number of links."""
    w = lambda a, b: weight.get(tuple(sorted((a, b))), 0)  # noqa: E731
    left = sorted(names, key=lambda g: (-size[g], -sum(w(g, h) for h in names), g))
    chain = left[:1]
    for _ in range(len(left) - 1):
        best: tuple | None = None
        for g in left[1:]:
            if g in chain:
                continue
            total = sum(w(g, c) for c in chain)
            for end, row in ((1, chain[::-1]), (0, chain)):
                near = next((i for i, c in enumerate(row) if w(g, c)), len(row))
                key = (-w(g, row[0]), near, -total, -size[g], g, -end)
                if best is None or key < best[0]:
                    best = (key, g, end)
        assert best is not None
        _, g, end = best
        chain = chain + [g] if end else [g] + chain
    return chain


def _ring_order(G, nodes: list, links: Iterable[tuple]) -> list[list]:
    """``nodes`` in groups by :func:`_home` (the state in the middle of its
    group, persons before it, then the rest, each by label), the groups
    chained (:func:`_chain`) by the ``links`` (node pairs) between them."""
    groups: dict[str, list] = {}
    for n in nodes:
        groups.setdefault(_home(G, n), []).append(n)
    type_rank = {t: i for i, t in enumerate(TYPE_STYLE)}
    for home, g in groups.items():
        g.sort(key=lambda n: (type_rank.get(_type(G, n), 9), _label(G, n), str(n)))
        if home in g and len(g) > 2:
            g.remove(home)
            g.insert(len(g) // 2, home)
    between: dict = {}
    for a, b in links:
        ga, gb = _home(G, a), _home(G, b)
        if ga != gb and ga in groups and gb in groups:
            key = tuple(sorted((ga, gb)))
            between[key] = between.get(key, 0) + 1
    order = _chain(sorted(groups), between, {g: len(m) for g, m in groups.items()})
    return [groups[g] for g in order]


def _ring(groups: list[list], rx: float = 1.0, ry: float = 1.0, start: float = math.pi / 2) -> dict:
    """Positions on an ellipse, clockwise from ``start``, a free slot between groups."""
    gaps = len(groups) if len(groups) > 1 else 0
    slots = sum(len(g) for g in groups) + gaps
    pos, i = {}, 0
    for g in groups:
        for n in g:
            a = start - 2 * math.pi * i / max(1, slots)
            pos[n] = (rx * math.cos(a), ry * math.sin(a))
            i += 1
        if gaps:
            i += 1
    return pos


def _edge_text(e: _Edge) -> str:
    """``met 2019-02, 2019-02-25 + undated``; offices name the role."""
    dates = sorted({str(d["date"]) for d in e.facts if d.get("date")})
    undated = any(not d.get("date") for d in e.facts)
    text = _nice(e.relation)
    roles = sorted({str(d["role"]) for d in e.facts if d.get("role")})
    if e.relation == "holds_office" and roles:
        text += f" ({', '.join(roles)})"
    if dates:
        text += " " + ", ".join(dates) + (" + undated" if undated else "")
    return textwrap.fill(text, 34)


def draw_ego(G: nx.MultiDiGraph, actor, ax=None, *, corpus: str = "corpus",
             title: str | None = None, top: int = EGO_TOP):
    """Draw ``actor`` in the centre, its neighbours (the ``top`` in most facts)
    on a ring grouped by state, and every fact between any of them, each
    labelled with its relation and dates; returns the axes."""
    if actor not in G:
        raise ValueError(f"draw_ego: {actor!r} is not an entity of the graph")
    ax = _axes(ax)
    ax.set_axis_off()
    name = _label(G, actor)
    ax.set_title(title or f"{name} and its neighbours \u2014 {corpus}", fontsize=FONT["title"],
                 loc="left")
    neigh = sorted((set(G.successors(actor)) | set(G.predecessors(actor))) - {actor},
                   key=lambda n: (-_facts_of(G, n), str(n)))
    left_out = len(neigh) - len(neigh[:top])
    neigh = neigh[:top]
    H = G.subgraph([actor, *neigh])
    pos = {actor: (0.0, 0.0)}
    links = [(u, v) for u, v in H.edges() if actor not in (u, v)]
    pos.update(_ring(_ring_order(G, neigh, links), rx=1.3, ry=1.0))
    ax.set_xlim(-2.0, 2.0)
    ax.set_ylim(-1.28, 1.28)
    ax.set_autoscale_on(False)
    sizes = _node_sizes(G, H.nodes)
    edges = _edge_groups(G, H)
    edges = [e if actor in (e.u, e.v) else
             _Edge(e.u, e.v, e.relation, e.directed, e.facts, max(1.0, e.width - 0.4), 0.55)
             for e in edges]
    along, samples = _draw_edges(ax, pos, edges, sizes, bend=0.18)
    _draw_nodes(ax, G, pos, sizes)
    labels = [_Label(pos[actor][0], pos[actor][1], name,
                     {"fontsize": FONT["actor"], "fontweight": "bold"},
                     clear=_radius_px(ax, sizes[actor]), prefer=math.pi / 2)]
    labels += [_Label(pos[n][0], pos[n][1], _label(G, n), clear=_radius_px(ax, sizes[n]),
                      prefer=_away(ax, pos, n, ax.transData.transform((0, 0))))
               for n in sorted(neigh, key=lambda n: (-sizes[n], str(n)))]
    spokes = sorted(edges, key=lambda e: (actor not in (e.u, e.v), str(e.u), str(e.v),
                                          e.relation))
    for e in spokes:
        points, idx = along[e]
        box = dict(_LABEL_BOX, ec=RELATION_COLORS.get(e.relation, _OTHER), lw=0.9, alpha=0.92)
        labels.append(_Label(points[0][0], points[0][1], _edge_text(e),
                             {"fontsize": FONT["edge"], "bbox": box, "color": "#222222"},
                             along=tuple(points), edge=idx))
    _place_labels(ax, labels, _node_boxes(ax, pos, sizes), samples)
    _legend(ax, _order_present((_type(G, n) for n in H), TYPE_STYLE),
            _order_present((e.relation for e in edges), RELATION_COLORS))
    note = "Facts of the actor in bold lines, facts between its neighbours in light ones; " \
           "neighbours grouped by state. Node size: number of facts in the whole graph."
    if left_out:
        note += f" Only the {len(neigh)} neighbours in most facts are drawn; {left_out} left out."
    _caption(ax, f"Corpus: {corpus} \u2014 {name}: {len(neigh)} "
                 f"neighbour{'s' if len(neigh) != 1 else ''}, "
                 f"{H.number_of_edges()} facts shown", note)
    return ax


# ---------------------------------------------------------------- states map

def draw_states(G: nx.MultiDiGraph, ax=None, *, corpus: str = "corpus",
                title: str | None = None):
    """Draw the states of ``G`` on a ring and the alliance, support,
    opposition and attack links between them (:func:`state_links`), line
    width and label by the number of sources; returns the axes."""
    from matplotlib.lines import Line2D

    ax = _axes(ax)
    ax.set_axis_off()
    ax.set_title(title or f"States: alliance, support, opposition and attack \u2014 {corpus}",
                 fontsize=FONT["title"], loc="left")
    links, no_state, internal = _fold_states(G)
    states = sorted((n for n in G if _type(G, n) == "State"), key=str)
    persons: dict = {}
    for n in G:
        if _type(G, n) == "Person" and state_of(G, n) is not None:
            persons[state_of(G, n)] = persons.get(state_of(G, n), 0) + 1
    shown = sum(len(link.facts) for link in links)
    linked = sorted({lk.source for lk in links} | {lk.target for lk in links}, key=str)
    unlinked = [n for n in states if n not in set(linked)]
    if not linked:
        _empty(ax, "no alliance, support, opposition or attack between states")
    else:
        S = nx.MultiDiGraph()
        S.add_nodes_from(linked)
        for link in links:
            S.add_edge(link.source, link.target, key=link.relation, relation=link.relation,
                       symmetric=link.relation in SYMMETRIC, weight=link.sources)
        # every state its own group: one ring, no gaps, linked states side by side
        ring = _ring_order(G, linked, [(lk.source, lk.target) for lk in links])
        pos = _ring([[n for g in ring for n in g]], rx=1.3, ry=1.0)
        ax.set_xlim(-2.0, 2.0)
        ax.set_ylim(-1.3, 1.3)
        ax.set_autoscale_on(False)
        states = linked
        most = max([S.degree(n) for n in S] + [1])
        sizes = {n: 260 + 900 * (S.degree(n) / most) ** 0.8 for n in states}
        weight = {(lk.source, lk.target, lk.relation): lk.sources for lk in links}
        edges = [_Edge(e.u, e.v, e.relation, e.directed, e.facts,
                       width=1.2 + 1.6 * (weight[(e.u, e.v, e.relation)] - 1), alpha=0.85)
                 for e in _edge_groups(S, S)]
        along, samples = _draw_edges(ax, pos, edges, sizes, bend=0.2)
        for n in states:
            ax.scatter(*pos[n], s=sizes[n], c=TYPE_STYLE["State"][0], marker="s",
                       edgecolors="white", linewidths=1.2, zorder=3)
        labels = []
        for n in sorted(states, key=lambda n: (-sizes[n], str(n))):
            k = persons.get(n, 0)
            text = _label(G, n) + (f"\n{k} person{'s' if k != 1 else ''} folded in" if k else "")
            labels.append(_Label(pos[n][0], pos[n][1], text, {"fontsize": FONT["actor"]},
                                 clear=_radius_px(ax, sizes[n]),
                                 prefer=_away(ax, pos, n, ax.transData.transform((0, 0)))))
        for e in edges:
            w = weight[(e.u, e.v, e.relation)]
            box = dict(_LABEL_BOX, ec=RELATION_COLORS.get(e.relation, _OTHER), lw=0.9)
            points, idx = along[e]
            labels.append(_Label(points[0][0], points[0][1],
                                 f"{_nice(e.relation)} \u00b7 {w} source{'s' if w != 1 else ''}",
                                 {"fontsize": FONT["edge"], "bbox": box},
                                 along=tuple(points), edge=idx))
        _place_labels(ax, labels, _node_boxes(ax, pos, sizes), samples)
        extra = [Line2D([], [], color="#555555", lw=1.2 + 1.6 * (w - 1),
                        label=f"{w} source{'s' if w != 1 else ''}")
                 for w in sorted({lk.sources for lk in links})]
        _legend(ax, (), _order_present((lk.relation for lk in links), RELATION_COLORS), extra)
    note = ("Persons folded into the state where they hold office (holds_office to a State), "
            "else into their state attribute. Line width: distinct documents asserting a link.")
    if no_state or internal:
        parts = [f"{no_state} with an organization, place or stateless person at one end"
                 if no_state else "", f"{internal} within one state" if internal else ""]
        note += f" Facts left out: {', '.join(p for p in parts if p)}."
    if unlinked:
        names = [_label(G, n) for n in unlinked]
        more = f" and {len(names) - 6} more" if len(names) > 6 else ""
        note += f" States without such links: {', '.join(names[:6])}{more}."
    _caption(ax, f"Corpus: {corpus} \u2014 {shown} facts shown as {len(links)} state-level "
                 f"links between {len(linked)} states", note)
    return ax


# ---------------------------------------------------------------- timeline

_PRECISION_FILL: dict[str, Any] = {"day": "full", "month": "left", "year": "none",
                                   "decade": "none"}
_GAP = 0.3          # width of a run of years without events (an event year is 1)


def _time_axis(years: set[int], lo: int, hi: int):
    """Segments of a compressed time axis: each year in ``years`` is 1 wide,
    each run of other years between ``lo`` and ``hi`` is ``_GAP`` wide.
    Returns ``(segments, x)``: ``(first, last, x0, x1, active)`` tuples and
    the position of a date."""
    segments, x, y = [], 0.0, lo
    while y <= hi:
        if y in years:
            segments.append((y, y, x, x + 1.0, True))
            x += 1.0
            y += 1
        else:
            end = y
            while end + 1 <= hi and end + 1 not in years:
                end += 1
            segments.append((y, end, x, x + _GAP, False))
            x += _GAP
            y = end + 1
    start = {s[0]: s[2] for s in segments if s[4]}

    def at(day: dt.date) -> float:
        ndays = 366 if day.year % 4 == 0 and (day.year % 100 or day.year % 400 == 0) else 365
        return start[day.year] + (day.timetuple().tm_yday - 0.5) / ndays

    return segments, at


def draw_timeline(G: nx.MultiDiGraph, ax=None, *, corpus: str = "corpus",
                  title: str | None = None, span: Iterable[str] = ()):
    """Draw the dated ``visited`` and ``met`` facts (:func:`timeline_events`)
    on a time axis, one lane per traveller or actor, each mark labelled
    with where or with whom and the date. Years without events are
    compressed into grey gaps; the axis also covers the ISO dates of
    ``span`` (e.g. the documents' dates). Returns the axes."""
    from matplotlib.lines import Line2D

    ax = _axes(ax, _TIMELINE_RECT)
    ax.set_title(title or f"Timeline of visits and meetings \u2014 {corpus}",
                 fontsize=FONT["title"], loc="left", pad=12)
    events = timeline_events(G)
    undated = sum(1 for _, _, d in G.edges(data=True)
                  if d.get("relation") in TIMELINE_RELATIONS and d.get("date") is None) \
        + sum(1 for _, _, d in G.edges(data=True) if d.get("relation") in TIMELINE_RELATIONS
              and d.get("date") and not _placed(str(d["date"])))
    span_years = [p[0].year for p in map(_placed, (str(s) for s in span if s)) if p]
    years = {e.when.year for e in events}
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    lanes_left_out = 0
    if not events:
        ax.set_yticks([])
        ax.set_xticks([])
        _empty(ax, "no dated visits or meetings")
    else:
        lo, hi = min(years | set(span_years)), max(years | set(span_years))
        segments, at = _time_axis(years, lo, hi)
        width = segments[-1][3]
        ax.set_xlim(-0.04, width + 0.04)
        # lanes: chronological by first event; packed into rows so labels never collide
        lanes: dict = {}
        for e in events:
            lanes.setdefault(e.lane, []).append(e)
        order = sorted(lanes, key=lambda n: (lanes[n][0].when, _label(G, n), str(n)))
        p2 = _pt2px(ax)
        bb = ax.get_window_extent()
        xpx = lambda x: bb.x0 + (x + 0.04) / (width + 0.08) * bb.width  # noqa: E731
        texts, rows_of = {}, {}
        for n in order:
            rows: list[list[tuple]] = []
            for e in lanes[n]:
                what = _label(G, e.other)
                text = f"{'visited' if e.relation == 'visited' else 'met'} {what}, {e.date}"
                t = ax.annotate(text, xy=(at(e.when), 0), fontsize=FONT["label"],
                                xytext=(7, 0), textcoords="offset points", va="center",
                                ha="left", zorder=5, annotation_clip=False)
                w = t.get_window_extent().width
                x = xpx(at(e.when))
                right = x + 7 * p2 + w + 6 <= bb.x1
                span_px = (x - 7, x + 7 * p2 + w + 8) if right else (x - 7 * p2 - w - 8, x + 7)
                if not right:
                    t.set_ha("right")
                    t.xyann = (-7, 0)
                for i, row in enumerate(rows):
                    if all(span_px[0] >= b or span_px[1] <= a for a, b in row):
                        row.append(span_px)
                        break
                else:
                    i = len(rows)
                    rows.append([span_px])
                texts[e] = t
                rows_of[e] = i
            lanes[n] = (lanes[n], len(rows))
        # keep the lanes that fit (rows at least ~2.2 label heights tall)
        capacity = max(1, int(bb.height / (FONT["label"] * p2 * 2.2)))
        total = 0
        kept: list = []
        for n in sorted(order, key=lambda n: (-len(lanes[n][0]), order.index(n))):
            if total + lanes[n][1] <= capacity or not kept:
                kept.append(n)
                total += lanes[n][1]
        lanes_left_out = len(order) - len(kept)
        order = [n for n in order if n in kept]
        base, ticks, ticklabels = 0, [], []
        shown_events = []
        for i, n in enumerate(order):
            evs, nrows = lanes[n]
            top_y, bottom_y = -base + 0.5, -(base + nrows - 1) - 0.5
            if i % 2 == 0:
                ax.axhspan(bottom_y, top_y, color="#f2f2f2", zorder=0, lw=0)
            ticks.append((top_y + bottom_y) / 2)
            name = _label(G, n)
            ticklabels.append(name if len(name) <= 36 else name[:35] + "\u2026")
            for e in evs:
                y = -(base + rows_of[e])
                color = RELATION_COLORS.get(e.relation, _OTHER)
                ax.plot([at(e.when)], [y], marker="^" if e.relation == "visited" else "o",
                        markersize=9, color=color, markeredgecolor=color,
                        fillstyle=_PRECISION_FILL[e.precision], markerfacecoloralt="white",
                        linestyle="none", zorder=4)
                texts[e].xy = (at(e.when), y)
                shown_events.append(e)
            base += nrows
        for e, t in texts.items():
            if e not in shown_events:
                t.remove()
        ax.set_ylim(-(base - 1) - 0.6, 0.6)
        ax.set_autoscale_on(False)
        ax.set_yticks(ticks)
        ax.set_yticklabels(ticklabels, fontsize=FONT["lane"])
        ax.tick_params(axis="y", length=0)
        # x axis: months as minor ticks, quarters labelled, years and gaps below
        major, minor, minor_labels = [], [], []
        year_px = bb.width / (width + 0.08)
        every = next((k for k in (1, 3, 6) if k * year_px / 12 >= 34), 12)
        for first, last, x0, x1, active in segments:
            major.append(x0)
            if active:
                for m in range(1, 13):
                    minor.append(at(dt.date(first, m, 1)))
                    minor_labels.append(dt.date(first, m, 1).strftime("%b")
                                        if every < 12 and (m - 1) % every == 0 else "")
                label = str(first)
            else:
                ax.axvspan(x0, x1, color="#e4e4e4", zorder=0, lw=0)
                label = str(first) if first == last else f"{first}\u2013{last}"
            ax.annotate(label, xy=((x0 + x1) / 2, 0), xycoords=("data", "axes fraction"),
                        xytext=(0, -22), textcoords="offset points", ha="center", va="top",
                        fontsize=FONT["lane"] if active else FONT["edge"],
                        fontweight="bold" if active else "normal",
                        color="#000000" if active else "#555555", annotation_clip=False)
        major.append(segments[-1][3])
        ax.set_xticks(major)
        ax.set_xticklabels([""] * len(major))
        ax.tick_params(axis="x", which="major", length=18, color="#999999")
        ax.set_xticks(minor, minor=True)
        ax.set_xticklabels(minor_labels, minor=True, fontsize=FONT["axis"])
        for x in major:
            ax.axvline(x, color="#cccccc", lw=0.8, zorder=0)
        events = shown_events
        handles = [Line2D([], [], marker="^", color=RELATION_COLORS["visited"],
                          linestyle="none", markersize=9, label="visited"),
                   Line2D([], [], marker="o", color=RELATION_COLORS["met"], linestyle="none",
                          markersize=9, label="met")]
        for prec, text in (("day", "exact day"), ("month", "month: placed mid-month"),
                           ("year", "year: placed mid-year")):
            handles.append(Line2D([], [], marker="o", color="#555555", linestyle="none",
                                  markersize=9, fillstyle=_PRECISION_FILL[prec],
                                  markerfacecoloralt="white", label=text))
        ax.legend(handles=handles, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=5,
                  fontsize=FONT["legend"], frameon=False, borderaxespad=0.3)
    note = "Lanes: the traveller of a visit; for a meeting, the side in more dated visits " \
           "and meetings. Month and year dates sit mid-month and mid-year (half and hollow " \
           "marks); grey bands are years without any."
    if undated:
        note += f" {undated} undated visits and meetings not shown."
    if lanes_left_out:
        note += f" {lanes_left_out} lanes with fewest events left out."
    _caption(ax, f"Corpus: {corpus} \u2014 {len(events)} dated facts shown "
                 f"(visited, met)", note, below=40)
    return ax


# ---------------------------------------------------------------- writing

def _file_id(eid) -> str:
    """An entity id made safe as part of a file name (path separators and
    characters outside letters, digits, ``_ . -`` become ``_``)."""
    return re.sub(r"[^\w.\-]", "_", str(eid))


def write_figures(G: nx.MultiDiGraph, folder: str | Path, *, corpus: str = "corpus",
                  top: int = TOP, min_facts: int = MIN_FACTS,
                  which: Iterable[str] = FIGURES, span: Iterable[str] = ()) -> list[Path]:
    """Write the figures of ``G`` named in ``which`` into ``folder``, each as
    ``.png`` (1600 x 1000 pixels) and ``.svg``: ``overview``, ``ego-<id>``
    per principal actor (:func:`principal_actors` with ``min_facts``),
    ``states``, ``timeline`` (covering the ISO dates of ``span`` too).
    Returns the paths in that order, PNG before SVG.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in write_figures(nx.MultiDiGraph(), tmp, which=["overview"])]
    ['overview.png', 'overview.svg']
    """
    import matplotlib

    which = list(which)
    unknown = sorted(set(which) - set(FIGURES))
    if unknown:
        raise ValueError(f"write_figures: unknown figure {', '.join(map(repr, unknown))}; "
                         f"choose from {', '.join(FIGURES)}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    span = list(span)
    jobs: list[tuple[str, tuple, Callable[[Any], Any]]] = []
    if "overview" in which:
        jobs.append(("overview", _NETWORK_RECT,
                     lambda ax: draw_overview(G, ax, corpus=corpus, top=top)))
    if "ego" in which:
        for actor in principal_actors(G, min_facts):
            jobs.append((f"ego-{_file_id(actor)}", _NETWORK_RECT,
                         partial(draw_ego, G, actor, corpus=corpus)))
    if "states" in which:
        jobs.append(("states", _NETWORK_RECT, lambda ax: draw_states(G, ax, corpus=corpus)))
    if "timeline" in which:
        jobs.append(("timeline", _TIMELINE_RECT,
                     lambda ax: draw_timeline(G, ax, corpus=corpus, span=span)))
    written = []
    _pin_font()
    with matplotlib.rc_context(cast(Any, RC)):
        for name, rect, draw in jobs:
            ax = _axes(None, rect)
            draw(ax)
            for ext, meta in (("png", {"Software": None}), ("svg", {"Date": None})):
                path = folder / f"{name}.{ext}"
                ax.figure.savefig(path, format=ext, dpi=DPI, metadata=meta)
                written.append(path)
    return written
