"""Stage 4: write the graph as Turtle and the facts as CSV, atomically."""

from __future__ import annotations

import csv
import fnmatch
import gc
import hashlib
import io
import os
import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator, NamedTuple, Tuple, Union
from urllib.parse import quote

import networkx as nx
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from .errors import InputError
from .model import Fact
from .vocab import DOC, EVIDENCE, FACT, ID, KG, NIF, RULE, RUN, SCHEMA, SEM

__all__ = ["to_rdf", "to_dataset", "write_turtle", "turtle_bytes", "write_rdf", "write_facts_csv",
           "facts_csv", "FactsCsvWriter", "atomic_folder", "CSV_COLUMNS", "fact_id", "RDF_FORMATS", "TURTLE_PREFIXES"]

CSV_COLUMNS = ["doc", "subject", "relation", "object", "date", "evidence", "rule",
               "subject_id", "object_id", "role", "sentence", "start", "end"]


def iri(eid: str):
    return ID[quote(eid, safe="-_.~()',")]


def fact_id(subject: str, relation: str, obj: str, date: str | None) -> str:
    """A stable id for a fact: the same fact gets the same IRI in every build."""
    raw = "\x1f".join((subject, relation, obj, date or ""))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


class Lit(NamedTuple):
    """A literal in the neutral form of :func:`_triples`: its lexical form,
    its datatype IRI (``None`` for a plain string or a language-tagged one)
    and its language tag (``None`` unless tagged)."""

    value: str
    datatype: str | None = None
    lang: str | None = None


#: A term of :func:`_triples`: an IRI as a plain ``str``, or a :class:`Lit`.
Term = Union[str, Lit]
Triple = Tuple[str, str, Term]

#: The prefixes ``to_rdf`` binds, in this order.
PREFIXES: tuple[tuple[str, str], ...] = (
    ("", str(ID)), ("kg", str(KG)), ("fact", str(FACT)), ("doc", str(DOC)),
    ("ev", str(EVIDENCE)), ("rule", str(RULE)), ("run", str(RUN)), ("sem", str(SEM)),
    ("nif", str(NIF)), ("prov", str(PROV)), ("skos", str(SKOS)), ("dct", str(DCTERMS)),
    ("schema", str(SCHEMA)))
#: The prefixes :func:`write_turtle` declares, the ones the rdflib export
#: declared: those ``to_rdf`` binds but ``ev`` (evidence IRIs hold ``/``, which
#: a prefixed name can only write escaped, ``\/``, and some parsers reject),
#: and ``rdfs`` and ``xsd`` from rdflib's own bindings (``rdf:type`` is ``a``).
TURTLE_PREFIXES: dict[str, str] = dict(sorted(
    tuple(p for p in PREFIXES if p[0] != "ev") + (("rdfs", str(RDFS)), ("xsd", str(XSD)))))

_XSD = str(XSD)
_INTEGER = _XSD + "integer"
_DATE_TYPES = {4: _XSD + "gYear", 7: _XSD + "gYearMonth", 10: _XSD + "date"}
_TYPE, _LABEL, _COMMENT = str(RDF.type), str(RDFS.label), str(RDFS.comment)
_PREF, _ALT = str(SKOS.prefLabel), str(SKOS.altLabel)
_DOC, _FACT, _EVIDENCE, _RULE, _RUN = str(DOC), str(FACT), str(EVIDENCE), str(RULE), str(RUN)


def _date_lit(date: str) -> Lit:
    return Lit(date, _DATE_TYPES.get(len(date)))


def _typed(value) -> Lit:
    """The literal rdflib's ``Literal(value)`` makes: a plain string for a
    ``str``, ``xsd:integer`` for an ``int``; any other type as rdflib types it."""
    if type(value) is str:
        return Lit(value)
    if type(value) is int:
        return Lit(str(value), _INTEGER)
    lit = Literal(value)
    return Lit(str(lit), str(lit.datatype) if lit.datatype is not None else None, lit.language)


def _en(value: str) -> Lit:
    return Lit(value, None, "en")


