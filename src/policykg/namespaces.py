"""Namespaces and the prefix map every serialisation uses (no stray ns1: prefixes)."""

from typing import Any

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, Namespace as _NS

BASE = "https://w3id.org/policykg/"
PKG = Namespace(BASE + "ns#")
CODE = Namespace(BASE + "code/")
DOC = Namespace(BASE + "doc/")
ORG_ID = Namespace(BASE + "org/")
SRC = Namespace(BASE + "source/")
SHAPE = Namespace(BASE + "shape/")
RANK = Namespace(BASE + "rank/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = _NS("http://www.w3.org/ns/org#")
SH = Namespace("http://www.w3.org/ns/shacl#")
DCT = DCTERMS

PREFIXES: dict[str, Any] = {
    "pkg": PKG,
    "code": CODE,
    "doc": DOC,
    "orgid": ORG_ID,
    "src": SRC,
    "shape": SHAPE,
    "rank": RANK,
    "eli": ELI,
    "dct": DCTERMS,
    "prov": PROV,
    "skos": SKOS,
    "org": ORG,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "sh": SH,
}


def bind_prefixes(graph) -> None:
    """Bind the project prefixes on *graph*, replacing rdflib's defaults."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)


def sparql_prologue() -> str:
    """PREFIX lines for queries that do not declare their own."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
