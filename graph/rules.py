"""Relation rules: records in ``graph/data/rules/*.yaml``, loaded and checked
by one loader, applied to the views of a sentence."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter
from pathlib import Path
from typing import Any, Callable, Iterable

from .errors import Problem, RuleError
from .knowledge import check_keys, read_yaml_records
from .mentions import HONORIFICS, TYPE_TAG, SentenceMentions
from .model import RELATIONS, Mention
from .patterns import CompiledPattern, PatternError, compile_pattern
from .text import fold_lower

__all__ = ["Rule", "RuleSet", "load_rules", "DEFAULT_RULES", "View", "make_views", "Example", "view_word"]

DEFAULT_RULES = Path(__file__).parent / "data" / "rules"

RULE_KEYS: dict[str, tuple[tuple[type, ...], bool]] = {
    "id": ((str,), True), "relation": ((str,), True), "description": ((str,), True),
    "pattern": ((str,), True), "view": ((str,), False), "object_as": ((str,), False),
    "examples": ((list,), True), "counterexamples": ((list,), True),
    "mutual": ((bool,), False), "presupposed": ((bool,), False),
    "subject_as": ((str,), False),
}
EXAMPLE_KEYS: dict[str, tuple[tuple[type, ...], bool]] = {
    "text": ((str,), True), "date": ((str,), False), "facts": ((list,), True)}
COUNTER_KEYS: dict[str, tuple[tuple[type, ...], bool]] = {
    "text": ((str,), True), "date": ((str,), False)}
VIEWS = ("compact", "full")
#: ``office``: the post's state or body; ``location``/``polity``: a place or
#: its state; ``participants``: the persons of the meetings just reported;
#: ``attacker``: who carried out the attack just reported (on the ``X``
#: mention when the pattern has one: "condemned the killing of X");
#: ``last attacker``: who carried out the attack this sentence or the one
#: before reported ("... shot down a bomber; Putin called it a stab in the back");
#: ``subjects``: each other ("A, B and C met": every pair); ``targets``: what
#: the story's main attack struck ("the Guards, which carried out the attack").
OBJECT_AS = ("office", "location", "polity", "participants", "attacker", "last attacker",
             "subjects", "targets")
#: ``group``: "the three leaders", "both men": the persons of the visits and
#: meetings reported so far, when exactly as many, or those of them holding
#: the post the group is named by (:func:`graph.extract.group_of`)
SUBJECT_AS = ("group",)
#: object_as values that supply the object from the document, not a slot
FROM_CONTEXT = ("participants", "attacker", "last attacker", "subjects", "targets")


@dataclass(frozen=True)
class Example:
    """A sentence a rule must (``facts``) or must not (no facts) extract from."""

    text: str
    date: str | None
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """One rule: the relation it yields and the pattern that finds it."""

    id: str
    relation: str
    description: str
    pattern: CompiledPattern
    view: str = "compact"
    object_as: str | None = None
    examples: tuple[Example, ...] = ()
    counterexamples: tuple[Example, ...] = ()
    source: str = ""
    mutual: bool = False                  # one match asserts both directions
    presupposed: bool = False             # a noun phrase's fact: no modality check
    subject_as: str | None = None         # "group": the subject is the persons just named

    @property
    def needs(self) -> tuple[frozenset[str], ...]:
        """Mention tags the sentence must hold, one set per slot (cached)."""
        cached = self.__dict__.get("_needs")
        if cached is None:
            cached = self.pattern.needs()
            object.__setattr__(self, "_needs", cached)
        return cached

    def fits(self, tags: frozenset[str]) -> bool:
        """Each slot of :attr:`needs` has a tag among ``tags`` (cached per
        tag set: sentences hold few different sets)."""
        memo = self.__dict__.get("_fits")
        if memo is None:
            memo = {}
            object.__setattr__(self, "_fits", memo)
        ok = memo.get(tags)
        if ok is None:
            ok = memo[tags] = all(need & tags for need in self.needs)
        return ok


@dataclass
class RuleSet:
    """Rules in file order, and the files they came from."""

    rules: list[Rule] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def candidates(self, words: Iterable[str]) -> list[Rule]:
        """The rules, in file order, that can match a sentence of ``words``
        (its lower-cased, folded tokens): those whose pattern's anchor
        words (:attr:`CompiledPattern.anchors`) meet ``words``, and those
        without anchors."""
        return self.selector()(set(words))

    def selector(self) -> Callable[..., list[Rule]]:
        """:meth:`candidates` as a function of a set of words and, optionally,
        the sentence's mention tags (then only rules that :meth:`Rule.fits`
        them). The rules are indexed once, as bit masks by anchor word; take
        a new selector when the rules change."""
        key = tuple(map(id, self.rules))
        cached = self.__dict__.get("_index")
        if cached is None or cached[0] != key:
            index: dict[str, int] = {}
            always = 0
            for n, r in enumerate(self.rules):
                if r.pattern.anchors is None:
                    always |= 1 << n
                for w in r.pattern.anchors or ():
                    index[w] = index.get(w, 0) | 1 << n
            fits: dict[frozenset[str], int] = {}    # tag set -> mask of the rules it fits
            cached = (key, index, always, fits)
            self.__dict__["_index"] = cached
        _, index, always, fitting = cached
        rules = list(self.rules)
        anchors = index.keys()

        def select(words: set[str], tags: frozenset[str] | None = None) -> list[Rule]:
            hits = always
            for w in anchors & words:
                hits |= index[w]
            if tags is not None:
                mask = fitting.get(tags)
                if mask is None:
                    mask = fitting[tags] = sum(1 << n for n, r in enumerate(rules) if r.fits(tags))
                hits &= mask
            out = []
            while hits:                 # lowest bit first: file order
                low = hits & -hits
                out.append(rules[low.bit_length() - 1])
                hits ^= low
            return out

        return select

    def get(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


def _examples(path: Path, rec: dict[str, Any], key: str, problems: list[Problem]) -> list[Example]:
    out = []
    schema = EXAMPLE_KEYS if key == "examples" else COUNTER_KEYS
    for i, ex in enumerate(rec.get(key) or []):
        where = f"{key}[{i}]"
        if isinstance(ex, str):
            ex = {"text": ex, "__line__": rec["__line__"]}
        if not isinstance(ex, dict):
            problems.append(Problem(str(path), rec["__line__"], where, "expected a mapping"))
            continue
        if not check_keys(path, ex, schema, problems, prefix=where + "."):
            continue
        facts = tuple(str(f) for f in ex.get("facts") or [])
        if key == "examples" and not facts:
            problems.append(Problem(str(path), ex.get("__line__"), where + ".facts",
                                    "an example must list the facts it yields"))
        for f in facts:
            parts = [p.strip() for p in f.split("|")]
            if len(parts) < 3 or parts[1] not in RELATIONS:
                problems.append(Problem(str(path), ex.get("__line__"), where + ".facts",
                                        f"{f!r} is not 'subject | relation | object [| date]'"))
        out.append(Example(ex["text"], ex.get("date"), facts))
    return out


def load_rules(dirs: Iterable[str | Path] | str | Path | None = None,
               include_default: bool = True) -> RuleSet:
    """Load every ``*.yaml`` rule file of the package (and of ``dirs``).

    Every problem of every file is reported at once in one :class:`RuleError`.

    >>> rules = load_rules()
    >>> {'holds_office', 'met', 'visited'} <= {r.relation for r in rules}
    True
    """
    folders = [DEFAULT_RULES] if include_default else []
    if dirs is not None:
        folders += [Path(d) for d in ([dirs] if isinstance(dirs, (str, Path)) else dirs)]
    problems: list[Problem] = []
    rs = RuleSet()
    seen: dict[str, str] = {}
    for folder in folders:
        if not folder.is_dir():
            raise RuleError(f"{folder}: rules folder not found")
        for path in sorted(folder.glob("*.yaml")):
            rs.files.append(str(path))
            for rec in read_yaml_records(path, problems):
                line = rec["__line__"]
                if not check_keys(path, rec, RULE_KEYS, problems):
                    continue
                rid = rec["id"]
                if rid in seen:
                    problems.append(Problem(str(path), line, "id",
                                            f"duplicate rule id {rid!r} (first at {seen[rid]})"))
                    continue
                seen[rid] = f"{path.name}:{line}"
                bad = False
                if rec["relation"] not in RELATIONS:
                    problems.append(Problem(str(path), line, "relation",
                                            f"unknown relation {rec['relation']!r} "
                                            f"(allowed: {', '.join(RELATIONS)})"))
                    bad = True
                view = rec.get("view") or "compact"
                if view not in VIEWS:
                    problems.append(Problem(str(path), line, "view",
                                            f"{view!r} is not one of {', '.join(VIEWS)}"))
                    bad = True
                obj_as = rec.get("object_as")
                if obj_as is not None and obj_as not in OBJECT_AS:
                    problems.append(Problem(str(path), line, "object_as",
                                            f"{obj_as!r} is not one of {', '.join(OBJECT_AS)}"))
                    bad = True
                subj_as = rec.get("subject_as")
                if subj_as is not None and subj_as not in SUBJECT_AS:
                    problems.append(Problem(str(path), line, "subject_as",
                                            f"{subj_as!r} is not one of {', '.join(SUBJECT_AS)}"))
                    bad = True
                try:
                    pattern = compile_pattern(rec["pattern"], need_subject=subj_as is None)
                except PatternError as exc:
                    problems.append(Problem(str(path), line, "pattern", str(exc)))
                    continue
                if "S" in pattern.slots and subj_as is not None:
                    problems.append(Problem(str(path), line, "pattern",
                                            "a subject slot {S:...} and subject_as: one or the other"))
                    bad = True
                if "O" not in pattern.slots and obj_as not in ("office",) + FROM_CONTEXT \
                        and subj_as is None:
                    problems.append(Problem(str(path), line, "pattern", "no object slot {O:...} "
                                            "(and object_as is not office, participants, attacker or subjects)"))
                    bad = True
                examples = _examples(path, rec, "examples", problems)
                counter = _examples(path, rec, "counterexamples", problems)
                if not examples:
                    problems.append(Problem(str(path), line, "examples",
                                            "a rule needs at least one example"))
                    bad = True
                if not counter:
                    problems.append(Problem(str(path), line, "counterexamples",
                                            "a rule needs at least one counterexample"))
                    bad = True
                if bad:
                    continue
                rs.rules.append(Rule(rid, rec["relation"], rec["description"], pattern, view,
                                     obj_as, tuple(examples), tuple(counter),
                                     f"{path.name}:{line}", bool(rec.get("mutual")),
                                     bool(rec.get("presupposed")), subj_as))
    if problems:
        raise RuleError.collect("rule files", problems)
    return rs


@dataclass(frozen=True)
class View:
    """A sentence as one string of tokens, each followed by a space; ``spans``
    gives each token's character span in the sentence and ``mention`` the
    index of the mention a token stands for (or -1)."""

    text: str
    offsets: list[int]        # start offset in ``text`` of each token
    spans: list[tuple[int, int]]
    mention: list[int]
    tags: frozenset[str] = frozenset()   # the mention tags present (person, state, …)
    words: tuple[str, ...] = ()          # the tokens, as ``text.split(" ")`` would give

    def __post_init__(self) -> None:
        if not self.words:
            object.__setattr__(self, "words", tuple(self.text.split(" ")))

    def token_at(self, offset: int) -> int:
        """The token that starts at ``offset`` of the view string."""
        return bisect_left(self.offsets, offset)

    def covered(self, regex: re.Pattern[str], end: int | None = None,
                groups: tuple[str, ...] = ()) -> set[int]:
        """The tokens the (non-empty) matches of ``regex`` cover, in the view
        string up to ``end``; with ``groups``, only those named groups' text."""
        out: set[int] = set()
        for hit in regex.finditer(self.text, 0, len(self.text) if end is None else end):
            for a, b in [hit.span(g) for g in groups] if groups else [hit.span()]:
                if b > a:
                    out.update(range(self.token_at(a), self.token_at(b)))
        return out

    def without(self, drop: set[int]) -> "View":
        """This view with the tokens ``drop`` left out."""
        keep = [k for k in range(len(self.spans)) if k not in drop]
        words = [self.words[k] for k in keep]
        mention = [self.mention[k] for k in keep]
        # the tags of the mentions kept, read off their tokens ("«state~#3»": state)
        tags = frozenset(w[1:].split("#", 1)[0].rstrip("~")
                         for w, n in zip(words, mention) if n >= 0)
        return _build(words, [self.spans[k] for k in keep], mention, tags)


