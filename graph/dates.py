"""Date expressions in a sentence, normalised to ISO at the precision the
text supports, relative ones fixed by the document's date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["DateExpr", "find_dates"]

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december"
    .split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday"
                                       .split())}
_M = r"(?P<month>january|february|march|april|may|june|july|august|september|october|" \
     r"november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
# A lookahead for the letters a match can start with (a month's, or for "my"
# also a preposition's) lets the case-blind regexes reject most positions at once.
_PATTERNS = [
    # February 25th, 2019 / Feb. 25 / February 25
    ("mdy", re.compile(r"(?=[jfmasond])" + _M +
                       r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{4}))?", re.I)),
    # 25 February 2019 / 25th of February
    ("dmy", re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _M +
                       r"(?:,?\s+(?P<year>\d{4}))?", re.I)),
    # in March / in February 2019 / March 2019
    ("my", re.compile(r"(?=[ibdelmstjfaon])"
                      r"\b(?:(?P<prep>in|since|during|by|early|late|mid|last|this)[\s-]+)?" + _M +
                      r"(?:,?\s+(?P<year>\d{4}))?\b(?![-‑]\w)", re.I)),  # not "Mar-a-Lago"
    # in the 90s / in the 1990s
    ("decade", re.compile(r"\bthe\s+(?:(?P<century>19|20)?(?P<decade>\d)0)['’]?s\b", re.I)),
    # in 2018
    ("y", re.compile(r"\b(?:in|since|during|of|by)\s+(?P<year>(?:19|20)\d{2})\b", re.I)),
    # the second year of "in 2015 and 2017"
    ("y", re.compile(r"(?<=\d{4} and )(?P<year>(?:19|20)\d{2})\b")),
    ("weekday", re.compile(r"\b(?:on\s+|last\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|"
                           r"friday|saturday|sunday)(?:['’]s)?\b", re.I)),
    ("relative", re.compile(r"\b(?P<rel>today|tonight|this morning|this afternoon|this evening|"
                            r"yesterday|earlier this month|this month|"
                            r"earlier this year|this year|last month|last year|"
                            r"(?:earlier )?this week|last week(?:end)?|at the weekend)(?:['’]s)?\b",
                            re.I)),
]


@dataclass(frozen=True)
class DateExpr:
    """A date found in a sentence: ``value`` ISO (``2019``, ``2019-02``,
    ``2019-02-25``), or a decade such as ``199`` for "the 90s"."""

    start: int
    end: int
    text: str
    value: str
    bound: bool = False     # "since 2011", "since the war began in 2011": not the event's date


def _doc_day(doc_date: str | None) -> dt.date | None:
    if doc_date and len(doc_date) == 10:
        return dt.date.fromisoformat(doc_date)
    return None


def _year_for(month: int, doc_date: str | None) -> int | None:
    """The year of a month named without one: the document's year, or the
    year before when the month lies after the document's month."""
    if not doc_date:
        return None
    year = int(doc_date[:4])
    if len(doc_date) >= 7 and month > int(doc_date[5:7]):
        year -= 1
    return year


def _value(kind: str, m: re.Match, doc_date: str | None) -> str | None:
    g = m.groupdict()
    if kind in ("mdy", "dmy", "my"):
        month = MONTHS[g["month"].lower()]
        if kind == "my" and g["month"].lower() == "may" and not g.get("year") and not g.get("prep"):
            return None     # the modal verb "may"
        year = int(g["year"]) if g.get("year") else _year_for(month, doc_date)
        if year is None:
            return None
        if kind == "my":
            return f"{year:04d}-{month:02d}"
        try:
            return dt.date(year, month, int(g["day"])).isoformat()
        except ValueError:
            return None
    if kind == "y":
        return g["year"]
    if kind == "decade":
        century = g["century"] or "19"
        return f"{century}{g['decade']}"
    day = _doc_day(doc_date)
    if kind == "weekday":
        if day is None:
            return None
        back = (day.weekday() - WEEKDAYS[g["weekday"].lower()]) % 7
        return (day - dt.timedelta(days=back)).isoformat()
    rel = g["rel"].lower()
    if not doc_date:
        return None
    if rel in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return day.isoformat() if day else None
    if rel == "yesterday":
        return (day - dt.timedelta(days=1)).isoformat() if day else None
    if rel in ("earlier this month", "this month"):
        return doc_date[:7] if len(doc_date) >= 7 else None
    if rel in ("earlier this year", "this year"):
        return doc_date[:4]
    if rel == "last year":
        return str(int(doc_date[:4]) - 1)
    if rel in ("this week", "earlier this week") and day:
        return _week_month(day - dt.timedelta(days=day.weekday()), day)
    if rel == "last week" and day:
        monday = day - dt.timedelta(days=day.weekday() + 7)
        return _week_month(monday, monday + dt.timedelta(days=6))
    if rel == "last weekend" and day:
        saturday = day - dt.timedelta(days=day.weekday() + 2)
        return _week_month(saturday, saturday + dt.timedelta(days=1))
    if rel == "at the weekend" and day:
        return _week_month(day - dt.timedelta(days=2), day)
    if rel == "last month" and len(doc_date) >= 7:
        y, mo = int(doc_date[:4]), int(doc_date[5:7])
        y, mo = (y - 1, 12) if mo == 1 else (y, mo - 1)
        return f"{y:04d}-{mo:02d}"
    return None


