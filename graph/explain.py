"""``kg explain``: why every mention, fact and dropped candidate exists."""

from __future__ import annotations

from .build import run
from .errors import InputError

__all__ = ["explain"]


def explain(inputs, doc_id: str, *, knowledge=None, rules=None) -> str:
    """A plain-text report of one document: mentions, facts, dropped candidates."""
    b = run(inputs, knowledge=knowledge, rules=rules)
    result = next((r for r in b.results if r.doc.id == doc_id), None)
    if result is None:
        known = ", ".join(r.doc.id for r in b.results)
        raise InputError(f"--doc {doc_id}: no such document (known: {known})")
    def label(eid: str | None) -> str:
        if eid is None:
            return "?"
        ent = b.kb.entities.get(eid) or result.entities.get(eid)
        return ent.label if ent else eid
    lines = [f"document {result.doc.id}  date {result.doc.date or '-'}  "
             f"title {result.doc.title or '-'}", "", "mentions:"]
    for sm in result.sentences:
        for _, _, m in sm.mentions:
            if m.type == "Title":
                what = f"title ({m.role})"
            else:
                what = f"{label(m.entity)} [{m.type}]"
                if m.place:
                    what += f" / place {label(m.place)}"
                if m.office:
                    what += f" as {m.office[0]} of {label(m.office[1])}"
            lines.append(f"  s{m.sentence:<3} {m.start:>6}-{m.end:<6} {m.text!r:40} -> {what}"
                         f"  via {m.via}")
    lines += ["", "facts:"]
    for f in result.facts:
        lines.append(f"  s{f.sentence:<3} {label(f.subject)} {f.relation} {label(f.object)}"
                     f"{' ' + f.date if f.date else ''}  [rule {f.rule}]")
    lines += ["", "dropped:"]
    for d in result.dropped:
        f = d.fact
        lines.append(f"  s{f.sentence:<3} {label(f.subject)} {f.relation} {label(f.object)}"
                     f"  [rule {f.rule}] {d.reason} (cue {d.cue!r})")
    return "\n".join(lines) + "\n"
