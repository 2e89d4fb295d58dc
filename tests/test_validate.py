"""The ontology, the SHACL shapes and graph.validate: the seeds' export
conforms, and each kind of broken graph fails on the shape that forbids it."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SH

from graph.errors import InputError
from graph.export import to_rdf
from graph.model import RELATIONS, SYMMETRIC
from graph.validate import ONTOLOGY, SHAPES, validate
from graph.vocab import ID, KG, NIF, SEM

from .conftest import EXPORTS

EXPORT = EXPORTS / "graph.ttl"
KGSH = Namespace("https://w3id.org/geokg/shapes#")
CAMEO_CODE = KG.cameoCode

#: CAMEO event codes of the relations (holds_office has none).
CAMEO = {"visited": "042", "met": "040", "allied_with": "050", "supports": "070",
         "opposes": "111", "attacked": "190"}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES)


@pytest.fixture(scope="module")
def export() -> Graph:
    return Graph().parse(EXPORT)


# --- the export conforms -----------------------------------------------------


def test_the_seeds_export_conforms():
    report = validate(EXPORT)
    assert report.conforms, report.text
    assert report.results == ()


def test_a_fresh_export_of_the_seeds_conforms(seeds_build):
    report = validate(to_rdf(seeds_build.graph))
    assert report.conforms, report.text


def test_validate_does_not_modify_its_graph(export):
    g = Graph()
    g += export
    validate(g)
    assert len(g) == len(export)


# --- the ontology ------------------------------------------------------------


def test_every_relation_is_an_object_property_with_label_comment_domain_range(ontology):
    for rel in RELATIONS:
        p = KG[rel]
        assert (p, RDF.type, OWL.ObjectProperty) in ontology, rel
        for prop in (RDFS.label, RDFS.comment, RDFS.domain, RDFS.range):
            assert ontology.value(p, prop) is not None, (rel, prop)


def test_symmetric_relations_are_owl_symmetric(ontology):
    symmetric = {str(p).split("#")[1] for p in ontology.subjects(RDF.type, OWL.SymmetricProperty)}
    assert symmetric == set(SYMMETRIC) == {"met", "allied_with"}


def test_cameo_codes(ontology):
    codes = {str(p).split("#")[1]: str(c) for p, c in ontology.subject_objects(CAMEO_CODE)}
    assert codes == CAMEO
    assert (CAMEO_CODE, RDF.type, OWL.AnnotationProperty) in ontology


def test_the_ontology_defines_the_vocabulary_and_documents_every_term(ontology):
    terms = {s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(str(KG))}
    assert {KG[name] for name in KG.__annotations__} == terms
    for term in terms:
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, RDFS.comment) is not None, term
    header = next(ontology.subjects(RDF.type, OWL.Ontology))
    assert str(ontology.value(header, OWL.versionInfo)) == "0.1.0"
    assert ontology.value(header, DCTERMS.description) is not None


def test_classes_are_aligned(ontology):
    schema, foaf = Namespace("https://schema.org/"), Namespace("http://xmlns.com/foaf/0.1/")

    def sup(c):
        return set(ontology.objects(KG[c], RDFS.subClassOf))

    assert {schema.Person, foaf.Person, SEM.Actor} <= sup("Person")
    assert {schema.Country, SEM.Actor} <= sup("State")
    assert {schema.Organization, SEM.Actor} <= sup("Organization")
    assert {schema.Place, SEM.Place} <= sup("Place")
    assert {SEM.Event, PROV.Entity} <= sup("Fact")
    assert PROV.Entity in sup("Evidence")


# --- the shapes --------------------------------------------------------------


def test_every_shape_is_named_and_every_constraint_has_a_message(shapes):
    nodes = set(shapes.subjects(RDF.type, SH.NodeShape))
    assert nodes and all(isinstance(n, URIRef) and n.startswith(str(KGSH)) for n in nodes)
    constrained = set(shapes.objects(None, SH.property)) | set(shapes.objects(None, SH.sparql))
    constrained |= {n for n in nodes if any(
        shapes.value(n, p) is not None for p in (SH["class"], SH["or"], SH.xone))}
    for c in constrained:
        assert shapes.value(c, SH.message) is not None, c


# --- broken graphs fail on the right shape -----------------------------------
# Each case edits a copy of the real export and returns the node at fault.


def _first(nodes):
    return sorted(nodes)[0]


def _fact(g: Graph, rel: str | None = None):
    facts = g.subjects(RDF.type, KG.Fact)
    return _first(f for f in facts if rel is None or (f, KG.relation, KG[rel]) in g)


def _entity(g: Graph, cls: str):
    return _first(g.subjects(RDF.type, KG[cls]))


def fact_without_evidence(g):
    f = _fact(g)
    g.remove((f, KG.evidence, None))
    return f


def fact_with_two_subjects(g):
    f = _fact(g, "supports")
    g.add((f, KG.subject, _first(set(g.subjects(RDF.type, KG.State)) - {g.value(f, KG.subject)})))
    return f


def sources_zero(g):
    f = _fact(g)
    g.set((f, KG.sources, Literal(0)))
    return f


def _retarget(g, relation, pick):
    """Point a ``relation`` fact (and its direct triple) at ``pick(g, subject)``."""
    f = _fact(g, relation)
    s, o = g.value(f, KG.subject), g.value(f, KG.object)
    target = pick(g, s)
    g.remove((s, KG[relation], o))
    g.add((s, KG[relation], target))
    g.set((f, KG.object, target))
    return s


def met_a_state(g):
    return _retarget(g, "met", lambda g, s: _entity(g, "State"))


def visited_a_person(g):
    return _retarget(g, "visited",
                     lambda g, s: _first(set(g.subjects(RDF.type, KG.Person)) - {s}))


def holds_office_in_a_place(g):
    return _retarget(g, "holds_office", lambda g, s: _entity(g, "Place"))


def begin_not_before_end(g):
    e = _first(g.subjects(RDF.type, KG.Evidence))
    g.set((e, NIF.beginIndex, g.value(e, NIF.endIndex)))
    return e


def offsets_not_spanning_the_sentence(g):
    e = _first(g.subjects(RDF.type, KG.Evidence))
    g.set((e, NIF.endIndex, Literal(g.value(e, NIF.endIndex).value + 1)))
    return e


def entity_without_label(g):
    p = ID["Bashar_al-Assad"]
    g.remove((p, RDFS.label, None))
    return p


def date_typed_string(g):
    f = _first(g.subjects(SEM.hasTimeStamp, None))
    g.set((f, SEM.hasTimeStamp, Literal(str(g.value(f, SEM.hasTimeStamp)), datatype=XSD.string)))
    return f


def triple_without_fact(g):
    s = _entity(g, "State")
    g.add((s, KG.supports, _first(set(g.subjects(RDF.type, KG.State)) - {s})))
    return s


def fact_without_its_triple(g):
    f = _fact(g, "holds_office")
    g.remove((g.value(f, KG.subject), KG.holds_office, g.value(f, KG.object)))
    return f


def sources_not_the_document_count(g):
    f = _fact(g)
    g.set((f, KG.sources, Literal(g.value(f, KG.sources).value + 1)))
    return f


def document_without_identifier(g):
    d = _first(g.subjects(RDF.type, PROV.Entity))
    g.remove((d, DCTERMS.identifier, None))
    return d


def role_on_another_relation(g):
    f = _fact(g, "opposes")
    g.add((f, KG.role, Literal("president")))
    return f


BROKEN = [
    (fact_without_evidence, "FactShape"),
    (fact_with_two_subjects, "FactShape"),
    (sources_zero, "FactShape"),
    (met_a_state, "MetShape"),
    (visited_a_person, "VisitedShape"),
    (holds_office_in_a_place, "HoldsOfficeShape"),
    (begin_not_before_end, "EvidenceShape"),
    (entity_without_label, "EntityShape"),
    (date_typed_string, "FactShape"),
    (triple_without_fact, "ProvenanceShape"),
    (fact_without_its_triple, "FactTripleShape"),
    (sources_not_the_document_count, "FactSourcesShape"),
    (offsets_not_spanning_the_sentence, "EvidenceSpanShape"),
    (document_without_identifier, "DocumentShape"),
    (role_on_another_relation, "RoleShape"),
]


@pytest.mark.parametrize("breaker, shape", BROKEN, ids=[b.__name__ for b, _ in BROKEN])
def test_a_broken_graph_fails_on_its_shape(export, breaker, shape):
    g = Graph()
    g += export
    focus = breaker(g)
    report = validate(g)
    assert not report.conforms
    assert KGSH[shape] in report.shapes, report.text
    hits = [r for r in report.results if r.shape == KGSH[shape] and r.focus == focus]
    assert hits and all(r.message for r in hits), report.results


# --- input errors ------------------------------------------------------------


def test_malformed_turtle_names_the_file_and_line(tmp_path):
    bad = tmp_path / "broken.ttl"
    bad.write_text('@prefix kg: <https://w3id.org/geokg/ontology#> .\n\n'
                   'kg:a kg:b kg:c .\nkg:a kg:b kg:c kg:d .\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.ttl:4: not valid turtle"):
        validate(bad)


def test_a_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        validate(tmp_path / "nothing.ttl")
