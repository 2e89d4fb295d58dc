"""Benchmark: the Turtle export at scale, pyoxigraph writer against the old
rdflib path, on a synthetic graph of the shape ``graph.build.build_graph``
makes.

    .venv/bin/python bench/turtle_scale.py [--triples N] [--repeat R]
        [--rdflib-triples M] [--rdflib-repeat S] [--json FILE]

Times are medians of R writes to a temporary file (graph building not
included). Peak memory is ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` of a
fresh Python process that builds the graph and writes it once: the
``*_peak_rss_mb`` figure is that process's peak (graph included), the
``*_write_rss_mb`` figure the growth of the peak during the write alone
(peak after the write minus peak after building the graph). Those processes
are started before this one builds any graph: on Linux a child inherits its
parent's ``ru_maxrss`` across fork and exec.

The old path (``to_rdf(G).serialize(format="turtle")``, written as UTF-8 text)
is run at ``--rdflib-triples`` (default: the smaller of N and 200,000),
since at a million triples it takes about half a minute per write; its
figures are labelled with the size it ran at.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402

from graph.export import _triples, to_rdf, write_turtle  # noqa: E402

RELATIONS = ("visited", "met", "allied_with", "holds_office", "supports", "opposes", "attacked")
TYPES = ("Person", "State", "Organization", "Place")
SYMMETRIC = {"met", "allied_with"}
WORDS = ("president", "minister", "visited", "talks", "met", "with", "the", "in", "on",
         "capital", "forces", "said", "agreement", "cooperation", "support", "strike",
         "sanctions", "delegation", "officials", "Tuesday", "border", "accused", "army")
RULES = {f"{rel}.rule-{i}": rel for rel in RELATIONS for i in range(3)}
#: Average distinct triples per edge of :func:`synthetic_graph`, measured on
#: a small graph the first time it is needed.
_PER_EDGE: dict[int, float] = {}


def synthetic_graph(n_edges: int, seed: int = 0) -> nx.MultiDiGraph:
    """A MultiDiGraph with the attributes ``build_graph`` gives (see its
    docstring): about ``n_edges`` facts among ``n_edges // 4`` entities, one
    to three evidence sentences per fact from ``n_edges // 5`` documents."""
    rnd = random.Random(seed)
    n_nodes = max(4, n_edges // 4)
    n_docs = max(1, n_edges // 5)
    n_states = max(1, n_nodes // 50)
    G = nx.MultiDiGraph()
    G.graph["documents"] = {
        f"{i:07d}_{rnd.getrandbits(32):08x}": {
            "title": f"Article {i}: " + " ".join(rnd.choices(WORDS, k=6)),
            "date": rnd.choice((None, "2019", "2020-03", f"2021-{rnd.randint(1, 12):02d}-"
                                f"{rnd.randint(1, 28):02d}"))}
        for i in range(n_docs)}
    docs = sorted(G.graph["documents"])
    G.graph["run"] = {"tool_version": "0.1.0", "rules_version": "0123456789ab",
                      "knowledge_version": "ba9876543210"}
    G.graph["states"] = {f"State_{i}": f"State {i}" for i in range(n_states)}
    G.graph["rules"] = {rid: {"relation": rel, "description": f"{rel}: pattern {rid}"}
                        for rid, rel in RULES.items()}
    for i in range(n_nodes):
        typ = TYPES[i % len(TYPES)]
        eid = f"{typ}_{i:07d}"
        G.add_node(eid, id=eid, label=f"{typ} {i}", type=typ,
                   aliases=tuple(sorted({f"{typ[0]}. {i}", f"Alias {i}"}))[: i % 3],
                   state=f"State_{i % n_states}" if typ != "State" else None,
                   capital_of=f"State_{i % n_states}" if typ == "Place" and i % 7 == 0 else None,
                   source="text" if typ == "Person" and i % 5 == 0 else "knowledge")
    nodes = list(G.nodes)
    rule_ids = sorted(RULES)
    edges = 0
    while edges < n_edges:
        u, v = rnd.sample(nodes, 2)
        rel = rnd.choice(RELATIONS)
        date = rnd.choice((None, "2019", "2019-02", f"2019-02-{rnd.randint(1, 28):02d}"))
        key = f"{rel}@{date}" if date else rel
        if G.has_edge(u, v, key):
            continue
        evidence = []
        for _ in range(rnd.randint(1, 3)):
            start = rnd.randrange(0, 5000)
            text = " ".join(rnd.choices(WORDS, k=rnd.randint(8, 30))) + "."
            evidence.append({"doc": rnd.choice(docs), "sentence": rnd.randrange(60),
                             "start": start, "end": start + len(text), "text": text,
                             "rule": rnd.choice([r for r in rule_ids if RULES[r] == rel])})
        evidence.sort(key=lambda e: (e["doc"], e["sentence"], e["start"], e["rule"]))
        documents = sorted({e["doc"] for e in evidence})
        G.add_edge(u, v, key=key, relation=rel, date=date, symmetric=rel in SYMMETRIC,
                   role="minister" if rel == "holds_office" else None, evidence=evidence,
                   documents=documents, rules=sorted({e["rule"] for e in evidence}),
                   sources=len(documents))
        edges += 1
    return G


def count_triples(G: nx.MultiDiGraph) -> int:
    """The number of distinct triples the export of ``G`` holds."""
    return len(set(_triples(G)))


def graph_of_size(n_triples: int, seed: int = 0) -> nx.MultiDiGraph:
    """A synthetic graph whose export holds about ``n_triples`` triples."""
    if seed not in _PER_EDGE:
        _PER_EDGE[seed] = count_triples(synthetic_graph(4000, seed)) / 4000
    return synthetic_graph(max(1, round(n_triples / _PER_EDGE[seed])), seed)


def rdflib_write_turtle(G: nx.MultiDiGraph, path: str | Path) -> None:
    """The Turtle export as it was before pyoxigraph: rdflib serialises."""
    Path(path).write_text(to_rdf(G).serialize(format="turtle"), encoding="utf-8")


WRITERS = {"pyoxigraph": write_turtle, "rdflib": rdflib_write_turtle}


def _maxrss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 2**10   # bytes on macOS, KiB else


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _rss_child(writer: str, n_triples: int) -> None:
    """In a fresh process: build the graph, write it once, print the peaks."""
    G = graph_of_size(n_triples)
    before = _maxrss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        WRITERS[writer](G, Path(tmp) / "g.ttl")
    after = _maxrss_mb()
    print(json.dumps({"graph_rss_mb": round(before, 1), "peak_rss_mb": round(after, 1),
                      "write_rss_mb": round(after - before, 1)}))


def peak_rss(writer: str, n_triples: int) -> dict:
    r = subprocess.run([sys.executable, __file__, "--rss-child", writer, str(n_triples)],
                       capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(r.stdout.strip().splitlines()[-1])


def _one(writer: str, n_triples: int, repeat: int) -> dict:
    G = graph_of_size(n_triples)
    triples = count_triples(G)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "g.ttl"
        seconds = timed(lambda: WRITERS[writer](G, path), repeat)
        size = path.stat().st_size
    return {"triples": triples, "seconds": round(seconds, 3),
            "triples_per_s": round(triples / seconds), "bytes": size, "repeat": repeat}


def measure(n_triples: int = 1_000_000, repeat: int = 3, rdflib_triples: int | None = None,
            rdflib_repeat: int | None = None) -> dict:
    """Time ``write_turtle`` (pyoxigraph) on a synthetic graph of about
    ``n_triples`` triples, median of ``repeat`` writes, and the old rdflib path
    on one of about ``rdflib_triples`` (default ``min(n_triples, 200_000)``).

    Keys ``turtle_*`` are the new writer, ``rdflib_turtle_*`` the old one:
    ``triples`` (distinct triples written), ``seconds`` (median),
    ``triples_per_s``, ``bytes`` (file size), ``peak_rss_mb`` (peak RSS of a
    fresh process that builds the graph and writes it once, by
    ``resource.getrusage``), ``graph_rss_mb`` (its peak before the write) and
    ``write_rss_mb`` (how much the write raised that peak)."""
    if rdflib_triples is None:
        rdflib_triples = min(n_triples, 200_000)
    out: dict = {"rss_method": "resource.getrusage(RUSAGE_SELF).ru_maxrss in a fresh subprocess"}
    runs = [(prefix, writer, n, rep) for prefix, writer, n, rep in (
        ("turtle", "pyoxigraph", n_triples, repeat),
        ("rdflib_turtle", "rdflib", rdflib_triples, rdflib_repeat or repeat)) if n > 0]
    for prefix, writer, n, _ in runs:          # first, while this process is small
        for k, v in peak_rss(writer, n).items():
            out[f"{prefix}_{k}"] = v
    for prefix, writer, n, rep in runs:
        for k, v in _one(writer, n, rep).items():
            out[f"{prefix}_{k}"] = v
    return out


def table(m: dict) -> str:
    rows = [("writer", "triples", "seconds", "triples/s", "MB file", "peak RSS MB", "write RSS MB")]
    for prefix, name in (("turtle", "pyoxigraph (new)"), ("rdflib_turtle", "rdflib (old)")):
        if f"{prefix}_triples" in m:
            rows.append((name, f"{m[prefix + '_triples']:,}", f"{m[prefix + '_seconds']:.2f}",
                         f"{m[prefix + '_triples_per_s']:,}", f"{m[prefix + '_bytes'] / 1e6:.1f}",
                         f"{m[prefix + '_peak_rss_mb']:.0f}", f"{m[prefix + '_write_rss_mb']:.0f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in rows]
    return "\n".join(lines[:1] + ["-" * len(lines[0])] + lines[1:]) + \
        f"\n(seconds: median of the repeats; RSS: {m['rss_method']})"


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--rss-child":
        _rss_child(sys.argv[2], int(sys.argv[3]))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rdflib-triples", type=int, default=None,
                    help="size for the rdflib path (default: min(N, 200000); 0 to skip)")
    ap.add_argument("--rdflib-repeat", type=int, default=None)
    ap.add_argument("--json", metavar="FILE")
    args = ap.parse_args()
    m = measure(args.triples, args.repeat, args.rdflib_triples, args.rdflib_repeat)
    m["python"] = sys.version.split()[0]
    m["cpus"] = os.cpu_count()
    print(table(m))
    if args.json:
        Path(args.json).write_text(json.dumps(m, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
