"""Stage 2: sentences -> mentions -> rules -> facts, for one document."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

from .dates import find_dates
from .knowledge import KnowledgeBase
from .mentions import SentenceMentions, find_mentions
from .model import SYMMETRIC, Document, Dropped, Entity, Fact, Mention
from .rules import (FROM_CONTEXT, Rule, RuleSet, View, _tag, clause_views, make_views,
                    plural_title, view_word)
from .text import sections, split_sentences

__all__ = ["extract_document", "DocResult", "modality", "ModalityPolicy", "DATED"]

#: Relations whose facts carry the date the text gives.
DATED = frozenset({"visited", "met"})

# Cue words that make a candidate not an asserted fact, by reason.
CUES: dict[str, frozenset[str]] = {
    "negated": frozenset("""not n't never no neither nor without denied denies deny refused
        refuses cancelled canceled postponed failed prevent prevented prevents avert averted
        avoid avoided stopped ceased halted declined declines""".split()),
    "future or planned": frozenset("""will 'll shall plans plan planned planning expected
        expects scheduled due slated intends intend intended upcoming forthcoming preparing
        prepares invited invites invitation tomorrow""".split()),
    "hypothetical": frozenset("""could would might may should must if unless whether possible
        urge urges urged urging
        possibly potential hope hopes hoped wants want wanted wish wishes seek seeks seeking
        try tries trying attempt aims aim any""".split()),
    "called unlikely": frozenset("unlikely rumoured rumored speculation speculated".split()),
    "threatened or promised": frozenset("""threaten threatens threatened threatening vow vows
        vowed pledge pledges pledged promise promises promised""".split()),
    # "Washington blamed the attack on the government": the act is laid at
    # another's door, and only the blaming is asserted
    "attributed": frozenset("blame blames blamed blaming".split()),
}
# After the match only these count: "a meeting between A and B is unlikely",
# "a visit by A to B is planned".
CUES_AFTER: dict[str, frozenset[str]] = {
    "negated": frozenset("not n't never denied".split()),
    "called unlikely": CUES["called unlikely"],
    "future or planned": frozenset("planned expected scheduled due slated".split()),
}
#: Words that make an attack someone's accusation rather than the report's
_ACCUSED = frozenset("accuse accuses accused accusing alleged allegedly".split())
#: Relations whose facts an accusation only claims (opposition is what it asserts)
_CLAIMABLE = frozenset(["attacked", "supports", "allied_with", "visited", "met"])
_NEXT = re.compile(r"\b(?:next (?:week|month|year)|later this (?:week|month|year)|in the coming)\b",
                   re.I)
_CLAIM_DENIED = re.compile(r"(?:^|\s), (?:a|which|the) (?:claim|charge|report|allegation|"
                           r"accusation|reports|claims|charges|allegations)s? (?:\S+ ){0,4}?"
                           r"(denied|denies|deny|rejected|rejects|dismissed|dismisses)\b")
_REPORTED = frozenset("""reported reports report said says say claimed claims claim alleged
    alleges accused accuses accuse according suggested suggests""".split())
WINDOW_BEFORE = 3
WINDOW_AFTER = 3
_CLAUSE_ENDS = frozenset([",", ";", ":", "who", "whom", "which", "whose", "while", "but"])

ModalityPolicy = Callable[..., tuple[str, str] | None]


def modality(view: View, first: int, last: int, sentence: str,
             ignore: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """Why a candidate spanning view tokens ``first..last`` is not asserted,
    as ``(reason, cue)``; ``None`` when it is. Looks at the words of the match
    and the three before it, a few words after it ("… is unlikely"), and at
    the sentence as a whole for questions and future time expressions. Words
    in ``ignore`` (the rule's own words: "will not tolerate") are no cues.

    >>> from graph.rules import View
    >>> v = View("«person#0» will travel to «capital#1» ", [0, 11, 16, 23, 26],
    ...          [(0, 5), (6, 10), (11, 17), (18, 20), (21, 27)], [0, -1, -1, -1, 1])
    >>> modality(v, 0, 4, "Assad will travel to Tehran.")
    ('future or planned', 'will')
    """
    if sentence.rstrip(" \"'”’)").endswith("?"):
        return ("question", "?")
    words = view.words

    def not_only(k: int) -> bool:       # "visited Syria not only to …, but also …"
        return words[k] == "not" and k + 1 < len(words) and words[k + 1] == "only" or \
            words[k] == "no" and k + 1 < len(words) and words[k + 1] == "-"  # "no-fly zone"

    def the_month(k: int) -> bool:      # "On May 3", "in May": the month, not the verb
        return words[k] == "may" and (
            (k + 1 < len(words) and words[k + 1][:1].isdigit()) or
            (k > 0 and words[k - 1] in ("in", "on", "of", "early", "late", "mid", "since")))

    def planned_to(k: int) -> bool:     # "was to bring together", not "was to Tehran"
        return words[k] in ("is", "was", "are", "were") and k + 2 < len(words) and \
            words[k + 1] == "to" and not words[k + 2].startswith("«") and \
            words[k + 2] not in ("the", "a", "an", "his", "her", "their", "its")

    # "did not call on Lahoud, a close ally of Damascus": the apposition a
    # match opens with is the writer's, whatever the clause says of the name
    apposition = words[first].startswith("«") and first + 1 < len(words) and \
        words[first + 1] == ","
    for k in range(first if apposition else max(0, first - WINDOW_BEFORE), last + 1):
        w = words[k] if k < len(words) else ""
        if planned_to(k):
            return ("future or planned", f"{w} to")
        if w == "for" and k > 0 and words[k - 1] in ("call", "calls", "called", "calling") \
                and w not in ignore:
            return ("hypothetical", "called for")      # "called for talks between A and B"
        if w.startswith("«") or w in ignore or not_only(k) or the_month(k):
            continue
        for reason, cues in CUES.items():
            if w in cues:
                return (reason, w)
    for k in range(last + 1, min(len(words), last + 1 + WINDOW_AFTER)):
        w = words[k]
        if w in (".", ",", ";", ":", "and", "but") or w.startswith("«"):
            break
        for reason, cues in CUES_AFTER.items():
            if w in cues and w not in ignore and not not_only(k):
                return (reason, w)
    # "next month", "later this year" in the clause of the match (not in a
    # relative clause after it: "..., whom he invited to Washington later this year")
    end = last + 1
    while end < len(words) and words[end] not in _CLAUSE_ENDS:
        end += 1
    m = _NEXT.search(" ".join(words[max(0, first - WINDOW_BEFORE):end]))
    if m:
        return ("future or planned", m.group().lower())
    return None


def claim_denied(view: View, first: int, last: int) -> tuple[str, str] | None:
    """"Media reported that X had met Y, a claim Z denied": the sentence
    takes back what was reported before the fact (an accusation so denied is
    still made: it stays opposition; "A and its allies B accuse C of ..., a
    charge C denies" keeps the alliance, which comes before the report)."""
    words = view.words
    if not any(w in _REPORTED for w in words[:first + 1]):
        return None
    if last + 1 < len(words) and "," in words[last + 1:]:
        m = _CLAIM_DENIED.search(" ".join(words[last + 1:]))
        if m:
            return ("negated", m.group(1))
    return None


@dataclass
class DocResult:
    """What extraction found in one document."""

    doc: Document
    facts: list[Fact] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    sentences: list[SentenceMentions] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)


def _slot_value(m: Mention, types: tuple[str, ...], subject: bool) -> str | None:
    """The entity a mention stands for in a slot. A capital acts as its
    state ("Tehran said"); as an object it is the city wherever the slot
    takes places ("struck Damascus", "travelled to Tehran")."""
    if m.type == "Capital":
        takes_place = any(t in ("Place", "Location") for t in types)
        takes_state = any(t in ("State", "Actor") for t in types)
        if takes_place and (not subject or not takes_state):
            return m.place
        if m.text.lower() == "there":
            return None     # "his address there": a place, never the state acting
        return m.entity
    if m.text.lower() == "there" and not any(t in ("Place", "Location") for t in types):
        return None
    return m.entity


def _members(group: str) -> list[int]:
    return [int(x) for x in re.findall(r"#(\d+)»", group)]


def _state_of(eid: str, kb: KnowledgeBase, extra: dict[str, Entity]) -> str | None:
    ent = kb.entities.get(eid) or extra.get(eid)
    if ent is None:
        return None
    return eid if ent.type == "State" else ent.state


def _convert(how: str | None, m: Mention, eid: str, kb: KnowledgeBase,
             extra: dict[str, Entity]) -> str | None:
    """``location``: where an actor is (a person's or body's state, a city
    itself); ``polity``: the state or body a descriptor names (a city's
    state: "Dubai's ruler" is a post of the United Arab Emirates)."""
    if how == "location" and m.type not in ("Capital", "Place"):
        return _state_of(eid, kb, extra)
    if how == "polity" and m.type == "Capital":
        return m.entity
    if how == "polity" and m.type == "Place":
        return _state_of(eid, kb, extra)
    return eid


def _coordinated_owners(view: View, pat, m: re.Match,
                        sm: SentenceMentions) -> list[Mention] | None:
    """``None`` when the O descriptor stands alone; when it ends a series
    joined by "and", "or" or commas, the descriptors of that series that are
    mentions, in order: "Russian and Iranian" -> [Russia, Iran]."""
    g = next((g for g in pat.groups.get("O", ()) if m.group(g) is not None), None)
    if g is None:
        return None
    k = view.token_at(m.start(g))
    words = view.words
    if not (k >= 1 and words[k - 1] in ("and", ",", "or")):
        return None
    found = [view.mention[k]]
    while k >= 2 and words[k - 1] in ("and", ",") and view.mention[k - 2] >= 0:
        k -= 2
        found.insert(0, view.mention[k])
    return [sm.mentions[n][2] for n in found]


def _named_body_before(view: View, pat, m: re.Match) -> bool:
    """The title of an office rule follows a named state or body ("Syria's
    President", "Palestinian Authority President"): the text says where the
    post is, and another rule reads it."""
    g = next((g for g in pat.groups.get("R", ()) if m.group(g) is not None), None)
    if g is None:
        return False
    k = view.token_at(m.start(g))
    words = view.words
    prev = words[k - 2] if k >= 2 and words[k - 1] == "'s" else (words[k - 1] if k >= 1 else "")
    return prev.startswith(("«state", "«dem", "«org", "«capital", "«place"))


def _office_object(subj: Mention, role: str | None, former: bool, kb: KnowledgeBase,
                   extra: dict[str, Entity], date: str | None) -> tuple[str, str] | None:
    if subj.office and (role is None or subj.office[0] == role):
        return subj.office[1], subj.office[0]
    ent = kb.entities.get(subj.entity or "") or extra.get(subj.entity or "")
    if ent is None or role is None:
        return None
    offices = [o for o in ent.offices if o.role == role and (former or o.covers(date))]
    if not offices:
        return None
    o = sorted(offices, key=lambda o: (o.start or "", o.of))[-1]
    return o.of, o.role


PARTICIPANT_WINDOW = 3


def _participants(before: list[Fact], sentence: int) -> list[str]:
    """The persons of the meetings reported in the last few sentences, or
    else of the story's main meeting, the first it reported."""
    met = [f for f in before if f.relation == "met" and f.sentence <= sentence]
    recent = [f for f in met if f.sentence >= sentence - PARTICIPANT_WINDOW]
    if not recent and met:
        first = min(f.sentence for f in met)
        recent = [f for f in met if f.sentence == first]
    return sorted({e for f in recent for e in (f.subject, f.object)})


def _attackers(before: list[Fact], sentence: int, target: str | None) -> list[str]:
    """Who carried out the attack a definite noun ("the strike", "the
    killing") refers back to: the attackers of ``target`` when it is named,
    else of the story's main attack, the first one it reported (a news
    story opens with its main event; later attacks are background or
    side events)."""
    hits = [f for f in before if f.relation == "attacked" and f.sentence <= sentence
            and (target is None or f.object == target)]
    if hits and target is None:
        first = min(f.sentence for f in hits)
        hits = [f for f in hits if f.sentence == first]
    return sorted({f.subject for f in hits})


#: Relations a leader's forces or government carry out for his state
_FORCE_ACTS = frozenset(["attacked", "supports", "opposes", "allied_with"])
_FORCES = frozenset("""forces troops army military jets warplanes aircraft navy soldiers
    artillery tanks government administration regime cabinet""".split())


def _forces_of(view: View, si: int, person: str, kb: KnowledgeBase, date: str | None) -> str:
    """"Saddam's forces invaded Kuwait", "Ahmadinejad's government backs
    Hamas": a ruler's forces and government act for the state he rules at
    the date; anyone else's (a warlord's) for himself."""
    try:
        k = view.mention.index(si)
    except ValueError:
        return person
    if k + 2 >= len(view.words) or view.words[k + 1] != "'s" or view.words[k + 2] not in _FORCES:
        return person
    ent = kb.entities.get(person)
    ruled = {o.of for o in (ent.offices if ent else ()) if o.role in LEADER_ROLES and
             o.covers(date) and kb.entities[o.of].type == "State"}
    return ruled.pop() if len(ruled) == 1 else person


def _body_of_post(person: str, owner: str, role: str | None, kb: KnowledgeBase,
                  extra: dict[str, Entity]) -> str:
    """"Palestinian President Mahmoud Abbas": the nationality names the state,
    but the knowledge base says the post is the Palestinian Authority's, a
    body of that state; the post's holder is the body's. ("President of the
    State of Palestine" names the state itself and stays.)"""
    ent = kb.entities.get(person) or extra.get(person)
    state = kb.entities.get(owner)
    if ent is None or role is None or state is None or state.type != "State":
        return owner
    bodies = {o.of for o in kb.body_posts(ent.offices, role, owner)}
    return bodies.pop() if len(bodies) == 1 else owner


def _subject_values(subs: list, sm: SentenceMentions, pat) -> list[str]:
    """The entities of the subject slot's mentions (or of a group), in order."""
    out = []
    for si in subs:
        v = si[1] if isinstance(si, tuple) else \
            _slot_value(sm.mentions[si][2], pat.slots["S"][0], True)
        if v:
            out.append(v)
    return out


_NUMBER = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5}


