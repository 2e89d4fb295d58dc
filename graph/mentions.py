"""Stage 2a: find the mentions of entities in sentences and resolve them
with the knowledge base and the document's date.

Resolution, in order of trust: full names and aliases; titles by office and
date ("the Iranian president" in 2019 is Hassan Rouhani); a title followed
by an unknown capitalised name introduces a new person; short forms
("Assad") go to the person the document already named, else to the single
office holder at the date; pronouns go to the one compatible person of the
sentence or the one before, and otherwise stay unresolved.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


from .knowledge import (ARTICLES, LEADER_ORDER, PARTICLES, KnowledgeBase, LexEntry, _word_key,
                        skeleton, slug)
from .model import Entity, Mention, Office, Sentence
from .text import Token, tokenize

__all__ = ["find_mentions", "SentenceMentions", "HONORIFICS", "PRONOUNS"]

#: Words of rank or courtesy that may stand between a title and a name.
HONORIFICS = frozenset("""ayatollah sheikh shaikh sheik general gen lieutenant lt major maj
brigadier brig colonel col admiral adm rear dr mr mrs ms prince princess imam hojatoleslam
marshal field mullah sayyed sayyid seyed seyyed sayed syed""".split())

PRONOUNS = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female"}


def _casings(word: str) -> frozenset[str]:
    """Every spelling of a lower-case ASCII ``word`` whose ``lower()`` it is
    ("his", "His", "HIS", …): a set test instead of lower-casing each token."""
    forms = {""}
    for c in word:
        forms = {f + x for f in forms for x in {c, c.upper()}}
    return frozenset(forms)


_PRONOUN_FORMS = frozenset().union(*map(_casings, PRONOUNS))
_THE_FORMS = _casings("the")

# Mention types as they appear in rule views.
TYPE_TAG = {"Person": "person", "State": "state", "Organization": "org", "Place": "place",
            "Capital": "capital", "Title": "title"}


@dataclass(frozen=True)
class SentenceMentions:
    """A sentence, its tokens and its resolved mentions (token spans kept)."""

    sentence: Sentence
    tokens: list[Token]
    mentions: list[tuple[int, int, Mention]]   # (first token, end token, mention)


def _case_ok(tokens: list[Token], i: int, j: int, caps: tuple[bool, ...]) -> bool:
    """A name matches only when its first word is capitalised as in the
    phrase (particles aside): "Turkey" is no "turkey". Later words may be in
    lower case, as news writes the nouns of names: "Ain al-Asad air base",
    "the Syrian army"."""
    return _caps_fit(_deciding_word(tokens, i, j), caps)


def _deciding_word(tokens: list[Token], i: int, j: int) -> tuple[int, bool] | None:
    """The word of ``tokens[i:j]`` whose case :func:`_case_ok` checks (the
    first that is no particle and starts with a letter; hyphens are no
    words): its place among the words, and whether it is capitalised."""
    r = 0
    for t in tokens[i:j]:
        w = t.text
        if not _word_key(w):
            continue
        if w.lower() in PARTICLES or not w[:1].isalpha():
            r += 1
            continue
        return r, w[:1].isupper()
    return None


def _caps_fit(word: tuple[int, bool] | None, caps: tuple[bool, ...]) -> bool:
    """A phrase capitalised as ``caps`` fits the deciding ``word`` of the text."""
    if word is None or word[0] >= len(caps):
        return True
    return not caps[word[0]] or word[1]


def _lexical(tokens: list[Token], kb: KnowledgeBase) -> list[tuple[int, int, list[LexEntry]]]:
    """Longest lexicon matches, left to right, walking the lexicon's word
    trie from each token (hyphens are skipped; a word in capitals may also
    match as an ordinary word: "JERUSALEM (AP)")."""
    keys = list(map(_word_key, [t[0] for t in tokens]))
    # most sentences have no word in capitals: then nothing to lower
    lowered = [k.lower() if len(k) > 1 and k.isupper() and k.isalpha() else k for k in keys] \
        if any(map(str.isupper, keys)) else keys
    idx = [i for i, k in enumerate(keys) if k]          # tokens that count (no hyphens)
    caps = lowered != keys                               # some word in capitals
    root = kb.trie()
    found: list[tuple[int, int, list[LexEntry]]] = []
    n = len(idx)

    def usable(entries: list[LexEntry], p: int, q: int) -> list[LexEntry]:
        """The entries of the phrase of words ``p..q-1`` that this text can mean."""
        i, j = idx[p], idx[q - 1] + 1
        deciding = _deciding_word(tokens, i, j)     # the same for every entry
        names = [e for e in entries if e.kind != "title" and _caps_fit(deciding, e.caps)]
        return names or [e for e in entries if e.kind == "title"]

    p = 0
    # a walk can only start at a word that opens some phrase of the lexicon
    for start in [q for q, t in enumerate(idx) if keys[t] in root or lowered[t] in root]:
        if start < p:
            continue            # inside the match just found
        p = start
        best: tuple[int, int, list[LexEntry]] | None = None   # (q, exact, usable)
        if not caps:
            # one path through the trie: the deepest usable phrase on it
            node, q = root, p
            while q < n:
                child = node.get(keys[idx[q]])
                if child is None:
                    break
                node = child
                q += 1
                if None in node:
                    use = usable(node[None], p, q)
                    if use:
                        best = (q, 1, use)
        else:
            stack = [(root, p, 1)]
            while stack:
                node, q, exact = stack.pop()
                if q > p and None in node:
                    use = usable(node[None], p, q)
                    if use and (best is None or (q, exact) > best[:2]):
                        best = (q, exact, use)
                if q < n:
                    t = idx[q]
                    child = node.get(keys[t])
                    if child is not None:
                        stack.append((child, q + 1, exact))
                    if lowered[t] != keys[t]:
                        child = node.get(lowered[t])
                        if child is not None:
                            stack.append((child, q + 1, 0))
        if best:
            q = best[0]
            i = idx[p]
            if i >= 2 and tokens[i - 1].text == "-" and tokens[i - 2].text.lower() in ARTICLES \
                    and tokens[i - 2].end == tokens[i - 1].start \
                    and tokens[i - 1].end == tokens[i].start \
                    and (not found or found[-1][1] <= i - 2):
                i -= 2      # "President al-Assad": the article belongs to the name
            found.append((i, idx[q - 1] + 1, best[2]))
            p = q
    return found


#: The longest run of capitalised words tried as a variant spelling of a name
VARIANT_WORDS = 4


def _variants(tokens: list[Token], found, kb: KnowledgeBase):
    """Full names the lexicon does not spell this way but whose consonant
    skeleton is one person's (:meth:`KnowledgeBase.skeletons`): "Mohammed
    Mursi" for Mohamed Morsi, "Walid Moualem" for Walid al-Muallem. Tried on
    runs of capitalised words (and glued articles: "al-Moualem") that no
    lexicon match covers, from two words up to :data:`VARIANT_WORDS`,
    longest first."""
    taken = {t for i, j, _ in found for t in range(i, j)}
    runs: list[list[int]] = []
    cur: list[int] = []
    for k, t in enumerate(tokens):
        w = t.text
        name_word = w[:1].isupper() and w.isalpha() and not w.isupper() and k not in taken
        glued = w == "-" and cur and k + 1 < len(tokens) and \
            tokens[k - 1].text.lower() in ARTICLES          # "al-Muallem"
        if name_word or (glued and k not in taken) or \
                (cur and w.lower() in ARTICLES and k + 1 < len(tokens) and tokens[k + 1].text == "-"):
            cur.append(k)
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    index = kb.skeletons() if runs else {}
    heads = kb.skeleton_heads() if runs else frozenset()
    extra = []
    for run in runs:
        words = [k for k in run if tokens[k].text != "-"]
        if len(words) < 2:
            continue
        p = 0
        while p < len(run):
            hit = None
            first = skeleton(tokens[run[p]].text)
            if not first or first[0] not in heads:
                p += 1          # no known name opens with this word
                continue
            for q in range(min(len(run), p + VARIANT_WORDS + 2), p + 1, -1):
                span = run[p:q]
                if tokens[span[-1]].text == "-" or tokens[span[0]].text == "-":
                    continue
                text = " ".join(tokens[k].text for k in span).replace(" - ", "-")
                key = skeleton(text)
                if len(key) >= 2 and key in index:
                    hit = (span[0], span[-1] + 1, index[key])
                    break
            if hit:
                extra.append((hit[0], hit[1], [LexEntry("alias", hit[2])]))
                p = run.index(hit[1] - 1) + 1
            else:
                p += 1
    return sorted(found + extra, key=lambda x: x[0]) if extra else found


def find_mentions(sentences: list[Sentence], kb: KnowledgeBase, date: str | None,
                  new_entities: dict[str, Entity] | None = None) -> list[SentenceMentions]:
    """Resolve the mentions of every sentence of one document.

    ``new_entities`` collects persons introduced by a title that the
    knowledge base does not know.
    """
    new_entities = new_entities if new_entities is not None else {}
    raw = []
    named: dict[str, int] = {}             # persons and bodies named in full in the document
    for s in sentences:
        toks = tokenize(s.text)
        lex = _variants(toks, _lexical(toks, kb), kb)
        raw.append((s, toks, lex))
        for _, _, entries in lex:
            for e in entries:
                if e.kind == "alias" and kb.entities[e.target].type in ("Person", "Organization"):
                    named[e.target] = named.get(e.target, 0) + 1
    out: list[SentenceMentions] = []
    recent: list[Mention] = []             # persons of the previous sentence
    lead: str | None = None                # the person the previous sentence opened with
    titled: dict[str, set[str]] = {}       # role -> persons the document introduced with it
    groups: list[tuple[int, str]] = []     # (sentence, armed group) in the order named
    states: list[str] = []                 # states in the order named
    prev_places: list[Mention] = []        # places the previous sentence put things "in"
    topic: Mention | None = None           # the state or body the previous sentence opened with
    for s, toks, lex in raw:
        ms = _resolve_sentence(s, toks, lex, kb, date, named, new_entities, titled)
        ms = _resolve_pronouns(s, toks, ms, kb, recent, lead)
        ms = _resolve_group_nouns(s, toks, ms, kb, groups)
        ms = _resolve_state_nouns(s, toks, ms, kb, states)
        ms = _resolve_there(s, toks, ms, prev_places)
        ms = _resolve_its(s, toks, ms, topic)
        prev_places = _places_after_preposition(toks, ms)
        topic = next((m for a, b, m in ms if m.type in ("State", "Organization", "Capital")
                      and m.via not in ("demonym", "pronoun")
                      and not _possessor(toks, ms, b)), None)
        out.append(SentenceMentions(s, toks, ms))
        persons = [m for _, _, m in ms if m.type == "Person" and m.entity]
        recent = persons
        first = next((m for _, _, m in ms if m.type in ("Person", "Title")), None)
        lead = first.entity if first is not None and first.type == "Person" else None
    return out


def _mention(s: Sentence, toks: list[Token], i: int, j: int, type_: str, entity: str | None,
             via: str, **kw) -> tuple[int, int, Mention]:
    start, end = s.start + toks[i].start, s.start + toks[j - 1].end
    text = s.text[toks[i].start:toks[j - 1].end]
    return (i, j, Mention(start, end, text, type_, entity, via, s.index, **kw))


def _resolve_sentence(s: Sentence, toks: list[Token], lex, kb: KnowledgeBase, date: str | None,
                      named: dict[str, int], new_entities: dict[str, Entity],
                      titled: dict[str, set[str]]):
    ms: list[tuple[int, int, Mention]] = []
    for i, j, entries in lex:
        kinds = {e.kind for e in entries}
        if "title" in kinds:
            ms.append(_mention(s, toks, i, j, "Title", None, "title", role=entries[0].target))
            continue
        alias = [e for e in entries if e.kind in ("alias", "demonym", "government", "capital")]
        if alias:
            e = alias[0]
            ent = kb.entities[e.target]
            if e.kind == "capital":
                ms.append(_mention(s, toks, i, j, "Capital", e.target, "capital", place=e.place))
            else:
                via = "alias" if e.kind == "alias" else e.kind
                split = _title_in_name(toks, i, j, ent, kb) if e.kind == "alias" else None
                if split:
                    k, role = split
                    ms.append(_mention(s, toks, i, k, "Title", None, "title", role=role))
                    i = k
                ms.append(_mention(s, toks, i, j, ent.type, e.target, via))
            continue
        short = _short_form(entries, kb, date, named)
        if short:
            ms.append(_mention(s, toks, i, j, kb.entities[short].type, short, "short"))
    ms = _compose_capitals(s, toks, ms, kb)
    ms = _compose_titles(s, toks, ms, kb, date, new_entities, titled, named)
    ms = _absorb_own_state(s, toks, ms, kb, new_entities)
    ms = _new_places(s, toks, ms, kb, new_entities)
    ms = _styled_persons(s, toks, ms, kb, new_entities)
    _remember_titles(toks, ms, titled)
    return ms


def _styled_persons(s: Sentence, toks: list[Token], ms, kb: KnowledgeBase,
                    new_entities: dict[str, Entity]):
    """A capitalised name the base does not know after a style ("Sheikh
    Nasser al-Mohammed", "Brigadier General Amir Hatami"): a person."""
    if not any(t.text.lower() in HONORIFICS and t.text[:1].isupper() for t in toks):
        return ms
    out = list(ms)
    taken = {t for a, b, _ in ms for t in range(a, b)}
    for i, tok in enumerate(toks):
        if i in taken or tok.text.lower() not in HONORIFICS or not tok.text[:1].isupper() or \
                (i > 0 and toks[i - 1].text.lower() in HONORIFICS):
            continue
        j = _skip_honorifics(toks, i)
        newp = _new_person(s, toks, j, out, len(out))
        if newp is None or newp[0] != j:
            continue
        if kb.lookup(s.text[toks[newp[0]].start:toks[newp[1] - 1].end]):
            continue
        person = _new_person_mention(s, toks, newp, kb, new_entities)
        if person:
            out.append(person)
            taken.update(range(newp[0], newp[1]))
    return sorted(out, key=lambda x: x[0])


def _new_person_mention(s: Sentence, toks: list[Token], span: tuple[int, int],
                        kb: KnowledgeBase, new_entities: dict[str, Entity],
                        role: str | None = None, owner: str | None = None):
    """The mention of the person the base does not know at ``span``, holding
    ``role`` in ``owner`` when the text places the post; ``None`` when the
    name is a known entity's id."""
    name = s.text[toks[span[0]].start:toks[span[1] - 1].end]
    pid = slug(name)
    if pid in kb.entities:
        return None
    if owner is None or role is None:
        new_entities.setdefault(pid, Entity(pid, name, "Person", source="text"))
        return _mention(s, toks, span[0], span[1], "Person", pid, "new-person")
    state = owner if kb.entities[owner].type == "State" else kb.entities[owner].state
    new_entities.setdefault(pid, Entity(pid, name, "Person", state=state,
                                        offices=(Office(role, owner),), source="text"))
    return _mention(s, toks, span[0], span[1], "Person", pid, "new-person", office=(role, owner))


#: Words after which a capitalised name is a place: "arrived in Sharm
#: el-Sheikh", "a visit to Hmeimim", "the town of Ras al-Ain"
_PLACE_CUES = frozenset([
    ("visit", "to"), ("trip", "to"), ("arrived", "in"), ("arrived", "at"), ("landed", "in"),
    ("landed", "at"), ("flew", "to"), ("flew", "into"), ("travelled", "to"),
    ("traveled", "to"), ("travelling", "to"), ("traveling", "to"), ("arrival", "in"),
    ("arrival", "at"), ("headed", "to"), ("town", "of"), ("city", "of"), ("village", "of"),
    ("province", "of"), ("governorate", "of"), ("resort", "of"), ("port", "of"),
    ("region", "of"), ("district", "of"), ("suburb", "of"), ("outskirts", "of")])
#: Capitalised words that open no place name
_NOT_PLACE = frozenset("""the a an this that his her its their our president king prince
    minister monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december jan feb mar apr jun jul
    aug sep sept oct nov dec""".split())


def _new_places(s: Sentence, toks: list[Token], ms, kb: KnowledgeBase,
                new_entities: dict[str, Entity]):
    """A place the knowledge base does not know, named in capitals right
    after words that call for one ("arrived in Sharm el-Sheikh", "the
    border town of Ras al-Ain"): a new place of the document."""
    if not any((toks[k - 1].text.lower(), toks[k].text.lower()) in _PLACE_CUES
               for k in range(1, len(toks))):
        return ms
    taken = {t for a, b, _ in ms for t in range(a, b)}
    out = list(ms)
    for k in range(1, len(toks) - 1):
        if (toks[k - 1].text.lower(), toks[k].text.lower()) not in _PLACE_CUES:
            continue
        i = k + 1
        first = toks[i].text
        if i in taken or not (first[:1].isupper() and first.isalpha()) or \
                first.lower() in _NOT_PLACE or first.lower() in HONORIFICS:
            continue
        j, words = i, 0
        while j < len(toks) and j not in taken and j - i < 5:
            w = toks[j].text
            if w[:1].isupper() and w.isalpha() and w.lower() not in _NOT_PLACE:
                words += 1
            elif not (w.lower() in PARTICLES or w == "-"):
                break
            j += 1
        while j > i and (toks[j - 1].text.lower() in PARTICLES or toks[j - 1].text == "-"):
            j -= 1
        if not words or (j < len(toks) and toks[j].text in ("'s", "’s")):
            continue
        name = s.text[toks[i].start:toks[j - 1].end]
        pid = slug(name)
        known = kb.entities.get(pid) or new_entities.get(pid)
        if known is not None and known.type != "Place":
            continue
        if known is None:
            new_entities[pid] = Entity(pid, name, "Place", source="text")
        out.append(_mention(s, toks, i, j, "Place", pid, "new-place"))
        taken.update(range(i, j))
    out.sort(key=lambda t: t[0])
    return out


def _absorb_own_state(s: Sentence, toks: list[Token], ms, kb: KnowledgeBase,
                      new_entities: dict[str, Entity]):
    """"Prime Minister Benjamin Netanyahu of the State of Israel": a person
    followed by "of" and their own state is one mention, so that lists of
    such names read as lists ("welcomed A of Israel, B of the UAE and C of
    Bahrain to Washington")."""
    out = list(ms)
    k = 0
    while k + 1 < len(out):
        i, j, m = out[k]
        fi, fj, fm = out[k + 1]
        gap = [t.text.lower() for t in toks[j:fi]]
        ent = kb.entities.get(m.entity or "") or new_entities.get(m.entity or "")
        if m.type == "Person" and ent is not None and gap in (["of"], ["of", "the"]) and \
                fm.type in ("State", "Capital") and fm.via in ("alias", "capital") and \
                fm.entity is not None and (ent.state == fm.entity or
                                           any(o.of == fm.entity for o in ent.offices)):
            out[k] = _mention(s, toks, i, fj, "Person", m.entity, m.via, role=m.role,
                              office=m.office)
            del out[k + 1]
        k += 1
    return out


def _plural_title(toks: list[Token], i: int, j: int, kb: KnowledgeBase) -> bool:
    """A title in the plural ("leaders", "foreign ministers"): its last word
    without the final s is a title too."""
    last = toks[j - 1].text
    if not last.lower().endswith("s") or last.lower().endswith("ss"):
        return False
    key = tuple(w for w in (_word_key(t.text) for t in toks[i:j - 1]) if w) + \
        (_word_key(last[:-1]),)
    return any(e.kind == "title" for e in kb.lexicon.get(key, ()))


def _title_in_name(toks: list[Token], i: int, j: int, ent: Entity,
                   kb: KnowledgeBase) -> tuple[int, str] | None:
    """A person's alias that opens with one of their titles ("King Salman",
    "Emir Tamim"): where the title ends and its role, so the title counts
    as a title (and gives the office) and the rest as the name."""
    roles = {o.role for o in ent.offices}
    if not roles:
        return None         # no title of theirs to find
    for k in range(i + 1, j):
        key = tuple(w for w in (_word_key(t.text) for t in toks[i:k]) if w)
        for e in kb.lexicon.get(key, ()):
            if e.kind == "title" and e.target in roles:
                return k, e.target
    return None


def _remember_titles(toks: list[Token], ms, titled: dict[str, set[str]]) -> None:
    """Note who the document introduces with which title ("Secretary of
    State Antony Blinken"), so that "the secretary" later means that person."""
    for k, (i, j, m) in enumerate(ms):
        if m.type == "Person" and m.office:
            titled.setdefault(m.office[0], set()).add(m.entity)
        if m.type == "Title" and k + 1 < len(ms):
            nxt = _skip_honorifics(toks, j)
            fi, _, fm = ms[k + 1]
            if fi == nxt and fm.type == "Person" and fm.entity:
                titled.setdefault(m.role, set()).add(fm.entity)


def _compose_capitals(s: Sentence, toks: list[Token], ms, kb: KnowledgeBase):
    """"the Iranian capital", "Syria's capital": the capital city (and, as
    for any capital, the state it stands for)."""
    out = []
    for n, (i, j, m) in enumerate(ms):
        k = j + 1 if j < len(toks) and toks[j].text in ("'s", "’s") else j
        if m.type == "State" and k < len(toks) and toks[k].text.lower() == "capital" and \
                kb.capital(m.entity):
            out.append(_mention(s, toks, i, k + 1, "Capital", m.entity, "capital",
                                place=kb.capital(m.entity)))
        else:
            out.append((i, j, m))
    return out


def _short_form(entries: list[LexEntry], kb: KnowledgeBase, date: str | None,
                named: dict[str, int]) -> str | None:
    """A surname goes to the person the document names in full (one with
    this short form, else one whose surname it is); else to the one
    candidate (short form or surname) in office at the date; else to the
    only candidate with this short form."""
    cands = sorted({e.target for e in entries if e.kind == "short"})
    in_doc = [c for c in cands if c in named] or \
        sorted({e.target for e in entries if e.kind == "surname" and e.target in named})
    if len(in_doc) == 1:
        return in_doc[0]
    if len(in_doc) > 1:
        return None
    cands = [c for c in cands if kb.entities[c].type == "Person"]   # an organization's
    # short form ("the Guards") stands for it only once the document has named it in full;
    # a surname stands for the one person of that name in office at the date
    # ("President Bush" in 2003)
    surnames = sorted({e.target for e in entries if e.kind == "surname"} - set(cands))
    active = [c for c in cands + surnames
              if date and any(o.covers(date) for o in kb.entities[c].offices)]
    if len(active) == 1:
        return active[0]
    return cands[0] if len(cands) == 1 else None


def _owner(m: Mention | None, kb: KnowledgeBase) -> str | None:
    """The state or organization a descriptor mention stands for."""
    if m is None or m.entity is None:
        return None
    if m.type in ("State", "Capital", "Organization"):
        return m.entity
    if m.type == "Place":
        return kb.entities[m.entity].state
    return None


#: Words between "the" and a title that still point back at its holder
_EPITHETS = frozenset("year old veteran elderly ailing octogenarian septuagenarian".split())


def _compose_titles(s: Sentence, toks: list[Token], ms, kb: KnowledgeBase, date: str | None,
                    new_entities: dict[str, Entity], titled: dict[str, set[str]],
                    named: dict[str, int] | None = None):
    """Resolve titles that stand alone ("the Syrian President") to persons and
    turn "Title Capitalised Name" with an unknown name into a new person."""
    out = list(ms)
    k = 0
    while k < len(out):
        i, j, m = out[k]
        if m.type != "Title":
            k += 1
            continue
        nxt = _skip_honorifics(toks, j)
        if m.text.lower() == "chief" and j < len(toks) and toks[j].text.lower() in _CHIEF_OF:
            del out[k]          # "Hamas's chief patron", "its chief rival": an adjective
            continue
        if m.role in _POSTED and k > 1 and out[k - 1][2].type in ("State", "Capital") and \
                out[k - 1][1] == i and out[k - 2][1] == out[k - 1][0] and \
                out[k - 2][2].type in ("State", "Capital", "Organization"):
            # "U.N. Syria envoy X", "the U.S. Iran envoy": the second name is
            # where the post is, the first whose post it is
            del out[k - 1]
            k -= 1
            continue
        if m.role == "counterpart":
            role = _counterpart_role(out[:k], kb, date)
            if role is None:
                del out[k]          # nothing says which post: not a title
                continue
            m = replace(m, role=role)
            out[k] = (i, j, m)
        following = out[k + 1] if k + 1 < len(out) else None
        if following and following[0] in (nxt, _after_comma(toks, nxt)) and \
                following[2].type in ("Person", "Title"):
            k += 1          # a title of the name (or of the next title) that follows
            continue
        if _in_apposition(toks, out, k):
            k += 1          # "Soleimani, the commander of the Quds Force": about that name
            continue
        # descriptor before: "Syrian", "Iran 's", "Quds Force"
        owner, first = None, i
        if k > 0:
            pi, pj, pm = out[k - 1]
            gap = [t.text for t in toks[pj:i]]
            if gap in ([], ["'s"], ["’s"]) and pm.type in ("State", "Capital", "Organization",
                                                             "Place"):
                owner, first = _owner(pm, kb), pi
        # "the Emir of Qatar", "Secretary-General of the United Nations"
        last = j
        if owner is None and following and toks[j:j + 1] and toks[j].text.lower() == "of":
            fi, fj, fm = following
            gap = [t.text.lower() for t in toks[j + 1:fi]]
            if gap in ([], ["the"]) and fm.type in ("State", "Capital", "Organization"):
                owner, last = _owner(fm, kb), fj
                body = out[k + 2] if k + 2 < len(out) else None
                if body and body[2].type == "Organization" and fj < len(toks) and \
                        toks[fj].text in ("'s", "’s") and fj < body[0] <= fj + 3 and \
                        all(t.text.isalpha() and t.text.islower() for t in toks[fj + 1:body[0]]):
                    # "the commander of Iran's elite Quds Force": the body is the post's
                    owner, last = body[2].entity, body[1]
                    following = body
                elif fj + 1 < len(toks) and toks[fj].text in ("'s", "’s", "'", "’") and \
                        toks[fj + 1].text.isalpha() and toks[fj + 1].text.islower():
                    k += 1      # "commander of the Guards' aerospace force": a unit's post
                    continue
                nxt = _skip_honorifics(toks, fj)
                after = out[k + 2] if k + 2 < len(out) else None
                if after and after[0] == nxt and after[2].type == "Person":
                    k += 1      # "the Emir of Qatar Tamim bin Hamad": a title of the name
                    continue
        newp = _new_person(s, toks, nxt, out, k)
        if newp is None and owner and j < len(toks) and toks[j].text == ",":
            # "the Lebanese economy minister, Karim Haddad, said"
            newp = _new_person(s, toks, j + 1, out, k)
            if newp and not (newp[1] >= len(toks) or toks[newp[1]].text in _CLOSERS):
                newp = None
        name_first = False
        if newp is None and owner:
            # "Karim Haddad, the Lebanese economy minister, said": the name before
            newp = _new_person_before(toks, first, last, out)
            name_first = newp is not None
        if newp and owner:
            person = _new_person_mention(s, toks, newp, kb, new_entities, m.role, owner)
            if person:
                if name_first:
                    out.insert(k - 1 if first < i else k, person)
                    k += 2
                    continue
                out.insert(k + 1 if last == j else k + 2, person)
                k += 1
                continue
        if newp and owner is None and not name_first and m.role != "counterpart":
            # "Ambassador Jan Kubis said": a person the base does not know, whose
            # post the text does not place
            person = _new_person_mention(s, toks, newp, kb, new_entities)
            if person:
                out.insert(k + 1, person)
                k += 2
                continue
        lead = [t.text.lower() for t in toks[max(0, first - 2):first]]
        if "a" in lead or "an" in lead or "one" in lead:
            k += 1          # "a senior commander of the Quds Force": not the holder
            continue
        if owner is None:
            # "the secretary": the one person the document introduced with that
            # title; "the (88-year-old) ruler": with any ruler's title
            head = toks[j - 1].text.lower()
            heads = LEADER_ORDER + ("ruler", "leader") if head in ("ruler", "leader") else ()
            cands = {p for role, ps in titled.items()
                     if head in role.split() or role in heads for p in ps}
            b = i - 1
            while b >= 0 and (toks[b].text.lower() in _EPITHETS or toks[b].text.isdigit() or
                              toks[b].text == "-" and b + 1 < i):
                b -= 1      # "the 88-year-old ruler", "the veteran leader"
            before = toks[b].text.lower() if b >= 0 else ""
            if len(cands) == 1 and before == "the":
                pid = cands.pop()
                tm = _mention(s, toks, i, j, "Person", pid, "title")
                out[k] = tm
            k += 1
            continue
        if _plural_title(toks, i, j, kb):
            k += 1          # "the leaders of Israel": not one holder
            continue
        if m.role in _POSTED and j < len(toks) and toks[j].text.lower() in ("to", "in", "at"):
            k += 1          # "Washington's ambassador to Baghdad": one of many, not
            continue        # the one the base knows
        roles = kb.leader_roles(owner) if m.role == "leader" and \
            kb.entities[owner].type == "State" else (m.role,)
        holder = None
        if m.role == "leader" and named and kb.entities[owner].type == "State":
            # "the Iranian leader" in a story that names Iran's president
            # (and not its supreme leader): the one the story is about
            inside = [(p, o.role) for p in sorted(named) for o in kb.entities[p].offices
                      if o.of == owner and o.role in roles and o.covers(date)]
            if len({p for p, _ in inside}) == 1:
                holder = inside[0]
        for role in roles if holder is None else ():
            hs = kb.holders(role, owner, date)
            if len(hs) == 1:
                holder = (hs[0], role)
                break
            if hs:
                break
        if holder is None and m.role not in LEADER_ORDER:
            # "the Iranian minister" after "Iranian Foreign Minister Araghchi":
            # the one person the story introduced with a post of that name there
            head = toks[j - 1].text.lower()
            posts = {(p, role) for role, ps in titled.items() if head in role.split()
                     for p in ps for ent in [kb.entities.get(p) or new_entities.get(p)]
                     if ent is not None and any(o.of == owner and o.role == role
                                                for o in ent.offices)}
            if len({p for p, _ in posts}) == 1:
                holder = sorted(posts)[0]
        if holder is None:
            k += 1
            continue
        lo = min(first, i)
        hi = max(last, j)
        tm = _mention(s, toks, lo, hi, "Person", holder[0], "title",
                      office=(holder[1], _post_owner(kb, holder, owner, date)))
        out = [x for x in out if not (x[0] >= lo and x[1] <= hi)]
        out.append(tm)
        out.sort(key=lambda x: x[0])
        k = out.index(tm) + 1
    return out


#: Posts a state fills many times over at once, one per posting ("ambassador to")
_POSTED = frozenset(["ambassador", "envoy"])

_APPOSITION_GAPS = ([","], [",", "the"], [",", "his"], [",", "her"], [",", "its"], [",", "a"],
                    [",", "an"])
_CLOSERS = (",", ".", ";", ")", "—", "–", "-", "!", "?")


def _post_owner(kb: KnowledgeBase, holder: tuple[str, str], owner: str, date: str | None) -> str:
    """The state or body whose post the holder holds: a government body of
    ``owner`` when the knowledge base puts the post there ("the Palestinian
    president": the Palestinian Authority's)."""
    ent = kb.entities.get(holder[0])
    bodies = {o.of for o in kb.body_posts(ent.offices if ent else (), holder[1], owner)
              if o.covers(date)}
    return bodies.pop() if len(bodies) == 1 else owner


#: Nouns "chief" describes rather than names a post with ("Hamas's chief patron")
_CHIEF_OF = frozenset("""patron patrons backer backers ally allies rival rivals sponsor sponsors
    supporter supporters architect critic critics adversary foe foes enemy enemies beneficiary
    target concern aim goal suspect suspects obstacle source""".split())
#: Posts held in another country, named before the title ("U.N. Syria envoy")
_POSTED = frozenset(["envoy", "ambassador"])
#: Words before a title that make it another post ("deputy head") or rank it
_RANKS = frozenset("deputy vice assistant senior acting former top interim".split())


def _in_apposition(toks: list[Token], out, k: int) -> bool:
    """The title at ``out[k]`` follows "Name ," (possibly with a descriptor
    between: "Assad, the Syrian president")."""
    n = k - 1
    if n >= 0 and out[n][2].type in ("State", "Organization", "Capital", "Place") and \
            [t.text.lower() for t in toks[out[n][1]:out[k][0]]] in ([], ["'s"], ["’s"]):
        n -= 1
    if n < 0 or out[n][2].type != "Person":
        return False
    end = out[n + 1][0] if n + 1 < k else out[k][0]
    gap = [t.text.lower() for t in toks[out[n][1]:end]]
    if gap[:2] in ([",", "a"], [",", "an"], [",", "the"]) and len(gap) <= 4:
        gap = gap[:2]       # ", a senior commander of": adjectives inside the apposition
    elif gap[:1] == [","] and 1 < len(gap) <= 3 and all(w in _RANKS for w in gap[1:]):
        gap = gap[:1]       # ", deputy head of the PMF": a rank of the post
    if gap not in _APPOSITION_GAPS:
        return False
    # it closes: ", the commander of the Quds Force," — not ", the Iranian president said"
    j = out[k][1]
    if j < len(toks) and toks[j].text.lower() == "of" and k + 1 < len(out):
        j = out[k + 1][1]
        if j < len(toks) and toks[j].text in ("'s", "’s") and k + 2 < len(out) and \
                out[k + 2][2].type == "Organization" and out[k + 2][0] <= j + 3:
            j = out[k + 2][1]     # "of Iran's elite Quds Force"
    if j < len(toks) and toks[j].text.lower() in ("for", "in"):
        # ", the Quds Force commander for Syria and Lebanon,": the post's scope
        end = next((e for e in range(j + 1, min(j + 8, len(toks) + 1))
                    if e == len(toks) or toks[e].text in _CLOSERS), None)
        if end is not None:
            j = end
    return j >= len(toks) or toks[j].text in _CLOSERS


def _after_comma(toks: list[Token], i: int) -> int:
    """"his Turkish counterpart, Mevlut Cavusoglu": where the name starts."""
    if i < len(toks) and toks[i].text == ",":
        return _skip_honorifics(toks, i + 1)
    return -1


def _title_attached(toks: list[Token], out, k: int) -> bool:
    """The title at ``out[k]`` belongs to a name: before it, or in apposition."""
    nxt = _skip_honorifics(toks, out[k][1])
    following = out[k + 1] if k + 1 < len(out) else None
    if following and following[0] in (nxt, _after_comma(toks, nxt)) and \
            following[2].type in ("Person", "Title"):
        return True
    return _in_apposition(toks, out, k)


def _counterpart_role(before, kb: KnowledgeBase, date: str | None) -> str | None:
    """"his Iranian counterpart": the post of the nearest person before who
    holds one (by the title that introduced them, or by the date)."""
    for _, _, p in reversed(before):
        if p.type == "Title" and p.role != "counterpart":
            return p.role
        if p.type != "Person" or p.entity is None:
            continue
        if p.office:
            return p.office[0]
        ent = kb.entities.get(p.entity)
        offices = [o for o in (ent.offices if ent else ()) if o.covers(date)]
        # a counterpart is a state's: a party's leader is no one's counterpart
        of_state = [o for o in offices if o.of in kb.entities and kb.entities[o.of].type == "State"]
        offices = of_state or offices
        if len({o.role for o in offices}) == 1:
            return offices[0].role
        return None
    return None


def _skip_honorifics(toks: list[Token], i: int) -> int:
    """The index after any honorifics at ``i``: "Ayatollah", "Lieutenant General", "Gen."."""
    while i < len(toks) and toks[i].text.lower() in HONORIFICS:
        i += 1
        if i < len(toks) and toks[i].text == ".":
            i += 1
    return i


def _new_person(s: Sentence, toks: list[Token], i: int, ms, k: int) -> tuple[int, int] | None:
    """Two to five capitalised words (particles allowed) right after a title,
    that no other mention covers: a person the knowledge base does not know."""
    taken = {t for a, b, _ in ms for t in range(a, b)}
    j = i
    words = 0
    while j < len(toks) and j not in taken and j - i < 6:
        w = toks[j].text
        if w[:1].isupper() and w.isalpha():
            words += 1
        elif w.lower() in PARTICLES or w == "-":
            pass
        else:
            break
        j += 1
    while j > i and (toks[j - 1].text.lower() in PARTICLES or toks[j - 1].text == "-"):
        j -= 1
    if words >= 2 and j > i and toks[i].text[:1].isupper() and toks[j - 1].text[:1].isupper():
        return (i, j)
    return None


def _new_person_before(toks: list[Token], first: int, last: int, ms) -> tuple[int, int] | None:
    """Two to five capitalised words before ", (the) <post>," that no other
    mention covers: "Karim Haddad, Lebanon's economy minister, said"."""
    b = first - 1
    if b >= 0 and toks[b].text.lower() in ("the", "a", "an"):
        b -= 1
    if b < 2 or toks[b].text != "," or not (last >= len(toks) or toks[last].text in _CLOSERS):
        return None
    taken = {t for a, c, _ in ms for t in range(a, c)}
    i = b
    while i > 0 and b - i < 6 and i - 1 not in taken and (
            toks[i - 1].text[:1].isupper() and toks[i - 1].text.isalpha()
            or toks[i - 1].text.lower() in PARTICLES or toks[i - 1].text == "-"):
        i -= 1
    while i < b and (toks[i].text.lower() in PARTICLES or toks[i].text == "-"):
        i += 1
    words = sum(1 for t in toks[i:b] if t.text[:1].isupper())
    if words < 2 or i == b or (i > 0 and toks[i - 1].text[:1].isupper()):
        return None
    if i == 0 or toks[i - 1].text.lower() in _NAME_LEADS:
        return (i, b)
    return None


#: Words a name may follow at the start of its clause ("met Karim Haddad, the
#: Lebanese economy minister,")
_NAME_LEADS = frozenset("""with met and by to , ; : ( — – - said told of for from between
    including meet meets meeting received receives welcomed hosted visited""".split())


#: "the group", "the rebels": nouns that point back at the armed group last named
GROUP_NOUNS = frozenset("group rebels militia militants movement insurgents fighters".split())
GROUP_WINDOW = 3


#: Words that may describe an armed group between "the" and its noun ("the
#: Shi'ite group", "the Islamist movement"); a nationality word may too, if
#: it is the group's own state's ("the Lebanese group")
GROUP_MODIFIERS = frozenset("""shiite shia sunni islamist islamic jihadist militant armed
    radical extremist hardline powerful rebel insurgent paramilitary
    shi 'ite 'a""".split())     # the tokenizer splits "Shi'ite", "Shi'a"


def _resolve_group_nouns(s: Sentence, toks: list[Token], ms, kb: KnowledgeBase,
                         groups: list[tuple[int, str]]):
    """"The group", "the rebels", "the Shi'ite militia": the armed group the
    text named last, in this sentence or the :data:`GROUP_WINDOW` before it,
    when that is one group; up to three tokens of :data:`GROUP_MODIFIERS`
    or nationality words may stand before the noun. ``groups`` collects the
    document's armed groups in order."""
    out = list(ms)
    taken = {t for a, b, _ in ms for t in range(a, b)}
    demonym_at = {a: m.entity for a, b, m in ms if m.via == "demonym" and b == a + 1}
    here = sorted((a, m.entity) for a, _, m in ms if m.type == "Organization" and m.entity
                  and kb.entities[m.entity].kind == "armed group")
    ntok = len(toks)
    for i in [k for k in range(ntok - 1) if toks[k][0] in _THE_FORMS]:
        if i in taken:
            continue
        # the modifiers, then the noun: "the" (ADJ (ADJ)) NOUN
        j, states = i + 1, set()
        while j < ntok and j - i <= 3 and (toks[j].text.lower() in GROUP_MODIFIERS
                                           or j in demonym_at):
            if j in demonym_at:
                states.add(demonym_at[j])
            elif j in taken:
                break
            j += 1
        if j >= ntok or toks[j].text.lower() not in GROUP_NOUNS or j in taken \
                or toks[j].text[:1].isupper():
            continue
        nxt = toks[j + 1].text if j + 1 < ntok else ""
        if nxt.lower() == "of" or nxt[:1].isupper():
            continue        # "the group of seven", "the group Hamas"
        if j > i + 1 and i >= 2 and toks[i - 1].text == "," and i - 2 in taken:
            continue        # "Hamas, the Islamist movement that ...": a description
        before = [e for a, e in here if a < i]
        if before:
            cands = {before[-1]}
        else:
            recent = [(k, e) for k, e in groups if k >= s.index - GROUP_WINDOW]
            last = max((k for k, _ in recent), default=None)
            cands = {e for k, e in recent if k == last}
        if len(cands) == 1:
            e = cands.pop()
            if states and {kb.entities[e].state} != states:
                continue    # "the Syrian rebels" after Hezbollah: another group
            out = [x for x in out if not i <= x[0] < j + 1]
            out.append(_mention(s, toks, i, j + 1, "Organization", e, "anaphor"))
    groups.extend((s.index, e) for _, e in here)
    out.sort(key=lambda x: x[0])
    return out


def _resolve_state_nouns(s: Sentence, toks: list[Token], ms, kb: KnowledgeBase,
                         states: list[str]):
    """"The kingdom", "the emirate's": the one state with that common noun
    (:attr:`KnowledgeBase.state_nouns`) the document has named so far, or
    failing that the last one named earlier in this sentence; ``states``
    collects the document's states in order."""
    out = list(ms)
    taken = {t for a, b, _ in ms for t in range(a, b)}
    here = [(a, e) for a, _, m in ms
            for e in (m.entity, m.office[1] if m.via == "title" and m.office else None)
            if e in kb.entities and kb.entities[e].type == "State"]
    for i in range(len(toks) - 1):
        if toks[i].text not in _THE_FORMS:
            continue
        noun = toks[i + 1].text.lower()
        if noun not in kb.state_nouns or i in taken or i + 1 in taken:
            continue
        nxt = toks[i + 2].text if i + 2 < len(toks) else ""
        after = toks[i + 3].text if i + 3 < len(toks) else ""
        if nxt.lower() == "of" and after[:1].isupper() or nxt[:1].isupper():
            continue        # "the Kingdom of Jordan", "the Kingdom Tower"
        named = [e for e in states + [e for a, e in here if a < i]
                 if e in kb.state_nouns[noun]]
        here_before = [e for a, e in here if a < i and e in kb.state_nouns[noun]]
        if len(set(named)) == 1:
            eid = named[0]
        elif here_before:
            eid = here_before[-1]
        else:
            continue
        out.append(_mention(s, toks, i, i + 2, "State", eid, "anaphor"))
    states.extend(e for _, e in here)
    out.sort(key=lambda x: x[0])
    return out


_ITS = _casings("its")
_THERE = _casings("there")


def _possessor(toks: list[Token], ms, end: int) -> bool:
    """The mention ending at token ``end`` owns the next one: "Lebanon's Hezbollah"."""
    return end + 1 < len(toks) and toks[end].text in ("'s", "’s") and \
        any(a == end + 1 for a, _, _ in ms)


def _resolve_its(s: Sentence, toks: list[Token], ms, topic: Mention | None):
    """"Its" for a state or body: opening a sentence, the one the sentence
    before opened with ("Hezbollah ... . Its fighters fired rockets"); inside
    one, the only state or body named before it in the sentence ("Hezbollah
    said its fighters ..."), demonyms aside ("Israeli jets struck its bases"
    says nothing of whose). Anything less certain stays a word."""
    out = list(ms)
    taken = {t for a, b, _ in ms for t in range(a, b)}
    for k, t in enumerate(toks):
        if t.text not in _ITS or k in taken:
            continue
        before = [m for a, _, m in ms if a < k]
        actors = {(m.type if m.type != "Capital" else "State", m.entity) for m in before
                  if m.type in ("State", "Organization", "Capital") and m.entity
                  and m.via not in ("demonym", "pronoun")}
        if any(m.type in ("State", "Organization", "Capital") for m in before):
            if len(actors) != 1:
                continue
            type_, entity = actors.pop()
        elif k == 0 and topic is not None and not any(m.type == "Person" for m in before):
            type_ = "State" if topic.type == "Capital" else topic.type
            entity = topic.entity
        else:
            continue
        out.append(_mention(s, toks, k, k + 1, type_, entity, "pronoun"))
    out.sort(key=lambda x: x[0])
    return out


#: Words after which "there" is a place ("strikes on targets there.")
_THERE_NEXT = frozenset(". , ; on in since last this for and to after before during until "
                        "— – ) ”".split())
_LOCATIVE = frozenset("in into to at inside across throughout".split())


def _places_after_preposition(toks: list[Token], ms) -> list[Mention]:
    """The states and places a sentence puts something "in", "to" or "at"."""
    return [m for i, _, m in ms if i > 0 and toks[i - 1].text.lower() in _LOCATIVE
            and m.type in ("State", "Place", "Capital") and m.entity]


def _resolve_there(s: Sentence, toks: list[Token], ms, prev_places: list[Mention]):
    """A locative "there" ("carried out strikes against targets there.")
    is the last state or place the sentence, or else the one before, put
    something "in", "to" or "at"; an existential "there" ("there is") and
    a "there" with nothing to point at stay words."""
    out = list(ms)
    for k, t in enumerate(toks):
        if t.text not in _THERE or k == 0:
            continue
        nxt = toks[k + 1].text.lower() if k + 1 < len(toks) else "."
        if nxt not in _THERE_NEXT:
            continue
        here = _places_after_preposition(toks, [x for x in out if x[1] <= k])
        target = here[-1] if here else (prev_places[-1] if prev_places else None)
        if target is None:
            continue
        out.append(_mention(s, toks, k, k + 1, target.type, target.entity, "anaphor",
                            place=target.place))
    out.sort(key=lambda x: x[0])
    return out


# Words that end the clause before an object pronoun ("said Erdogan told him")
_CLAUSE_BREAKS = frozenset([",", ";", ":"] + """and but who whom which that said
says after before while when as because""".split())


def _resolve_pronouns(s: Sentence, toks: list[Token], ms, kb: KnowledgeBase,
                      previous: list[Mention], lead: str | None = None):
    """He/his/she/her: the one compatible person earlier in the sentence, or,
    when the sentence has none, the one compatible person of the sentence
    before; "He" or "She" opening a sentence, when the sentence before
    names several, is the person it opened with, if no title came first
    (news reports keep their subject). "Him" is never the subject of its own
    clause: "Al Thani welcomed him" looks before the clause, or to the
    sentence before.
    Anything less certain stays unresolved."""
    out = list(ms)
    taken = {t for a, b, _ in ms for t in range(a, b)}
    pronouns = [k for k, t in enumerate(toks) if t[0] in _PRONOUN_FORMS]
    # where a title stands alone ("The secretary … where he was received")
    loose = [a for n, (a, _, m) in enumerate(ms)
             if m.type == "Title" and not _title_attached(toks, ms, n)] if pronouns else []
    for idx in pronouns:
        t = toks[idx]
        gender = PRONOUNS.get(t.text.lower())
        if gender is None or idx in taken:
            continue
        def compatible(cands: list[Mention]) -> set[str]:
            return {m.entity for m in cands if m.entity and
                    (kb.entities[m.entity].gender if m.entity in kb.entities else None)
                    in (gender, None)}
        if any(a < idx for a in loose):
            continue        # "The secretary … where he was received": he may be the secretary
        before = [m for a, _, m in out if a < idx and m.type == "Person"]
        if t.text.lower() == "him":
            # "Al Thani welcomed him": not the subject of its own clause
            start = max((k for k in range(idx) if toks[k].text.lower() in _CLAUSE_BREAKS),
                        default=-1)
            same = {m.entity for a, _, m in out if start < a < idx and m.type == "Person"}
            closed: set[str | None] = set()
            if start >= 0 and toks[start].text == ",":
                # "The prime minister, Najib Mikati, received him": the name
                # the comma closes is the clause's own subject
                closed = {m.entity for _, b, m in out if b == start and m.type == "Person"}
                same |= closed
            before = [m for a, _, m in out if a < start and m.type == "Person"]
            cands = compatible(before) if before else compatible(previous)
            cands -= same
            if not cands and closed and all(m.entity in closed for m in before):
                # the only name before is the clause's own subject: "The prime
                # minister, Najib Mikati, received him" points back a sentence
                cands = compatible(previous) - same
            if not same and start >= 0 and toks[start].text.lower() == "and":
                # "he watched the parade alongside Putin and then held talks with
                # him": the clause shares its subject with the one before
                prev = max((k for k in range(start) if toks[k].text.lower() in _CLAUSE_BREAKS
                            | {"where"}), default=-1)
                subject = next((m.entity for a, _, m in sorted(out, key=lambda x: x[0])
                                if prev < a < start and m.type == "Person"), None)
                cands.discard(subject)
        else:
            cands = compatible(before) if before else compatible(previous)
        if len(cands) > 1 and not before and t.text.lower() in ("he", "she") and \
                not [a for a, _, _ in out if a < idx] and idx <= 2:
            # "He" opening a sentence: the person the sentence before opened with
            cands = {lead} if lead in cands else cands
        if len(cands) != 1:
            continue
        person = cands.pop()
        nxt = toks[idx + 1].text.lower() if idx + 1 < len(toks) else ""
        if t.text.lower() in ("his", "her") and nxt == "country" and idx + 1 not in taken:
            state = kb.entities[person].state if person in kb.entities else None
            if state:       # "his country's closest ally": the person's state
                out.append(_mention(s, toks, idx, idx + 2, "State", state, "pronoun"))
            continue
        out.append(_mention(s, toks, idx, idx + 1, "Person", person, "pronoun"))
    out.sort(key=lambda x: x[0])
    return out


