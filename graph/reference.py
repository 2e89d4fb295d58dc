"""Entities found in a document against a hand-written reference list
(``tests/reference/<doc>.entities``: ``Type | Name`` lines)."""

from __future__ import annotations

from pathlib import Path

from .errors import InputError, Problem
from .evaluate import Score
from .extract import DocResult
from .knowledge import KnowledgeBase, slug

__all__ = ["read_reference", "found_entities", "score_entities", "format_entity_report"]

TYPES = ("Person", "State", "Organization", "Place")


def read_reference(path: str | Path, kb: KnowledgeBase) -> dict[str, set[str]]:
    """``{type: {entity id}}`` of a reference file; names resolve through the
    knowledge base (a name it lacks keeps its slug, and will count as missed).
    Lines after a ``# bylines`` comment (authors of the piece) do not count."""
    path = Path(path)
    out: dict[str, set[str]] = {t: set() for t in TYPES}
    problems = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if raw.strip().lower().startswith("# bylines"):
            break
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 2 or parts[0] not in TYPES:
            problems.append(Problem(str(path), n, None, f"expected 'Type | Name', got {raw!r}"))
            continue
        out[parts[0]].add(kb.lookup(parts[1]) or slug(parts[1]))
    if problems:
        raise InputError.collect(str(path), problems)
    return out


def found_entities(result: DocResult, kb: KnowledgeBase) -> dict[str, set[str]]:
    """``{type: {entity id}}`` of the mentions resolved in one document (a
    capital counts for its state, and for the city when a fact goes there)."""
    out: dict[str, set[str]] = {t: set() for t in TYPES}
    for sm in result.sentences:
        for _, _, m in sm.mentions:
            if m.entity is None or m.type == "Title":
                continue
            typ = "State" if m.type == "Capital" else m.type
            out[typ].add(m.entity)
    for f in result.facts:
        for e in (f.subject, f.object):
            ent = kb.entities.get(e) or result.entities.get(e)
            if ent is not None and ent.type == "Place":
                out["Place"].add(e)
    return out


def format_entity_report(rows: list[tuple[str, dict[str, Score]]]) -> str:
    """One line per document and type, then the totals."""
    types = ("Person", "State", "Organization")
    lines = [f"{'document':24} " + " ".join(f"{t[:12]:>16}" for t in types)]
    total = {t: Score() for t in types}
    for doc, sc in rows:
        cells = []
        for t in types:
            s = sc[t]
            total[t].tp += s.tp
            total[t].fp += s.fp
            total[t].fn += s.fn
            cells.append(f"{s.tp:>3}/{s.tp + s.fn:<3}(+{s.fp:<2})    ")
        lines.append(f"{doc:24} " + " ".join(f"{c:>16}" for c in cells))
    lines.append(f"{'recall':24} " + " ".join(f"{total[t].recall:>16.3f}" for t in types))
    lines.append(f"{'precision':24} " + " ".join(f"{total[t].precision:>16.3f}" for t in types))
    lines.append("cells: found right / in reference (+ found but not in the reference)")
    return "\n".join(lines) + "\n"


def score_entities(found: dict[str, set[str]], ref: dict[str, set[str]],
                   types=("Person", "State", "Organization")) -> dict[str, Score]:
    """Per type: entities found and in the reference (tp), found only (fp),
    in the reference only (fn)."""
    return {t: Score(len(found[t] & ref[t]), len(found[t] - ref[t]), len(ref[t] - found[t]))
            for t in types}