#: Posts that make a person one of "the leaders"
LEADER_ROLES = frozenset(["president", "prime minister", "king", "emir", "supreme leader",
                          "crown prince", "sultan", "ruler", "chancellor", "queen", "leader"])


def _role_group(role: str, group: set[str], before: Sequence[Fact], sentence: int,
                kb: KnowledgeBase, extra: dict[str, Entity], date: str | None,
                n: int) -> list[str]:
    """The ``n`` persons holding the post a group is named by ("the two
    leaders"), if exactly ``n``: those of the trips and meetings and those
    the text named with the post ("the residence of President Talabani")."""
    roles = LEADER_ROLES if role == "leader" else {role}

    def holds(r: str | None) -> bool:   # "the three ministers": foreign ministers too
        return r is not None and (r in roles or role == "minister" and r.endswith(" minister"))

    pool = group | {f.subject for f in before if f.relation == "holds_office"
                    and f.sentence <= sentence and holds(f.role)}
    holders = {e for e in pool
               if any(holds(o.role) and o.covers(date)
                      for o in (kb.entities.get(e) or extra[e]).offices)}
    return sorted(holders) if len(holders) == n else []


def group_of(words: Sequence[str], before: Sequence[Fact], sentence: int, kb: KnowledgeBase,
             extra: dict[str, Entity], role: str | None = None,
             date: str | None = None) -> list[str]:
    """The persons "the three leaders" or "both men" stand for: the persons
    of the visits and meetings the document has reported up to this
    sentence, when they are exactly as many as the number says; but a group
    named by a post ("the two leaders", "the three foreign ministers") is
    first the persons holding that post at ``date`` among those and among
    the persons the text named with it (:func:`_role_group`). Else none:
    which of them are meant is unclear."""
    n = next((_NUMBER[w] for w in words if w in _NUMBER), 0)
    group: set[str] = set()
    for f in before:
        if f.relation in ("met", "visited") and f.sentence <= sentence:
            for e in (f.subject, f.object):
                ent = kb.entities.get(e) or extra.get(e)
                if ent is not None and ent.type == "Person":
                    group.add(e)
    holders = _role_group(role, group, before, sentence, kb, extra, date, n) if role else []
    if holders:
        return holders
    return sorted(group) if len(group) == n else []