def _triples(G: nx.MultiDiGraph) -> Iterator[Triple]:
    """The triples of ``G``, once, in a neutral form: IRIs are plain ``str``,
    literals :class:`Lit`. The order follows ``G`` and may repeat a triple;
    :func:`to_rdf` and :func:`write_turtle` both consume this."""
    kg_cache: dict[str, str] = {}

    def kg(name: str) -> str:           # KG[name] checks the name (a closed vocabulary)
        try:
            return kg_cache[name]
        except KeyError:
            kg_cache[name] = term = str(KG[name])
            return term

    iri_cache: dict[str, str] = {}

    def eiri(eid: str) -> str:
        try:
            return iri_cache[eid]
        except KeyError:
            iri_cache[eid] = term = str(iri(eid))
            return term

    quote_cache: dict[str, str] = {}

    def q(text: str) -> str:
        try:
            return quote_cache[text]
        except KeyError:
            quote_cache[text] = quoted = quote(text)
            return quoted

    ints: dict[int, Lit] = {}
    new = tuple.__new__

    def typed(value) -> Lit:            # _typed, faster for the common types
        if type(value) is int:
            try:
                return ints[value]
            except KeyError:
                ints[value] = lit = new(Lit, (str(value), _INTEGER, None))
                return lit
        if type(value) is str:
            return new(Lit, (value, None, None))
        return _typed(value)

    TYPE, LABEL, PREF = _TYPE, _LABEL, _PREF
    K_FACT, K_EVIDENCE, S_EVENT = kg("Fact"), kg("Evidence"), str(SEM.Event)
    K_SUBJECT, K_RELATION, K_OBJECT = kg("subject"), kg("relation"), kg("object")
    K_SOURCES, K_ROLE, K_EV, K_DOCUMENT = kg("sources"), kg("role"), kg("evidence"), kg("document")
    K_SENT, K_TEXT, K_RULE = kg("sentenceIndex"), kg("sentenceText"), kg("rule")
    P_GEN, P_DERIVED, S_STAMP = str(PROV.wasGeneratedBy), str(PROV.wasDerivedFrom), \
        str(SEM.hasTimeStamp)
    N_BEGIN, N_END = str(NIF.beginIndex), str(NIF.endIndex)

    documents = G.graph.get("documents", {})
    info = G.graph.get("run")
    run = None
    if info:
        ids = "\x1f".join(sorted(documents))
        key = f"{info['tool_version']}|{info['rules_version']}|{info['knowledge_version']}|{ids}"
        run = _RUN + hashlib.sha1(key.encode()).hexdigest()[:16]
        yield run, TYPE, str(PROV.Activity)
        yield run, LABEL, _en(f"geokg {info['tool_version']} build")
        yield run, kg("toolVersion"), typed(info["tool_version"])
        if info.get("rules_version"):
            yield run, kg("rulesVersion"), typed(info["rules_version"])
        if info.get("knowledge_version"):
            yield run, kg("knowledgeVersion"), typed(info["knowledge_version"])
    for rid, r in sorted(G.graph.get("rules", {}).items()):
        rn = _RULE + q(rid)
        yield rn, TYPE, kg("Rule")
        yield rn, LABEL, typed(rid)
        yield rn, _COMMENT, _en(r["description"])
        yield rn, K_RELATION, kg(r["relation"])
    for sid, label in sorted(G.graph.get("states", {}).items()):
        lit = _en(label)
        yield eiri(sid), TYPE, kg("State")
        yield eiri(sid), LABEL, lit
        yield eiri(sid), PREF, lit
    for doc_id, d in sorted(documents.items()):
        node = _DOC + q(doc_id)
        yield node, TYPE, str(PROV.Entity)
        yield node, TYPE, str(SCHEMA.NewsArticle)
        if run is not None:
            yield run, str(PROV.used), node
        yield node, str(DCTERMS.identifier), typed(doc_id)
        if d.get("title"):
            yield node, str(DCTERMS.title), typed(d["title"])
        if d.get("date"):
            yield node, str(DCTERMS.date), _date_lit(d["date"])
    for n, data in G.nodes(data=True):
        node = eiri(n)
        yield node, TYPE, kg(data["type"])
        yield node, LABEL, _en(data["label"])
        yield node, PREF, _en(data["label"])
        for a in data.get("aliases") or ():
            yield node, _ALT, _en(a)
        if data.get("source") == "text":
            yield node, kg("source"), Lit("text")
        if data.get("capital_of"):
            yield node, kg("capitalOf"), eiri(data["capital_of"])
        if data.get("state"):
            yield node, kg("state"), eiri(data["state"])
    for s, o, data in G.edges(data=True):
        rel = data["relation"]
        date = data.get("date")
        si, oi, ri = eiri(s), eiri(o), kg(rel)
        yield si, ri, oi
        fid = fact_id(s, rel, o, date)
        fnode = _FACT + fid
        yield fnode, TYPE, K_FACT
        yield fnode, TYPE, S_EVENT
        yield fnode, K_SUBJECT, si
        yield fnode, K_RELATION, ri
        yield fnode, K_OBJECT, oi
        yield fnode, K_SOURCES, typed(data["sources"])
        if run is not None:
            yield fnode, P_GEN, run
        if date:
            yield fnode, S_STAMP, _date_lit(date)
        if data.get("role"):
            yield fnode, K_ROLE, typed(data["role"])
        for ev in data["evidence"]:
            doc, rule = q(ev["doc"]), q(ev["rule"])
            dnode = _DOC + doc
            enode = f"{_EVIDENCE}{doc}/{ev['sentence']}/{ev['start']}/{rule}/{fid}"
            yield fnode, K_EV, enode
            yield fnode, P_DERIVED, dnode
            yield enode, TYPE, K_EVIDENCE
            yield enode, K_DOCUMENT, dnode
            yield enode, K_SENT, typed(ev["sentence"])
            yield enode, K_TEXT, typed(ev["text"])
            yield enode, N_BEGIN, typed(ev["start"])
            yield enode, N_END, typed(ev["end"])
            yield enode, K_RULE, _RULE + rule


