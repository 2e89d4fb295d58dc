"""Figures: each renders headless for the seeds, an empty and a one-fact
graph; PNGs are large enough; labels do not overlap or leave the axes; SVG
is byte-identical across processes with different hash seeds."""

from __future__ import annotations

import os
import subprocess
import sys
from itertools import combinations

import networkx as nx
import pytest

from graph.render import (FIGURES, MIN_FACTS, draw_ego, draw_overview, draw_states,
                          draw_timeline, principal_actors, state_links, state_of,
                          timeline_events, write_figures)

from .conftest import ROOT


def fact(G, u, v, relation, date=None, docs=("d1",), utype="Person", vtype="Person", **attrs):
    """Add the fact ``u relation v`` (and its nodes) the way build_graph does."""
    for n, t in ((u, utype), (v, vtype)):
        if n not in G:
            G.add_node(n, label=n.replace("_", " "), type=t, aliases=(), state=None,
                       source="knowledge")
    G.nodes[u].update(attrs)
    G.add_edge(u, v, key=f"{relation}@{date}" if date else relation, relation=relation,
               date=date, symmetric=relation in ("met", "allied_with"), role=None,
               evidence=[{"doc": d} for d in docs], sources=len(set(docs)))


def one_fact_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    fact(G, "A", "B", "visited", "2019-02-25", vtype="Place")
    return G


@pytest.fixture(params=["seeds", "empty", "one fact"])
def case(request, seeds_build):
    G = {"seeds": lambda: seeds_build.graph, "empty": nx.MultiDiGraph,
         "one fact": one_fact_graph}[request.param]()
    return request.param, G


def expected_names(G, min_facts=MIN_FACTS) -> list[str]:
    stems = ["overview", *(f"ego-{a}" for a in principal_actors(G, min_facts)), "states",
             "timeline"]
    return [f"{s}.{ext}" for s in stems for ext in ("png", "svg")]


def test_every_figure_is_written_with_its_name_and_size(case, tmp_path):
    from PIL import Image

    name, G = case
    min_facts = 1 if name == "one fact" else MIN_FACTS      # the one-fact graph gets egos too
    paths = write_figures(G, tmp_path, corpus=name, min_facts=min_facts)
    assert [p.name for p in paths] == expected_names(G, min_facts)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)
    for p in paths:
        assert p.stat().st_size > 1000, p.name
        if p.suffix == ".png":
            with Image.open(p) as im:
                assert im.size[0] >= 1200 and im.size[1] >= 800, p.name
                assert "Software" not in im.info
        else:
            assert b"<dc:date>" not in p.read_bytes()


def test_the_seeds_have_a_handful_of_principal_actors(seeds_build):
    actors = principal_actors(seeds_build.graph)
    assert 3 <= len(actors) <= 8
    assert "Bashar_al-Assad" in actors


@pytest.fixture
def small():
    """A: 4 facts (two to C, one dated), B: 2, C: 3, D: 1, E: 1 (a self-loop)."""
    G = nx.MultiDiGraph()
    fact(G, "A", "B", "met")
    fact(G, "A", "C", "visited", vtype="Place")
    fact(G, "A", "C", "visited", "2019", vtype="Place")
    fact(G, "B", "C", "supports")
    fact(G, "D", "A", "opposes")
    fact(G, "E", "E", "opposes")
    return G


@pytest.mark.parametrize("min_facts, actors", [
    (1, ["A", "C", "B", "D", "E"]),
    (2, ["A", "C", "B"]),
    (3, ["A", "C"]),
    (4, ["A"]),
    (5, []),
])
def test_principal_actors(small, min_facts, actors):
    assert principal_actors(small, min_facts=min_facts) == actors


@pytest.mark.parametrize("entity, state", [
    ("Syria", "Syria"),                     # a state is itself
    ("Bashar_al-Assad", "Syria"),           # holds_office to a State
    ("Qasem_Soleimani", "Iran"),            # office in an organization: his state attribute
    ("Hezbollah", None),                    # organizations are not folded
    ("Tehran", None),                       # nor places
])
def test_persons_fold_into_their_state(seeds_build, entity, state):
    assert state_of(seeds_build.graph, entity) == state


