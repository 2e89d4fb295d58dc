"""The rule pattern language, compiled to regular expressions over a
*view* of a sentence: its words lower-cased, each mention one token.

========================  =====================================================
``{S:Person}``            a mention slot: role ``S`` (subject), ``O`` (object),
                          ``R`` (a title) or ``X`` (any other mention, not
                          used in the fact); types joined by ``|``
``{O:Person+}``           a list of mentions: "A, B and C" (one fact each)
``<meet>``                every inflection of a word: meet meets met meeting
``<travel|fly>``          inflections of several words
``word``, ``'s``, ``,``   the word or symbol itself (case-insensitive)
``( a | b c )``           alternatives; ``(with)?`` is optional
``...``                   up to five words that are not mentions
``..``                    up to three words that are not mentions
``~~``                    up to twelve tokens, mentions included
``~-``                    up to twelve words that are not mentions, clause
                          words and commas included ("^ ~- {S:Person}": the
                          first person of the sentence)
``^``                     the start of the sentence
``!'s``, ``!word``          not followed by that word: ``{O:Actor} !'s`` keeps
                          "Iran's commander" from making Iran the object

Gaps (``...``, ``..``) never cross a clause boundary: a conjunction, a
relative pronoun or a subordinator (and, but, which, who, after, while, …),
a comma or a semicolon. They step over no mention, except one that opens a
hyphenated compound ("strikes against Iran-linked targets there"). Two of
the wide gaps (``...``, ``~~``, ``~-``) may not follow each other with only
optional items between them: merge them into one.
========================  =====================================================

Slot types: Person, State, Organization, Place, Title, Demonym (a
nationality word used as a modifier: "Iranian officials"), Actor (person,
state or organization), Location (place or state), TitledPerson (a person
named by a title, "the Syrian President"), Capital (a capital city standing
for its state: "allies in Moscow and Tehran"). A capital matches both State
and Place: "Tehran said" is the state, "travelled to Tehran" the city. A
mention that opens a hyphenated compound ("Iran-backed fighters",
"Iran-linked targets") is a modifier and fills no slot, unless the pattern
reads the compound itself: ``{S:Actor} - <back> {O:Actor}``.

The compiled expressions have no nested unbounded repetition, so matching
time grows linearly with the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["compile_pattern", "inflections", "PatternError", "SLOT_TAGS", "CompiledPattern"]


class PatternError(ValueError):
    """A pattern does not compile; the message says where and why."""


# slot type -> mention tags it accepts (tags as written in views)
SLOT_TAGS = {
    "Person": ("person", "person:t"),
    "TitledPerson": ("person:t",),
    "State": ("state", "capital"),
    "Organization": ("org",),
    "Place": ("place", "capital"),
    "Title": ("title",),
    "Demonym": ("dem",),
    "Actor": ("person", "person:t", "state", "capital", "org"),
    "Location": ("place", "capital", "state"),
    "Capital": ("capital",),
}
SLOT_NAMES = ("S", "O", "R", "X")
LIST_AND = r"(?:and |as well as |& )"

_IRREGULAR = {
    "meet": ["met"], "hold": ["held"], "go": ["went", "gone"], "fly": ["flew", "flown"],
    "make": ["made"], "pay": ["paid"], "send": ["sent"], "come": ["came"],
    "take": ["took", "taken"], "give": ["gave", "given"], "lead": ["led"], "sit": ["sat"],
    "fight": ["fought"], "shoot": ["shot"], "stand": ["stood"], "strike": ["struck", "stricken"],
    "win": ["won"],
    "speak": ["spoke", "spoken"], "tell": ["told"], "say": ["said"], "see": ["saw", "seen"],
    "leave": ["left"], "bring": ["brought"], "seek": ["sought"], "hit": ["hit"],
    "begin": ["began", "begun"], "shoot down": ["shot down"], "be": ["is", "was", "were", "been"],
    "do": ["did", "done", "does"], "have": ["has", "had"],
    "undertake": ["undertook", "undertaken"], "shake": ["shook", "shaken"],
    "spend": ["spent"], "lend": ["lent"], "build": ["built"], "throw": ["threw", "thrown"],
    "drive": ["drove", "driven"], "ride": ["rode", "ridden"], "break": ["broke", "broken"],
    "keep": ["kept"], "swear": ["swore", "sworn"],
    "overrun": ["overran", "overrun"], "blow up": ["blew up", "blown up"],
}
# Longer words that double their last consonant too (travel: both spellings).
_DOUBLE = {"travel", "commit", "admit", "refer", "control", "patrol", "equip", "label", "cancel"}
# Verbs stressed on a last syllable of one vowel and one consonant double it
# and only then: expel, expelled (not "expeled"); confer, conferred.
_DOUBLE_ONLY = {"expel", "repel", "compel", "propel", "dispel", "rebel", "confer", "defer",
                "deter", "infer", "prefer", "occur", "recur", "incur", "omit", "permit",
                "submit", "transmit", "regret", "abet", "embed", "forbid", "acquit", "allot",
                "kidnap", "overrun", "outstrip", "upset"}
# One syllable ending in one vowel and one consonant doubles it: lob, lobbed.
_CVC = re.compile(r"^[^aeiou]*[aeiou][^aeiouwxy]$")


def inflections(lemma: str) -> list[str]:
    """The forms of an English verb or noun.

    >>> inflections("travel")
    ['travel', 'traveled', 'traveling', 'travelled', 'travelling', 'travels']
    >>> inflections("meet")
    ['meet', 'meeting', 'meetings', 'meets', 'met']
    >>> inflections("accuse")
    ['accuse', 'accused', 'accuses', 'accusing']
    >>> inflections("hold")
    ['held', 'hold', 'holding', 'holds']
    >>> inflections("lob")
    ['lob', 'lobbed', 'lobbing', 'lobs']
    >>> inflections("expel")
    ['expel', 'expelled', 'expelling', 'expels']
    >>> inflections("agree")
    ['agree', 'agreed', 'agreeing', 'agrees']
    """
    lemma = lemma.lower()
    if " " in lemma:                     # phrasal: inflect the first word
        head, rest = lemma.split(" ", 1)
        forms = {f"{f} {rest}" for f in inflections(head)}
        forms.update(_IRREGULAR.get(lemma, []))
        return sorted(forms)
    forms = {lemma, *_IRREGULAR.get(lemma, [])}
    if lemma.endswith("ee"):              # agree: agreed, agreeing
        forms |= {lemma + "s", lemma + "d", lemma + "ing"}
    elif lemma.endswith("e"):
        stem = lemma[:-1]
        forms |= {lemma + "s", lemma + "d", stem + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "x", "z", "ch", "sh")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
        if lemma in _DOUBLE or lemma in _DOUBLE_ONLY or _CVC.match(lemma):
            doubled = {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
            if lemma not in _DOUBLE:          # "lobbed", not "lobed"
                forms -= {lemma + "ed", lemma + "ing"}
            forms |= doubled
    if lemma in _IRREGULAR:        # "meeted", "holded": no such words
        regular = {lemma + "ed", lemma + "d", lemma[:-1] + "ed", lemma + lemma[-1] + "ed"}
        forms -= regular - set(_IRREGULAR[lemma])
    if "meeting" in forms:
        forms.add("meetings")
    return sorted(f for f in forms if f)


_LEX = re.compile(r"\{[^}]*\}|<[^>]*>|\.\.\.|\.\.|~~|~-|\^|[()|?]|[^\s()|?]+")
#: Words a gap does not step over: they open another clause.
CLAUSE_WORDS = ("and", "but", "or", "nor", "which", "who", "whom", "whose", "that", "after",
                "before", "while", "when", "where", "because", "although", "though", "since",
                "until", "unless", "if", "whereas", ",", ";", ":", "“", "”", '"')
#: A gap word: any word but a clause word or a mention; the opening of a
#: compound ("«state~#3» - linked targets") is a modifier and counts as a word
_GAP_WORD = r"(?!(?:" + "|".join(re.escape(w) for w in CLAUSE_WORDS) + r") )" \
    r"(?:[^«\s]\S*|«[^\s»]*~#\d+») "
_WORD_OK = re.compile(r"^[\w'’,;:.&—–-]+$")
# The gaps' regexes: lazy, so each tries the empty match first.
_GAP_REGEX = {
    "...": f"(?:{_GAP_WORD}){{0,5}}?",
    "..": f"(?:{_GAP_WORD}){{0,3}}?",
    "~~": r"(?:\S+ ){0,12}?",
    "~-": r"(?:[^«\s]\S* ){0,12}?",
}
# A gap alone, or alone in parentheses: "..", "(..)"
_LAZY_GAPS = frozenset(list(_GAP_REGEX.values()) + [f"(?:{g})" for g in _GAP_REGEX.values()])


@dataclass(frozen=True)
class CompiledPattern:
    """A pattern's regular expression and what its slots are."""

    source: str
    regex: re.Pattern[str]
    slots: dict[str, tuple[tuple[str, ...], bool]]   # name -> (types, is_list)
    groups: dict[str, tuple[str, ...]] = None  # type: ignore[assignment]
    words: frozenset[str] = frozenset()        # the pattern's own words, all forms
    anchors: frozenset[str] | None = None      # a match holds one of these words (None: unknown)

    def needs(self) -> tuple[frozenset[str], ...]:
        """For each slot that fills the fact (S, O, R), the mention tags it
        accepts: a sentence lacking all of one slot's tags cannot match."""
        return tuple(frozenset(t for ty in types for t in SLOT_TAGS[ty])
                     for name, (types, _) in sorted(self.slots.items()) if name != "X")

    def group(self, match: "re.Match[str]", name: str) -> str | None:
        """The text a slot matched (a slot may appear in several alternatives)."""
        for g in self.groups.get(name, ()):
            value = match.group(g)
            if value is not None:
                return value
        return None


