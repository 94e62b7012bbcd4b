"""The pre-publication check: the whole job of `policykg check`, from drafts and registry to the report.

    run     → enrich the data, run the rule book's engines, build the report (policykg.check.run)
    scope   → the part of the registry a draft reaches (bounded context)
    report  → the report model (CheckReport, Finding …) and the naming of nodes for people

The rule book itself (shapes, check queries, inference rules) is policykg.rulebook.
"""
