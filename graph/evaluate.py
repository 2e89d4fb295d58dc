"""``kg evaluate``: extracted facts against hand-written gold files.

A gold file (``tests/gold/<doc>.gold``) names its document in a
``# doc: ID`` line and lists one fact a line, ``subject | relation | object
[| date [| role]]``; ``#`` starts a comment. Names are matched strictly: a
canonical name, an alias, or a short form only when a single entity has it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import AbstractSet

from .build import Build
from .errors import InputError, Problem
from .knowledge import KnowledgeBase, slug
from .model import RELATIONS, SYMMETRIC, Fact

__all__ = ["GoldFact", "read_gold", "evaluate", "Score", "Report", "format_report"]


@dataclass(frozen=True)
class GoldFact:
    doc: str
    subject: str
    relation: str
    object: str
    date: str | None
    line: int
    text: str


def _resolve(kb: KnowledgeBase, name: str, extra: AbstractSet[str]) -> str:
    eid = kb.lookup(name)
    if eid:
        return eid
    s = slug(name)
    return s if s in extra or s in kb.entities else s


def read_gold(folder: str | Path, kb: KnowledgeBase, extra: AbstractSet[str] = frozenset()) \
        -> dict[str, list[GoldFact]]:
    """Gold facts by document id; every malformed line is reported at once."""
    folder = Path(folder)
    files = sorted(folder.glob("*.gold")) if folder.is_dir() else []
    if not files:
        raise InputError(f"{folder}: no .gold files found")
    problems: list[Problem] = []
    gold: dict[str, list[GoldFact]] = {}
    for path in files:
        doc = None
        facts: list[GoldFact] = []
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if line.startswith("# doc:"):
                doc = line.split(":", 1)[1].strip()
                continue
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) < 3 or parts[1] not in RELATIONS:
                problems.append(Problem(str(path), n, None,
                                        f"expected 'subject | relation | object [| date]', "
                                        f"got {raw.strip()!r}"))
                continue
            s = _resolve(kb, parts[0], extra)
            o = _resolve(kb, parts[2], extra)
            if parts[1] in SYMMETRIC and o < s:
                s, o = o, s
            date = parts[3] if len(parts) > 3 and parts[3] else None
            facts.append(GoldFact("", s, parts[1], o, date, n, line))
        if doc is None:
            problems.append(Problem(str(path), 1, None, "missing '# doc: ID' line"))
            continue
        gold[doc] = [GoldFact(doc, f.subject, f.relation, f.object, f.date, f.line, f.text)
                     for f in facts]
    if problems:
        raise InputError.collect("gold files", problems)
    return gold


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    by_relation: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    dates_right: int = 0
    dates_total: int = 0
    missed: list[GoldFact] = field(default_factory=list)
    spurious: list[Fact] = field(default_factory=list)
    wrong_dates: list[tuple[GoldFact, Fact]] = field(default_factory=list)

    @property
    def overall(self) -> Score:
        s = Score()
        for v in self.by_relation.values():
            s.tp, s.fp, s.fn = s.tp + v.tp, s.fp + v.fp, s.fn + v.fn
        return s

    @property
    def date_accuracy(self) -> float:
        return self.dates_right / self.dates_total if self.dates_total else 0.0


def evaluate(build: Build, gold: dict[str, list[GoldFact]]) -> Report:
    """Score the facts of ``build`` against ``gold`` (documents in both only).

    A predicted fact matches a gold fact with the same subject, relation and
    object in the same document, each used once; dates are scored over the
    matched ``visited``/``met`` facts whose gold line has a date.
    """
    rep = Report()
    for doc, gfacts in sorted(gold.items()):
        pred = [f for f in build.facts if f.doc == doc]
        used: set[int] = set()
        for g in sorted(gfacts, key=lambda g: g.date is None):
            cands = [i for i, f in enumerate(pred) if i not in used and
                     (f.subject, f.relation, f.object) == (g.subject, g.relation, g.object)]
            if not cands:
                rep.by_relation[g.relation].fn += 1
                rep.missed.append(g)
                continue
            i = next((i for i in cands if pred[i].date == g.date), cands[0])
            used.add(i)
            rep.by_relation[g.relation].tp += 1
            if g.date and g.relation in ("visited", "met"):
                rep.dates_total += 1
                if pred[i].date == g.date:
                    rep.dates_right += 1
                else:
                    rep.wrong_dates.append((g, pred[i]))
        for i, f in enumerate(pred):
            if i not in used:
                rep.by_relation[f.relation].fp += 1
                rep.spurious.append(f)
    return rep


def format_report(rep: Report, errors: bool = False, label=lambda e: e) -> str:
    rows = [f"{'relation':14} {'gold':>5} {'found':>5} {'right':>5} {'P':>6} {'R':>6} {'F1':>6}"]
    for rel in RELATIONS:
        s = rep.by_relation.get(rel, Score())
        rows.append(f"{rel:14} {s.tp + s.fn:5d} {s.tp + s.fp:5d} {s.tp:5d} "
                    f"{s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}")
    o = rep.overall
    rows.append(f"{'overall':14} {o.tp + o.fn:5d} {o.tp + o.fp:5d} {o.tp:5d} "
                f"{o.precision:6.3f} {o.recall:6.3f} {o.f1:6.3f}")
    rows.append(f"dates: {rep.dates_right}/{rep.dates_total} right "
                f"({rep.date_accuracy:.3f}) over matched visited/met facts with a gold date")
    if errors:
        rows.append("")
        rows.append(f"missed ({len(rep.missed)}):")
        for g in rep.missed:
            rows.append(f"  {g.doc}:{g.line}  {g.text}")
        rows.append(f"spurious ({len(rep.spurious)}):")
        for f in rep.spurious:
            rows.append(f"  {f.doc} s{f.sentence}  {label(f.subject)} | {f.relation} | "
                        f"{label(f.object)}{' | ' + f.date if f.date else ''}  [{f.rule}]")
            rows.append(f"      {f.evidence[:160]}")
        rows.append(f"wrong dates ({len(rep.wrong_dates)}):")
        for g, f in rep.wrong_dates:
            rows.append(f"  {g.doc}:{g.line}  {g.text}   (found {f.date})")
    return "\n".join(rows) + "\n"