@lru_cache(maxsize=1 << 16)
def view_word(token: str) -> str:
    """A token as views and patterns spell it: folded, lower-cased, the
    apostrophe of a clitic dropped ("'ll" -> "ll", "'t" -> "n't", "'s" kept)."""
    word = fold_lower(token)
    if word.startswith("'") and len(word) > 1 and word != "'s":
        word = word[1:] if word != "'t" else "n't"
    return word


def _tag(m: Mention) -> str:
    if m.via == "demonym":
        return "dem"
    tag = TYPE_TAG[m.type]
    return tag + ":t" if m.type == "Person" and m.office else tag


def _build(words: list[str], spans: list[tuple[int, int]], mention: list[int],
           tags: frozenset[str]) -> View:
    """A view of ``words`` (one per view token, with their spans and mentions)."""
    # each token is followed by one space; offsets are the running sums
    offsets = list(accumulate([len(w) + 1 for w in words], initial=0))
    offsets.pop()
    text = " ".join(words) + " " if words else ""
    return View(text, offsets, spans, mention, tags)


# A person's descriptor before the name: "(the) Syrian President", "Iran's
# Supreme Leader Ayatollah", "the Emir of Qatar", "Jordan's"; and an
# apposition after it: ", the commander of the Quds Force,".
def _honorifics() -> str:
    return r"(?:(?:" + "|".join(sorted(HONORIFICS)) + r") (?:\. )?){0,3}"