def _slot(body: str, where: str) -> tuple[str, tuple[str, ...], bool]:
    m = re.fullmatch(r"\s*([A-Z])\s*:\s*([A-Za-z|]+)\s*(\+?)\s*", body)
    if not m:
        raise PatternError(f"{where}: slot {{{body}}} must look like {{S:Person}} or {{O:Place+}}")
    name, types, is_list = m.group(1), tuple(m.group(2).split("|")), bool(m.group(3))
    if name not in SLOT_NAMES:
        raise PatternError(f"{where}: slot name {name!r} is not one of {', '.join(SLOT_NAMES)}")
    for t in types:
        if t not in SLOT_TAGS:
            raise PatternError(f"{where}: unknown slot type {t!r} "
                               f"(allowed: {', '.join(SLOT_TAGS)})")
    return name, types, is_list


_NOT_SAID = (r"(?!(?:says|said|say|told|tells|added|adds|reported|reports|claims|claimed|"
             r"insists|insisted|warned|warns|announced|alleges|alleged) )")


def _slot_regex(name: str, types: tuple[str, ...], is_list: bool, compound: bool = False) -> str:
    """``name`` is the regex group name (``S_0``, ``S_1``, …); ``compound``
    admits a mention that opens a hyphenated compound (tag ending in ``~``)."""
    tags = sorted({tag for t in types for tag in SLOT_TAGS[t]}, key=len, reverse=True)
    one = "«(?:" + "|".join(re.escape(t) for t in tags) + ")" + ("~?" if compound else "") + \
        r"#\d+» "
    if is_list:     # "A", "A and B", "A, B", "A, B and C", "A, B, and C"; not "A, and B"
        # "A, B" with no "and" is a headline's list ("U.S., Britain strike"),
        # but not when a verb of saying follows: "armed the Houthis, Riyadh says"
        return (f"(?P<{name}>{one}(?:(?:, {one}){{1,6}}(?:(?:, )?{LIST_AND}{one}|{_NOT_SAID})"
                f"|{LIST_AND}{one})?)")
    return f"(?P<{name}>{one})"


