"""SPARQL 1.1 Protocol details of the endpoint: content negotiation, result serialisation, service description."""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from .. import queries as Q
from ..namespaces import bind_prefixes
from .runner import QueryRefused

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = "http://www.w3.org/ns/formats/"

RESULT_TYPES = {  # media type → serialiser name, for SELECT and ASK
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {  # media type → rdflib format, for CONSTRUCT and DESCRIBE
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
FORMAT_PARAM = {  # ?format= shortcut (browser downloads) → media type
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}



def _accepted(accept: str | None) -> list[tuple[float, int, str]]:
    """Media ranges of an Accept header, best first (RFC 9110 §12.5.1; ties keep the header's order)."""
    ranges = []
    for i, part in enumerate((accept or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, i, media))
    return sorted(ranges)


def negotiate(accept: str | None, form: str, fmt: str | None = None) -> str:
    """The media type to answer with; QueryRefused(406) when the client accepts none we can write."""
    offered = GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
    default = "text/turtle" if offered is GRAPH_TYPES else "application/sparql-results+json"
    if fmt:
        media = FORMAT_PARAM.get(fmt.lower())
        if media is None or media not in offered:
            raise QueryRefused(406, f"format {fmt!r} is not available for a {form} query "
                                    f"(use {', '.join(k for k, v in FORMAT_PARAM.items() if v in offered)})")
        return media
    for _, _, media in _accepted(accept):
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            if media == "text/*" and offered is RESULT_TYPES:
                return "text/csv"
            return default
    raise QueryRefused(406, f"none of the accepted types ({accept}) can carry a {form} result; "
                            f"use one of {', '.join(offered)}")


def serialise(result: Q.QueryResult, media: str) -> bytes:
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None  # queries.run gives these forms a graph
        bind_prefixes(result.graph)
        return result.graph.serialize(format=GRAPH_TYPES[media], encoding="utf-8")
    kind = RESULT_TYPES[media]
    text = {"json": Q.to_json, "xml": Q.to_xml, "csv": Q.to_csv, "tsv": Q.to_tsv}[kind](result)
    return text.encode("utf-8")


def service_description(endpoint: str) -> Graph:
    """SPARQL 1.1 Service Description of this endpoint (what it answers, in which formats)."""
    g = Graph()
    g.bind("sd", SD)
    svc = URIRef(endpoint + "#service")
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, URIRef(endpoint)))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    for media in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        g.add((svc, SD.resultFormat, URIRef(FORMATS_NS + media)))
    g.add((svc, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
           Literal("policykg read-only SPARQL endpoint: SPARQL UPDATE is refused.", lang="en")))
    return g


__all__ = ["FORMAT_PARAM", "GRAPH_TYPES", "RESULT_TYPES", "negotiate", "serialise", "service_description"]
