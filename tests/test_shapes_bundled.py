"""The rule book on the bundled data: the reviewed baseline, and the changes issue 3 names as acceptance.

The baseline was reviewed by hand: the two Weihai documents state no validity period or effective date and
their normative status is not recorded (Warnings that say so), their procedure is not recorded, 威政发〔2023〕5号
has no recorded basis or 成文日期, the rank of 国科发创〔2016〕370号 relative to a city government's document is not
established, the evaluation decided 暂不设置有效期 and declares a "problems" dimension it does not assess, and
the measures and four results are not linked to provisions or measures. Nothing in the registry itself is
reported, and nothing is a Violation.
"""

from __future__ import annotations

import datetime as dt

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from policykg.rulebook.inference import enrich
from policykg.load import load_data, load_files
from policykg.namespaces import DOC, ELI, PKG, SH, SHAPE
from policykg.resources import shape_files

AS_OF = dt.date(2025, 12, 5)
# not rdflib's XSD namespace object: pytest probes module attributes and XSD warns on unknown names
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
EVALUATION = "idx-11371000004359096D-2025-03372/evaluation"
WZZ, WZF, GKFC = "威政字-2023-40", "威政发-2023-5", "国科发创-2016-370"

BASELINE = {
    ("ValidityPeriodStatedUnclassified", WZZ, "Warning"),
    ("ValidityPeriodStatedUnclassified", WZF, "Warning"),
    ("EffectiveDateStatedUnclassified", WZZ, "Warning"),
    ("EffectiveDateStatedUnclassified", WZF, "Warning"),
    ("ProcedureRecordMissing", WZZ, "Warning"),
    ("ProcedureRecordMissing", WZF, "Warning"),
    ("PolicyDocumentHasBasis", WZF, "Warning"),
    ("DocumentDateStated", WZF, "Warning"),
    ("BasisRankUnconfirmed", WZZ, "Warning"),
    ("EvaluationValidityDecisionUnclassified", EVALUATION, "Warning"),
    ("EvaluationDimensionAssessed", EVALUATION, "Warning"),
    ("MeasureImplementsDocumentOnly", "idx-11371000004359096D-2025-03372/measure-20", "Warning"),
    *{("MeasureImplementsSomething", f"idx-11371000004359096D-2025-03372/measure-{n:02d}", "Warning") for n in range(1, 20)},
    *{("ResultLinkedToMeasureOrArea", f"idx-11371000004359096D-2025-03372/result-{n:02d}", "Warning") for n in range(1, 5)},
}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_files(shape_files())


@pytest.fixture(scope="module")
def bundled() -> Graph:
    return load_data()


def findings(data: Graph, shapes_graph: Graph, as_of: dt.date = AS_OF) -> set[tuple[str, str, str]]:
    enriched = enrich(data, as_of=as_of)
    # enrich returns a PreparedQueryGraph: pySHACL's per-focus-node query texts are parsed once
    _c, report, _t = pyshacl.validate(enriched, shacl_graph=shapes_graph, advanced=True, inference="none",
                                      inplace=True)
    out = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        shape = str(report.value(r, SH.sourceShape)).rsplit("/", 1)[-1]
        focus = str(report.value(r, SH.focusNode)).removeprefix(str(DOC))
        out.add((shape, focus, str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]))
    return out


def copy(graph: Graph) -> Graph:
    g = Graph()
    for t in graph:
        g.add(t)
    return g


@pytest.fixture(scope="module")
def baseline(bundled: Graph, shapes: Graph) -> set:
    return findings(bundled, shapes)


@pytest.mark.slow
def test_baseline_is_the_reviewed_one(baseline: set) -> None:
    assert baseline == BASELINE


@pytest.mark.slow
def test_the_missing_validity_period_is_reported_against_article_53(shapes: Graph, baseline: set) -> None:
    assert {f[1] for f in baseline if f[0] == "ValidityPeriodStatedUnclassified"} == {WZZ, WZF}
    source = shapes.value(SHAPE.ValidityPeriodStatedUnclassified, DCTERMS.source)
    assert source == DOC["山东省人民政府令-238/art-53"]


@pytest.mark.slow
def test_removing_the_basis_of_weizhengzi_40(bundled: Graph, shapes: Graph, baseline: set) -> None:
    g = copy(bundled)
    g.remove((DOC[WZZ], ELI.based_on, None))
    g.remove((DOC[WZZ], PKG.implementsPolicy, None))
    changed = findings(g, shapes)
    assert changed - baseline == {("PolicyDocumentHasBasis", WZZ, "Warning")}
    assert baseline - changed == {("BasisRankUnconfirmed", WZZ, "Warning")}


@pytest.mark.slow
def test_repealing_guokefachuang_370_before_2023(bundled: Graph, shapes: Graph, baseline: set) -> None:
    g = copy(bundled)
    g.add((DOC[GKFC], PKG.dateRepealed, Literal("2022-12-31", datatype=XSD_DATE)))
    changed = findings(g, shapes)
    assert changed - baseline == {("BasisRepealed", WZZ, "Violation")}
    assert baseline - changed == set()


@pytest.mark.slow
def test_writing_its_number_with_square_brackets_and_a_zero(bundled: Graph, shapes: Graph, baseline: set) -> None:
    g = copy(bundled)
    g.remove((DOC[GKFC], PKG.docNumber, None))
    g.add((DOC[GKFC], PKG.docNumber, Literal("国科发创[2016]0370号")))
    changed = findings(g, shapes)
    assert changed - baseline == {("DocNumberBrackets", GKFC, "Warning"), ("DocNumberLeadingZero", GKFC, "Warning")}
    assert baseline - changed == set()


@pytest.mark.slow
def test_a_later_check_date_finds_the_basis_lapsed_since(bundled: Graph, shapes: Graph, baseline: set) -> None:
    """The as-of date is a parameter: a basis that expires after the document but before the check is reported."""
    g = copy(bundled)
    g.add((DOC["鲁政发-2017-38"], ELI.date_no_longer_in_force, Literal("2026-01-01", datatype=XSD_DATE)))
    assert findings(g, shapes, AS_OF) == baseline
    later = findings(g, shapes, dt.date(2026, 11, 26))
    assert later - baseline == {("BasisExpired", WZZ, "Violation")}