# Styles of address before a name, by their first word
_STYLES: dict[str, list[tuple[str, ...]]] = {}
for _style in ("his royal highness", "her royal highness", "his highness", "her highness",
               "his majesty", "her majesty", "his excellency", "her excellency", "his eminence",
               "h.e.", "h.e", "h.m.", "h.r.h."):
    _STYLES.setdefault(_style.split()[0], []).append(tuple(_style.split()))
del _style

# A token's (start, end)
_SPAN = itemgetter(slice(1, 3))

# Quotation marks as tokens of their own (the compact view leaves them out)
_QUOTES = frozenset(['"', "“", "”", "‘", "’", "«", "»", "``", "''"])
# Words (besides mentions) that open a style, a quotation or "the «name»"
_DROP_WORDS = frozenset(_STYLES) | _QUOTES | {"the"}

# Words of a post between its owner and its title: "EU foreign policy chief"
_DESC_WORDS = (r"(?:(?:foreign|policy|defence|defense|security|intelligence|military|army|top|"
               r"national|interior|finance|economy|trade|energy|oil|petroleum|deputy|senior|spy|"
               r"nuclear|affairs|political|armed|navy|air|force|bureau|wing|council) ){0,2}")
_DESC_BEFORE = re.compile(
    r"(?:the |his |her |their |its )?(?:(?:late|former|then|current|acting|new|outgoing|incoming|"
    r"de facto|caretaker|interim|transitional|embattled|veteran|newly elected|newly appointed) )?(?:(?:(?:«(?:state|dem|capital|org|place)#\d+» (?:'s )?" + _DESC_WORDS + r")?(?:«title#\d+» "
    r"(?:of (?:the )?«(?:state|capital|org)#\d+» )?){1,3}|«(?:state|capital|org|place)#\d+» 's "
    r"|«dem#\d+» )(?:, )?"
    + _honorifics() + "|" + _honorifics().replace("{0,3}", "{1,3}") + r")(?=«person(?::t)?#\d+» )")