def _matches(regex: re.Pattern[str], view: View) -> list[re.Match[str]]:
    """The matches of a rule in a view. A match from the sentence's start
    ("^ ~- {S} ~~ and ...": the clause after "and" shares the subject) may
    swallow a plainer match inside it ("Doha has funded A and has hosted and
    financed B"), so the search also runs again from the second token."""
    found = list(regex.finditer(view.text))
    if found and found[0].start() == 0 and len(view.offsets) > 1:
        spans = {m.span() for m in found}
        found += [m for m in regex.finditer(view.text, view.offsets[1]) if m.span() not in spans]
    return found


def apply_rule(rule: Rule, sm: SentenceMentions, views: dict[str, View], doc: Document,
               kb: KnowledgeBase, extra: dict[str, Entity],
               policy: ModalityPolicy = modality,
               before: Sequence[Fact] = ()) -> tuple[list[Fact], list[Dropped]]:
    """Every fact ``rule`` finds in one sentence, and the candidates the
    policy dropped; ``before`` are the document's facts so far."""
    view = views[rule.view]
    s = sm.sentence
    facts: list[Fact] = []
    dropped: list[Dropped] = []
    if not rule.fits(view.tags):
        return facts, dropped        # a slot has no mention of its types here
    dates = None
    for m in _matches(rule.pattern.regex, view):
        first = view.token_at(m.start())
        last = view.token_at(m.end()) - 1
        pat = rule.pattern
        read_from = first
        if m.start() == 0 and rule.subject_as is None:
            # "^ ~- {S} ...": the words before the first slot are another
            # clause ("Critics warn that the deal will hand billions to Tehran,
            # which funds Hezbollah"); modality reads from a few words before it
            starts = [m.start(g) for name in ("S", "O") for g in pat.groups.get(name, ())
                      if m.start(g) >= 0]
            if starts:
                read_from = view.token_at(min(starts))
            # "Israel has said it will not tolerate X, and has carried out
            # strikes ...": the fact is the clause after ", and" (one outside
            # the slots: "A, B, and C" is a list)
            slots = [(view.token_at(m.start(g)), view.token_at(m.end(g)))
                     for name in pat.slots for g in pat.groups.get(name, ()) if m.start(g) >= 0]
            s_end = max((view.token_at(m.end(g)) for g in pat.groups.get("S", ())
                         if m.start(g) >= 0), default=None)
            if s_end is not None:
                for j in range(last, s_end, -1):
                    if view.words[j] == "and" and view.words[j - 1] == "," and \
                            not any(a <= j < b for a, b in slots):
                        read_from = j + 1
                        break
        subs: list = _members(pat.group(m, "S") or "")
        objs: list = _members(pat.group(m, "O") or "") if "O" in pat.slots else [None]
        if rule.subject_as == "group":      # "the three leaders": each, and each pair
            xs = _members(pat.group(m, "X") or "") if "X" in pat.slots else []
            post = sm.mentions[xs[0]][2].role if xs else None
            subs = [("entity", e) for e in group_of(view.words[first:last + 1],
                                                    list(before) + facts, s.index, kb, extra,
                                                    post, doc.date)]
            if "O" not in pat.slots and rule.object_as is None:
                objs = list(subs)
        if rule.object_as == "participants":
            # the meetings' persons, and each other: "A and B attended the talks"
            objs = [("entity", e) for e in _participants(list(before) + facts, s.index)]
            objs += [("entity", e) for e in _subject_values(subs, sm, pat)
                     if ("entity", e) not in objs]
        elif rule.object_as == "last attacker":   # "called it a stab in the back"
            recent = [f for f in list(before) + facts if f.relation == "attacked"
                      and s.index - 1 <= f.sentence <= s.index]
            latest = max((f.sentence for f in recent), default=None)
            objs = [("entity", e) for e in sorted({f.subject for f in recent
                                                  if f.sentence == latest})]
        elif rule.object_as == "targets":     # "X, which carried out the attack"
            hits = [f for f in list(before) + facts if f.relation == "attacked"
                    and f.sentence <= s.index]
            first_at = min((f.sentence for f in hits), default=None)
            objs = [("entity", e) for e in sorted({f.object for f in hits
                                                  if f.sentence == first_at})]
        elif rule.object_as == "attacker":
            target = None
            if "X" in pat.slots:
                xs = _members(pat.group(m, "X") or "")
                target = _slot_value(sm.mentions[xs[0]][2], pat.slots["X"][0], False) \
                    if xs else None
                if target is None:
                    continue
            objs = [("entity", e) for e in _attackers(list(before) + facts, s.index, target)]
        elif rule.object_as == "subjects":   # "A, B and C met": each other
            objs = [("entity", v) for v in _subject_values(subs, sm, pat)]
        role = None
        r_text = pat.group(m, "R") if "R" in pat.slots else None
        if r_text:
            role = sm.mentions[_members(r_text)[0]][2].role
        if "O" not in pat.slots and rule.object_as not in FROM_CONTEXT and \
                _named_body_before(view, pat, m):
            continue                # "Palestinian Authority President X": said there
        owners = None
        if rule.relation == "holds_office" and len(subs) > 1 and rule.subject_as is None:
            # "his Russian and Iranian counterparts, A and B": respectively
            owners = _coordinated_owners(view, pat, m, sm)
            if owners is not None:
                tail = sm.mentions[subs[-1]][2]
                more = re.match(r"\s*(?:,|and)\s+[A-Z]", doc.text[tail.end:tail.end + 40])
                if len(owners) != len(subs) or more:
                    continue        # counts differ, or the list goes on with unknown names
            elif "O" in pat.slots and r_text and \
                    not plural_title(sm.mentions[_members(r_text)[0]][2].text):
                # "Quds Force commander Soleimani and al-Muhandis": one commander
                subs = subs[:1]
        reason = None if rule.presupposed else policy(view, read_from, last, s.text, pat.words)
        if reason is None and rule.relation != "opposes" and not rule.presupposed:
            reason = claim_denied(view, read_from, last)
        if reason is None and rule.relation in _CLAIMABLE:
            # "Iran accused Israel of assassinating Haniyeh", "Washington accuses Tehran
            # of arming the Houthis": the deed is the accuser's claim
            cue = next((w for w in view.words[max(0, read_from - WINDOW_BEFORE):last + 1]
                        if w in _ACCUSED and w not in pat.words), None)
            # (an apposition inside it is the report's: "accuses Iran and Syria,
            # Hezbollah's chief patrons, of arming the group")
            if cue and (rule.relation == "attacked" or "of" in view.words[read_from:last + 1]):
                reason = ("attributed", cue)
        a = view.spans[first][0]
        b = view.spans[min(last, len(view.spans) - 1)][1]
        for si in subs:
            if isinstance(si, tuple):       # subject_as: group
                subj, subject = None, si[1]
            else:
                subj = sm.mentions[si][2]
                subject = _slot_value(subj, rule.pattern.slots["S"][0], True)
                if subject is not None and subj.type == "Person" and rule.relation in _FORCE_ACTS:
                    subject = _forces_of(view, si, subject, kb, doc.date)
            for oi in objs:
                frole = role
                if isinstance(oi, tuple):   # object_as: participants, attacker or subjects
                    obj = oi[1]
                elif owners is not None:
                    own = owners[subs.index(si)]
                    obj = _convert(rule.object_as, own, _slot_value(
                        own, pat.slots["O"][0], False) or "", kb, extra)
                elif oi is None:            # object_as: office
                    if subj is None:
                        continue
                    former = "former" in view.text[max(0, m.start() - 12):m.start()]
                    got = _office_object(subj, role, former, kb, extra, doc.date)
                    if got is None:
                        continue
                    obj, frole = got
                else:
                    om = sm.mentions[oi][2]
                    obj = _slot_value(om, rule.pattern.slots["O"][0], False)
                    if obj is not None:
                        obj = _convert(rule.object_as, om, obj, kb, extra)
                    if obj is not None and rule.relation == "holds_office" and \
                            om.via == "demonym" and subject is not None:
                        obj = _body_of_post(subject, obj, frole, kb, extra)
                if subject is None or obj is None or subject == obj:
                    continue
                if rule.relation == "holds_office" and frole is None and subj is not None \
                        and subj.office:
                    frole = subj.office[0]
                fact_dates: list[str | None] = [None]
                if rule.relation in DATED:
                    if dates is None:
                        dates = [d for d in find_dates(s.text, doc.date)
                                 if len(d.value) >= 4 and not d.bound]
                    fact_dates = _nearest(dates, a, b, s.text)
                pairs = [(subject, obj)]
                if rule.mutual and rule.relation not in SYMMETRIC:
                    pairs.append((obj, subject))
                for (sj, ob), date in ((p, d) for p in pairs for d in fact_dates):
                    if rule.relation in SYMMETRIC and ob < sj:
                        sj, ob = ob, sj
                    fact = Fact(doc.id, sj, rule.relation, ob, date, s.index, s.start, s.end,
                                s.text, rule.id,
                                frole if rule.relation == "holds_office" else None)
                    if reason:
                        dropped.append(Dropped(fact, reason[0], reason[1]))
                    else:
                        facts.append(fact)
    return facts, dropped