def _week_month(first: dt.date, last: dt.date) -> str | None:
    """A week's span as its month, when the week lies in one month
    ("last week's talks" are of May when all of last week was)."""
    return first.isoformat()[:7] if first.month == last.month else None


# What a match of each of _PATTERNS needs in the sentence: words (any of a
# group, in the lower-cased text) and a digit. Most sentences name no month
# or weekday, and a few ``in`` tests cost much less than the case-blind
# regexes: a pattern whose needs are missing is not run.
_HINT_WORDS: dict[str, tuple[str, ...]] = {
    "month": ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    "year": ("19", "20"), "the": ("the",), "zero": ("0",), "and": (" and ",), "day": ("day",),
    "relative": ("today", "tonight", "yesterday", "this ", "last ", "weekend"),
}
_NEEDS: list[tuple[str, ...]] = [
    ("month", "digit"), ("month", "digit"), ("month",), ("the", "zero"), ("year",),
    ("and", "year"), ("day",), ("relative",),
]
assert len(_NEEDS) == len(_PATTERNS)
_DIGIT = re.compile(r"\d")
# Characters that re.IGNORECASE matches to an ASCII letter although their
# lower case is not that letter: with them the word needs are not checked.
_ODD_CASE = re.compile("[\u0130\u0131\u017f\u212a]")


def _present(text: str) -> dict[str, bool] | None:
    """Which needs of :data:`_NEEDS` ``text`` meets (``None``: cannot tell)."""
    if _ODD_CASE.search(text):
        return None
    low = text.lower()
    has = {name: any(w in low for w in words) for name, words in _HINT_WORDS.items()}
    has["digit"] = _DIGIT.search(text) is not None
    return has


# The last sentence's dates: the rules of one sentence ask in turn.
_last: tuple[tuple[str, str | None], tuple[DateExpr, ...]] | None = None


_DATELINE_BEFORE = re.compile(r"^\s*(?:[A-Z][A-Za-z/ .'-]*,\s*)?$")
_DATELINE_AFTER = re.compile(r"^\s*(?:\([^)]{0,60}\))?\s*[-–—]")


def _in_dateline(text: str, m: re.Match) -> bool:
    """"ANKARA, Sept 16 (Reuters) -", "March 9, 2019 (NEO) –": the date the
    story was filed, not the date of what it reports."""
    return bool(_DATELINE_BEFORE.match(text[:m.start()]) and _DATELINE_AFTER.match(text[m.end():]))


def find_dates(text: str, doc_date: str | None = None) -> list[DateExpr]:
    """Date expressions of ``text``, the most precise reading of each span.

    >>> [d.value for d in find_dates("Assad traveled to Tehran on February 25th.", "2019-02")]
    ['2019-02-25']
    >>> [d.value for d in find_dates("He left on Sunday morning.", "2022-05-09")]
    ['2022-05-08']
    >>> [d.value for d in find_dates("He met him in February 2019 and in the 90s.")]
    ['2019-02', '199']
    """
    global _last
    last = _last
    if last is not None and last[0] == (text, doc_date):
        return list(last[1])
    found: list[DateExpr] = []
    taken: list[tuple[int, int]] = []
    has = _present(text)
    for (kind, rx), needs in zip(_PATTERNS, _NEEDS):
        if has is not None and not all(has[n] for n in needs):
            continue            # no match possible
        for m in rx.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            value = _value(kind, m, doc_date)
            if value is None:
                continue
            taken.append((m.start(), m.end()))
            clause = re.split(r"[,;:()–—]", text[:m.start()])[-1].lower()
            bound = bool(re.search(r"\b(?:since|until|till|began|begun|started|broke out|"
                                   r"erupted)\b", clause)) or \
                bool(re.search(r"\b(?:before|after)\s*$", clause)) or \
                m.group().lower().startswith(("since", "by")) or _in_dateline(text, m)
            found.append(DateExpr(m.start(), m.end(), m.group(), value, bound))
    found.sort(key=lambda d: d.start)
    _last = ((text, doc_date), tuple(found))
    return found
