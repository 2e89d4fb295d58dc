"""Stage 4: write the graph as Turtle and the facts as CSV, atomically."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

import networkx as nx
from rdflib import RDF, RDFS, XSD, Graph, Literal
from rdflib.namespace import DCTERMS, PROV, SKOS

from .errors import InputError
from .model import Fact
from .vocab import DOC, EVIDENCE, FACT, ID, KG, NIF, RULE, RUN, SCHEMA, SEM

__all__ = ["to_rdf", "to_dataset", "write_turtle", "write_rdf", "write_facts_csv", "facts_csv",
           "atomic_folder", "CSV_COLUMNS", "fact_id", "RDF_FORMATS"]

CSV_COLUMNS = ["doc", "subject", "relation", "object", "date", "evidence", "rule",
               "subject_id", "object_id", "role", "sentence", "start", "end"]


def iri(eid: str):
    return ID[quote(eid, safe="-_.~()',")]


def fact_id(subject: str, relation: str, obj: str, date: str | None) -> str:
    """A stable id for a fact: the same fact gets the same IRI in every build."""
    raw = "\x1f".join((subject, relation, obj, date or ""))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def _date_literal(date: str) -> Literal:
    dtype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}.get(len(date))
    return Literal(date, datatype=dtype) if dtype else Literal(date)


def to_rdf(G: nx.MultiDiGraph) -> Graph:
    """The RDF graph of ``G``: typed, labelled entities, one direct triple per
    fact, one fact node per fact carrying its evidence (document, sentence,
    offsets, rule) for every source, the documents, the rules that fired and
    the build run (tool, rule-set and knowledge versions), all read from
    ``G`` and its ``G.graph`` attributes (see :func:`graph.build_graph`)."""
    g = Graph()
    for prefix, ns in (("", ID), ("kg", KG), ("fact", FACT), ("doc", DOC), ("ev", EVIDENCE),
                       ("rule", RULE), ("run", RUN), ("sem", SEM), ("nif", NIF), ("prov", PROV),
                       ("skos", SKOS), ("dct", DCTERMS), ("schema", SCHEMA)):
        g.bind(prefix, ns, override=True)
    documents = G.graph.get("documents", {})
    info = G.graph.get("run")
    run = None
    if info:
        ids = "\x1f".join(sorted(documents))
        key = f"{info['tool_version']}|{info['rules_version']}|{info['knowledge_version']}|{ids}"
        run = RUN[hashlib.sha1(key.encode()).hexdigest()[:16]]
        g.add((run, RDF.type, PROV.Activity))
        g.add((run, RDFS.label, Literal(f"geokg {info['tool_version']} build", lang="en")))
        g.add((run, KG.toolVersion, Literal(info["tool_version"])))
        if info.get("rules_version"):
            g.add((run, KG.rulesVersion, Literal(info["rules_version"])))
        if info.get("knowledge_version"):
            g.add((run, KG.knowledgeVersion, Literal(info["knowledge_version"])))
    for rid, r in sorted(G.graph.get("rules", {}).items()):
        rn = RULE[quote(rid)]
        g.add((rn, RDF.type, KG.Rule))
        g.add((rn, RDFS.label, Literal(rid)))
        g.add((rn, RDFS.comment, Literal(r["description"], lang="en")))
        g.add((rn, KG.relation, KG[r["relation"]]))
    for sid, label in sorted(G.graph.get("states", {}).items()):
        lit = Literal(label, lang="en")
        g.add((iri(sid), RDF.type, KG.State))
        g.add((iri(sid), RDFS.label, lit))
        g.add((iri(sid), SKOS.prefLabel, lit))
    for doc_id, d in sorted(documents.items()):
        node = DOC[quote(doc_id)]
        g.add((node, RDF.type, PROV.Entity))
        g.add((node, RDF.type, SCHEMA.NewsArticle))
        if run is not None:
            g.add((run, PROV.used, node))
        g.add((node, DCTERMS.identifier, Literal(doc_id)))
        if d.get("title"):
            g.add((node, DCTERMS.title, Literal(d["title"])))
        if d.get("date"):
            g.add((node, DCTERMS.date, _date_literal(d["date"])))
    for n, data in G.nodes(data=True):
        node = iri(n)
        g.add((node, RDF.type, KG[data["type"]]))
        g.add((node, RDFS.label, Literal(data["label"], lang="en")))
        g.add((node, SKOS.prefLabel, Literal(data["label"], lang="en")))
        for a in data.get("aliases") or ():
            g.add((node, SKOS.altLabel, Literal(a, lang="en")))
        if data.get("source") == "text":
            g.add((node, KG.source, Literal("text")))
        if data.get("capital_of"):
            g.add((node, KG.capitalOf, iri(data["capital_of"])))
        if data.get("state"):
            g.add((node, KG.state, iri(data["state"])))
    for s, o, key, data in G.edges(keys=True, data=True):
        rel = data["relation"]
        g.add((iri(s), KG[rel], iri(o)))
        fnode = FACT[fact_id(s, rel, o, data.get("date"))]
        g.add((fnode, RDF.type, KG.Fact))
        g.add((fnode, RDF.type, SEM.Event))
        g.add((fnode, KG.subject, iri(s)))
        g.add((fnode, KG.relation, KG[rel]))
        g.add((fnode, KG.object, iri(o)))
        g.add((fnode, KG.sources, Literal(data["sources"])))
        if run is not None:
            g.add((fnode, PROV.wasGeneratedBy, run))
        if data.get("date"):
            g.add((fnode, SEM.hasTimeStamp, _date_literal(data["date"])))
        if data.get("role"):
            g.add((fnode, KG.role, Literal(data["role"])))
        for ev in data["evidence"]:
            enode = EVIDENCE[f"{quote(ev['doc'])}/{ev['sentence']}/{ev['start']}/"
                             f"{quote(ev['rule'])}/{fact_id(s, rel, o, data.get('date'))}"]
            g.add((fnode, KG.evidence, enode))
            g.add((fnode, PROV.wasDerivedFrom, DOC[quote(ev["doc"])]))
            g.add((enode, RDF.type, KG.Evidence))
            g.add((enode, KG.document, DOC[quote(ev["doc"])]))
            g.add((enode, KG.sentenceIndex, Literal(ev["sentence"])))
            g.add((enode, KG.sentenceText, Literal(ev["text"])))
            g.add((enode, NIF.beginIndex, Literal(ev["start"])))
            g.add((enode, NIF.endIndex, Literal(ev["end"])))
            g.add((enode, KG.rule, RULE[quote(ev["rule"])]))
    return g


#: Extra RDF formats ``kg build --rdf-format`` writes, by file suffix.
RDF_FORMATS = {"nt": "nt", "jsonld": "json-ld", "trig": "trig"}


def to_dataset(G: nx.MultiDiGraph):
    """The RDF as a dataset with one named graph per source document (the
    facts it asserts, their evidence and direct triples); entities,
    documents, rules and the build run stay in the default graph."""
    from rdflib import Dataset, URIRef

    g = to_rdf(G)
    ds = Dataset()
    for prefix, ns in g.namespaces():
        ds.bind(prefix, ns, override=True)
    docs_of_fact: dict = {}
    docs_of_triple: dict = {}
    for s, o, data in G.edges(data=True):
        docs = sorted({DOC[quote(e["doc"])] for e in data["evidence"]})
        docs_of_fact[FACT[fact_id(s, data["relation"], o, data.get("date"))]] = docs
        docs_of_triple.setdefault((iri(s), KG[data["relation"]], iri(o)), set()).update(docs)
    ev_doc = {ev: d for ev, d in g.subject_objects(KG.document)}
    default = ds.default_graph if hasattr(ds, "default_graph") else ds.default_context
    for s, p, o in g:
        if s in docs_of_fact:
            graphs = docs_of_fact[s]
        elif s in ev_doc:
            graphs = [ev_doc[s]]
        elif (s, p, o) in docs_of_triple:
            graphs = sorted(docs_of_triple[(s, p, o)])
        else:
            default.add((s, p, o))
            continue
        for name in graphs:
            ds.graph(URIRef(name)).add((s, p, o))
    return ds


def write_rdf(G: nx.MultiDiGraph, path: str | Path, fmt: str) -> None:
    """Write ``G`` as N-Triples (``nt``, sorted lines), JSON-LD (``jsonld``) or
    TriG (``trig``, a named graph per document)."""
    if fmt not in RDF_FORMATS:
        raise InputError(f"unknown RDF format {fmt!r} (allowed: {', '.join(RDF_FORMATS)})")
    if fmt == "trig":
        data = to_dataset(G).serialize(format="trig")
    elif fmt == "jsonld":
        data = to_rdf(G).serialize(format="json-ld", sort_keys=True)
    else:
        data = "".join(sorted(to_rdf(G).serialize(format="nt").splitlines(keepends=True)))
    Path(path).write_text(data, encoding="utf-8")


def write_turtle(G: nx.MultiDiGraph, path: str | Path) -> None:
    """Write ``G`` as Turtle to ``path`` (deterministic: sorted by subject)."""
    data = to_rdf(G).serialize(format="turtle")
    Path(path).write_text(data, encoding="utf-8")


def facts_csv(facts: list[Fact], G: nx.MultiDiGraph) -> str:
    """The facts as CSV text, one row per fact per document."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    label = lambda eid: G.nodes[eid]["label"] if eid in G else eid  # noqa: E731
    for f in sorted(facts, key=lambda f: (f.doc, f.sentence, f.relation, f.subject, f.object,
                                          f.date or "", f.rule)):
        w.writerow([f.doc, label(f.subject), f.relation, label(f.object), f.date or "",
                    f.evidence, f.rule, f.subject, f.object, f.role or "", f.sentence,
                    f.start, f.end])
    return buf.getvalue()


def write_facts_csv(facts: list[Fact], G: nx.MultiDiGraph, path: str | Path) -> None:
    Path(path).write_text(facts_csv(facts, G), encoding="utf-8")


#: Files that mark a folder as an exports folder, which a build may replace.
EXPORT_MARKERS = ("graph.ttl", "facts.csv", "overview.png")


@contextmanager
def atomic_folder(out: str | Path) -> Iterator[Path]:
    """Yield a temporary folder beside ``out``; on success it replaces
    ``out`` whole, on failure it is removed and ``out`` stays as it was."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: --out must be a folder, and this is a file")
    if out.is_dir() and any(out.iterdir()) and not any(
            (out / name).exists() for name in EXPORT_MARKERS):
        raise InputError(f"{out}: refusing to replace a folder that holds no exports "
                         f"(none of {', '.join(EXPORT_MARKERS)}); choose a new or empty folder")
    parent = out.resolve().parent
    if not parent.is_dir():
        raise InputError(f"{out}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise InputError(f"{out}: not writable")
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=parent))
    os.chmod(tmp, 0o755)
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if out.exists():
        old = parent / f".{out.name}.old-{os.getpid()}"
        os.replace(out, old)
    os.replace(tmp, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
