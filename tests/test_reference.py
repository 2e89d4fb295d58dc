"""Entities found in the seeds against the reference lists a reader wrote
(tests/reference/), without looking at the code."""

import pytest

from graph.reference import found_entities, read_reference, score_entities

from .conftest import ROOT

REF = ROOT / "tests" / "reference"

# Floors under the figures measured when the reference was written (recall
# 0.955 persons, 0.976 states, 0.833 organizations); a drop below fails.
FLOORS = {"Person": 0.95, "State": 0.95, "Organization": 0.80}


@pytest.fixture(scope="module")
def totals(seeds_build):
    tot = {t: [0, 0] for t in FLOORS}
    for r in seeds_build.results:
        sc = score_entities(found_entities(r, seeds_build.kb),
                            read_reference(REF / f"{r.doc.id}.entities", seeds_build.kb))
        for t, s in sc.items():
            tot[t][0] += s.tp
            tot[t][1] += s.tp + s.fn
    return tot


@pytest.mark.parametrize("typ", list(FLOORS))
def test_entity_recall_on_the_seeds(totals, typ):
    right, ref = totals[typ]
    assert right / ref >= FLOORS[typ], f"{typ}: {right}/{ref}"


def test_bylines_do_not_count(kb, tmp_path):
    p = tmp_path / "a.entities"
    p.write_text("# doc: a\nPerson | Bashar al-Assad\n# bylines\nPerson | Tony Cartalucci\n")
    assert read_reference(p, kb)["Person"] == {"Bashar_al-Assad"}
