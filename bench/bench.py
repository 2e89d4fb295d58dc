"""Benchmark: extraction, whole build and Turtle export on a corpus made
from the seeds, medians over repeated runs, peak memory.

    .venv/bin/python bench/bench.py [--docs N] [--repeat R] [--json FILE]

It copies the seed articles round-robin into N documents with distinct ids
(in a temporary folder), then times each stage R times and prints the
medians as a table; ``--json`` also writes them.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import graph  # noqa: E402
from graph.build import run  # noqa: E402
from graph.corpus import read_corpus  # noqa: E402
from graph.export import to_rdf  # noqa: E402
from graph.extract import extract_document  # noqa: E402


def make_corpus(n: int, folder: Path) -> None:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for i in range(n):
        src = seeds[i % len(seeds)]
        shutil.copyfile(src, folder / f"{i:06d}_{src.stem}.txt")


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", metavar="FILE")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_corpus(args.docs, folder)
        docs = read_corpus(folder)
        mb = sum(len(d.text.encode()) for d in docs) / 1e6
        words = sum(len(d.text.split()) for d in docs)
        kb, rules = graph.load_knowledge(), graph.load_rules()
        extract_s = timed(lambda: [extract_document(d, kb, rules) for d in docs], args.repeat)
        build_s = timed(lambda: run(folder, knowledge=kb, rules=rules), args.repeat)
        G = run(folder, knowledge=kb, rules=rules).graph
        triples = len(to_rdf(G))
        turtle_s = timed(lambda: to_rdf(G).serialize(format="turtle"), args.repeat)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = {
        "documents": args.docs, "megabytes": round(mb, 3), "words": words,
        "extract_seconds": round(extract_s, 3),
        "extract_docs_per_s": round(args.docs / extract_s, 1),
        "extract_mb_per_s": round(mb / extract_s, 3),
        "extract_words_per_s": round(words / extract_s),
        "build_seconds": round(build_s, 3),
        "build_mb_per_s": round(mb / build_s, 3),
        "turtle_triples": triples, "turtle_seconds": round(turtle_s, 3),
        "turtle_triples_per_s": round(triples / turtle_s),
        "peak_rss_mb": round(peak_mb, 1),
        "machine": f"{platform.machine()} {platform.processor() or ''} "
                   f"{platform.python_implementation()} {platform.python_version()}".strip(),
        "repeat": args.repeat,
    }
    width = max(len(k) for k in rows)
    for k, v in rows.items():
        print(f"{k:{width}}  {v}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