_RELATIVE_ASIDE = re.compile(r", (?:who|which|whose|whom) [^,;]*(?:[,;]|$)")


def _nearest(dates, a: int, b: int, text: str) -> list[str | None]:
    """The date nearest the match ``a..b``, with any dates coordinated with
    it ("in 2015 and 2017": one fact each)."""
    if not dates:
        return [None]
    if ", w" in text:
        # "Fidan, who prepared the visit in talks in Cairo last week, joined the
        # meeting": a relative clause's date is its own, not the sentence's
        asides = [(m.start(), m.end()) for m in _RELATIVE_ASIDE.finditer(text)
                  if not (m.start() <= a < m.end() or m.start() < b <= m.end())]
        dates = [d for d in dates if not any(x <= d.start < y for x, y in asides)]
        if not dates:
            return [None]

    def dist(d) -> int:
        return max(0, d.start - b, a - d.end)
    best = min(dates, key=lambda d: (dist(d), -len(d.value)))
    group = [best]
    k = dates.index(best)
    for step in (-1, 1):
        j = k
        while 0 <= j + step < len(dates):
            x, y = sorted((dates[j], dates[j + step]), key=lambda d: d.start)
            if text[x.end:y.start].strip().lower() not in ("and", ",", ", and", "and in"):
                break
            j += step
            group.append(dates[j])
    return [d.value for d in sorted(group, key=lambda d: d.start)]


