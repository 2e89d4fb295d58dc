"""The project's RDF vocabulary, closed: a misspelled term fails at once."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["KG", "ID", "FACT", "DOC", "EVIDENCE", "RULE", "RUN", "SEM", "NIF", "SCHEMA", "BASE"]

BASE = "https://w3id.org/geokg/"


class KG(DefinedNamespace):
    """Classes and properties of the geopolitical knowledge graph."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Person: URIRef          # a real person
    State: URIRef           # a sovereign state
    Organization: URIRef    # armed group, agency, party, medium, international body
    Place: URIRef           # city, region, site, base
    Fact: URIRef            # one asserted relation between two entities (a sem:Event)
    Evidence: URIRef        # one sentence of one document that asserts a fact
    Rule: URIRef            # an extraction rule
    # one property per relation
    visited: URIRef         # the subject travelled to the object
    met: URIRef             # the two persons met in person (symmetric)
    allied_with: URIRef     # the two actors are allies (symmetric)
    holds_office: URIRef    # the person holds or held a post in the object
    supports: URIRef        # the subject backs, funds, arms or aids the object
    opposes: URIRef         # the subject condemns, accuses or sanctions the object
    attacked: URIRef        # the subject struck, killed or shot down the object
    # facts and evidence
    subject: URIRef         # the fact's subject entity
    object: URIRef          # the fact's object entity
    relation: URIRef        # the property the fact asserts
    role: URIRef            # the post of a holds_office fact
    sources: URIRef         # number of documents asserting the fact
    evidence: URIRef        # an Evidence node of the fact
    document: URIRef        # the document of an evidence
    sentenceIndex: URIRef   # the sentence's index in its document
    sentenceText: URIRef    # the sentence
    rule: URIRef            # the rule that fired
    state: URIRef           # the state an entity belongs to or lies in
    capitalOf: URIRef       # the state a capital city is the capital of
    source: URIRef          # "text" for an entity the text introduced, not the knowledge base
    cameoCode: URIRef       # the CAMEO event code closest to a relation
    toolVersion: URIRef     # the version of geokg that made a build
    rulesVersion: URIRef    # a digest of the rule files a build used
    knowledgeVersion: URIRef  # a digest of the knowledge files a build used


ID = Namespace(BASE + "id/")
RUN = Namespace(BASE + "run/")
SCHEMA = Namespace("https://schema.org/")
FACT = Namespace(BASE + "fact/")
DOC = Namespace(BASE + "doc/")
EVIDENCE = Namespace(BASE + "evidence/")
RULE = Namespace(BASE + "rule/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