# Where _DESC_BEFORE can end: at a person's mention (its lookahead) after a
# word that ends one of its parts (a mention, "'s", ",", an honorific, ".").
_PERSON_AT = re.compile(r"«person(?::t)?#\d+» ")
_DESC_LAST = (",", "'s", ".")
_HONORIFIC_ENDS = tuple(HONORIFICS)


def _desc_before_end(text: str) -> int:
    """How far into the full view ``text`` a search for :data:`_DESC_BEFORE`
    must look: to the end of the last person's mention that such a
    descriptor can precede (0: none can, and the regex need not run, which
    saves trying it at every character of most sentences)."""
    end = 0
    for m in _PERSON_AT.finditer(text):
        e = m.start()
        if e < 2 or text[e - 1] != " ":
            continue
        word = text[text.rfind(" ", 0, e - 1) + 1:e - 1]
        if word.endswith("»") or word in _DESC_LAST or word.endswith(_HONORIFIC_ENDS):
            end = m.end()
    return end


_DESC_AFTER = re.compile(
    r"(?<=» ), (?:the |his |her )?(?:«(?:state|dem|capital|org|place)#\d+» (?:'s )?)?"
    r"(?:\S+ ){0,2}?«title#\d+» (?:of (?:the )?(?:«(?:state|capital)#\d+» 's (?:[a-z]+ ){0,2})?"
    r"«(?:state|capital|org)#\d+» )?, ")


_DATELINE = re.compile(r"«(?:capital|place|state)[^»]*» (?:/ «[^»]*» )?"
                       r"(?:, «(?:state|place)[^»]*» (?:, (?:[a-z]+\.? \d{1,2} )?)?(?:\( «org[^»]*» \) )?"
                       r"|, (?:[a-z]+\.? \d{1,2} )?(?:\( «org[^»]*» \) )?|\( «org[^»]*» \) )"
                       r"(?:-|–|—) ")

#: A place's kind before its name ("the port city of Hodeidah", "the capital
#: Sanaa", "the rebel-held town of Talbiseh"): the name is what is meant, and
#: a list of such places reads as a list of names
_PLACE_KIND = re.compile(r"(?<![^ ])the (?:(?:«dem#\d+»|[a-z]+(?: - [a-z]+)?) ){0,2}"
                         r"(?:capital|city|town|village|port|port city|stronghold|heartland|"
                         r"province|region|district|enclave|governorate|border town|"
                         r"border city|coastal city|holy city|city centre|suburb)(?: of)? "
                         r"(?=«(?:place|capital)#)")

#: A parenthesis between "and" and the next name of a list ("met A and, in a
#: separate meeting, B"; "A and, later, B"): the list goes on past it
_LIST_ASIDE = re.compile(r"(?<= and ), (?:[^ ,«»;:]+ ){1,6}, (?=«)")

#: A relative clause inside a list of persons ("brought together A, B, who
#: chaired it, C, and D"; "met A, who had flown in that morning, and B"):
#: the list goes on past it. Only after a list has begun ("A, B, who ...")
#: or where it ends ("..., and C"), so that "A, who met B, C and D" keeps
#: its relative's own list.
_LIST_RELATIVE = re.compile(
    r"«person(?::t)?#\d+» , «person(?::t)?#\d+» (?P<aside>, (?:who|whose) (?:(?![,;:] )\S+ )+?)"
    r"(?=, (?:and )?«person(?::t)?#)|(?<=» )(?P<last>, (?:who|whose) (?:(?![,;:] )\S+ )+?, )"
    r"(?=and «person(?::t)?#)")

#: A day named inside the clause ("fired missiles early on Wednesday at the
#: base"): it says when, not who did what to whom. The date is still read
#: from the sentence's text; "next Monday" is kept for the modality check.
_WEEKDAY = re.compile(r"(?<=[^,;:(] )(?<!next )(?<!this )(?<!coming )(?:(?:early|late) )?(?:on )?"
                      r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                      r"(?: (?:morning|afternoon|evening|night))? (?=[^ ,.;:)])")

_MONTH_STOP = re.compile(r"(?<![^ ])(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec) (\.) (?=\d)")

# Capitalised words that may follow a state without making a longer name.
_SENTENCE_WORDS = frozenset("""i and or but on in at of to for by with from the a an as is was
said says told""".split())


def _is_headline(sm: SentenceMentions) -> bool:
    """Most words outside names capitalised: a headline in title case."""
    inside = {t for i, j, _ in sm.mentions for t in range(i, j)}
    words = [t.text for n, t in enumerate(sm.tokens)
             if n not in inside and t.text.isalpha() and len(t.text) > 3]
    return bool(words) and sum(w[:1].isupper() for w in words) > 0.6 * len(words)


#: Words after "her" that make it an object, not a possessive ("Siniora
#: received her for an hour", "met her in Paris")
_NOT_A_NOUN = frozenset(""", . ; : for to in at on with and as from by during after before
    when while but or again twice there here""".split())


def plural_title(title: str) -> bool:
    """"Foreign Ministers", "presidents of Iran": a title naming several.

    >>> plural_title("Minister of Foreign Affairs"), plural_title("leaders")
    (False, True)
    """
    head = title.lower().split(" of ")[0].split()[-1]
    return head.endswith("s") and not head.endswith("ss")


