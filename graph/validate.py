"""Check an exported graph against the project's SHACL shapes.

The shapes (``shapes.ttl``) describe the whole model :func:`graph.export.to_rdf`
writes: typed, labelled entities; the domain and range of every relation
triple; fact nodes (one subject, relation and object, their sources, dates,
evidence) and evidence nodes (document, sentence, offsets, rule). The
ontology (``ontology.ttl``) is passed to pyshacl as the ontology graph, so
its subclass axioms count for ``sh:class``.

Inference is ``"none"``: with RDFS inference the ontology's ``rdfs:range`` of
``kg:met`` (``kg:Person``) would make a State that someone "met" a Person too,
and the range check would pass. The cross-checks between the direct triples,
facts and evidence use SPARQL targets, a SHACL Advanced Feature, so pyshacl
runs with ``advanced=True``. Warnings (``sh:Warning``) do not break
conformance; they are reported apart from the violations.

>>> report = validate("exports/graph.ttl")
>>> report.conforms
True
>>> report.results
()
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple, Union, cast
from xml.sax import SAXParseException

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.exceptions import ParserError
from rdflib.namespace import SH
from rdflib.paths import AlternativePath, InvPath, MulPath, Path as RDFPath, SequencePath
from rdflib.term import Node
from rdflib.util import guess_format

from .errors import InputError, where

__all__ = ["validate", "ValidationReport", "Result", "load_graph", "SHAPES", "ONTOLOGY"]

#: The shipped SHACL shapes and OWL ontology.
SHAPES = Path(__file__).with_name("shapes.ttl")
ONTOLOGY = Path(__file__).with_name("ontology.ttl")

GraphSource = Union[str, Path, Graph]


class Result(NamedTuple):
    """One validation result: the node at fault, the named shape it broke,
    the property path (``None`` for a constraint on the node itself) and the
    shape's message."""

    focus: Node | None
    shape: Node | None
    path: URIRef | RDFPath | Node | None
    message: str


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`: ``conforms`` is true when there is no
    violation; ``results`` are the violations and ``warnings`` the results of
    severity ``sh:Warning`` or ``sh:Info``, each sorted; ``text`` is pyshacl's
    full report."""

    conforms: bool
    results: tuple[Result, ...]
    warnings: tuple[Result, ...]
    text: str

    @property
    def shapes(self) -> frozenset[Node]:
        """The shapes that have a violation."""
        return frozenset(r.shape for r in self.results if r.shape is not None)


def load_graph(source: GraphSource) -> Graph:
    """``source`` itself if it is a graph, else the graph parsed from the
    file (format from the suffix, Turtle by default). A file that does not
    parse raises :class:`InputError` naming the file and, when the parser
    knows it, the line."""
    if isinstance(source, Graph):
        return source
    path = Path(source)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    fmt = guess_format(str(path)) or "turtle"
    try:
        return Graph().parse(path, format=fmt)
    except SyntaxError as exc:       # rdflib's Turtle/N3 BadSyntax: .lines counts from 0
        lines = getattr(exc, "lines", None)
        line = lines + 1 if isinstance(lines, int) else exc.lineno
        why = getattr(exc, "_why", None) or exc.msg or str(exc)
        raise InputError(f"{where(path, line)}: not valid {fmt}: {why}") from None
    except SAXParseException as exc:
        raise InputError(f"{where(path, exc.getLineNumber())}: not valid {fmt}: "
                         f"{exc.getMessage()}") from None
    except (ParserError, ValueError) as exc:
        raise InputError(f"{path}: not valid {fmt}: {exc}") from None


@lru_cache(maxsize=None)
def _shipped(path: Path) -> Graph:
    return load_graph(path)


def validate(data: GraphSource, *, shapes: GraphSource | None = None,
             ontology: GraphSource | None = None) -> ValidationReport:
    """Validate ``data`` (a path or an :class:`rdflib.Graph`) against
    ``shapes`` with ``ontology`` as the ontology graph; both default to the
    shipped files. ``data`` is not modified."""
    import pyshacl

    data_graph = load_graph(data)
    shapes_graph = _shipped(SHAPES) if shapes is None else load_graph(shapes)
    ont_graph = _shipped(ONTOLOGY) if ontology is None else load_graph(ontology)
    conforms, results_graph, text = pyshacl.validate(
        data_graph, shacl_graph=shapes_graph, ont_graph=ont_graph, inference="none",
        advanced=True, allow_warnings=True)
    violations, warnings = _results(results_graph, shapes_graph)
    return ValidationReport(conforms=bool(conforms), results=violations,
                            warnings=warnings, text=text)


def _results(rg: Graph, sg: Graph) -> tuple[tuple[Result, ...], tuple[Result, ...]]:
    """The results of pyshacl's report graph, split by severity and sorted.
    A result of an unnamed property shape is credited to its named node shape."""
    owner = {prop: node for node, prop in sg.subject_objects(SH.property)}
    violations, warnings = [], []
    for r in rg.subjects(RDF.type, SH.ValidationResult):
        source = rg.value(r, SH.sourceShape)
        shape = owner.get(source, source) if isinstance(source, BNode) else source
        path = rg.value(r, SH.resultPath)
        messages = sorted({str(m) for m in rg.objects(r, SH.resultMessage)})
        result = Result(rg.value(r, SH.focusNode), shape,
                        None if path is None else _path(rg, path), "; ".join(messages))
        if rg.value(r, SH.resultSeverity) == SH.Violation:
            violations.append(result)
        else:
            warnings.append(result)
    return tuple(sorted(violations, key=_key)), tuple(sorted(warnings, key=_key))


def _path(g: Graph, node: Node) -> Any:
    """A SHACL property path node as an rdflib path (``^kg:evidence`` etc.)."""
    if isinstance(node, URIRef):
        return node
    if (node, RDF.first, None) in g:
        return SequencePath(*(_path(g, n) for n in Collection(g, node)))
    if (inverse := g.value(node, SH.inversePath)) is not None:
        return InvPath(_path(g, inverse))
    if (alternatives := g.value(node, SH.alternativePath)) is not None:
        return AlternativePath(*(_path(g, n) for n in Collection(g, alternatives)))
    for prop, mod in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"),
                      (SH.zeroOrOnePath, "?")):
        if (inner := g.value(node, prop)) is not None:
            return MulPath(_path(g, inner), cast(Any, mod))
    return node


def _key(r: Result) -> tuple[str, ...]:
    def text(x: object) -> str:
        if x is None:
            return ""
        if isinstance(x, (URIRef, BNode, Literal, RDFPath)):
            return x.n3()
        return str(x)
    return (text(r.focus), text(r.shape), text(r.path), r.message)
