"""The small frozen records that flow between the stages."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Document", "Sentence", "Office", "Entity", "Mention", "Fact", "Dropped",
    "ENTITY_TYPES", "RELATIONS", "SYMMETRIC",
]

#: Entity types, as used in node attributes and in the RDF model.
ENTITY_TYPES = ("Person", "State", "Organization", "Place")

#: The relations the builder extracts (see RELATIONS.md).
RELATIONS = ("visited", "met", "allied_with", "holds_office", "supports", "opposes", "attacked")

#: Relations that hold both ways; stored once, subject id before object id.
SYMMETRIC = frozenset({"met", "allied_with"})


@dataclass(frozen=True)
class Document:
    """One article: ``id`` is the file stem, ``date`` ISO at its precision."""

    id: str
    text: str
    date: str | None = None
    title: str | None = None
    path: str | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document, with its character span in the text."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Office:
    """A post held: ``role`` (from titles.yaml) in ``of`` (an entity id)."""

    role: str
    of: str
    start: str | None = None
    end: str | None = None

    def covers(self, date: str | None) -> bool:
        """True when the office was held at ``date`` (ISO, any precision).

        >>> Office("president", "Iran", "2013-08-03", "2021-08-03").covers("2019-02")
        True
        >>> Office("president", "Iran", "2021-08-03").covers("2019")
        False
        """
        if date is None:
            return self.end is None
        if self.start and date[: len(self.start)] < self.start[: len(date)]:
            return False
        if self.end and date[: len(self.end)] > self.end[: len(date)]:
            return False
        return True


@dataclass(frozen=True)
class Entity:
    """A node of the graph: a person, state, organization or place."""

    id: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    state: str | None = None
    kind: str | None = None
    gender: str | None = None
    offices: tuple[Office, ...] = ()
    iso3: str | None = None
    source: str = "knowledge"


@dataclass(frozen=True)
class Mention:
    """A span of a sentence that names (or points at) an entity.

    ``via`` says how it was resolved: ``alias``, ``short``, ``demonym``,
    ``anaphor`` ("the group": the armed group named last),
    ``capital``, ``government``, ``title``, ``pronoun``, ``new-person``, ``new-place``; a
    ``Title`` mention (``type == "Title"``) names a role, not an entity.
    ``place`` is the place reading of a capital (``Tehran`` the city beside
    ``Iran`` the state). ``office`` is the (role, of) a title gave.
    """

    start: int
    end: int
    text: str
    type: str
    entity: str | None
    via: str
    sentence: int = 0
    place: str | None = None
    role: str | None = None
    office: tuple[str, str] | None = None


@dataclass(frozen=True)
class Fact:
    """``subject relation object``, with where and why it was found."""

    doc: str
    subject: str
    relation: str
    object: str
    date: str | None
    sentence: int
    start: int
    end: int
    evidence: str
    rule: str
    role: str | None = None

    @property
    def key(self) -> tuple[str, str, str, str]:
        """Identity of the fact inside one document."""
        return (self.subject, self.relation, self.object, self.date or "")


@dataclass(frozen=True)
class Dropped:
    """A candidate fact that a policy refused, and why (for ``kg explain``)."""

    fact: Fact
    reason: str
    cue: str = field(default="")
