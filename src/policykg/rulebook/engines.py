"""The two engines of the rule book: SHACL for the shapes, SPARQL for the check queries — one raw result.

Both engines turn an enriched data graph (ontology, inferred facts and the check context already in it) into
:class:`RawResult` records: the focus node, the severity, the rule (a shape node or a :class:`CheckQuery`), and
the path, value, component and query bindings as RDF terms. :mod:`policykg.check.findings` builds the findings
a reviewer reads from these, in one place, whichever engine produced them.

The SHACL engine sits behind :class:`ShaclEngine` (docs/decisions/0007-store-interface.md): pySHACL is the
reference; any engine with pySHACL's ``validate()`` API (e.g. pyshacl-turbo) plugs in by name. The check-query
engine reads through the Store interface (:class:`policykg.store.Store`).
"""

from __future__ import annotations

import datetime as _dt
import importlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping, Protocol

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ..errors import PolicyKGError
from ..namespaces import SH
from ..store import MemoryStore, Store
from ..words import Severity, severity_of
from .checks import CheckQuery
from .prepared import preparing


@dataclass(frozen=True)
class RawResult:
    """One result of an engine, in RDF terms, before it is described for people.

    Attributes:
        focus: the node the result is about.
        severity: Violation, Warning or Info.
        rule: the sh:sourceShape node (SHACL) or the check query.
        path: the sh:resultPath node (SHACL) or the ?path binding.
        value: the sh:value or the ?value binding.
        component: the constraint component IRI (SHACL); check queries are sh:SPARQLConstraintComponent.
        binding: the whole row of a check query ({} for SHACL).
        result: the sh:ValidationResult node in the engine's report graph (None for check queries).
    """

    focus: Node
    severity: Severity
    rule: Node | CheckQuery | None
    path: Node | None = None
    value: Node | None = None
    component: Node | None = None
    binding: Mapping[str, Node] = field(default_factory=dict)
    result: Node | None = None


@dataclass
class RawReport:
    """What the engines returned: the raw results, and the SHACL engine's sh:ValidationReport graph."""

    results: list[RawResult]
    validation_report: Graph


# ---------------------------------------------------------------------------------------------------------------
# SHACL engines
# ---------------------------------------------------------------------------------------------------------------


class ShaclEngine(Protocol):
    """A SHACL validator: data graph + shapes graph → sh:ValidationReport graph.

    The data graph is already enriched (ontology, inferred facts, check context), so engines run without their
    own inference.
    """

    name: str

    def validate(self, data_graph: Graph, shapes_graph: Graph) -> Graph:
        """Validate *data_graph* against *shapes_graph*; return the sh:ValidationReport graph."""


class PyShaclApiEngine:
    """Any engine exposing pySHACL's ``validate(data, shacl_graph=…, advanced=…, inference=…)`` function.

    Args:
        module: the Python module providing ``validate``.
        name: the engine's name on the command line.
        package: the PyPI package to suggest when the module is missing.
    """

    def __init__(self, module: str, name: str, package: str | None = None):
        self.module = module
        self.name = name
        self.package = package or name

    def _validate_function(self) -> Callable:
        try:
            mod = importlib.import_module(self.module)
        except ModuleNotFoundError:
            raise PolicyKGError(
                f"SHACL engine {self.name!r} is not installed (pip install {self.package})"
            ) from None
        return mod.validate

    def validate(self, data_graph: Graph, shapes_graph: Graph) -> Graph:
        validate_fn = self._validate_function()
        data_graph = preparing(data_graph)  # pySHACL re-sends each constraint's text per focus node
        try:
            _conforms, report_graph, _text = validate_fn(
                data_graph,
                shacl_graph=shapes_graph,
                advanced=True,  # SHACL-AF: SPARQL targets and the date functions of shapes/common.ttl
                inference="none",  # the data is enriched beforehand (policykg.rulebook.inference)
                inplace=True,  # the enriched graph is ours; do not copy it again
                abort_on_first=False,
            )
        except PolicyKGError:
            raise
        except Exception as exc:  # engines raise their own types for bad shapes
            raise PolicyKGError(f"SHACL engine {self.name} failed: {' '.join(str(exc).split())[:300]}") from None
        if not isinstance(report_graph, Graph):
            raise PolicyKGError(f"SHACL engine {self.name} returned no report graph")
        return report_graph


class PyShaclEngine(PyShaclApiEngine):
    """pySHACL, the reference engine (advanced=True, inference="none")."""

    def __init__(self) -> None:
        super().__init__("pyshacl", "pyshacl")


#: The engine `policykg check` uses unless told otherwise (docs/decisions/0020-oxigraph-engine.md): the compiled rule
#: book on pyoxigraph, which gives pySHACL's results (tests/test_engines.py) in a fraction of the time.
DEFAULT_ENGINE = "oxigraph"

_ENGINES: dict[str, Callable[[], ShaclEngine]] = {
    "pyshacl": PyShaclEngine,
    "pyshacl-turbo": lambda: PyShaclApiEngine("pyshacl_turbo", "pyshacl-turbo"),
    "oxigraph": lambda: _oxigraph_engine(),
}


def _oxigraph_engine() -> ShaclEngine:
    from .oxigraph_engine import OxigraphEngine  # imported on use: it loads pyoxigraph

    return OxigraphEngine()


def engine_names() -> list[str]:
    return sorted(_ENGINES)