def compile_pattern(source: str, need_subject: bool = True) -> CompiledPattern:
    """Compile a pattern; raise :class:`PatternError` naming the problem.

    >>> p = compile_pattern("{S:Person} <meet> (with)? {O:Person+}")
    >>> m = p.regex.search("«person#0» met with «person#1» and «person#2» ")
    >>> p.group(m, "O")
    '«person#1» and «person#2» '
    >>> compile_pattern("{S:Persn} met")
    Traceback (most recent call last):
    ...
    graph.patterns.PatternError: at 1: unknown slot type 'Persn' (allowed: Person, TitledPerson, State, Organization, Place, Title, Demonym, Actor, Location, Capital)
    """
    items = [(m.group(), m.start() + 1) for m in _LEX.finditer(source)]
    own: set[str] = set()
    slots: dict[str, tuple[tuple[str, ...], bool]] = {}
    groups: dict[str, list[str]] = {}
    pos = 0

    def parse_seq(depth: int) -> tuple[str, frozenset[str] | None, _Shape]:
        nonlocal pos
        # piece index -> the slot there, in this sequence only: a "-" inside
        # a group ("(high - level)?") follows no slot of the sequence around it
        last_slot: dict[int, tuple[str, tuple[str, ...], bool]] = {}
        alts: list[str] = []
        alt_anchors: list[frozenset[str] | None] = []
        alt_shapes: list[_Shape] = []
        cur: list[str] = []
        shapes: list[_Shape] = []              # one per piece of cur
        required: list[frozenset[str]] = []    # anchors of the pieces a match must hold
        while pos < len(items):
            tok, col = items[pos]
            where = f"at {col}"
            if tok == ")":
                if depth == 0:
                    raise PatternError(f"{where}: ')' without '('")
                break
            pos += 1
            if tok == "|":
                if depth == 0:
                    raise PatternError(f"{where}: '|' outside parentheses")
                alts.append("".join(cur))
                alt_anchors.append(_best_anchor(required))
                alt_shapes.append(_sequence(shapes))
                cur = []
                shapes = []
                required = []
                last_slot.clear()
                continue
            anchor: frozenset[str] | None = None
            shape = _SOLID
            if tok == "(":
                inner, anchor, shape = parse_seq(depth + 1)
                if pos >= len(items) or items[pos][0] != ")":
                    raise PatternError(f"{where}: '(' is never closed")
                pos += 1
                piece = f"(?:{inner})"
            elif tok == "?":
                if not cur:
                    raise PatternError(f"{where}: '?' follows nothing")
                if cur[-1] not in _LAZY_GAPS:
                    cur[-1] = f"(?:{cur[-1]})?"
                # else: a gap that may be empty, and tries that first, is
                # optional already; "(?:gap)?" would retry every way of
                # matching what follows it once more after they all failed
                shapes[-1] = _Shape(True, shapes[-1].head, shapes[-1].tail)
                if piece_anchor[0] is not None:
                    required.remove(piece_anchor[0])   # optional: a match may lack it
                    piece_anchor[0] = None
                continue
            elif tok.startswith("{"):
                if not tok.endswith("}"):
                    raise PatternError(f"{where}: unclosed slot {tok!r}")
                name, types, is_list = _slot(tok[1:-1], where)
                if name in slots and slots[name] != (types, is_list):
                    raise PatternError(f"{where}: slot {name} appears twice with other types")
                slots[name] = (types, is_list)
                gname = f"{name}_{len(groups.setdefault(name, []))}"
                groups[name].append(gname)
                piece = _slot_regex(gname, types, is_list)
                last_slot[len(cur)] = (gname, types, is_list)
            elif tok.startswith("<"):
                if not tok.endswith(">") or len(tok) < 3:
                    raise PatternError(f"{where}: unclosed word form {tok!r}")
                words = [w.strip() for w in tok[1:-1].split("|")]
                if not all(w and re.fullmatch(r"[a-z][a-z -]*", w) for w in words):
                    raise PatternError(f"{where}: {tok!r} must hold lower-case words")
                forms = sorted({f for w in words for f in inflections(w)}, key=len, reverse=True)
                own.update(w for f in forms for w in f.split())
                anchor = frozenset(f.split()[0] for f in forms)
                piece = "(?:" + "|".join(re.escape(f).replace(r"\ ", " ") + " " for f in forms) + ")"
            elif tok in _GAP_REGEX:
                piece = _GAP_REGEX[tok]
            elif tok == "^":
                piece = "^"
            elif tok.startswith("!") and len(tok) > 1:
                word = tok[1:].lower().replace("’", "'")
                if not _WORD_OK.match(word):
                    raise PatternError(f"{where}: {tok!r} must be '!' and a word")
                piece = f"(?!{re.escape(word)} )"
            else:
                if not _WORD_OK.match(tok):
                    raise PatternError(f"{where}: {tok!r} is not a word")
                piece = re.escape(tok.lower().replace("’", "'")) + " "
                own.add(tok.lower())
                anchor = frozenset([tok.lower().replace("’", "'")])
                if tok == "-" and len(cur) - 1 in last_slot:     # "{S:Actor} - backed"
                    cur[-1] = _slot_regex(*last_slot[len(cur) - 1], compound=True)
            if tok in _GAPS:
                shape = _Shape(True, (tok, col), (tok, col))
            elif tok == "^" or tok.startswith("!"):
                shape = _Shape(True, None, None)          # matches no text
            before = _sequence(shapes).tail
            if before is not None and shape.head is not None:
                (t1, c1), (t2, c2) = before, shape.head
                raise PatternError(f"two gaps in a row at {c2}: merge them into one ({t1!r} at "
                                   f"{c1} and {t2!r} at {c2} have only optional items between "
                                   "them, and together they make matching slow)")
            cur.append(piece)
            shapes.append(shape)
            piece_anchor[0] = anchor
            if anchor is not None:
                required.append(anchor)
        alts.append("".join(cur))
        alt_anchors.append(_best_anchor(required))
        alt_shapes.append(_sequence(shapes))
        if any(a == "" for a in alts) and len(alts) > 1:
            raise PatternError(f"near {items[min(pos, len(items) - 1)][1]}: empty alternative")
        anchors: frozenset[str] | None = frozenset()
        for a in alt_anchors:
            anchors = None if a is None or anchors is None else anchors | a
        return "|".join(alts), anchors, _Shape(
            any(s.nullable for s in alt_shapes),
            next((s.head for s in alt_shapes if s.head is not None), None),
            next((s.tail for s in alt_shapes if s.tail is not None), None))

    piece_anchor: list[frozenset[str] | None] = [None]   # the anchor of the last piece
    body, anchors, _ = parse_seq(0)
    if pos < len(items):
        raise PatternError(f"at {items[pos][1]}: ')' without '('")
    if need_subject and "S" not in slots:
        raise PatternError("the pattern has no subject slot {S:...}")
    # A match starts at a word: "(?<![^ ])". When the pattern opens with a
    # slot, the same test goes after its "«", so that the regex starts with
    # a literal character and a search skips straight to each mention.
    # A pattern that opens with "^" needs no test (nothing precedes the
    # start), and as it is, a search tries the start alone.
    lead = re.match(r"\(\?P<\w+>«", body)
    if lead:
        body = lead.group() + "(?<![^ ]«)" + body[lead.end():]
    elif not body.startswith("^"):
        body = r"(?<![^ ])" + body
    try:
        regex = re.compile(body)
    except re.error as exc:
        raise PatternError(f"does not compile: {exc}") from None
    return CompiledPattern(source, regex, slots, {k: tuple(v) for k, v in groups.items()},
                           frozenset(own), anchors)


