"""The rule book: SHACL shapes, SPARQL check queries and the inference rules the shapes read.

    model     → RuleBook: shapes + check queries + inference rules, loaded and parsed once per process
    checks    → the check queries (queries/checks/*-violation.rq) and their header
    header    → the one reader of the grlc-style `#+ key: value` header (saved queries and check queries)
    engines   → the two engines (SHACL, check queries) and their common raw result
    inference → the CONSTRUCT rules of ontology/rules/ applied to a fixpoint (enrichment before checking)
    prepared  → graphs whose SPARQL texts are parsed once per process (prepared queries; rdflib is not patched)

Nothing is imported here, so importing one part (e.g. the header reader) does not load the others.
"""