def test_state_links_fold_persons_and_count_distinct_sources():
    G = nx.MultiDiGraph()
    fact(G, "Pence", "US", "holds_office", vtype="State")
    fact(G, "Pence", "Iran", "opposes", docs=("d1", "d2"), vtype="State")
    fact(G, "US", "Iran", "opposes", docs=("d2", "d3"), utype="State", vtype="State")
    fact(G, "Syria", "Iran", "allied_with", utype="State", vtype="State")
    fact(G, "Iran", "Base", "attacked", utype="State", vtype="Place")      # not a state: left out
    fact(G, "Pence", "US", "opposes", vtype="State")                       # within one state
    links = state_links(G)
    assert [(lk.source, lk.target, lk.relation, lk.sources, len(lk.facts)) for lk in links] == [
        ("Iran", "Syria", "allied_with", 1, 1),           # symmetric: ids sorted
        ("US", "Iran", "opposes", 3, 2),
    ]


def test_meetings_go_in_the_lane_of_the_busier_side():
    G = nx.MultiDiGraph()
    fact(G, "Assad", "Tehran", "visited", "2019-02-25", vtype="Place")
    fact(G, "Assad", "Moscow", "visited", "2015", vtype="Place")
    fact(G, "Assad", "Khamenei", "met", "2019-02")      # subject by id order; Khamenei less busy
    fact(G, "Putin", "Xi", "met", "2019")                # a tie: the subject's lane
    fact(G, "Putin", "Xi", "met")                        # undated: not on the timeline
    rows = [(e.lane, e.relation, e.other, e.when.isoformat(), e.precision)
            for e in timeline_events(G)]
    assert rows == [
        ("Assad", "visited", "Moscow", "2015-07-02", "year"),
        ("Assad", "met", "Khamenei", "2019-02-15", "month"),
        ("Assad", "visited", "Tehran", "2019-02-25", "day"),
        ("Putin", "met", "Xi", "2019-07-02", "year"),
    ]


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


@pytest.mark.parametrize("span, years", [
    ((), ["2019", "2020\u20132021", "2022"]),
    (("2019-02", "2020-01", "2022-05-08"), ["2019", "2020\u20132021", "2022"]),
    (("2017-06", "2023"), ["2017\u20132018", "2019", "2020\u20132021", "2022", "2023"]),
])
def test_timeline_spans_the_corpus_with_empty_years_compressed(span, years):
    G = nx.MultiDiGraph()
    fact(G, "Assad", "Tehran", "visited", "2019-02-25", vtype="Place")
    fact(G, "Assad", "Raisi", "met", "2022-05-08")
    ax = draw_timeline(G, corpus="t", span=span)
    assert [t for t in _texts(ax) if t[:2] in ("19", "20")] == years


DRAW = {
    "overview": lambda G, ax: draw_overview(G, ax, corpus="t"),
    "ego": lambda G, ax: draw_ego(G, "Bashar_al-Assad" if "Bashar_al-Assad" in G else "A", ax,
                                  corpus="t"),
    "states": lambda G, ax: draw_states(G, ax, corpus="t"),
    "timeline": lambda G, ax: draw_timeline(G, ax, corpus="t"),
}


@pytest.mark.parametrize("which", FIGURES)
def test_draw_functions_use_the_axes_given(which):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(16, 10), dpi=100)
    ax = fig.add_subplot()
    assert DRAW[which](one_fact_graph(), ax) is ax
    assert fig.axes == [ax]
    assert ax.get_title(loc="left")


def test_an_actor_is_not_its_own_neighbour():
    G = one_fact_graph()
    fact(G, "A", "A", "opposes")
    ax = draw_ego(G, "A", corpus="t")
    assert "Corpus: t \u2014 A: 1 neighbour, 2 facts shown" in _texts(ax)


