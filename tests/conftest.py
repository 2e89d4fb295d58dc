"""Shared fixtures: the package's knowledge and rules, and one build of the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

import graph
from graph.build import Build, run

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
EXPORTS = ROOT / "exports"


@pytest.fixture(scope="session")
def kb() -> graph.KnowledgeBase:
    return graph.load_knowledge()


@pytest.fixture(scope="session")
def rules() -> graph.RuleSet:
    return graph.load_rules()


@pytest.fixture(scope="session")
def seeds_build(kb, rules) -> Build:
    return run(SEEDS, knowledge=kb, rules=rules)


def parse_fact(line: str) -> tuple[str, ...]:
    """``"A | rel | B | date | role"`` -> its fields, stripped, comment removed."""
    line = line.split(" #", 1)[0]
    return tuple(p.strip() for p in line.split("|"))


def resolve(kb: graph.KnowledgeBase, name: str) -> str:
    """The entity id of a name in an example or gold file; fails loudly."""
    eid = kb.lookup(name)
    if eid is None:
        from graph.knowledge import slug

        return slug(name)      # a person the text introduces, not in the knowledge base
    return eid