def merge_facts(facts: list[Fact]) -> list[Fact]:
    """One fact per (subject, relation, object) and date in a document: an
    undated mention joins a dated one, a coarse date joins a finer one."""
    groups: dict[tuple[str, str, str], list[Fact]] = {}
    for f in facts:
        groups.setdefault((f.subject, f.relation, f.object), []).append(f)
    out: list[Fact] = []
    for group in groups.values():
        dated = sorted({f.date for f in group if f.date}, key=lambda d: (-len(d), d))
        kept: list[str] = []
        for d in dated:
            if not any(k.startswith(d) for k in kept):
                kept.append(d)
        if not kept:
            out.append(min(group, key=lambda f: (f.sentence, f.rule)))
            continue
        for d in kept:
            cands = [f for f in group if f.date and d.startswith(f.date)]
            best = min((f for f in cands if f.date == d), key=lambda f: (f.sentence, f.rule))
            out.append(best)
    return sorted(out, key=lambda f: (f.sentence, f.relation, f.subject, f.object, f.date or ""))


def extract_document(doc: Document, kb: KnowledgeBase, rules: RuleSet,
                     policy: ModalityPolicy = modality, detail: bool = True) -> DocResult:
    """Find the facts of one document. ``detail=False`` keeps no sentences
    and mentions in the result (a build needs only the facts)."""
    result = DocResult(doc)
    facts: list[Fact] = []
    texts: list[str] = []           # each sentence's text, by index
    select = rules.selector()       # the rules' index, once per document
    for run in sections(doc.text, split_sentences(doc.text)):
        found = find_mentions(run, kb, doc.date, result.entities)
        if detail:
            result.sentences.extend(found)
        for sm in found:
            texts.append(sm.sentence.text)
            if not sm.mentions:
                continue
            # rules anchored on a word of the sentence, with a mention for each slot
            cands = select(set(map(view_word, [t[0] for t in sm.tokens])),
                           frozenset([_tag(m) for _, _, m in sm.mentions]))
            if not cands:
                continue
            views = make_views(sm)
            # the same rules on the sentence without its parentheticals, on its
            # lists without their relative clauses, and on
            # its clauses read as sentences (relative clauses with their name
            # for subject, participles with the sentence's)
            more = [views[v] for v in ("core", "list") if v in views]
            more += clause_views(views["compact"])
            for rule in cands:
                f, d = apply_rule(rule, sm, views, doc, kb, result.entities, policy, facts)
                if rule.view == "compact":
                    for other in more:
                        f2, d2 = apply_rule(rule, sm, {"compact": other}, doc, kb,
                                            result.entities, policy, facts + f)
                        f += [x for x in f2 if x not in f]
                        d += [x for x in d2 if x not in d]
                facts.extend(f)
                result.dropped.extend(d)
    # each mention's own date first (a headline's undated visit must not hide
    # the dated report of it), then the dates the story's trips fix
    dated = propagate_dates(merge_facts(carry_dates(facts, doc, texts)), kb, result.entities)
    result.facts = merge_facts(dated)
    return result


