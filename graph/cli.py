"""The ``kg`` command: a thin layer over the library. Each command parses
its arguments, calls one library function and maps :class:`GraphError` to
a message on stderr and exit status 1 (usage errors exit 2)."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import warnings
from pathlib import Path

from . import __version__
from .errors import GraphError

__all__ = ["main"]


def cmd_build(args: argparse.Namespace) -> int:
    from .build import run
    from .export import FactsCsvWriter, atomic_folder, write_rdf, write_turtle
    from .knowledge import load_knowledge
    from .render import write_figures

    corpus = ", ".join(Path(p).name or str(p) for p in args.inputs)
    with atomic_folder(args.out) as tmp:
        kb = load_knowledge(args.knowledge)
        with FactsCsvWriter(tmp / "facts.csv", kb) as facts:   # rows go out per document
            b = run(args.inputs, knowledge=kb, rules=args.rules, jobs=args.jobs,
                    engine=args.engine, scheduler=args.scheduler, detail=False,
                    progress=not args.quiet, on_result=facts.add)
        write_turtle(b.graph, tmp / "graph.ttl")
        for fmt in args.rdf_format or ():
            write_rdf(b.graph, tmp / f"graph.{fmt}", fmt)
        if not args.no_figures:
            write_figures(b.graph, tmp / "figures", corpus=corpus,
                          span=[d.date for d in b.documents if d.date])
    if not args.quiet:
        print(summary(b, args.out), file=sys.stderr)
    return 0


def _by_reason(items: list[tuple[str, str]]) -> str:
    """"2 empty: a.txt, b.txt; 1 binary: c.txt"."""
    groups: dict[str, list[str]] = {}
    for path, reason in items:
        groups.setdefault(reason, []).append(Path(path).name)
    return "; ".join(f"{len(names)} {reason}: {', '.join(names)}"
                     for reason, names in sorted(groups.items()))


def summary(b, out: str) -> str:
    """The line a build ends with: documents read, skipped by reason, read
    with a fallback, and what came out."""
    lines = [f"{len(b.documents)} documents read, {len(b.skipped)} skipped, "
             f"{len(b.facts)} facts, {b.graph.number_of_nodes()} entities, "
             f"{b.graph.number_of_edges()} edges -> {out}"]
    if b.skipped:
        lines.append(f"  skipped ({_by_reason(b.skipped)})")
    if b.notes:
        lines.append(f"  read with a fallback ({_by_reason(b.notes)})")
    return "\n".join(lines)


def cmd_figures(args: argparse.Namespace) -> int:
    from .export import atomic_folder
    from .io import read_turtle
    from .render import write_figures

    G = read_turtle(args.graph)
    span = [d["date"] for d in G.graph.get("documents", {}).values() if d.get("date")]
    with atomic_folder(args.out) as tmp:
        paths = write_figures(G, tmp, corpus=args.corpus or Path(args.graph).parent.name,
                              top=args.top, min_facts=args.min_facts,
                              which=args.which or ("overview", "ego", "states", "timeline"),
                              span=span)
    if not args.quiet:
        print(f"{len(paths)} files -> {args.out}", file=sys.stderr)
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


def cmd_query(args: argparse.Namespace) -> int:
    from .sparql import format_table, open_store, query, query_endpoint, read_query

    text = read_query(args.query)
    if args.endpoint:
        table = query_endpoint(args.endpoint, text)
    else:
        table = query(open_store(args.graph), text)
    print(format_table(table, args.format), end="")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate

    report = validate(args.file)
    if report.conforms:
        print(f"{args.file}: conforms to the shapes"
              + (f" ({len(report.warnings)} warnings)" if report.warnings else ""))
        for w in report.warnings:
            print(f"  warning: {w.shape} {w.focus}: {w.message}")
        return 0
    print(f"{args.file}: does not conform: {len(report.results)} violations", file=sys.stderr)
    for r in report.results:
        print(f"  {r.shape} {r.focus}: {r.message}", file=sys.stderr)
    return 1


def cmd_load(args: argparse.Namespace) -> int:
    from .sparql import load_endpoint

    load_endpoint(args.endpoint, args.graph, graph=args.named_graph, replace=not args.append)
    if not args.quiet:
        print(f"{args.graph} -> {args.endpoint}", file=sys.stderr)
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kg", description="Build a knowledge graph of "
                                "geopolitical news articles, and query and explain it.")
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    def common(sp: argparse.ArgumentParser, inputs: bool = False) -> None:
        if inputs:
            sp.add_argument("inputs", nargs="*", default=["seeds"], metavar="INPUT",
                            help="article files or folders (default: seeds)")
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
    b.add_argument("--rdf-format", action="append", choices=("nt", "jsonld", "trig"),
                   help="also write graph.nt, graph.jsonld or graph.trig (a named graph per "
                   "document); repeat for several")
    b.add_argument("--quiet", action="store_true", help="print no summary and no progress bar")
    b.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="extract with N processes (default: every core); the output is the "
                   "same for any N")
    b.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="where extraction runs: this machine (default) or a Dask cluster")
    b.add_argument("--scheduler", metavar="ADDRESS",
                   help="the Dask scheduler, e.g. tcp://10.0.0.5:8786 (with --engine dask)")
    common(b)
    b.set_defaults(func=cmd_build)

    e = sub.add_parser("explain", help="show a document's mentions, facts and dropped candidates",
                       description="For one document: every mention with the entity it "
                       "resolved to and why, every fact with its rule, every candidate a "
                       "policy dropped with the reason.")
    e.add_argument("--doc", required=True, metavar="ID", help="document id (file stem)")
    common(e, inputs=True)
    e.set_defaults(func=cmd_explain)

    v = sub.add_parser("evaluate", help="score extraction against gold files",
                       description="Build INPUT and print precision, recall and F1 per "
                       "relation and overall, and date accuracy, against the .gold files "
                       "of GOLD_DIR.")
    v.add_argument("gold", metavar="GOLD_DIR", help="folder of .gold files")
    v.add_argument("--errors", action="store_true",
                   help="also list every missed, spurious and wrongly dated fact")
    v.add_argument("--entities", metavar="REF_DIR",
                   help="also score the entities found against REF_DIR/<doc>.entities")
    common(v, inputs=True)
    v.set_defaults(func=cmd_evaluate)

    from .render import MIN_FACTS, TOP

    fi = sub.add_parser("figures", help="draw the figures of an exported graph",
                        description="Read --graph (a Turtle export) and write the figures, "
                        "PNG and SVG, into --out (replaced whole): overview, ego-<id> for "
                        "every entity in at least --min-facts facts, states, timeline.")
    fi.add_argument("--graph", default="exports/graph.ttl", metavar="FILE",
                    help="Turtle export to draw (default: exports/graph.ttl)")
    fi.add_argument("--out", default="exports/figures", metavar="DIR",
                    help="folder for the figures (default: exports/figures)")
    fi.add_argument("--which", action="append", choices=("overview", "ego", "states", "timeline"),
                    help="only these figures (repeat for several)")
    fi.add_argument("--top", type=int, default=TOP,
                    help=f"overview: at most this many entities, by degree (default: {TOP})")
    fi.add_argument("--min-facts", type=int, default=MIN_FACTS,
                    help=f"ego figures for entities in at least this many facts (default: "
                    f"{MIN_FACTS})")
    fi.add_argument("--corpus", metavar="NAME", help="corpus name for the captions")
    fi.add_argument("--quiet", action="store_true", help="print nothing on success")
    fi.set_defaults(func=cmd_figures)

    q = sub.add_parser("query", help="run a SPARQL query on the graph",
                       description="Run a SPARQL SELECT or ASK query, given as text, as a .rq "
                       "file, or as the name of a shipped query (who-met-whom, "
                       "visits-to-capitals, alliances, facts-about-actor, sources-disagree), on "
                       "an embedded store holding --graph, or on --endpoint.")
    q.add_argument("query", metavar="QUERY|FILE", help="SPARQL text, a .rq file or a query name")
    q.add_argument("--graph", default="exports/graph.ttl", metavar="FILE",
                   help="Turtle file to query (default: exports/graph.ttl)")
    q.add_argument("--endpoint", metavar="URL",
                   help="query this SPARQL endpoint instead (e.g. http://127.0.0.1:7878/query)")
    q.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="output format (default: table)")
    q.set_defaults(func=cmd_query)

    va = sub.add_parser("validate", help="check a Turtle file against the SHACL shapes",
                        description="Validate FILE against graph/shapes.ttl (pyshacl); exit 1 "
                        "and list the violations when it does not conform.")
    va.add_argument("file", metavar="FILE.ttl", help="Turtle file (e.g. exports/graph.ttl)")
    va.set_defaults(func=cmd_validate)

    lo = sub.add_parser("load", help="push the Turtle to a SPARQL Graph Store endpoint",
                        description="Send --graph to a SPARQL 1.1 Graph Store Protocol "
                        "endpoint (Oxigraph: http://HOST:7878/store; Fuseki: "
                        "http://HOST:3030/DATASET/data; GraphDB: "
                        "http://HOST:7200/repositories/REPO/rdf-graphs/service).")
    lo.add_argument("--endpoint", required=True, metavar="URL", help="Graph Store endpoint URL")
    lo.add_argument("--graph", default="exports/graph.ttl", metavar="FILE",
                    help="Turtle file to send (default: exports/graph.ttl)")
    lo.add_argument("--named-graph", metavar="IRI", help="load into this named graph")
    lo.add_argument("--append", action="store_true",
                    help="merge into the graph (POST) instead of replacing it (PUT)")
    lo.add_argument("--quiet", action="store_true", help="print nothing on success")
    lo.set_defaults(func=cmd_load)
    return p


class Terminated(BaseException):
    """SIGTERM arrived. Like :class:`KeyboardInterrupt` it unwinds the
    command, so a half-written exports folder is removed on the way out."""


def _on_sigterm(main_pid: int):
    def handler(signum: int, frame: object) -> None:
        if os.getpid() != main_pid:        # a forked worker: end as SIGTERM means
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        signal.signal(signum, signal.SIG_IGN)   # once: let the clean-up finish
        raise Terminated()
    return handler


def main(argv: list[str] | None = None) -> int:
    """Run the ``kg`` command line; return the exit status (SIGTERM: 143,
    Ctrl-C: 130, after removing what the command had half written)."""
    args = _parser().parse_args(argv)
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm(os.getpid()))
    try:
        from .corpus import InputWarning

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")             # libraries' deprecations are not ours
            warnings.simplefilter("default", InputWarning)
            warnings.formatwarning = lambda msg, cat, *a, **k: f"kg: warning: {msg}\n"
            return args.func(args)
    except GraphError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except Terminated:
        print("kg: terminated", file=sys.stderr)
        return 128 + signal.SIGTERM
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
