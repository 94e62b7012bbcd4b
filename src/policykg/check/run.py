"""Run the rule book: enrich the data, validate it with a SHACL engine, run the check queries, build the report.

The SHACL engine sits behind :class:`ShaclEngine` (docs/decisions/0007-store-interface.md): pySHACL is the
reference; any engine with pySHACL's ``validate()`` API (e.g. pyshacl-turbo) plugs in by name. Besides the
shapes, the rule book has SPARQL check queries, ``queries/checks/*-violation.rq`` (ODK convention: every row is a
finding), with a grlc-style header::

    #+ summary: 依据须在文件成文日有效 / Basis in force on the issue date
    #+ severity: Violation
    #+ source: <https://w3id.org/policykg/doc/…/art-53>
    #+ message_zh: 依据 {?value} 在成文日已失效。
    #+ message_en: Basis {?value} had lapsed on the issue date.
    #+ fix_zh: …
    #+ fix_en: …
    #+ rule: R-SD-03

Rows bind ``?focus`` (required) and optionally ``?value`` and ``?path``; ``?asOf`` is pre-bound to the date of
the check. ``{?var}`` in a message is replaced by the readable form of that variable's value.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from .. import resources
from ..errors import PolicyKGError
from ..load import load_files, load_ontology
from ..namespaces import BASE, PKG, PREFIXES, SH, bind_prefixes
from .report import (
    SEVERITIES,
    Bilingual,
    CheckReport,
    Describer,
    Finding,
    Rule,
    build_report,
)
from ..store import MemoryStore

#: IRIs of check queries: ``<BASE>query/checks/<file stem>``.
CHECK_QUERY_BASE = BASE + "query/checks/"


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
        from ..rulebook.sparql_cache import parsed_query_cache

        validate_fn = self._validate_function()
        try:
            with parsed_query_cache():  # pySHACL re-sends each constraint's text per focus node
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


_ENGINES: dict[str, Callable[[], ShaclEngine]] = {
    "pyshacl": PyShaclEngine,
    "pyshacl-turbo": lambda: PyShaclApiEngine("pyshacl_turbo", "pyshacl-turbo"),
}


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


# ---------------------------------------------------------------------------------------------------------------
# Rule book: shapes and check queries
# ---------------------------------------------------------------------------------------------------------------


def _expand(paths: Iterable[Path], pattern: str) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = sorted(q for q in p.rglob(pattern) if q.is_file())
            if not found:
                raise PolicyKGError(f"{p}: no {pattern} files in this folder")
            out.extend(found)
        elif p.is_file():
            out.append(p)
        else:
            raise PolicyKGError(f"{p}: no such file or folder")
    return out


def load_shapes(paths: Iterable[Path] | None = None) -> Graph:
    """The shapes graph: the bundled rule book (shapes/*.ttl), or the given files and folders."""
    files = resources.shape_files() if paths is None else _expand(paths, "*.ttl")
    return load_files(files)


def check_query_files(paths: Iterable[Path] | None = None) -> list[Path]:
    """The check queries: bundled queries/checks/*-violation.rq, or the given files and folders."""
    if paths is None:
        folder = resources.resource_dir("queries") / "checks"
        return sorted(folder.glob("*-violation.rq")) if folder.is_dir() else []
    return _expand(paths, "*-violation.rq")


@dataclass(frozen=True)
class CheckQuery:
    """A ``*-violation.rq`` query and its header."""

    path: Path
    iri: URIRef
    summary: Bilingual
    severity: str
    sources: tuple[URIRef, ...]
    message: Bilingual
    fix: Bilingual
    rule_id: str | None
    text: str


_HEADER = re.compile(r"^#\+\s*(?P<key>[A-Za-z_]+)\s*:\s*(?P<value>.*?)\s*$")
# <IRI>, a bare absolute IRI, or a prefixed name
_IRI_TOKEN = re.compile(r"<([^<>\s]+)>|((?:https?|urn):[^\s,<>]+)|([A-Za-z][\w\-]*:[^\s,<>]+)")


def parse_check_query(path: Path) -> CheckQuery:
    """Read one check query and its ``#+ key: value`` header; PolicyKGError names the file on any problem."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise PolicyKGError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise PolicyKGError(f"{path}: not UTF-8") from None
    header: dict[str, str] = {}
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if m:
            header.setdefault(m["key"].lower(), m["value"])
    severity = header.get("severity", "Violation").strip()
    if severity not in SEVERITIES:
        raise PolicyKGError(f"{path}: #+ severity must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    summary = header.get("summary", "")
    zh, _, en = summary.partition(" / ")
    sources: list[URIRef] = []
    for m in _IRI_TOKEN.finditer(header.get("source", "")):
        sources.append(URIRef(m[1] or m[2]) if (m[1] or m[2]) else _expand_curie(m[3], path))
    stem = path.name.removesuffix(".rq")
    return CheckQuery(
        path=path,
        iri=URIRef(CHECK_QUERY_BASE + stem),
        summary=Bilingual(zh.strip() or en.strip() or stem, en.strip() or zh.strip() or stem),
        severity=severity,
        sources=tuple(sources),
        message=_bilingual(header.get("message_zh", ""), header.get("message_en", "")),
        fix=_bilingual(header.get("fix_zh", ""), header.get("fix_en", "")),
        rule_id=header.get("rule") or None,
        text=text,
    )


def _bilingual(zh: str, en: str) -> Bilingual:
    return Bilingual(zh or en, en or zh)


def _expand_curie(curie: str, path: Path) -> URIRef:
    prefix, _, local = curie.partition(":")
    ns = PREFIXES.get(prefix)
    if ns is None:
        raise PolicyKGError(f"{path}: #+ source: unknown prefix {prefix!r}")
    return URIRef(str(ns) + local)


def load_check_queries(paths: Iterable[Path] | None = None) -> list[CheckQuery]:
    return [parse_check_query(p) for p in check_query_files(paths)]


def query_rule(query: CheckQuery, describer: Describer) -> Rule:
    return Rule(
        iri=str(query.iri),
        kind="query",
        rule_id=query.rule_id,
        label=query.summary,
        severity=query.severity,
        sources=tuple(describer.legal_source(s) for s in query.sources),
        fix=query.fix,
        curie=f"queries/checks/{query.path.name}",
    )


_ROLE_VARIABLES = {"focus", "value", "path", "asOf"}
_PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")


def run_check_queries(
    graph: Graph, queries: Iterable[CheckQuery], *, as_of: _dt.date, describer: Describer
) -> list[Finding]:
    """Run each check query on *graph* (with ?asOf bound); every row becomes a Finding."""
    store = MemoryStore(graph)
    as_of_lit = Literal(as_of.isoformat(), datatype=XSD.date)
    findings: list[Finding] = []
    for q in queries:
        try:
            names, rows = store.select(q.text, {"asOf": as_of_lit})
        except PolicyKGError as exc:
            raise PolicyKGError(f"{q.path}: {exc}") from None
        if "focus" not in names:
            raise PolicyKGError(f"{q.path}: a check query must SELECT ?focus")
        rule = query_rule(q, describer)
        for row in rows:
            binding = dict(zip(names, row))
            focus = binding.get("focus")
            if focus is None:
                continue
            if isinstance(focus, Literal):
                raise PolicyKGError(f"{q.path}: ?focus is bound to a literal ({focus!s}); it must be a node")
            value = binding.get("value")
            path = binding.get("path")
            details = tuple(
                (name, describer.render_value(term))
                for name, term in sorted(binding.items())
                if name not in _ROLE_VARIABLES and term is not None
            )
            findings.append(
                Finding(
                    severity=q.severity,
                    rule=rule,
                    message=_fill_message(q.message, binding, describer),
                    focus=describer.node(focus),
                    path=describer.path(path) if isinstance(path, URIRef) else None,
                    value=describer.render_value(value) if value is not None else None,
                    component="sh:SPARQLConstraintComponent",
                    details=details,
                )
            )
    return findings


def _fill_message(message: Bilingual, binding: dict[str, Node | None], describer: Describer) -> Bilingual:
    def fill(template: str, lang: str) -> str:
        def sub(m: re.Match) -> str:
            term = binding.get(m[1])
            if term is None:
                return "—"
            text = describer.render_value(term).text
            return text.zh if lang == "zh" else text.en

        return _PLACEHOLDER.sub(sub, template)

    return Bilingual(fill(message.zh, "zh"), fill(message.en, "en"))


# ---------------------------------------------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------------------------------------------


def _shape_count(shapes: Graph) -> int:
    shapes_set = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    return sum(1 for s in shapes_set if isinstance(s, URIRef))


def checked_documents(data: Graph, describer: Describer, focus: set[str] | None) -> tuple:
    """The documents in scope: every document with a statement in *data*, or those among *focus*."""
    candidates = {s for s in data.subjects() if isinstance(s, URIRef)}
    if focus is not None:
        candidates = {s for s in candidates if str(s) in focus}
    docs = [describer.document(s) for s in candidates if describer.kind(s) == "document"]
    return tuple(sorted(docs, key=lambda d: (d.sort_key, d.iri)))


@lru_cache(maxsize=1)
def _document_classes() -> frozenset[URIRef]:
    """pkg:Document and its subclasses in the bundled ontology."""
    onto = load_ontology()
    seen, todo = {PKG.Document}, [PKG.Document]
    while todo:
        for sub in onto.subjects(RDFS.subClassOf, todo.pop()):
            if isinstance(sub, URIRef) and sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return frozenset(seen)


def documents_among(data: Graph, nodes: Iterable[str]) -> list[URIRef]:
    """The nodes of *nodes* that *data* types as documents (or gives a 文号)."""
    classes = _document_classes()
    out = []
    for n in sorted(nodes):
        if n.startswith("_:"):
            continue
        node = URIRef(n)
        if (node, PKG.docNumber, None) in data or any(t in classes for t in data.objects(node, RDF.type)):
            out.append(node)
    return out


def run_check(
    data: Graph,
    *,
    as_of: _dt.date,
    shapes: Graph | Iterable[Path] | None = None,
    focus: Iterable[str | URIRef] | None = None,
    engine: str = "pyshacl",
    checks: Iterable[Path] | None = None,
    review: Iterable[URIRef] | None = None,
) -> CheckReport:
    """Check *data* against the rule book as of a date.

    Args:
        data: registry data (+ drafts), without the ontology (enrichment adds it).
        as_of: the date the check is made for.
        shapes: the shapes graph, or files/folders of shapes; None for the bundled rule book.
        focus: IRIs whose findings to keep (e.g. the drafts' nodes); None keeps all.
        engine: the SHACL engine's name (see :func:`engine_names`).
        checks: files/folders of ``*-violation.rq`` check queries; None for the bundled ones.
        review: documents to put under review (pkg:DocumentUnderReview) whatever their issuer; by default the
            documents among *focus* (a draft is under review by definition), none for a whole-graph check.

    Returns:
        The CheckReport (findings ordered by severity, rule, document number, focus).

    Raises:
        PolicyKGError: unknown engine, broken shapes or query, or an engine failure.
    """
    from ..rulebook.inference import enrich  # the rulebook's enrichment: ontology + inferred facts + pkg:CheckContext

    shacl = get_engine(engine)
    shapes_graph = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
    queries = load_check_queries(checks)
    focus_set = None if focus is None else {str(f) for f in focus}

    if review is None:
        review = documents_among(data, focus_set) if focus_set is not None else []
    review = list(review)
    enriched = enrich(data, as_of=as_of, review=review) if review else enrich(data, as_of=as_of)
    bind_prefixes(enriched)
    if len(shapes_graph):
        validation_report = shacl.validate(enriched, shapes_graph)
    else:
        validation_report = _empty_report()
    describer = Describer(enriched, shapes_graph)
    query_findings = run_check_queries(enriched, queries, as_of=as_of, describer=describer)
    return build_report(
        validation_report,
        data=enriched,
        shapes=shapes_graph,
        as_of=as_of,
        extra_findings=query_findings,
        focus=focus_set,
        describer=describer,
        documents=checked_documents(data, describer, focus_set),
        scope="graph" if focus_set is None else "drafts",
        engine=shacl.name,
        rule_count=_shape_count(shapes_graph) + len(queries),
    )


def _empty_report() -> Graph:
    g = Graph()
    report = BNode()
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(True)))
    return g