def _fold_ages(words: list[str], spans: list[tuple[int, int]],
               marks: list[tuple[int, int, str]]) -> None:
    """"88 - year - old" becomes the one word "aged" (in place): an age says
    nothing of relations, and must not part "Kuwait's" from "emir"."""
    k = len(words) - 5
    while k >= 0:
        if words[k + 4] == "old" and words[k + 2] in ("year", "years") and words[k].isdigit() \
                and words[k + 1] == words[k + 3] == "-":
            words[k:k + 5] = ["aged"]
            spans[k:k + 5] = [(spans[k][0], spans[k + 4][1])]
            marks[:] = [(i - 4 if i > k else i, n, tag) for i, n, tag in marks]
        k -= 1


#: Words between a possessive and a post that keep the post the owner's
#: ("its top commander", "Kuwait's new emir")
_POST_ADJECTIVES = frozenset("""new top chief senior former late acting interim deputy political
    military spiritual supreme longtime veteran powerful ailing elderly then""".split())


def _title_at(mentions, covered: dict[int, int], words: list[str], j: int) -> bool:
    """Does a post's title in apposition start at token ``j``, or after one
    adjective there? ("its crown prince, X": "its" owns the post)"""
    for k in (j, j + 1):
        n = covered.get(k)
        if n is not None:
            end = mentions[n][1]
            return mentions[n][2].type == "Title" and (k == j or words[j] in _POST_ADJECTIVES) \
                and end < len(words) and words[end] == ","
    return False


def make_views(sm: SentenceMentions) -> dict[str, View]:
    """The ``full`` view (titles and descriptors kept, for office rules) and
    the ``compact`` view (descriptors of a person folded into the person, so
    "met with Iran's Supreme Leader Ali Khamenei" reads "met with «person»")."""
    tokens = sm.tokens
    mentions = sm.mentions
    covered: dict[int, int] = {}
    for n, (i, j, _) in enumerate(mentions):
        for t in range(i, j):
            covered.setdefault(t, n)
    # The view tokens as parallel lists of words and spans, taken in runs
    # from the words and spans of all tokens; ``marks`` notes the view token,
    # mention and tag of each mention (a repeated pronoun is a plain word).
    every_word = list(map(view_word, [tok[0] for tok in tokens]))
    every_span = list(map(_SPAN, tokens))
    pwords: list[str] = []
    spans: list[tuple[int, int]] = []
    marks: list[tuple[int, int, str]] = []
    seen: set[str | None] = set()
    ntok = len(tokens)
    t = 0
    for c in sorted(covered):
        if c < t:
            continue            # inside the mention just taken
        if c > t:
            pwords += every_word[t:c]
            spans += every_span[t:c]
        n = covered[c]
        i, j, m = mentions[n]
        t = j
        if m.via == "pronoun" and m.text.lower() in ("his", "her", "its") and m.entity in seen \
                and not (m.text.lower() == "her" and (j >= ntok or every_word[j] in _NOT_A_NOUN)) \
                and not (m.text.lower() == "its" and _title_at(mentions, covered, every_word, j)):
            # "Tamim made his first visit", "Saudi Arabia and its allies": the
            # pronoun repeats a name of the sentence
            pwords.append(m.text.lower())
            spans.append((tokens[i].start, tokens[j - 1].end))
            continue
        seen.add(m.entity)
        # "Iran-backed": a hyphen glued to the next word makes a modifier
        glued = j + 1 < ntok and tokens[j].text in "-‑" and \
            tokens[j].start == tokens[j - 1].end and tokens[j + 1].start == tokens[j].end \
            and tokens[j + 1].text[:1].islower()
        tag = _tag(m)
        marks.append((len(pwords), n, tag))
        pwords.append(f"«{tag}{'~' if glued else ''}#{n}»")
        spans.append((tokens[i].start, tokens[j - 1].end))
    pwords += every_word[t:]
    spans += every_span[t:]
    if "old" in pwords:
        _fold_ages(pwords, spans, marks)
    nparts = len(pwords)
    # "In Tehran, Khamenei accused Israel": a capital that sets the scene is
    # the city, not its state speaking
    if nparts > 3 and pwords[0] in ("in", "from", "at") and pwords[1].startswith("«capital") \
            and pwords[2] == ",":
        pwords[1] = pwords[1].replace("«capital", "«place", 1)
        marks = [(k, n, "place" if k == 1 else tag) for k, n, tag in marks]
    index = [-1] * nparts
    for k, n, _ in marks:
        index[k] = n
    drop: set[int] = set()
    titlecase = None
    for k, n, _ in marks:
        if k + 1 >= nparts or index[k + 1] >= 0:
            continue
        # "Warsaw Summit", "Tehran Times": a capital opening a longer name
        word = sm.sentence.text[spans[k + 1][0]:spans[k + 1][1]]
        mention = mentions[n][2]
        if mention.type in ("Capital", "State") and mention.via != "demonym" and \
                word[:1].isupper() and word.isalpha() \
                and word.lower() not in _SENTENCE_WORDS:
            if titlecase is None:
                titlecase = _is_headline(sm)
            if titlecase:
                continue
            w = pwords[k]
            pwords[k] = w.replace("#", "~#", 1) if "~" not in w else w
    full = _build(pwords, spans, index, frozenset([tag for _, _, tag in marks]))
    text = full.text
    end = _desc_before_end(text)
    if end:
        drop |= full.covered(_DESC_BEFORE, end)
    if "» , " in text:          # an apposition after a name opens so
        drop |= full.covered(_DESC_AFTER)
    words = full.words
    # only mentions and a few words can start a rule below: skip the rest
    for k in [k for k, w in enumerate(words[:nparts - 1])
              if w in _DROP_WORDS or w[:1] == "«" or index[k] >= 0]:
        # "His Royal Highness Prince X", "His Excellency X": a style, not a word of the clause
        for style in _STYLES.get(words[k], ()):
            n = len(style)
            if tuple(words[k:k + n]) == style:
                j = k + n
                while j < len(words) and words[j] in HONORIFICS:
                    j += 1
                if j < len(words) and words[j].startswith(("«person", "«title")):
                    drop.update(range(k, k + n))
        # "G7 leaders condemned", "EU foreign ministers agreed": a body's
        # members named by their post speak for it
        if words[k].startswith("«title") and k > 0 and \
                words[k - 1].startswith(("«org", "«state", "«capital")) and \
                plural_title(mentions[index[k]][2].text):
            drop.add(k)
        # quotation marks: 'vowed "harsh revenge" against' reads as the words
        if words[k] in _QUOTES:
            drop.add(k)
        # "the" before a name says nothing about relations: "by the European Union"
        if words[k] == "the" and words[k + 1].startswith("«"):
            drop.add(k)
        # "the U.S.-backed SDF": the compound describes the name after it
        if "~#" in words[k] and k + 3 < len(words) and words[k + 1] == "-" and \
                words[k + 3].startswith("«"):
            drop.update((k, k + 1, k + 2))
        # "the Kurdistan Workers Party (PKK)": a bracketed short name repeats the name
        if index[k] >= 0 and k + 3 < len(words) and words[k + 1] == "(" and \
                words[k + 3] == ")" and index[k + 2] >= 0 and \
                mentions[index[k]][2].entity == mentions[index[k + 2]][2].entity:
            drop.update((k + 1, k + 2, k + 3))
        # "Mursi's Muslim Brotherhood", "Iran's IRGC": the body is what is meant
        if words[k].startswith(("«person", "«state", "«capital")) and k + 2 < len(words) and \
                words[k + 1] == "'s" and words[k + 2].startswith("«org"):
            drop.update((k, k + 1))
    # "on Sept. 21": the abbreviation's stop ends no sentence, and must not
    # lengthen the gap between a verb and what follows the date
    if " . " in text:
        for hit in _MONTH_STOP.finditer(text):
            drop.add(full.token_at(hit.start(1)))
    if "and , " in text:
        drop |= full.covered(_LIST_ASIDE)
    if "the " in text:
        drop |= full.covered(_PLACE_KIND)
    if "day " in text:
        drop |= full.covered(_WEEKDAY)
    # a dateline: "ANKARA, Sept 16 (Reuters) -" opens the story, it is no actor
    dateline = _DATELINE.match(text)
    if dateline:
        drop.update(range(len(dateline.group().split())))
    if not drop:
        compact = full         # nothing folded: the same view
    else:
        keep = [k for k in range(nparts) if k not in drop]
        compact = _build([pwords[k] for k in keep], [spans[k] for k in keep],
                         [index[k] for k in keep],
                         frozenset([tag for k, _, tag in marks if k not in drop]))
    views = {"full": full, "compact": compact}
    core = _core(compact, full)
    if core is not None:
        views["core"] = core
    if ", who" in compact.text:     # read once the persons' descriptors are folded
        cut = compact.covered(_LIST_RELATIVE, groups=("aside", "last"))
        if cut:
            views["list"] = compact.without(cut)
    return views


