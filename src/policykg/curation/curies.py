"""RDF terms named in curated files: ``prefix:local`` with the project prefixes (policykg.namespaces)."""

from __future__ import annotations

from rdflib import URIRef

from ..namespaces import PREFIXES
from .schema import CurationError


def term(curie: str) -> URIRef:
    """``pkg:Statute`` → the IRI; the schema has already checked the prefix, this re-checks for direct callers."""
    prefix, _, local = curie.partition(":")
    if prefix not in PREFIXES or not local:
        raise CurationError(f"{curie!r} is not prefix:name with a project prefix")
    return URIRef(str(PREFIXES[prefix]) + local)
