"""Curated facts as data: data/curation/ (TSV and TOML under a contract, schema.toml) → the generated files.

One builder (:mod:`policykg.curation.run`, ``python -m policykg.curation [--check]``) turns the curated tables and
the shipped source texts into data/sources.ttl, ontology/codelists.ttl, ontology/rank.ttl,
data/registry/rule-sources.ttl, data/registry/laws/*.ttl, data/registry/organs.ttl, data/registry/directives.ttl
and data/cases/weihai-2023/*.ttl; every fact keeps its excerpt of a source text.
"""

from .run import TARGETS, Stale, main, run
from .schema import CurationError

__all__ = ["TARGETS", "Stale", "CurationError", "main", "run"]