#: Words that end a clause; words that open an object relative
#: ("Iran, which Washington accuses of ...": the name is not its subject)
_CLAUSE_ENDS = frozenset([",", ";", ":", "—", "–", "(", ")", "."])
_OBJECT_OPENERS = frozenset("he she it they we i you one".split())
#: Subordinators whose participle shares the sentence's subject ("X flew to
#: Jeddah, before travelling to Dubai for talks with Y")
_PARTICIPLE_AFTER = frozenset("before after while upon on".split())
#: Participles of travel and talks whose subject is the sentence's
#: ("Landing in Baghdad, X ...", "..., before holding talks with Y")
_PARTICIPLES = frozenset("""arriving landing travelling traveling flying visiting touring
    returning heading going meeting holding attending joining speaking addressing
    concluding wrapping""".split())


#: Past participles read after "being" ("after being hit by ...")
_PAST_ENDINGS = ("ed", "hit", "shot", "struck", "taken", "held", "seen", "met", "brought",
                 "caught", "beaten", "given", "driven", "overrun", "blown")
_CLAIMED = frozenset("claimed claims claim claiming admitted admits acknowledged accepted took "
                     "takes".split())
#: Gerunds of attack whose deed a claim of responsibility asserts
_GERUNDS = {"firing": "fired", "launching": "launched", "attacking": "attacked",
            "killing": "killed", "striking": "struck", "bombing": "bombed",
            "shelling": "shelled", "targeting": "targeted", "downing": "downed",
            "shooting": "shot", "carrying": "carried", "assassinating": "assassinated",
            "ambushing": "ambushed", "abducting": "abducted", "kidnapping": "kidnapped"}


#: Events an object relative names with their doer ("the talks that Kerry
#: held with Lavrov") and the verbs that do them
_EVENTS = frozenset("""meeting meetings talks summit session visit trip tour stop dinner
    lunch conference""".split())