def _to_rdflib(t: Term):
    if isinstance(t, str):
        return URIRef(t)
    return Literal(t.value, lang=t.lang, datatype=URIRef(t.datatype) if t.datatype else None)


def to_rdf(G: nx.MultiDiGraph) -> Graph:
    """The RDF graph of ``G``: typed, labelled entities, one direct triple per
    fact, one fact node per fact carrying its evidence (document, sentence,
    offsets, rule) for every source, the documents, the rules that fired and
    the build run (tool, rule-set and knowledge versions), all read from
    ``G`` and its ``G.graph`` attributes (see :func:`graph.build_graph`).
    The triples are those of :func:`_triples`."""
    g = Graph()
    for prefix, ns in PREFIXES:
        g.bind(prefix, ns, override=True)
    cache: dict[Term, Any] = {}
    for triple in _triples(G):
        terms = []
        for t in triple:
            node = cache.get(t)
            if node is None:
                node = cache[t] = _to_rdflib(t)
            terms.append(node)
        g.add((terms[0], terms[1], terms[2]))
    return g


def _nt_literal(lit: Lit) -> str:
    """A literal in N-Triples: ``\\``, ``"``, LF and CR escaped, the rest as is."""
    v = lit.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") \
        .replace("\r", "\\r")
    if lit.lang:
        return f'"{v}"@{lit.lang}'
    if lit.datatype:
        return f'"{v}"^^<{lit.datatype}>'
    return f'"{v}"'


def _ntriples_lines(triples: Iterable[Triple]) -> set[str]:
    """The distinct N-Triples lines of ``triples``."""
    lines: set[str] = set()
    add = lines.add
    literals: dict[Lit, str] = {}
    for s, p, o in triples:
        if isinstance(o, str):
            add(f"<{s}> <{p}> <{o}> .\n")
        else:
            lit = literals.get(o)
            if lit is None:
                lit = literals[o] = _nt_literal(o)
            add(f"<{s}> <{p}> {lit} .\n")
    return lines


def _dotted_iris(lines: Iterable[str]) -> set[str]:
    """The subject and object IRIs that end with ``.`` in N-Triples ``lines``
    made by :func:`_ntriples_lines` (whose IRIs hold no ``>``)."""
    out = set()
    for line in lines:
        if ".> " not in line:
            continue
        s_end = line.index("> <")
        if line[s_end - 1] == ".":
            out.add(line[1:s_end])
        p_end = line.index("> ", s_end + 3)
        obj = line[p_end + 2:-3]                # between the predicate and " .\n"
        if obj.startswith("<") and obj.endswith(".>"):
            out.add(obj[1:-1])
    return out


