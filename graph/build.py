"""Stage 3: facts -> a ``networkx.MultiDiGraph`` with one node per entity
and one edge per fact, the evidence of every source kept on the edge."""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable

import networkx as nx

from .corpus import Corpus
from .extract import DocResult, extract_document
from .knowledge import KnowledgeBase, load_knowledge
from .model import SYMMETRIC, Document, Entity, Fact
from .rules import RuleSet, load_rules

__all__ = ["build", "build_graph", "extract", "run", "Build", "edge_key"]


class Build:
    """Everything one build produced: the documents' results, the knowledge
    and rules used, and the graph."""

    def __init__(self, results: list[DocResult], kb: KnowledgeBase, rules: RuleSet,
                 skipped: list[tuple[str, str]] | None = None):
        self.results = results
        self.kb = kb
        self.rules = rules
        self.skipped = list(skipped or [])
        self.notes: list[tuple[str, str]] = []     # (path, how it was read) for fallbacks
        self.graph = build_graph(results, kb, rules)

    @property
    def facts(self) -> list[Fact]:
        return [f for r in self.results for f in r.facts]

    @property
    def documents(self) -> list[Document]:
        return [r.doc for r in self.results]


def _event_dates(facts: list[Fact]) -> dict[tuple[str, str, str, str | None], str | None]:
    """The date each fact's edge carries: across documents, a coarser date
    ("2019-02") or no date joins the one finer date it fits ("2019-02-25")
    of the same subject, relation and object, the same event told less
    precisely; where several finer dates fit, it stays apart."""
    dates: dict[tuple[str, str, str], set[str]] = {}
    for f in facts:
        if f.date:
            dates.setdefault((f.subject, f.relation, f.object), set()).add(f.date)
    out: dict[tuple[str, str, str, str | None], str | None] = {}
    for f in facts:
        key = (f.subject, f.relation, f.object)
        finer = [d for d in dates.get(key, ()) if d != f.date and d.startswith(f.date or "")]
        finest = {d for d in finer if not any(e != d and e.startswith(d) for e in finer)}
        out[key + (f.date,)] = finest.pop() if len(finest) == 1 else f.date
    return out


def edge_key(fact: Fact) -> str:
    """Edges are keyed by relation and date: the same fact from several
    sources is one edge; a meeting in 2019 and another in 2022 are two."""
    return f"{fact.relation}@{fact.date}" if fact.date else fact.relation


def _entity(eid: str, kb: KnowledgeBase, extra: dict[str, Entity]) -> Entity:
    return kb.entities.get(eid) or extra[eid]


def _digest(paths) -> str:
    import hashlib

    h = hashlib.sha1()
    for p in sorted(str(x) for x in paths):
        h.update(Path(p).read_bytes())
    return h.hexdigest()[:12]


def build_graph(results: Iterable[DocResult], kb: KnowledgeBase,
                rules: RuleSet | None = None) -> nx.MultiDiGraph:
    """The graph of the facts of ``results``.

    Node attributes: ``id``, ``label``, ``type`` (Person, State,
    Organization, Place), ``aliases`` (sorted tuple), ``state`` (the id of
    the state a person belongs to or a place or body lies in, or ``None``),
    ``capital_of`` (for a capital city, its state's id), ``source``
    (``knowledge``, or ``text`` for a person the text introduced).

    Edge attributes (one edge per fact; key ``relation`` or
    ``relation@date``): ``relation``, ``date`` (ISO at its precision, or
    ``None``), ``symmetric``, ``role`` (the post, for ``holds_office``),
    ``evidence`` (one ``{doc, sentence, start, end, text, rule}`` per
    source sentence, in document order), ``documents`` and ``rules`` (sorted
    ids), ``sources`` (the number of distinct documents).

    Graph attributes: ``documents`` (``{id: {title, date}}``), ``states``
    (``{id: label}`` of the states entities lie in), ``rules`` (``{id:
    {relation, description}}`` of the rules that fired) and ``run`` (tool,
    rule-set and knowledge versions).
    """
    results = list(results)
    extra: dict[str, Entity] = {}
    for r in results:
        for eid, ent in r.entities.items():
            extra.setdefault(eid, ent)
    from . import __version__

    G = nx.MultiDiGraph()
    G.graph["documents"] = {r.doc.id: {"title": r.doc.title, "date": r.doc.date}
                            for r in sorted(results, key=lambda r: r.doc.id)}
    G.graph["run"] = {"tool_version": __version__,
                      "rules_version": _digest(rules.files) if rules is not None else "",
                      "knowledge_version": _digest(kb.files)}
    facts = sorted((f for r in results for f in r.facts),
                   key=lambda f: (f.subject, f.relation, f.object, f.date or "", f.doc,
                                  f.sentence))
    event_date = _event_dates(facts)
    for f in facts:
        date = event_date[(f.subject, f.relation, f.object, f.date)]
        if date != f.date:
            f = replace(f, date=date)
        for eid in (f.subject, f.object):
            if eid not in G:
                e = _entity(eid, kb, extra)
                G.add_node(eid, id=eid, label=e.label, type=e.type,
                           aliases=tuple(sorted(set(e.aliases))), state=e.state,
                           capital_of=kb.capital_of.get(eid), source=e.source)
        key = edge_key(f)
        if not G.has_edge(f.subject, f.object, key):
            G.add_edge(f.subject, f.object, key=key, relation=f.relation, date=f.date,
                       symmetric=f.relation in SYMMETRIC, role=f.role, evidence=[], sources=0)
        data = G.edges[f.subject, f.object, key]
        data["evidence"].append({"doc": f.doc, "sentence": f.sentence, "start": f.start,
                                 "end": f.end, "text": f.evidence, "rule": f.rule})
        if data["role"] is None and f.role:
            data["role"] = f.role
    for _, _, data in G.edges(data=True):       # document order, whatever the date
        data["evidence"].sort(key=lambda e: (e["doc"], e["sentence"], e["start"], e["rule"]))
        data["documents"] = sorted({e["doc"] for e in data["evidence"]})
        data["rules"] = sorted({e["rule"] for e in data["evidence"]})
        data["sources"] = len(data["documents"])
    G.graph["states"] = {
        st: kb.entities[st].label for _, st in G.nodes(data="state")
        if st and st not in G and st in kb.entities}
    used = {r for _, _, rs in G.edges(data="rules") for r in rs}
    G.graph["rules"] = {r.id: {"relation": r.relation, "description": r.description}
                        for r in (rules or ()) if r.id in used}
    return G


