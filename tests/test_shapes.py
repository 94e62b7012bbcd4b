"""Every shape of the rule book against its own test cases (tests/shapes/cases/*.ttl).

Each case file is self-contained in the style of the W3C data-shapes test suite: a manifest entry
(sht:Validate) with the as-of date of the check (pkg:asOf), the data, and the expected sh:ValidationReport. The
case is run as `policykg check` runs the rule book — policykg.rulebook.inference.enrich, then pySHACL with advanced=True and
inference="none" — and the actual results on the case's own nodes must equal the expected ones, compared as
(focus node, source shape, severity, result path, value); a path or value the expected result leaves out is not
compared.

File names say what a case is for: ``<shape in kebab case>-conforming[-…].ttl`` must not trigger that shape,
``<shape>-violating[-…].ttl`` must. Every shape has at least one of each.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.term import Node

from policykg.rulebook.inference import enrich
from policykg.load import load_files
from policykg.namespaces import PKG, SH, SHAPE
from policykg.resources import shape_files

CASES_DIR = Path(__file__).parent / "shapes" / "cases"
CASE_FILES = sorted(CASES_DIR.glob("*.ttl"))
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
STEM = re.compile(r"^(?P<shape>[a-z0-9-]+?)-(?P<kind>conforming|violating)(?:-[a-z0-9-]+)?$")


@dataclass(frozen=True)
class Expected:
    focus: Node
    shape: Node
    severity: Node
    path: Node | None
    value: Node | None

    def matches(self, actual: tuple) -> bool:
        focus, shape, severity, path, value = actual
        return (
            (self.focus, self.shape, self.severity) == (focus, shape, severity)
            and (self.path is None or self.path == path)
            and (self.value is None or self.value == value)
        )

    def __str__(self) -> str:
        return _fmt((self.focus, self.shape, self.severity, self.path, self.value))


@dataclass
class Case:
    path: Path
    shape: URIRef
    kind: str
    as_of: dt.date
    conforms: bool
    expected: list[Expected]
    data: Graph


def _fmt(result: tuple) -> str:
    def short(n):
        if n is None:
            return "-"
        s = n.n3() if isinstance(n, Literal) else str(n)
        return s.rsplit("/", 1)[-1].rsplit("#", 1)[-1] if isinstance(n, URIRef) else s
    return "(" + ", ".join(short(n) for n in result) + ")"


def shape_name(kebab: str) -> str:
    """doc-number-format → DocNumberFormat."""
    return "".join(part.capitalize() for part in kebab.split("-"))


def read_case(path: Path) -> Case:
    """Split a case file into its manifest entry (as-of date, expected report) and its data."""
    m = STEM.match(path.stem)
    assert m, f"{path.name}: name must be <shape>-conforming… or <shape>-violating…"
    graph = Graph()
    graph.parse(path, format="turtle", publicID=path.resolve().as_uri())
    manifests = list(graph.subjects(RDF.type, MF.Manifest))
    assert len(manifests) == 1, f"{path.name}: exactly one mf:Manifest"
    manifest = manifests[0]
    lists = graph.value(manifest, MF.entries)
    entries = list(Collection(graph, lists))
    assert len(entries) == 1, f"{path.name}: exactly one manifest entry"
    entry = entries[0]
    as_of = graph.value(entry, PKG.asOf)
    assert as_of is not None, f"{path.name}: the entry states pkg:asOf"
    report = graph.value(entry, MF.result)
    assert (report, RDF.type, SH.ValidationReport) in graph, f"{path.name}: mf:result is a sh:ValidationReport"
    results = list(graph.objects(report, SH.result))
    expected = [
        Expected(
            graph.value(r, SH.focusNode),
            graph.value(r, SH.sourceShape),
            graph.value(r, SH.resultSeverity),
            graph.value(r, SH.resultPath),
            graph.value(r, SH.value),
        )
        for r in results
    ]
    # everything the manifest says about itself is not data
    not_data = {manifest, entry, report, *results, *graph.objects(entry, MF.action)}
    node = lists
    while node is not None and node != RDF.nil:
        not_data.add(node)
        node = graph.value(node, RDF.rest)
    data = Graph()
    for t in graph:
        if t[0] not in not_data:
            data.add(t)
    return Case(
        path=path,
        shape=SHAPE[shape_name(m["shape"])],
        kind=m["kind"],
        as_of=as_of.toPython(),
        conforms=bool(graph.value(report, SH.conforms).toPython()),
        expected=expected,
        data=data,
    )


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_files(shape_files())


def all_shapes(shapes_graph: Graph) -> set[URIRef]:
    found = set(shapes_graph.subjects(RDF.type, SH.NodeShape)) | set(shapes_graph.subjects(RDF.type, SH.PropertyShape))
    return {s for s in found if isinstance(s, URIRef)}


def run_case(case: Case, shapes_graph: Graph) -> set[tuple]:
    """The results of the rule book on the case's own nodes, as (focus, shape, severity, path, value)."""
    enriched = enrich(case.data, as_of=case.as_of)
    # enrich returns a PreparedQueryGraph: pySHACL's per-focus-node query texts are parsed once
    _conforms, report, _text = pyshacl.validate(
        enriched, shacl_graph=shapes_graph, advanced=True, inference="none", inplace=True
    )
    own = {s for s in case.data.subjects() if not isinstance(s, BNode)}
    actual = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(r, SH.focusNode)
        if focus not in own:
            continue
        shape = report.value(r, SH.sourceShape)
        assert isinstance(shape, URIRef), f"a result comes from an anonymous shape: {shape}"
        path = report.value(r, SH.resultPath)
        actual.add((focus, shape, report.value(r, SH.resultSeverity), path if isinstance(path, URIRef) else None,
                    report.value(r, SH.value)))
    return actual