def test_ego_of_an_unknown_entity_is_an_error():
    with pytest.raises(ValueError, match="'Nobody' is not an entity of the graph"):
        draw_ego(one_fact_graph(), "Nobody")


def test_unknown_figure_name_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="unknown figure 'map'; choose from overview, ego, "
                                         "states, timeline"):
        write_figures(one_fact_graph(), tmp_path, which=["overview", "map"])


def test_which_picks_figures_in_the_fixed_order(tmp_path):
    paths = write_figures(one_fact_graph(), tmp_path, which=["timeline", "overview"])
    assert [p.name for p in paths] == ["overview.png", "overview.svg", "timeline.png",
                                       "timeline.svg"]


@pytest.mark.parametrize("which", FIGURES)
def test_seed_labels_neither_overlap_nor_leave_the_figure(seeds_build, which):
    """The label placement works: no two labels (node, edge, timeline marks)
    overlap, and none, nor the caption, is cut off at the figure's edge."""
    from matplotlib import rc_context

    from graph.render import RC, _axes, _NETWORK_RECT, _TIMELINE_RECT

    with rc_context(RC):
        ax = DRAW[which](seeds_build.graph,
                         _axes(None, _TIMELINE_RECT if which == "timeline" else _NETWORK_RECT))
        placed = [t.get_window_extent() for t in ax.texts if t.get_zorder() == 5]
        assert placed
        for a, b in combinations(placed, 2):
            assert not a.shrunk(0.98, 0.9).overlaps(b.shrunk(0.98, 0.9)), \
                f"labels overlap: {a} {b}"
        fig = ax.figure.bbox
        for t in ax.texts:
            e = t.get_window_extent()
            assert fig.x0 <= e.x0 and e.x1 <= fig.x1 and fig.y0 <= e.y0 and e.y1 <= fig.y1, \
                f"cut off: {t.get_text()!r}"


def test_svg_is_identical_across_processes_and_hash_seeds(tmp_path):
    code = ("import sys, graph; from graph.render import write_figures; "
            "write_figures(graph.build('seeds'), sys.argv[1], corpus='seeds', min_facts=17)")
    procs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, MPLBACKEND="Agg")
        procs.append(subprocess.Popen([sys.executable, "-c", code, str(tmp_path / seed)],
                                      cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True))
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    names = sorted(p.name for p in (tmp_path / "1").glob("*.svg"))
    assert {"overview.svg", "states.svg", "timeline.svg"} <= set(names), names
    assert any(n.startswith("ego-") for n in names), names
    for name in names:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_figures_use_matplotlibs_own_font_whatever_the_machine_has(tmp_path):
    """Another copy of DejaVu Sans listed first (as a system install is) is not used:
    its glyph numbers would change the SVG from machine to machine."""
    code = f"""
import dataclasses, shutil, sys
import matplotlib
from pathlib import Path
from matplotlib import font_manager
from graph.render import RC, write_figures
bundled = Path(matplotlib.get_data_path(), "fonts", "ttf")
decoys = []
for stem in ("DejaVuSans", "DejaVuSans-Bold"):
    copy = shutil.copy(bundled / (stem + ".ttf"), {str(tmp_path)!r})
    entry = font_manager.ttfFontProperty(font_manager.ft2font.FT2Font(copy))
    decoys.append(dataclasses.replace(entry, name="DejaVu Sans"))
font_manager.fontManager.ttflist[:0] = decoys
write_figures(__import__("networkx").MultiDiGraph(), {str(tmp_path / "out")!r}, which=["overview"])
with matplotlib.rc_context(RC):
    for weight in ("normal", "bold"):
        print(font_manager.findfont(font_manager.FontProperties(weight=weight)))
"""
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env=dict(os.environ, MPLBACKEND="Agg"), timeout=120)
    assert run.returncode == 0, run.stderr
    import matplotlib
    found = run.stdout.split()
    assert len(found) == 2 and all(f.startswith(matplotlib.get_data_path()) for f in found), found