def register_engine(name: str, factory: Callable[[], ShaclEngine]) -> None:
    """Make an engine available to ``run_check(engine=name)`` and ``policykg check --engine name``."""
    _ENGINES[name] = factory


def get_engine(name: str) -> ShaclEngine:
    """The engine called *name*; PolicyKGError for an unknown one."""
    factory = _ENGINES.get(name)
    if factory is None:
        raise PolicyKGError(f"unknown SHACL engine {name!r}: choose one of {', '.join(engine_names())}")
    return factory()



def shacl_results(report: Graph) -> list[RawResult]:
    """One RawResult per sh:ValidationResult of an engine's report graph (SHACL §3.6)."""
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        if focus is None:
            continue
        out.append(RawResult(
            focus=focus,
            severity=severity_of(report.value(result, SH.resultSeverity)),
            rule=report.value(result, SH.sourceShape),
            path=report.value(result, SH.resultPath),
            value=report.value(result, SH.value),
            component=report.value(result, SH.sourceConstraintComponent),
            result=result,
        ))
    return out


def result_signatures(report: Graph) -> Counter:
    """(focus, source shape, path, value, severity, messages) of every sh:ValidationResult, counted.

    How two engines' reports are compared: equal counters mean the same findings, multiplicity included.
    """
    out: Counter = Counter()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        messages = tuple(sorted((str(m), getattr(m, "language", None) or "") for m in report.objects(r, SH.resultMessage)))
        out[(report.value(r, SH.focusNode), report.value(r, SH.sourceShape), report.value(r, SH.resultPath),
             report.value(r, SH.value), report.value(r, SH.resultSeverity), messages)] += 1
    return out


def empty_validation_report() -> Graph:
    """A conforming sh:ValidationReport with no result (a rule book without shapes)."""
    g = Graph()
    report = BNode()
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(True)))
    return g


# ---------------------------------------------------------------------------------------------------------------
# Check queries
# ---------------------------------------------------------------------------------------------------------------


class CheckQueryEngine:
    """Runs check queries through a Store (with ?asOf bound); every row with a ?focus is a RawResult."""

    name = "sparql"

    def run(self, store: Store, queries: Iterable[CheckQuery], *, as_of: _dt.date) -> list[RawResult]:
        as_of_lit = Literal(as_of.isoformat(), datatype=XSD.date)
        out: list[RawResult] = []
        for q in queries:
            try:
                names, rows = store.select(q.text, {"asOf": as_of_lit})
            except PolicyKGError as exc:
                raise PolicyKGError(f"{q.path}: {exc}") from None
            if "focus" not in names:
                raise PolicyKGError(f"{q.path}: a check query must SELECT ?focus")
            for row in rows:
                binding = {name: term for name, term in zip(names, row) if term is not None}
                focus = binding.get("focus")
                if focus is None:
                    continue
                if isinstance(focus, Literal):
                    raise PolicyKGError(f"{q.path}: ?focus is bound to a literal ({focus!s}); it must be a node")
                out.append(RawResult(focus=focus, severity=q.severity, rule=q, path=binding.get("path"),
                                     value=binding.get("value"), component=SH.SPARQLConstraintComponent,
                                     binding=binding))
        return out


def run_engines(data: Graph, shapes: Graph, queries: Iterable[CheckQuery], *, as_of: _dt.date,
                engine: ShaclEngine) -> RawReport:
    """Both engines on the enriched *data*: the SHACL results first, then the check queries' rows.

    An engine that validates in a pyoxigraph store (the oxigraph engine) gets *data* loaded once, and the check
    queries run on the same store (:func:`run_engines_store`); any other engine validates the rdflib graph and
    the check queries run on it."""
    if hasattr(engine, "validate_store"):
        from .oxigraph_engine import load_graph

        prefixes = {str(p): str(ns) for p, ns in data.namespaces()}
        return run_engines_store(load_graph(data), shapes, queries, as_of=as_of, engine=engine, prefixes=prefixes,
                                 data=data)
    report = engine.validate(data, shapes) if len(shapes) else empty_validation_report()
    results = shacl_results(report)
    results += CheckQueryEngine().run(MemoryStore(data), queries, as_of=as_of)
    return RawReport(results, report)


def run_engines_store(store, shapes: Graph, queries: Iterable[CheckQuery], *, as_of: _dt.date, engine,
                      prefixes: Mapping[str, str], data: Graph | None = None) -> RawReport:
    """Both engines on the enriched data in a pyoxigraph *store*'s default graph (an engine with
    ``validate_store``): the SHACL results first, then the check queries' rows, every query run in the store.

    Args:
        prefixes: the prefixes every query may use undeclared (those of the enriched rdflib graph).
        data: the same data as an rdflib graph, if there is one (the report's blank nodes are copied from it).
    """
    from ..store import OxigraphStore

    report = (engine.validate_store(store, shapes, prefixes=prefixes, data=data) if len(shapes)
              else empty_validation_report())
    results = shacl_results(report)
    results += CheckQueryEngine().run(OxigraphStore(store, "the enriched data"), queries, as_of=as_of)
    return RawReport(results, report)


__all__ = ["DEFAULT_ENGINE", "CheckQueryEngine", "PyShaclApiEngine", "PyShaclEngine", "RawReport", "RawResult", "ShaclEngine",
           "empty_validation_report", "engine_names", "get_engine", "register_engine", "run_engines", "run_engines_store",
           "shacl_results"]