def turtle_bytes(G: nx.MultiDiGraph) -> bytes:
    """The Turtle of ``G`` as UTF-8 bytes, written by pyoxigraph.

    The triples are those of :func:`to_rdf` (from :func:`_triples`), each
    once, in canonical order: sorted as N-Triples lines (so by subject, then
    predicate, then object as N-Triples text), which keeps each subject's
    triples together and gives the same bytes in every run and process for
    the same ``G``. pyoxigraph reads the sorted lines and writes them as
    Turtle, in that order, with the prefixes :data:`TURTLE_PREFIXES`, but for
    a prefix one of whose IRIs ends with ``.``: its IRIs are written in full,
    since ``pfx:name\\.`` is valid Turtle that rdflib cannot read
    (RDFLib/rdflib#933).

    The lines are read leniently (IRIs unchecked): :func:`_triples` makes
    its IRIs valid by percent-quoting every part taken from ``G``, and the
    checks cost a third of the time."""
    import pyoxigraph as ox

    collect = gc.isenabled()
    gc.disable()        # a million new tuples would run the collector over and over
    try:
        lines = sorted(_ntriples_lines(_triples(G)))
        text = "".join(lines)
        dotted = _dotted_iris(lines) if ".> " in text else set()
        del lines
        prefixes = {name: ns for name, ns in TURTLE_PREFIXES.items()
                    if not any(t.startswith(ns) for t in dotted)}
        data = ox.serialize(ox.parse(text, format=ox.RdfFormat.N_TRIPLES, lenient=True),
                            format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    finally:
        if collect:
            gc.enable()
    assert data is not None        # no output given: the bytes are returned
    return data


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
    """Write ``G`` as Turtle (UTF-8) to ``path``: the triples of
    :func:`to_rdf`, written by pyoxigraph in canonical order, so the same
    graph gives the same bytes (see :func:`turtle_bytes`). Nothing is written
    if making the text fails."""
    Path(path).write_bytes(turtle_bytes(G))


def _csv_key(f: Fact) -> tuple:
    return (f.doc, f.sentence, f.relation, f.subject, f.object, f.date or "", f.rule)


def _csv_rows(facts: Iterable[Fact], label) -> Iterator[list]:
    for f in sorted(facts, key=_csv_key):
        yield [f.doc, label(f.subject), f.relation, label(f.object), f.date or "",
               f.evidence, f.rule, f.subject, f.object, f.role or "", f.sentence,
               f.start, f.end]


def facts_csv(facts: list[Fact], G: nx.MultiDiGraph) -> str:
    """The facts as CSV text, one row per fact per document, in document
    order."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    w.writerows(_csv_rows(facts, lambda eid: G.nodes[eid]["label"] if eid in G else eid))
    return buf.getvalue()


def write_facts_csv(facts: list[Fact], G: nx.MultiDiGraph, path: str | Path) -> None:
    Path(path).write_text(facts_csv(facts, G), encoding="utf-8")


class FactsCsvWriter:
    """Writes ``facts.csv`` a document at a time, as a build's results
    arrive (``run(..., on_result=writer.add)``), so the rows are on disk
    before the graph is built. The file is byte-identical to
    :func:`facts_csv` of the whole build: results must come in document-id
    order, as :func:`graph.build.run` gives them, and an entity is labelled
    as the graph labels it (knowledge first, else the first document that
    introduced it)."""

    def __init__(self, path: str | Path, kb: Any) -> None:
        self.path = Path(path)
        self._kb = kb
        self._extra: dict[str, Any] = {}
        self._last: str | None = None
        self.rows = 0
        self._file = open(self.path, "w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._file, lineterminator="\n")
        self._csv.writerow(CSV_COLUMNS)

    def _label(self, eid: str) -> str:
        ent = self._kb.entities.get(eid) or self._extra.get(eid)
        return ent.label if ent is not None else eid

    def add(self, result: Any) -> None:
        doc_id = result.doc.id
        if self._last is not None and doc_id <= self._last:
            raise ValueError(f"{self.path}: document {doc_id!r} arrived after {self._last!r}; "
                             "results must come in document-id order")
        self._last = doc_id
        for eid, ent in result.entities.items():
            self._extra.setdefault(eid, ent)
        for row in _csv_rows(result.facts, self._label):
            self._csv.writerow(row)
            self.rows += 1

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "FactsCsvWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: Files that mark a folder as an exports folder, which a build may replace.
EXPORT_MARKERS = ("graph.ttl", "facts.csv", "overview.png")
#: The files ``write_figures`` writes (glob patterns): ``kg figures --out``.
FIGURE_FILES = tuple(f"{name}.{ext}" for name in ("overview", "ego-*", "states", "timeline")
                     for ext in ("png", "svg"))
#: Everything ``kg build`` or ``kg figures`` writes into ``--out`` (glob
#: patterns), and the folders it writes with what they hold: a folder that
#: holds anything else is never replaced.
EXPORT_FILES = ("graph.ttl", *(f"graph.{suffix}" for suffix in RDF_FORMATS), "facts.csv",
                *FIGURE_FILES)
EXPORT_FOLDERS = {"figures": FIGURE_FILES}


def _foreign_files(out: Path) -> list[str]:
    """The entries of ``out`` (and of its ``figures/``) that no build writes."""
    def ours(p: Path, patterns: tuple[str, ...]) -> bool:
        return p.is_file() and any(fnmatch.fnmatchcase(p.name, pat) for pat in patterns)

    odd = []
    for p in sorted(out.iterdir()):
        if p.name in EXPORT_FOLDERS and p.is_dir() and not p.is_symlink():
            odd += [f"{p.name}/{q.name}" + ("/" if q.is_dir() else "")
                    for q in sorted(p.iterdir()) if not ours(q, EXPORT_FOLDERS[p.name])]
        elif not ours(p, EXPORT_FILES):
            odd.append(p.name + ("/" if p.is_dir() else ""))
    return odd


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM (main thread, POSIX) for the few system calls
    that swap the folders, so an interruption cannot fall between them."""
    held = (signal.SIGINT, signal.SIGTERM)
    if not hasattr(signal, "pthread_sigmask") or \
            threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


@contextmanager
def atomic_folder(out: str | Path) -> Iterator[Path]:
    """Yield a temporary folder beside ``out``; on success it replaces
    ``out`` whole, on failure it is removed and ``out`` stays as it was.

    ``out`` must be new, empty or an exports folder: one that holds some of
    :data:`EXPORT_MARKERS` and nothing but what a build writes
    (:data:`EXPORT_FILES`, :data:`EXPORT_FOLDERS`). Any other folder, a file,
    or a place where no folder can be made is an :class:`InputError`."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: --out must be a folder, and this is a file")
    if out.is_dir() and any(out.iterdir()):
        if not any((out / name).exists() for name in EXPORT_MARKERS):
            raise InputError(f"{out}: refusing to replace a folder that holds no exports "
                             f"(none of {', '.join(EXPORT_MARKERS)}); choose a new or empty "
                             "folder")
        odd = _foreign_files(out)
        if odd:
            more = f" and {len(odd) - 5} more" if len(odd) > 5 else ""
            raise InputError(f"{out}: refusing to replace a folder that holds files a build "
                             f"never writes ({', '.join(odd[:5])}{more}): move them away or "
                             "choose a new or empty folder")
    parent = out.resolve().parent
    if not parent.is_dir():
        raise InputError(f"{out}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise InputError(f"{out}: not writable")
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=parent))
    except OSError as exc:
        raise InputError(f"{out}: cannot make a folder in {parent} ({_reason(exc)})") from None
    try:
        os.chmod(tmp, 0o755)
        yield tmp
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError) and exc.filename is not None and \
                str(exc.filename).startswith(str(tmp)):
            raise InputError(f"{out}: cannot write {exc.filename} ({_reason(exc)})") from None
        raise
    old = parent / f".{out.name}.old-{os.getpid()}"
    with _signals_held():
        try:
            if out.exists():
                os.replace(out, old)
            os.replace(tmp, out)
        except OSError as exc:
            kept = ""
            if old.exists() and not out.exists():
                try:
                    os.replace(old, out)          # put the previous exports back
                except OSError:
                    kept = f"; the previous exports are in {old}"
            shutil.rmtree(tmp, ignore_errors=True)
            raise InputError(f"{out}: cannot move the new exports into place "
                             f"({_reason(exc)}){kept}") from None
    shutil.rmtree(old, ignore_errors=True)
