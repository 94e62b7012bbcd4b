"""policykg — check Chinese government policy documents against the directives they rest on.

Architecture (one module, one job):
    load → store → check (rulebook) / query / trace / export / ingest → render

The public API::

    from policykg import check, RuleBook, CheckReport, open_store
    report = check(["draft.ttl"], open_store(), as_of=datetime.date(2026, 11, 26))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["CheckReport", "Finding", "RuleBook", "Store", "__version__", "check", "open_store", "run_check"]

_EXPORTS = {
    "run_check": ("policykg.check.run", "run_check"),
    "CheckReport": ("policykg.check.report", "CheckReport"),
    "Finding": ("policykg.check.report", "Finding"),
    "RuleBook": ("policykg.rulebook.model", "RuleBook"),
    "Store": ("policykg.store", "Store"),
    "open_store": ("policykg.store", "open_store"),
}

if TYPE_CHECKING:
    from .check.report import CheckReport, Finding
    from .check.run import check, run_check  # at run time policykg.check is the package, callable as check()
    from .rulebook.model import RuleBook
    from .store import Store, open_store


def __getattr__(name: str) -> Any:  # `check` itself is the callable package policykg.check
    """Import the public names on first use, so `import policykg` (and `policykg --help`) stays fast."""
    if name in _EXPORTS:
        import importlib

        module, attr = _EXPORTS[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'policykg' has no attribute {name!r}")