CARRY_BACK = 2


def carry_dates(facts: list[Fact], doc: Document, texts: list[str]) -> list[Fact]:
    """A meeting or visit the text leaves undated takes the date of the
    nearer of the :data:`CARRY_BACK` sentences before it that gives one
    date ("... at a summit in Tehran on Friday. Hosting the meeting, Rouhani
    sat down with Putin and Erdogan"): a story keeps to the time it has
    set until it names another. ``texts`` are the sentences, by index."""
    from dataclasses import replace

    cache: dict[int, set[str]] = {}

    def dates_of(k: int) -> set[str]:
        if k not in cache:
            cache[k] = {d.value for d in find_dates(texts[k], doc.date)
                        if len(d.value) >= 4 and not d.bound}
        return cache[k]

    out = []
    for f in facts:
        if f.date is None and f.relation in DATED and f.sentence < len(texts):
            for k in range(f.sentence - 1, max(-1, f.sentence - 1 - CARRY_BACK), -1):
                found = dates_of(k)
                if found:
                    if len(found) == 1:
                        f = replace(f, date=next(iter(found)))
                    break
        out.append(f)
    return out


# "on the trip", "during the visit", "at Assad's meeting": the trip the text reported
_TRIP_REF = re.compile(r"\b(?:the|this|that|his|her|their|\w+['’]s)\s+(?:\w+\s+)?"
                       r"(?:trip|visit|meeting|meetings|talks)\b", re.I)