def run(paths: str | Path | Iterable[str | Path], *, knowledge=None, rules=None,
        jobs: int | None = 1, engine: str = "local", scheduler: str | None = None,
        detail: bool = True, progress: bool = False,
        on_result: Callable[[DocResult], None] | None = None) -> Build:
    """Read, extract and build; ``knowledge`` and ``rules`` are extra folders
    (or loaded :class:`KnowledgeBase` / :class:`RuleSet` objects).

    ``jobs``, ``engine`` and ``scheduler`` say where extraction runs (see
    :func:`graph.engine.extract_all`); the graph is the same whatever they
    are. ``detail=False`` keeps of each document only its metadata, facts
    and new entities, not its text and mentions (what ``kg explain``
    needs). ``on_result`` is called with each document's result, in id
    order, as soon as it is done. ``progress`` shows a progress bar on
    stderr when it is a terminal.
    """
    from .engine import extract_all

    kb = knowledge if isinstance(knowledge, KnowledgeBase) else load_knowledge(knowledge)
    rs = rules if isinstance(rules, RuleSet) else load_rules(rules)
    # the knowledge base is tens of thousands of long-lived objects: keep the
    # garbage collector from walking them again at every full collection
    gc.freeze()
    corpus = Corpus(paths)
    results: list[DocResult] = []
    stream = extract_all(corpus, kb, rs, jobs=jobs, engine=engine, scheduler=scheduler,
                         detail=detail)
    with _progress(len(corpus), progress) as bar:
        for r in stream:
            results.append(r)
            if on_result is not None:
                on_result(r)
            bar.update(1)
    b = Build(results, kb, rs, corpus.skipped)
    b.notes = corpus.notes
    return b


@contextmanager
def _progress(total: int, enabled: bool):
    """A tqdm bar (documents done, rate, time left) on stderr, shown only
    when ``enabled``, stderr is a terminal and ``CI`` is not set."""
    import sys

    show = enabled and sys.stderr.isatty() and not os.environ.get("CI")
    if not show:
        class _Off:
            def update(self, n: int) -> None:
                pass
        yield _Off()
        return
    from tqdm import tqdm

    with tqdm(total=total, unit="doc", file=sys.stderr, leave=False) as bar:
        yield bar


def build(paths: str | Path | Iterable[str | Path], *, knowledge=None,
          rules=None) -> nx.MultiDiGraph:
    """Build the knowledge graph of the articles in ``paths``.

    >>> G = build("seeds")
    >>> G.nodes["Bashar_al-Assad"]["type"]
    'Person'
    """
    return run(paths, knowledge=knowledge, rules=rules).graph


def extract(text: str, *, date: str | None = None, doc_id: str = "text",
            knowledge=None, rules=None) -> list[Fact]:
    """The facts of one text.

    >>> [(f.subject, f.relation, f.object) for f in extract(
    ...     "Syrian President Bashar al-Assad visited Tehran.", date="2019-02-25")]
    [('Bashar_al-Assad', 'holds_office', 'Syria'), ('Bashar_al-Assad', 'visited', 'Tehran')]
    """
    kb = knowledge if isinstance(knowledge, KnowledgeBase) else load_knowledge(knowledge)
    rs = rules if isinstance(rules, RuleSet) else load_rules(rules)
    return extract_document(Document(doc_id, text, date), kb, rs).facts