#: The wide gaps. Two in a row, with nothing but optional items between them,
#: can split the same words in very many ways and a failing match tries them
#: all (eight ``~~`` in a row took 38 s on one sentence), so a pattern may not
#: have them. ``..`` (three words at most) is left out: package rules put
#: optional ones in a row, ``(..)? ... (..)?``, at little cost.
_GAPS = ("~~", "~-", "...")


@dataclass(frozen=True)
class _Shape:
    """What a piece of a pattern can do at its edges: match nothing
    (``nullable``), and begin (``head``) or end (``tail``) with a gap, given
    as its token and column."""

    nullable: bool
    head: tuple[str, int] | None
    tail: tuple[str, int] | None


_SOLID = _Shape(False, None, None)


def _sequence(shapes: list[_Shape]) -> _Shape:
    """The shape of pieces in a row: a gap is at its head when only nullable
    pieces come before it, at its tail when only nullable pieces follow."""
    head = tail = None
    for s in shapes:
        if s.head is not None:
            head = s.head
        if not s.nullable:
            break
    for s in reversed(shapes):
        if s.tail is not None:
            tail = s.tail
        if not s.nullable:
            break
    return _Shape(all(s.nullable for s in shapes), head, tail)


# Words too common to pick a rule out: an anchor of rarer words is preferred.
_COMMON = frozenset("the a an of 's to in on at by for with and from as , - .".split())


def _best_anchor(required: list[frozenset[str]]) -> frozenset[str] | None:
    """Of the words a sequence must hold, the most selective set: rare
    words first, then the fewest."""
    if not required:
        return None
    return min(required, key=lambda a: (len(a & _COMMON) > 0, len(a), sorted(a)))
