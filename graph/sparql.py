"""SPARQL over the exported graph: an embedded store (pyoxigraph) by default,
or any SPARQL 1.1 endpoint over HTTP (Graph Store Protocol to load)."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import GraphError, InputError

__all__ = ["QueryError", "EndpointError", "open_store", "query", "query_endpoint", "load_endpoint",
           "check_endpoint", "Table", "format_table", "QUERIES", "read_query", "to_sparql_store"]

#: The queries shipped with the package (``graph/queries/*.rq``).
QUERIES = Path(__file__).with_name("queries")
FORMATS = ("table", "csv", "json")


class QueryError(GraphError):
    """A SPARQL query is malformed or cannot run."""


class EndpointError(GraphError):
    """A SPARQL endpoint cannot be reached or refuses a request."""


@dataclass(frozen=True)
class Table:
    """A SELECT result: column names and rows of plain strings ('' for unbound)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def open_store(path: str | Path) -> ox.Store:
    """An in-memory store holding the Turtle file ``path``."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file (build it with `kg build`)")
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    except SyntaxError as exc:
        raise InputError(f"{path}: not valid Turtle: {exc}") from None
    return store


def to_sparql_store(G) -> ox.Store:
    """An embedded SPARQL store holding the RDF of graph ``G``."""
    from .export import to_rdf

    store = ox.Store()
    data = to_rdf(G).serialize(format="ntriples")
    store.bulk_load(input=data.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def read_query(text_or_path: str) -> str:
    """A query given as text, as a file, or as the name of a shipped query
    (``who-met-whom`` is ``graph/queries/who-met-whom.rq``)."""
    candidates = [Path(text_or_path), QUERIES / f"{text_or_path}.rq"]
    for p in candidates:
        try:
            if p.is_file():
                return p.read_text(encoding="utf-8")
        except OSError:
            pass
    if text_or_path.endswith(".rq"):
        raise InputError(f"{text_or_path}: no such query file")
    if _NAME.fullmatch(text_or_path.strip()):
        names = ", ".join(sorted(p.stem for p in QUERIES.glob("*.rq")))
        raise InputError(f"{text_or_path}: neither a file nor a SPARQL query "
                         f"(the named queries are: {names})")
    return text_or_path


#: One word that cannot be a SPARQL query: a mistyped query name or file.
_NAME = re.compile(r"[\w./\\-]+")


def _short(message: str, limit: int = 120) -> str:
    r"""A parser message cut to its position and first ``limit`` characters,
    without the character classes that can run to hundreds of lines.

    >>> _short('error at 1:18: expected one of "(", "[", [\'0\'..=\'9\'], [\'A\'\n..= \'Z\'], [_]')
    'error at 1:18: expected one of "(", "[", …'
    """
    text = re.sub(r",?\s*\[(?:_|'[^\]]*)\]", "", message)     # ['0'..='9'], [_] and the like
    if text != message:
        text = text.rstrip(", ") + ", …"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _term(t) -> str:
    if t is None:
        return ""
    return t.value


def query(store: ox.Store, sparql: str) -> Table:
    """Run a SELECT (or ASK) query on ``store``.

    >>> store = open_store("exports/graph.ttl")
    >>> t = query(store, read_query("alliances"))
    >>> t.columns
    ('actor', 'ally', 'sources')
    """
    try:
        result = store.query(sparql)
    except SyntaxError as exc:
        raise QueryError(f"malformed SPARQL query: {_short(str(exc))}") from None
    except (OSError, ValueError) as exc:
        raise QueryError(f"query failed: {exc}") from None
    if isinstance(result, (bool, getattr(ox, "QueryBoolean", bool))):   # ASK
        return Table(("result",), ((str(bool(result)).lower(),),))
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("only SELECT and ASK queries give tables; CONSTRUCT/DESCRIBE do not")
    cols = tuple(v.value for v in result.variables)
    rows = tuple(tuple(_term(sol[c]) for c in cols) for sol in result)
    return Table(cols, rows)


def format_table(t: Table, fmt: str = "table") -> str:
    """``table`` (aligned text), ``csv`` or ``json`` (a list of objects)."""
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(t.columns)
        w.writerows(t.rows)
        return buf.getvalue()
    if fmt == "json":
        return json.dumps([dict(zip(t.columns, r)) for r in t.rows], ensure_ascii=False,
                          indent=2) + "\n"
    if fmt != "table":
        raise QueryError(f"unknown format {fmt!r} (allowed: {', '.join(FORMATS)})")
    widths = [max([len(c)] + [len(r[i]) for r in t.rows]) for i, c in enumerate(t.columns)]
    widths = [min(w, 60) for w in widths]
    def line(cells) -> str:
        return "  ".join((c if len(c) <= w else c[: w - 1] + "…").ljust(w)
                         for c, w in zip(cells, widths)).rstrip()
    out = [line(t.columns), line(["-" * w for w in widths])]
    out += [line(r) for r in t.rows]
    out.append(f"({len(t.rows)} row{'s' if len(t.rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _request(req: urllib.request.Request, timeout: float) -> bytes:
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.read()
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace")[:300]
        raise EndpointError(f"{req.full_url}: HTTP {exc.code} {exc.reason}: {body}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise EndpointError(f"{req.full_url}: cannot reach the endpoint ({reason})") from None


def check_endpoint(url: str) -> str:
    """``url`` if it is an http or https URL with a host; else :class:`EndpointError`.

    >>> check_endpoint("localhost:7878/query")
    Traceback (most recent call last):
    ...
    graph.sparql.EndpointError: endpoint 'localhost:7878/query': not an http or https URL with a host (e.g. http://127.0.0.1:7878/query)
    """
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
        parts.port                             # a port that is not a number raises
    except ValueError as exc:
        raise EndpointError(f"endpoint {url!r}: not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise EndpointError(f"endpoint {url!r}: not an http or https URL with a host "
                            "(e.g. http://127.0.0.1:7878/query)")
    return url


def load_endpoint(url: str, turtle: str | Path, *, graph: str | None = None,
                  replace: bool = True, timeout: float = 60.0) -> None:
    """Send a Turtle file to a SPARQL 1.1 Graph Store Protocol endpoint
    (``url`` such as ``http://127.0.0.1:7878/store``): into the default graph,
    or the named ``graph``; ``replace`` uses PUT, otherwise POST (merge)."""
    check_endpoint(url)
    path = Path(turtle)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    target = url + ("?graph=" + urllib.parse.quote(graph, safe="") if graph else "?default")
    req = urllib.request.Request(target, data=path.read_bytes(), method="PUT" if replace else "POST",
                                 headers={"Content-Type": "text/turtle"})
    _request(req, timeout)


def query_endpoint(url: str, sparql: str, *, timeout: float = 60.0) -> Table:
    """Run a SELECT query on a SPARQL 1.1 endpoint (``url`` such as
    ``http://127.0.0.1:7878/query``); results as a :class:`Table`."""
    check_endpoint(url)
    data = urllib.parse.urlencode({"query": sparql}).encode()
    req = urllib.request.Request(url, data=data, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json"})
    raw = _request(req, timeout)
    try:
        res = json.loads(raw)
    except ValueError:
        raise EndpointError(f"{url}: the answer is not SPARQL JSON results "
                            f"(not JSON: {raw[:80]!r})") from None
    return _json_results(url, res)


def _json_results(url: str, res: object) -> Table:
    """The :class:`Table` of SPARQL 1.1 JSON results ``res``; an
    :class:`EndpointError` naming ``url`` and the first thing amiss."""
    def bad(what: str) -> EndpointError:
        return EndpointError(f"{url}: the answer is not SPARQL JSON results ({what})")

    if not isinstance(res, dict):
        raise bad(f"a JSON {type(res).__name__}, not an object")
    if "boolean" in res:
        if not isinstance(res["boolean"], bool):
            raise bad(f'"boolean" is {res["boolean"]!r}, not true or false')
        return Table(("result",), ((str(res["boolean"]).lower(),),))
    head, results = res.get("head"), res.get("results")
    if not isinstance(head, dict) or not isinstance(head.get("vars"), list) or \
            not all(isinstance(v, str) for v in head["vars"]):
        raise bad('no "head" with a list of "vars"')
    if not isinstance(results, dict) or not isinstance(results.get("bindings"), list):
        raise bad('no "results" with a list of "bindings"')
    cols = tuple(head["vars"])
    rows = []
    for i, b in enumerate(results["bindings"]):
        if not isinstance(b, dict) or not all(
                isinstance(b.get(c, {}), dict) and isinstance(b.get(c, {}).get("value", ""), str)
                for c in cols):
            raise bad(f"binding {i} is not an object of terms with a \"value\"")
        rows.append(tuple(b.get(c, {}).get("value", "") for c in cols))
    return Table(cols, tuple(rows))