# The fast subset (`pytest -m "not slow"`) runs one conforming and one violating case of each rule family (shape
# file), the quickest ones; every other case is marked slow (a new case too, until listed here).
FAST_CASES = {
    "basis-repealed-conforming", "citation-unresolved-violating",  # basis.ttl
    "result-unit-matches-indicator-conforming", "result-unit-matches-indicator-violating",  # consistency.ttl
    "content-penalty-conforming", "content-market-entities-violating",  # content.ttl
    "doc-number-format-conforming", "genre-in-legal-list-violating",  # document-metadata.ttl
    "evaluation-evaluates-document-conforming", "evaluation-dimension-assessed-violating",  # evaluation.ttl
    "procedure-record-missing-conforming", "procedure-record-missing-violating",  # procedure.ttl
    "validity-period-stated-unclassified-conforming", "validity-period-stated-unclassified-violating",  # validity.ttl
}


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem, marks=() if p.stem in FAST_CASES else pytest.mark.slow)
                                  for p in CASE_FILES])
def test_case(path: Path, shapes: Graph) -> None:
    case = read_case(path)
    assert case.shape in all_shapes(shapes), f"{path.name}: no shape {case.shape} in shapes/"
    actual = run_case(case, shapes)

    unexpected = [a for a in actual if not any(e.matches(a) for e in case.expected)]
    missing = [e for e in case.expected if not any(e.matches(a) for a in actual)]
    ambiguous = [e for e in case.expected if sum(e.matches(a) for a in actual) > 1]
    assert not (unexpected or missing or ambiguous), (
        f"{path.name}:\n  unexpected: {sorted(map(_fmt, unexpected))}\n  missing: {[str(e) for e in missing]}"
        f"\n  matching several results: {[str(e) for e in ambiguous]}"
    )
    assert case.conforms == (not actual)
    shapes_hit = {a[1] for a in actual}
    if case.kind == "violating":
        assert case.shape in shapes_hit, f"{path.name} does not trigger {case.shape}"
    else:
        assert case.shape not in shapes_hit


def test_the_fast_cases_exist() -> None:
    assert FAST_CASES <= {p.stem for p in CASE_FILES}


def test_every_shape_has_a_conforming_and_a_violating_case(shapes: Graph) -> None:
    kinds: dict[URIRef, set[str]] = {}
    for path in CASE_FILES:
        m = STEM.match(path.stem)
        assert m, path.name
        kinds.setdefault(SHAPE[shape_name(m["shape"])], set()).add(m["kind"])
    names = all_shapes(shapes)
    lacking = sorted(str(s) for s in names if kinds.get(s) != {"conforming", "violating"})
    assert not lacking, f"shapes without both a conforming and a violating case: {lacking}"
    assert set(kinds) <= names, f"cases for unknown shapes: {sorted(map(str, set(kinds) - names))}"
    # 81 shapes, two cases each at least, plus the extra cases
    assert len(names) == 81
    assert len(CASE_FILES) == 172 >= 2 * len(names)


def test_case_reader_separates_manifest_from_data() -> None:
    case = read_case(CASES_DIR / "doc-number-format-violating.ttl")
    assert case.as_of == dt.date(2025, 12, 5) and not case.conforms
    assert {str(s).rsplit("/", 1)[-1] for s in case.data.subjects()} == {"a", "b"}
    assert len(case.expected) == 2 and all(e.severity == SH.Violation for e in case.expected)
