"""The ``kg`` command: a thin layer over the library. Each command parses
its arguments, calls one library function and maps :class:`GraphError` to
a message on stderr and exit status 1 (usage errors exit 2)."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from . import __version__
from .errors import GraphError

__all__ = ["main"]


def cmd_build(args: argparse.Namespace) -> int:
    from .build import run
    from .export import atomic_folder, write_facts_csv, write_turtle
    from .render import write_figures

    b = run(args.inputs, knowledge=args.knowledge, rules=args.rules)
    corpus = ", ".join(Path(p).name or str(p) for p in args.inputs)
    with atomic_folder(args.out) as tmp:
        write_turtle(b.graph, tmp / "graph.ttl", b.documents)
        write_facts_csv(b.facts, b.graph, tmp / "facts.csv")
        if not args.no_figures:
            write_figures(b.graph, tmp / "figures", corpus=corpus)
    if not args.quiet:
        print(f"{len(b.documents)} documents read, {len(b.facts)} facts, "
              f"{b.graph.number_of_nodes()} entities, {b.graph.number_of_edges()} edges "
              f"-> {args.out}", file=sys.stderr)
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from .explain import explain

    print(explain(args.inputs, args.doc, knowledge=args.knowledge, rules=args.rules), end="")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .build import run
    from .evaluate import evaluate, format_report, read_gold

    b = run(args.inputs, knowledge=args.knowledge, rules=args.rules)
    extra = {e for r in b.results for e in r.entities}
    gold = read_gold(args.gold, b.kb, extra)
    missing = sorted(set(gold) - {d.id for d in b.documents})
    if missing:
        from .errors import InputError

        raise InputError(f"{args.gold}: gold for documents not in the input: {', '.join(missing)}")
    rep = evaluate(b, gold)
    label = lambda e: b.graph.nodes[e]["label"] if e in b.graph else e  # noqa: E731
    print(format_report(rep, errors=args.errors, label=label), end="")
    if args.entities:
        from .reference import (format_entity_report, found_entities, read_reference,
                                score_entities)

        rows = []
        for r in b.results:
            path = Path(args.entities) / f"{r.doc.id}.entities"
            if path.is_file():
                rows.append((r.doc.id, score_entities(found_entities(r, b.kb),
                                                      read_reference(path, b.kb))))
        print("\nentities against " + str(args.entities) + ":")
        print(format_entity_report(rows), end="")
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kg", description="Build a knowledge graph of "
                                "geopolitical news articles, and query and explain it.")
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--knowledge", metavar="DIR", action="append",
                        help="extra knowledge folder (YAML files as in graph/data/knowledge)")
        sp.add_argument("--rules", metavar="DIR", action="append",
                        help="extra rules folder (YAML files as in graph/data/rules)")

    b = sub.add_parser("build", help="build the graph of articles into an exports folder",
                       description="Read .txt articles (and documents.csv) from INPUT files "
                       "or folders and write graph.ttl, facts.csv and figures/ into --out.")
    b.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders")
    b.add_argument("--out", required=True, metavar="DIR", help="exports folder (replaced whole)")
    b.add_argument("--no-figures", action="store_true", help="skip the figures")
    b.add_argument("--quiet", action="store_true", help="print no summary")
    common(b)
    b.set_defaults(func=cmd_build)

    e = sub.add_parser("explain", help="show a document's mentions, facts and dropped candidates",
                       description="For one document: every mention with the entity it "
                       "resolved to and why, every fact with its rule, every candidate a "
                       "policy dropped with the reason.")
    e.add_argument("inputs", nargs="*", default=["seeds"], metavar="INPUT",
                   help="article files or folders (default: seeds)")
    e.add_argument("--doc", required=True, metavar="ID", help="document id (file stem)")
    common(e)
    e.set_defaults(func=cmd_explain)

    v = sub.add_parser("evaluate", help="score extraction against gold files",
                       description="Build INPUT and print precision, recall and F1 per "
                       "relation and overall, and date accuracy, against the .gold files "
                       "of GOLD_DIR.")
    v.add_argument("gold", metavar="GOLD_DIR", help="folder of .gold files")
    v.add_argument("inputs", nargs="*", default=["seeds"], metavar="INPUT",
                   help="article files or folders (default: seeds)")
    v.add_argument("--errors", action="store_true",
                   help="also list every missed, spurious and wrongly dated fact")
    v.add_argument("--entities", metavar="REF_DIR",
                   help="also score the entities found against REF_DIR/<doc>.entities")
    common(v)
    v.set_defaults(func=cmd_evaluate)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the ``kg`` command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            warnings.formatwarning = lambda msg, cat, *a, **k: f"kg: warning: {msg}\n"
            return args.func(args)
    except GraphError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
