"""The knowledge base: states, persons, organizations, places and roles,
loaded from the YAML files in ``graph/data/knowledge`` by one strict loader."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml

from .errors import KnowledgeError, Problem
from .model import Entity, Office
from .text import fold, fold_lower, tokenize

__all__ = ["KnowledgeBase", "load_knowledge", "name_key", "DEFAULT_KNOWLEDGE", "LexEntry",
           "slug"]

DEFAULT_KNOWLEDGE = Path(__file__).parent / "data" / "knowledge"

# Words that match in any case inside names ("al-Assad" = "Al Assad").
PARTICLES = frozenset("al el ad as ash at ar az an bin ibn bint ben abu de van von the of".split())
# Arabic articles glued to a name by a hyphen: "al-Assad", "el-Sisi", "as-Sadr"
ARTICLES = frozenset("al el ad as ash at ar az an".split())

#: Default meaning of "the <demonym> leader" when a state names none.
LEADER_ORDER = ("supreme leader", "king", "queen", "emir", "sultan", "president", "prime minister")

_STR = (str,)
_LIST = (list,)
# file -> {key: (types, required)}
SCHEMAS: dict[str, dict[str, tuple[tuple[type, ...], bool]]] = {
    "states": {"name": (_STR, True), "iso3": (_STR, True), "aliases": (_LIST, False),
               "demonyms": (_LIST, False), "capital": (_STR, False),
               "capital_aliases": (_LIST, False), "government": (_LIST, False),
               "leader": (_STR, False), "observer": ((bool,), False), "id": (_STR, False),
               "nouns": (_LIST, False)},
    "persons": {"name": (_STR, True), "aliases": (_LIST, False), "short": (_LIST, False),
                "gender": (_STR, True), "state": (_STR, True), "offices": (_LIST, False),
                "id": (_STR, False)},
    "organizations": {"name": (_STR, True), "aliases": (_LIST, False), "short": (_LIST, False),
                      "kind": (_STR, True),
                      "state": (_STR, False), "part_of": (_STR, False), "id": (_STR, False)},
    "places": {"name": (_STR, True), "aliases": (_LIST, False), "kind": (_STR, True),
               "state": (_STR, True), "id": (_STR, False)},
    "titles": {"role": (_STR, True), "forms": (_LIST, True)},
}
OFFICE_KEYS: dict[str, tuple[tuple[type, ...], bool]] = {
    "role": (_STR, True), "of": (_STR, True), "start": (_STR, False), "end": (_STR, False)}
ORG_KINDS = frozenset(["armed group", "armed force", "security agency", "party",
                       "international body", "news agency", "media", "government body",
                       "company", "think tank", "other"])
PLACE_KINDS = frozenset(["city", "region", "site", "base", "airport", "border crossing",
                         "body of water", "aircraft", "vessel"])
TYPE_OF = {"states": "State", "persons": "Person", "organizations": "Organization",
           "places": "Place"}
ORDER = ("titles", "states", "organizations", "places", "persons")


def slug(name: str) -> str:
    """The default id of an entity: its name with underscores for spaces.

    >>> slug("Bashar al-Assad")
    'Bashar_al-Assad'
    """
    return "_".join(name.split())


_VOWELS = re.compile(r"[aeiouy]+")
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 16)
def skeleton(text: str) -> tuple[str, ...]:
    """A name's words without particles, vowels and doubled letters: what
    its transliterations share.

    >>> skeleton("Mohamed Morsi") == skeleton("Mohammed Mursi")
    True
    >>> skeleton("Walid al-Muallem") == skeleton("Walid Moualem")
    True
    """
    out = []
    for word in name_key(text):         # hyphens are gone: "al-Muallem" is al, muallem
        w = fold_lower(word)
        if w in PARTICLES:
            continue
        w = _DOUBLES.sub(r"\1", _VOWELS.sub("", re.sub(r"[^a-z]", "", w)))
        if w:
            out.append(w)
    return tuple(out)


def name_key(text: str) -> tuple[str, ...]:
    """The matching key of a name: tokens folded, hyphens dropped, particles
    and ordinary words lower-cased, all-capital words kept.

    >>> name_key("Bashar Al-Assad") == name_key("Bashar al Assad")
    True
    >>> name_key("U.S.-backed")
    ('U.S.', 'backed')
    """
    return tuple(k for k in (_word_key(t.text) for t in tokenize(text)) if k)


@lru_cache(maxsize=1 << 16)
def _word_key(word: str) -> str:
    word = fold(word)
    if word == "-":
        return ""
    if len(word) > 1 and word.isupper():
        return word
    return word.lower()


class _LineLoader(yaml.SafeLoader):
    """Safe YAML loading that remembers the line of every mapping."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    raw = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping: dict[str, Any] = {str(k): v for k, v in raw.items()}   # keys are checked as text
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay strings: "2019-02-25" must not become a datetime.date.
_LineLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml_records(path: Path, problems: list[Problem]) -> list[dict[str, Any]]:
    """Read a YAML list of mappings; syntax errors become problems with a line."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problems.append(Problem(str(path), line, None,
                                f"YAML syntax error: {getattr(exc, 'problem', exc)}"))
        return []
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(str(path), None, None, f"cannot read: {exc}"))
        return []
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(Problem(str(path), 1, None, "expected a list of records"))
        return []
    records = []
    for item in data:
        if not isinstance(item, dict):
            problems.append(Problem(str(path), None, None, f"expected a mapping, got {item!r}"))
        else:
            records.append(item)
    return records


def check_keys(path: Path, rec: dict[str, Any], schema: dict[str, tuple[tuple[type, ...], bool]],
               problems: list[Problem], prefix: str = "") -> bool:
    """Report unknown keys, missing required keys and wrong types; True if clean."""
    line = rec.get("__line__")
    ok = True
    for key, value in rec.items():
        if key == "__line__":
            continue
        if key not in schema:
            allowed = ", ".join(sorted(schema))
            problems.append(Problem(str(path), line, prefix + key,
                                    f"unknown key (allowed: {allowed})"))
            ok = False
        elif value is not None and not isinstance(value, schema[key][0]):
            want = " or ".join(t.__name__ for t in schema[key][0])
            problems.append(Problem(str(path), line, prefix + key,
                                    f"expected {want}, got {type(value).__name__} {value!r}"))
            ok = False
    for key, (_, required) in schema.items():
        if required and rec.get(key) in (None, ""):
            problems.append(Problem(str(path), line, prefix + key, "required key is missing"))
            ok = False
        elif required and rec.get(key) == []:
            problems.append(Problem(str(path), line, prefix + key, "must not be empty"))
            ok = False
    return ok


@dataclass(frozen=True)
class LexEntry:
    """What a phrase can mean: ``kind`` is alias, short, surname, demonym,
    capital, government or title; ``target`` an entity id (or a role for titles)."""

    kind: str
    target: str
    place: str | None = None
    caps: tuple[bool, ...] = ()     # which words of the phrase are written capitalised


class KnowledgeBase:
    """Entities by id, a lexicon of phrases, roles and their holders."""

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self.by_name: dict[str, str] = {}
        self.lexicon: dict[tuple[str, ...], list[LexEntry]] = defaultdict(list)
        self.roles: dict[str, tuple[str, ...]] = {}
        self.capital_of: dict[str, str] = {}      # place id -> state id
        self.leader_role: dict[str, str] = {}     # state id -> role
        self.state_nouns: dict[str, set[str]] = defaultdict(set)  # "kingdom" -> state ids
        self.files: list[str] = []
        self.origins: dict[tuple[tuple[str, ...], LexEntry], str] = {}
        self._holders: dict[tuple[str, str], list[tuple[str, Office]]] = defaultdict(list)
        self._bodies: dict[str, list[str]] | None = None  # state id -> its government bodies

    # -- queries ---------------------------------------------------------
    def get(self, entity_id: str) -> Entity:
        return self.entities[entity_id]

    def lookup(self, name: str) -> str | None:
        """The id of the entity with this id, canonical name or unique alias
        (a capital's name gives the city).

        >>> load_knowledge().lookup("Bashar Assad")
        'Bashar_al-Assad'
        """
        if name in self.entities:
            return name
        if name in self.by_name:
            return self.by_name[name]
        ids = {e.place or e.target for e in self.lexicon.get(name_key(name), ())
               if e.kind in ("alias", "capital", "short")}
        return ids.pop() if len(ids) == 1 else None

    def holders(self, role: str, of: str, date: str | None) -> list[str]:
        """Persons holding ``role`` in ``of`` at ``date`` (sorted ids); for a
        state with none, those holding it in the state's government bodies
        ("the Palestinian president": the Palestinian Authority's)."""
        found = sorted({pid for pid, office in self._holders.get((role, of), ())
                        if office.covers(date)})
        if found:
            return found
        if self._bodies is None:
            self._bodies = defaultdict(list)
            for eid, ent in self.entities.items():
                if ent.kind == "government body" and ent.state:
                    self._bodies[ent.state].append(eid)
        return sorted({pid for body in self._bodies.get(of, ())
                       for pid, office in self._holders.get((role, body), ())
                       if office.covers(date)})

    def body_posts(self, offices: Iterable[Office], role: str, state: str) -> list[Office]:
        """Those of ``offices`` with ``role`` in an organization of ``state``
        ("president" of the Palestinian Authority, for Palestine)."""
        return [o for o in offices if o.role == role and o.of in self.entities
                and self.entities[o.of].type == "Organization"
                and self.entities[o.of].state == state]

    def offices_of(self, person: str) -> tuple[Office, ...]:
        return self.entities[person].offices

    def capital(self, state_id: str) -> str | None:
        """The id of a state's capital city, if known."""
        return next((p for p, st in self.capital_of.items() if st == state_id), None)

    def leader_roles(self, state_id: str) -> tuple[str, ...]:
        first = self.leader_role.get(state_id)
        return ((first,) if first else ()) + tuple(r for r in LEADER_ORDER if r != first)

    # -- building ----------------------------------------------------------
    def add_entity(self, entity: Entity) -> None:
        self.entities[entity.id] = entity
        self.by_name[entity.label] = entity.id
        for office in entity.offices:
            self._holders[(office.role, office.of)].append((entity.id, office))

    def add_phrase(self, phrase: str, entry: LexEntry, origin: str = "") -> None:
        key = name_key(phrase)
        caps = tuple(t.text[:1].isupper() for t in tokenize(phrase) if _word_key(t.text))
        entry = LexEntry(entry.kind, entry.target, entry.place, caps)
        if key and entry not in self.lexicon[key]:
            self.lexicon[key].append(entry)
            self.origins[(key, entry)] = origin

    def skeletons(self) -> dict[tuple[str, ...], str]:
        """Persons by the consonant skeleton of a full name of two words or
        more (:func:`skeleton`), where only one person has it (cached): the
        spellings transliteration varies ("Mohamed Morsi", "Mohammed Mursi")."""
        n = len(self.entities)
        if getattr(self, "_skeletons", (None, None))[0] != n:
            seen: dict[tuple[str, ...], set[str]] = defaultdict(set)
            for e in self.entities.values():
                if e.type == "Person":
                    for name in (e.label, *e.aliases):
                        key = skeleton(name)
                        if len(key) >= 2:
                            seen[key].add(e.id)
            index = {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}
            self._skeletons = (n, index)
            self._skeleton_heads = frozenset(k[0] for k in index)
        return self._skeletons[1]

    def skeleton_heads(self) -> frozenset[str]:
        """The first words of :meth:`skeletons`' keys."""
        self.skeletons()
        return self._skeleton_heads

    def trie(self) -> dict:
        """The lexicon as a trie of words; the entries of a phrase sit under
        the key ``None`` of its last word's node (cached)."""
        n = len(self.lexicon)
        if getattr(self, "_trie", (None, None))[0] != n:
            root: dict = {}
            for key, entries in self.lexicon.items():
                node = root
                for word in key:
                    node = node.setdefault(word, {})
                node[None] = entries
            self._trie = (n, root)
        return self._trie[1]


def _date(value: Any, path: Path, line: int | None, field: str,
          problems: list[Problem]) -> str | None:
    from .corpus import parse_date

    if value is None:
        return None
    try:
        return parse_date(str(value))
    except ValueError as exc:
        problems.append(Problem(str(path), line, field, str(exc)))
        return None


def load_knowledge(dirs: Iterable[str | Path] | str | Path | None = None) -> KnowledgeBase:
    """Load and check the knowledge files of the package, then of ``dirs``.

    Files of each kind (``states.yaml``, ``persons.yaml``, …; also
    ``persons-*.yaml`` and the like) are read in a fixed order; every problem
    in every file is reported at once in one :class:`KnowledgeError`.

    >>> kb = load_knowledge()
    >>> kb.get("Syria").type
    'State'
    """
    folders = [DEFAULT_KNOWLEDGE]
    if dirs is not None:
        folders += [Path(d) for d in ([dirs] if isinstance(dirs, (str, Path)) else dirs)]
    problems: list[Problem] = []
    by_kind: dict[str, list[tuple[Path, dict[str, Any]]]] = {k: [] for k in ORDER}
    kb = KnowledgeBase()
    for folder in folders:
        if not folder.is_dir():
            raise KnowledgeError(f"{folder}: knowledge folder not found")
        for kind in ORDER:
            for path in sorted(folder.glob(f"{kind}*.yaml")):
                kb.files.append(str(path))
                for rec in read_yaml_records(path, problems):
                    if check_keys(path, rec, SCHEMAS[kind], problems):
                        by_kind[kind].append((path, rec))
    _load_titles(kb, by_kind["titles"], problems)
    pending = _register_entities(kb, by_kind, problems)
    _resolve_links(kb, pending, problems)
    _check_lexicon(kb, problems)
    _government_phrases(kb)
    _leader_governments(kb)
    _surnames(kb)
    if problems:
        raise KnowledgeError.collect("knowledge files", problems)
    return kb


def _load_titles(kb: KnowledgeBase, recs: list[tuple[Path, dict[str, Any]]],
                 problems: list[Problem]) -> None:
    for path, rec in recs:
        role = rec["role"]
        if role in kb.roles:
            problems.append(Problem(str(path), rec["__line__"], "role", f"duplicate role {role!r}"))
            continue
        kb.roles[role] = tuple(rec["forms"])
        for form in rec["forms"]:
            form = str(form)
            plural = form if form.endswith("s") else form + "s"   # "presidents Putin and Erdogan"
            for phrase in (form, plural):
                kb.add_phrase(phrase, LexEntry("title", role), f"{path}:{rec['__line__']}")


#: Common nouns a state goes by once named ("the kingdom", "the emirate")
STATE_NOUNS = frozenset(["kingdom", "emirate", "sultanate", "principality", "grand duchy"])


def _state_nouns(aliases: list[str], extra: list[Any], path: Path, line: int,
                 problems: list[Problem]) -> set[str]:
    """The state's common nouns: the head of a formal name ("Hashemite
    Kingdom of Jordan": kingdom) and those its record lists under ``nouns``
    ("emirate" for the State of Qatar)."""
    out = set()
    for a in aliases:
        head, sep, _ = a.partition(" of ")
        noun = head.lower().split()[-1:] if sep else []
        if noun and noun[0] in STATE_NOUNS:
            out.add(noun[0])
    for n in extra:
        if str(n).lower() not in STATE_NOUNS:
            problems.append(Problem(str(path), line, "nouns", f"{n!r} is not one of "
                                    f"{', '.join(sorted(STATE_NOUNS))}"))
        else:
            out.add(str(n).lower())
    return out


def _register_entities(kb: KnowledgeBase, by_kind: dict[str, list[tuple[Path, dict[str, Any]]]],
                       problems: list[Problem]) -> list[tuple[Path, dict[str, Any], str]]:
    """Give every record an id and a lexicon; links are checked afterwards."""
    seen: dict[str, str] = {}
    pending: list[tuple[Path, dict[str, Any], str]] = []

    def claim(eid: str, path: Path, line: int) -> bool:
        if eid in seen:
            problems.append(Problem(str(path), line, "id",
                                    f"duplicate id {eid!r} (first at {seen[eid]})"))
            return False
        seen[eid] = f"{path.name}:{line}"
        return True

    for kind in ("states", "organizations", "places", "persons"):
        for path, rec in by_kind[kind]:
            line = rec["__line__"]
            eid = rec.get("id") or slug(rec["name"])
            if not claim(eid, path, line):
                continue
            aliases = [str(a) for a in rec.get("aliases") or []]
            kb.add_entity(Entity(eid, rec["name"], TYPE_OF[kind], tuple(aliases)))
            origin = f"{path}:{line}"
            for phrase in [rec["name"], *aliases]:
                kb.add_phrase(phrase, LexEntry("alias", eid), origin)
            if kind == "states":
                for d in rec.get("demonyms") or []:
                    kb.add_phrase(str(d), LexEntry("demonym", eid), origin)
                for g in rec.get("government") or []:
                    kb.add_phrase(str(g), LexEntry("government", eid), origin)
                for noun in _state_nouns(aliases, rec.get("nouns") or [], path, line, problems):
                    kb.state_nouns[noun].add(eid)
                if rec.get("leader"):
                    if rec["leader"] not in kb.roles:
                        problems.append(Problem(str(path), line, "leader",
                                                f"unknown role {rec['leader']!r}"))
                    kb.leader_role[eid] = rec["leader"]
                capital = rec.get("capital")
                if capital:
                    pid = slug(capital)
                    if claim(pid, path, line):
                        caps = [str(c) for c in rec.get("capital_aliases") or []]
                        kb.add_entity(Entity(pid, capital, "Place", tuple(caps), state=eid,
                                             kind="capital"))
                        kb.capital_of[pid] = eid
                        for phrase in [capital, *caps]:
                            kb.add_phrase(phrase, LexEntry("capital", eid, pid), origin)
            if kind in ("persons", "organizations"):
                for s in rec.get("short") or []:
                    kb.add_phrase(str(s), LexEntry("short", eid), origin)
            if kind == "persons":
                if rec["gender"] not in ("male", "female"):
                    problems.append(Problem(str(path), line, "gender",
                                            f"{rec['gender']!r} is not male or female"))
            if kind == "organizations" and rec["kind"] not in ORG_KINDS:
                problems.append(Problem(str(path), line, "kind", f"unknown kind {rec['kind']!r} "
                                        f"(allowed: {', '.join(sorted(ORG_KINDS))})"))
            if kind == "places" and rec["kind"] not in PLACE_KINDS:
                problems.append(Problem(str(path), line, "kind", f"unknown kind {rec['kind']!r} "
                                        f"(allowed: {', '.join(sorted(PLACE_KINDS))})"))
            pending.append((path, rec, eid))
    return pending


def _resolve_links(kb: KnowledgeBase, pending: list[tuple[Path, dict[str, Any], str]],
                   problems: list[Problem]) -> None:
    """Check state / of / part_of names and build offices."""
    def ref(name: str, types: tuple[str, ...], path: Path, line: int, field: str) -> str | None:
        eid = kb.by_name.get(name) or (name if name in kb.entities else None)
        if eid is None or kb.entities[eid].type not in types:
            problems.append(Problem(str(path), line, field,
                                    f"unknown {' or '.join(t.lower() for t in types)} {name!r}"))
            return None
        return eid

    for path, rec, eid in pending:
        line = rec["__line__"]
        ent = kb.entities[eid]
        state = None
        if rec.get("state"):
            state = ref(rec["state"], ("State",), path, line, "state")
        offices: list[Office] = []
        for i, off in enumerate(rec.get("offices") or []):
            field = f"offices[{i}]"
            if not isinstance(off, dict):
                problems.append(Problem(str(path), line, field, "expected a mapping"))
                continue
            oline = off.get("__line__", line)
            if not check_keys(path, off, OFFICE_KEYS, problems, prefix=field + "."):
                continue
            if off["role"] not in kb.roles:
                problems.append(Problem(str(path), oline, field + ".role",
                                        f"unknown role {off['role']!r} (see titles.yaml)"))
                continue
            of = ref(off["of"], ("State", "Organization"), path, oline, field + ".of")
            start = _date(off.get("start"), path, oline, field + ".start", problems)
            end = _date(off.get("end"), path, oline, field + ".end", problems)
            if start and end and end[: len(start)] < start[: len(end)]:
                problems.append(Problem(str(path), oline, field + ".end",
                                        f"end {end} is before start {start}"))
                continue
            if of:
                offices.append(Office(off["role"], of, start, end))
        if rec.get("part_of"):
            ref(rec["part_of"], ("Organization",), path, line, "part_of")
        kind = rec.get("kind") if ent.type in ("Organization", "Place") else None
        new = Entity(ent.id, ent.label, ent.type, ent.aliases, state=state, kind=kind,
                     gender=rec.get("gender"), offices=tuple(offices),
                     iso3=rec.get("iso3"))
        kb.add_entity(new)


#: Words that, after a state's demonym, name its government: "the Syrian
#: presidency condemned ...", "Iraqi authorities said ..."
GOVERNMENT_WORDS = ("government", "presidency", "foreign ministry", "leadership",
                    "authorities", "regime", "cabinet")
#: Bodies of a state's government named after it ("Iraq's National Security
#: Council", "the Iraqi National Security Council"): they stand for the state
STATE_BODIES = ("national security council", "supreme national security council",
                "parliament", "foreign ministry", "government", "cabinet", "presidency")


def _government_phrases(kb: KnowledgeBase) -> None:
    """"<demonym> government", "<demonym> presidency", ... for every state,
    unless the phrase already names something (a ministry of its own)."""
    for key, entries in list(kb.lexicon.items()):
        for e in entries:
            words: tuple[str, ...]
            head: tuple[str, ...]
            if e.kind == "demonym":
                words, head = GOVERNMENT_WORDS + STATE_BODIES, ()
            elif e.kind == "alias" and kb.entities[e.target].type == "State":
                words, head = STATE_BODIES, ("'s",)
            else:
                continue
            for word in words:
                phrase_key = key + head + tuple(word.split())
                if phrase_key not in kb.lexicon and tuple(word.split()) not in kb.lexicon:
                    entry = LexEntry("government", e.target, None,
                                     e.caps + (False,) * (len(head) + len(word.split())))
                    kb.lexicon[phrase_key].append(entry)
                    kb.origins[(phrase_key, entry)] = \
                        f"{word!r} after the {e.kind} {' '.join(key)!r}"


def _last_name(label: str) -> str:
    """The last word of a name, without its article ("al-Sharaa": Sharaa)."""
    last = label.split()[-1]
    head, _, rest = last.partition("-")
    return rest if rest and head.lower() in ARTICLES else last


#: Posts whose holder's name names his government ("the Bush administration")
_GOVERNING = frozenset(["president", "prime minister", "king", "emir", "supreme leader",
                        "sultan", "chancellor"])
#: The words that make a leader's surname his government
_REGIMES = ("administration", "government", "regime", "cabinet")


def _leader_governments(kb: KnowledgeBase) -> None:
    """"the Bush administration", "the Netanyahu government", "the Assad
    regime": the state a leader of that surname governed (none when two
    leaders of different states share it)."""
    states: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for ent in kb.entities.values():
        if ent.type != "Person" or len(ent.label.split()) < 2:
            continue
        key = name_key(_last_name(ent.label))
        for o in ent.offices:
            if o.role in _GOVERNING and kb.entities[o.of].type == "State":
                states[key].add(o.of)
    for key, owners in states.items():
        if len(owners) != 1 or len(key) != 1:
            continue
        for word in _REGIMES:
            phrase_key = key + (word,)
            if phrase_key in kb.lexicon:
                continue
            entry = LexEntry("government", next(iter(owners)), None, (True, False))
            kb.lexicon[phrase_key].append(entry)
            kb.origins[(phrase_key, entry)] = f"{word!r} after a leader's surname"


#: Last words of names that are also styles before other names ("Hussein
#: al-Sheikh": "Sheikh Mohammed bin Rashid" is not he)
_STYLE_WORDS = frozenset("""sheikh shaikh sheik emir prince princess king sultan imam sayyed
    sayyid mullah pasha general""".split())


def _surnames(kb: KnowledgeBase) -> None:
    """A person's surname (the last word of the name), as a ``surname``
    entry: it names the person only in a document that has named them in
    full ("John Kerry ... Kerry said"). Not for names with a patronymic
    ("Mohammed bin Salman": Salman is his father) nor where the word
    already names something other than a person's short form ("Sharaa" is
    another man's short name, and Farouk al-Sharaa's surname in a document
    that names him)."""
    for eid, ent in list(kb.entities.items()):
        if ent.type != "Person":
            continue
        words = ent.label.split()
        if len(words) < 2 or any(w.lower() in ("bin", "ibn", "bint", "ben") for w in words):
            continue
        last = _last_name(ent.label)
        key = name_key(last)
        if len(key) != 1 or len(last) < 3 or not last[:1].isupper() or \
                last.lower() in _STYLE_WORDS or \
                any(e.kind not in ("short", "surname") for e in kb.lexicon.get(key, ())):
            continue
        entry = LexEntry("surname", eid, None, (True,))
        kb.lexicon[key].append(entry)
        kb.origins[(key, entry)] = f"the last word of {ent.label!r}"


def _check_lexicon(kb: KnowledgeBase, problems: list[Problem]) -> None:
    """A full name, demonym or capital may not mean two entities: nothing in
    the text could tell them apart (short forms may; the document decides)."""
    for key, entries in kb.lexicon.items():
        claims = [e for e in entries if e.kind in ("alias", "government", "demonym", "capital")]
        targets = {e.place or e.target for e in claims}
        if len(targets) > 1:
            where_ = "; ".join(f"{kb.origins.get((key, e), '?')} ({e.place or e.target})"
                               for e in claims)
            problems.append(Problem(kb.origins.get((key, claims[-1]), "knowledge"), None,
                                    " ".join(key), f"phrase claimed by several entities: "
                                    f"{where_}"))
