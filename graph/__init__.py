"""Build knowledge graphs of geopolitical news from English articles.

>>> import graph
>>> G = graph.build("seeds")
>>> G.nodes["Syria"]["type"]
'State'
"""

__version__ = "0.1.0"

from .build import Build, build, build_graph, extract, run  # noqa: E402
from .corpus import read_corpus  # noqa: E402
from .errors import GraphError, InputError, KnowledgeError, RuleError  # noqa: E402
from .export import to_rdf, write_facts_csv, write_rdf, write_turtle  # noqa: E402
from .io import read_turtle, to_dataframe, write_gexf, write_graphml  # noqa: E402
from .query import (AmbiguousEntity, EntityNotFound, allies, facts, met, neighbors,  # noqa: E402
                    path, resolve, timeline, visits)
from .sparql import to_sparql_store  # noqa: E402
from .knowledge import KnowledgeBase, load_knowledge  # noqa: E402
from .model import Document, Entity, Fact, Mention, Office  # noqa: E402
from .rules import RuleSet, load_rules  # noqa: E402

__all__ = [
    "build", "extract", "run", "build_graph", "Build",
    "read_corpus", "load_knowledge", "load_rules", "KnowledgeBase", "RuleSet",
    "facts", "met", "visits", "allies", "timeline", "neighbors", "path", "resolve",
    "EntityNotFound", "AmbiguousEntity",
    "write_turtle", "read_turtle", "write_rdf", "write_graphml", "write_gexf",
    "write_facts_csv", "to_rdf", "to_sparql_store", "to_dataframe",
    "Document", "Entity", "Fact", "Mention", "Office",
    "GraphError", "InputError", "KnowledgeError", "RuleError",
]