def propagate_dates(facts: list[Fact], kb: KnowledgeBase, extra: dict[str, Entity]) -> list[Fact]:
    """Dates the text fixes through the trip it reports: an undated visit
    takes the date of a dated visit by the same subject to the same place or
    to a place inside it (Iran, Tehran); an undated meeting takes the date of
    the one dated trip of a participant earlier in the document (anywhere in
    it, for a meeting the first sentence reports), or, in a
    sentence that refers to "the trip", "the visit" or "A's meeting", of the
    one dated trip the document reports."""
    from dataclasses import replace

    visits = [f for f in facts if f.relation == "visited" and f.date]

    def inside(a: str, b: str) -> bool:
        return a == b or _state_of(a, kb, extra) == b or _state_of(b, kb, extra) == a

    out = []
    for f in facts:
        if f.date is None and f.relation == "visited":
            dates = {v.date for v in visits if v.subject == f.subject and inside(v.object, f.object)}
            if len(dates) == 1:
                f = replace(f, date=dates.pop())
        elif f.date is None and f.relation == "met":
            # the first sentence (a headline, a lead) is told by the whole story
            earlier = [v for v in visits if v.sentence <= f.sentence or f.sentence == 0]
            dates = {v.date for v in earlier if v.subject in (f.subject, f.object)}
            if not dates and _TRIP_REF.search(f.evidence):
                dates = {v.date for v in earlier}   # "the trip": the one the article reports
            if len(dates) == 1:
                f = replace(f, date=dates.pop())
        out.append(f)
    return out
