"""Benchmark: extraction, whole build (1 and N processes), Turtle export,
peak memory for a corpus and for one ten times larger, and Turtle for a
graph of a million triples; medians over repeated runs.

    .venv/bin/python bench/bench.py [--docs N] [--repeat R] [--jobs J] [--json FILE]
                                    [--no-memory] [--turtle-triples T]

It copies the seed articles round-robin into N documents with distinct ids
(in a temporary folder), then times each stage R times and prints the
medians as a table; ``--json`` also writes them. Peak memory is measured
on ``kg build`` in a fresh process, for N and for 10 N documents.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import graph  # noqa: E402
from graph.build import run  # noqa: E402
from graph.corpus import read_corpus  # noqa: E402
from graph.engine import default_jobs  # noqa: E402
from graph.export import to_rdf, write_turtle  # noqa: E402
from graph.extract import extract_document  # noqa: E402
from turtle_scale import timed  # noqa: E402  (the same median timer)


def make_corpus(n: int, folder: Path) -> None:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for i in range(n):
        src = seeds[i % len(seeds)]
        shutil.copyfile(src, folder / f"{i:06d}_{src.stem}.txt")


def peak_rss_mb(argv: list[str]) -> float:
    """The peak resident memory of a command, in MB (its own, from wait4)."""
    p = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         env={**os.environ, "CI": "true"})
    _, status, usage = os.wait4(p.pid, 0)
    if status != 0:
        raise SystemExit(f"{' '.join(argv)} failed with status {status}")
    return usage.ru_maxrss / 1024


def build_memory(n: int, tmp: Path) -> dict:
    folder = tmp / f"mem{n}"
    folder.mkdir()
    make_corpus(n, folder)
    mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
    rss = peak_rss_mb([sys.executable, "-m", "graph", "build", str(folder), "--out",
                       str(tmp / f"out{n}"), "--no-figures", "--jobs", "1", "--quiet"])
    return {"docs": n, "megabytes": round(mb, 1), "peak_rss_mb": round(rss, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=default_jobs(),
                    help="processes for the parallel build (default: every core)")
    ap.add_argument("--no-memory", action="store_true", help="skip the memory runs")
    ap.add_argument("--turtle-triples", type=int, default=1_000_000,
                    help="size of the synthetic graph for the Turtle run (0: skip)")
    ap.add_argument("--json", metavar="FILE")
    args = ap.parse_args()
    rows: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        make_corpus(args.docs, folder)
        docs = read_corpus(folder)
        mb = sum(len(d.text.encode()) for d in docs) / 1e6
        words = sum(len(d.text.split()) for d in docs)
        kb, rules = graph.load_knowledge(), graph.load_rules()
        extract_s = timed(lambda: [extract_document(d, kb, rules) for d in docs], args.repeat)
        build1_s = timed(lambda: run(folder, knowledge=kb, rules=rules, jobs=1, detail=False),
                         args.repeat)
        buildn_s = timed(lambda: run(folder, knowledge=kb, rules=rules, jobs=args.jobs,
                                     detail=False), args.repeat)
        G = run(folder, knowledge=kb, rules=rules, detail=False).graph
        triples = len(to_rdf(G))
        turtle_s = timed(lambda: write_turtle(G, Path(tmp) / "g.ttl"), args.repeat)
        rows.update({
            "documents": args.docs, "megabytes": round(mb, 3), "words": words,
            "extract_seconds": round(extract_s, 3),
            "extract_docs_per_s": round(args.docs / extract_s, 1),
            "extract_mb_per_s": round(mb / extract_s, 3),
            "extract_words_per_s": round(words / extract_s),
            "build_1_job_seconds": round(build1_s, 3),
            "build_1_job_mb_per_s": round(mb / build1_s, 3),
            f"build_{args.jobs}_jobs_seconds": round(buildn_s, 3),
            f"build_{args.jobs}_jobs_mb_per_s": round(mb / buildn_s, 3),
            "build_speedup": round(build1_s / buildn_s, 2),
            "turtle_triples": triples, "turtle_seconds": round(turtle_s, 3),
            "turtle_triples_per_s": round(triples / turtle_s),
        })
        if not args.no_memory:
            small, large = build_memory(args.docs, Path(tmp)), build_memory(10 * args.docs,
                                                                              Path(tmp))
            rows.update({
                "memory_1x": small, "memory_10x": large,
                "memory_ratio_10x_to_1x": round(large["peak_rss_mb"] / small["peak_rss_mb"], 2),
            })
    if args.turtle_triples:
        from turtle_scale import measure

        rows["turtle_at_scale"] = measure(args.turtle_triples, args.repeat)
    rows["machine"] = (f"{platform.machine()} {os.cpu_count()} cores "
                       f"{platform.python_implementation()} {platform.python_version()}")
    rows["repeat"] = args.repeat
    width = max(len(k) for k in rows)
    for k, v in rows.items():
        print(f"{k:{width}}  {v}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
