"""The rule book: SHACL shapes, SPARQL check queries and the inference rules the shapes read.

    inference    → the CONSTRUCT rules of ontology/rules/ applied to a fixpoint (enrichment before checking)
    sparql_cache → SPARQL texts parsed once per process
"""
