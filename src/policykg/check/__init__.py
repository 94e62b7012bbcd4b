"""The pre-publication check: the whole job of `policykg check`, from drafts and a registry to the report.

    run       → check(drafts, registry, *, as_of, scope) → CheckReport; run_check (one data graph)
    drafts    → reading drafts, the registry they are checked against, their focus
    scope     → the part of the registry a draft reaches (bounded context, fetched through the Store)
    findings  → findings built in one place from the engines' raw results; dedup, scope, order
    report    → the report model (CheckReport, Finding …) and the naming of nodes for people (Describer)

The rule book it runs (shapes, check queries, inference rules, the two engines) is policykg.rulebook.
"""

import sys
from types import ModuleType

from .report import CheckReport, Finding
from .run import check, run_check

__all__ = ["CheckReport", "Finding", "check", "run_check"]


class _CheckPackage(ModuleType):
    """``policykg.check`` is this package and, called, :func:`policykg.check.run.check`: ``from policykg import
    check; check(drafts, registry, as_of=…)`` works although a submodule import binds the package name."""

    def __call__(self, *args, **kwargs) -> CheckReport:
        return check(*args, **kwargs)


sys.modules[__name__].__class__ = _CheckPackage