_EVENT_VERBS = frozenset("held had hosted chaired made paid attended led convened".split())
#: Participles that may take a traveller home: not read after a bare comma
#: ("left Jeddah on Friday, returning to Damascus")
_HOMEWARD = frozenset("returning heading going concluding wrapping".split())
#: Participles of stance (and of hosting) that share the sentence's subject
#: after a comma ("Trump spoke from Florida, calling Assad a dictator",
#: "Clinton restarted the talks, hosting Barak and al-Sharaa")
_STANCE_PARTICIPLES = frozenset("""calling branding labelling labeling describing accusing
    blaming condemning denouncing slamming criticising criticizing warning urging vowing
    threatening demanding rejecting hosting receiving welcoming greeting""".split())
_SAYING = frozenset("said says told added".split())


def _clause_end(words: tuple[str, ...], start: int) -> int:
    end = start
    while end < len(words) and words[end] not in _CLAUSE_ENDS:
        end += 1
    return end


def _view_of(view: View, keep: list[int], words: list[str] | None = None,
             lead: int | None = None) -> View:
    """A view of ``view``'s tokens ``keep`` (their words replaced by
    ``words`` when given), closed with a full stop; ``lead`` is a subject
    put before the clause, which takes the clause's place in the sentence
    (so that dates are looked for near the clause)."""
    ws = list(words) if words is not None else [view.words[i] for i in keep]
    ws.append(".")
    spans = [view.spans[i] for i in keep] + [view.spans[keep[-1]]]
    if lead is not None:
        spans[0] = spans[1]
    ms = [view.mention[i] for i in keep] + [-1]
    tags = frozenset(w[1:].split("#", 1)[0].rstrip("~") for w, m in zip(ws, ms) if m >= 0)
    return _build(ws, spans, ms, tags)


def clause_views(view: View) -> list[View]:
    """Clauses of a sentence read as sentences of their own:

    - a relative clause after a name, with the name for subject: "Erdogan,
      who met Putin in Istanbul, said ..." gives "«person» met «person» in
      «place» ."; "A and B, who met ..." keeps both names; "X, whose troops
      shelled Y" reads "X 's troops shelled Y". A clause that opens with a
      name or a pronoun ("Iran, which Washington accuses of ...") has another
      subject and gives none;
    - a clause after ", where" or ", when" with a subject of its own: "...
      travelled to Moscow, where he watched the parade and then held talks
      with Putin";
    - a participle that shares the sentence's subject: "X flew to Jeddah,
      before travelling to Dubai for talks with Y" gives "X travelling to
      Dubai for talks with Y"; "Landing in Baghdad on Sunday, X was greeted"
      gives "X landing in Baghdad on Sunday";
    - a passive participle after "after", "before" or "despite": "The airport
      closed after being hit by Israeli missiles" gives "«place» was hit by
      «dem» missiles";
    - a claim of responsibility for an attack: "X claimed responsibility for
      firing rockets at Y" gives "X fired rockets at Y";
    - a participle of stance, hosting or travel after a comma, with the
      sentence's subject or the speaker of a "said" before it: "..., Hamas
      said, calling it a massacre" gives "«org» calling it a massacre";
    - an event named with its doer in an object relative: "the talks that
      Kerry held with Lavrov" gives "«person» held talks with «person»".
    """
    text = view.text
    if ", " not in text and " being " not in text and " responsibility for " not in text \
            and " that " not in text and " which " not in text:
        return []
    words, mention = view.words, view.mention
    out: list[View] = []
    n = len(view.spans)
    # the sentence's subject: its first name, with no comma before it
    subject = next((k for k in range(min(9, n)) if mention[k] >= 0 or words[k] == ","), None)
    if subject is not None and mention[subject] < 0:
        subject = None
    for k in range(1, n - 2):
        if words[k] != ",":
            continue
        kind, opener = words[k + 1], k + 2
        if kind in ("who", "which", "whose") and mention[k - 1] >= 0:
            if mention[opener] >= 0 or words[opener] in _OBJECT_OPENERS:
                continue
            # the head: the name before the comma, with a list joined to it
            h = k - 1
            while h >= 2 and words[h - 1] in (",", "and") and mention[h - 2] >= 0:
                h -= 2
            end = _clause_end(words, opener)
            if end - opener < 2:
                continue
            keep = list(range(h, k)) + ([k + 1] if kind == "whose" else []) + \
                list(range(opener, end))
            ws = [words[i] for i in keep]
            if kind == "whose":
                ws[k - h] = "'s"
            out.append(_view_of(view, keep, ws))
        elif kind in ("where", "when") and mention[opener] >= 0:
            end = _clause_end(words, opener)
            if end - opener >= 2:
                out.append(_view_of(view, list(range(opener, end))))
        elif (kind in _STANCE_PARTICIPLES or kind in _PARTICIPLES and kind not in _HOMEWARD) \
                and subject is not None and subject < k:
            # "Trump spoke in Florida, calling Assad a dictator": the sentence's
            # subject; "..., Hamas said, calling it a massacre": the speaker's
            said = [t for t in range(k - 1) if mention[t] >= 0 and words[t + 1] in _SAYING]
            who = said[-1] if said else None
            if who is None and not any(words[t] in _SAYING or words[t] == "that"
                                       for t in range(subject, k)):
                who = subject
            if who is not None:
                end = _clause_end(words, k + 2)
                out.append(_view_of(view, [who] + list(range(k + 1, end)), lead=who))
        elif kind in _PARTICIPLE_AFTER and words[opener] in _PARTICIPLES and \
                subject is not None and subject < k:
            end = _clause_end(words, opener)
            # "Putin said that Erdogan, after meeting Rouhani, ...": the
            # subject of the clause after "that"
            that = max((t for t in range(subject, k) if words[t] == "that"), default=None)
            who = subject if that is None else \
                next((t for t in range(that + 1, k) if mention[t] >= 0), None)
            if who is not None:
                out.append(_view_of(view, [who] + list(range(opener, end)), lead=who))
    if subject is not None:
        for k in range(subject + 2, n - 2):
            w = words[k]
            if w == "being" and words[k - 1] in _PARTICIPLE_AFTER | {"despite"} and \
                    words[k + 1].endswith(_PAST_ENDINGS):
                # "The airport was closed after being hit by Israeli missiles":
                # "«place» was hit by «dem» missiles"
                end = _clause_end(words, k + 1)
                keep = [subject, k] + list(range(k + 1, end))
                out.append(_view_of(view, keep, [words[subject], "was"] +
                                    [words[i] for i in keep[2:]], lead=subject))
            elif w == "responsibility" and words[k + 1] == "for" and words[k + 2] in _GERUNDS \
                    and words[k - 1] in _CLAIMED and words[k - 2] not in ("not", "n't", "never"):
                # "Hezbollah claimed responsibility for firing missiles at ...":
                # "«org» fired missiles at ..."
                end = _clause_end(words, k + 2)
                keep = [subject] + list(range(k + 2, end))
                out.append(_view_of(view, keep, [words[subject], _GERUNDS[words[k + 2]]] +
                                    [words[i] for i in keep[2:]], lead=subject))
    # "a three-way meeting that Bush held with Olmert and Abbas", "the visit
    # which Putin paid to Tehran": the event with its doer for subject
    for k in range(1, n - 3):
        if words[k] in ("that", "which") and words[k - 1] in _EVENTS and mention[k + 1] >= 0:
            v = k + 2 + (words[k + 2] in ("had", "has", "have"))
            if v < n - 1 and words[v] in _EVENT_VERBS:
                end = _clause_end(words, v + 1)
                keep = [k + 1, v, k - 1] + list(range(v + 1, end))
                out.append(_view_of(view, keep, lead=k + 1))
    # "Landing at Baghdad airport on Sunday, X was greeted ..."
    if n > 3 and words[0] in _PARTICIPLES:
        comma = _clause_end(words, 1)
        if comma + 1 < n and words[comma] == "," and mention[comma + 1] >= 0:
            out.append(_view_of(view, [comma + 1] + list(range(0, comma)), lead=comma + 1))
    return out


# A relative clause or an apposition between commas after a name: "Iran,
# which along with Russia has backed Assad, condemned ...", "Russia, Assad's
# closest ally, said ...", "Hezbollah, the Lebanese group, fired ...", "the
# Houthis, armed and trained by Iran, have fired ..."
_PARENTHETICAL = re.compile(
    r"(?<=» ), (?:(?:who|which|whose|whom) [^,;:]{1,240}?"
    r"|(?:a |an |the |long |once |now |«(?:state|capital|org|dem|person)[^»]*» 's )[^,;:]{0,80}?"
    r"|[a-z]+ed (?:and [a-z]+ed )?by [^,;:]{0,80}?"
    r"|(?:visiting|touring|speaking|addressing|flanked by|accompanied by|on (?:a |an |his |her "
    r"|their )?(?:\S+ )?(?:visit|trip|tour) to) [^,;:]{0,80}?"
    r"|«person[^»]*»), "
    r"(?!and |or |«)")


# "Israel has said it will not tolerate X, and has carried out strikes": the
# second verb phrase shares the sentence's subject
_SHARED_SUBJECT = re.compile(
    r"^(?:(?:[^«,]\S* ){0,3}?)«[^»]+» ((?:[^,;:]\S* ){1,30}?), and (?=(?:has|have|had|then|also|"
    r"later|repeatedly) )")


#: Words that open something other than the verb of the name before them
_NOT_A_VERB = frozenset("""as and or but who which whose whom while including the a an in on at
    of for with to from by said says""".split())
_TITLE_APPOSITION = re.compile(r"«title#\d+» , «person(?::t)?#(\d+)» , ")


def _core(view: View, full: View) -> View | None:
    """The ``core`` view: ``view`` without the relative clauses and
    appositions set off by commas after a name, so that a subject meets its
    verb ("Iran, which funds Hezbollah, condemned the strike" reads "«state»
    condemned the strike"); ``None`` when there is none. The rules of the
    compact view also read this one."""
    drop: set[int] = set()
    if "» , " in view.text:
        drop |= view.covered(_PARENTHETICAL)
    if "» , «" in full.text:
        # "The Lebanese prime minister, Najib Mikati, received him": the compact
        # view folds the title into the name; the comma that closed it goes too
        for hit in _TITLE_APPOSITION.finditer(full.text):
            name = re.search(rf"«person(?::t)?#{hit.group(1)}» , (\S+)", view.text)
            if name is None:
                continue
            after = name.group(1)
            if after.isalpha() and after.islower() and after not in _NOT_A_VERB:
                drop.add(view.token_at(name.start()) + 1)
    if ", and " in view.text:
        shared = _SHARED_SUBJECT.match(view.text)
        if shared:
            a, b = view.token_at(shared.start(1)), view.token_at(shared.end())
            drop.update(range(a, b))
    if not drop:
        return None
    return view.without(drop)
