"""`policykg check` on the bundled data: exactly the reviewed findings, in all five formats, and the three
acceptance mutations of issue 3, each turning the baseline into a new, named finding.

The expected findings are written down in tests/fixtures/check/bundled-expected.json, each with the reviewer's
note on why it is legally right (or which data gap it reflects). A change to the rule book or the data that
changes the findings must update that file, deliberately.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from policykg import resources
from policykg.load import load_data
from policykg.namespaces import DOC, PKG, PREFIXES, SH, bind_prefixes
from policykg.render import FORMATS, render
from policykg.check.run import run_check

from conftest import run_cli

FIX = Path(__file__).parent / "fixtures" / "check"
EXPECTED = json.loads((FIX / "bundled-expected.json").read_text(encoding="utf-8"))
AS_OF = EXPECTED["as_of"]
DATA = resources.resource_dir("data")

WEIZHENGFA_5 = DOC["威政发-2023-5"]
WEIZHENGZI_40 = DOC["威政字-2023-40"]
GUOKEFACHUANG_370 = DOC["国科发创-2016-370"]
ART_53 = URIRef(str(DOC) + "山东省人民政府令-238/art-53")  # 山东省行政程序规定 第53条


def curie(iri: str) -> str:
    """Compact an IRI with the project prefixes (longest namespace first), e.g. doc:idx-…/measure-07."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
        if iri.startswith(str(ns)) and len(iri) > len(str(ns)):
            return f"{prefix}:{iri[len(str(ns)):]}"
    return iri


def triples(report: dict) -> Counter:
    """(rule, focus, severity) of every finding of a JSON report, counted (one rule may fire twice on a node)."""
    return Counter((f["rule"]["curie"], curie(f["focus"]["iri"]), f["severity"]) for f in report["findings"])


def expected(entries: list[dict]) -> Counter:
    return Counter((e["rule"], e["focus"], e["severity"]) for e in entries)


def check_json(*args: str) -> dict:
    r = run_cli("check", "--as-of", AS_OF, "--format", "json", *args)
    assert r.exit_code in (0, 1), r.stderr
    assert r.stderr == ""
    return json.loads(r.stdout)


def copy_data(tmp_path: Path) -> Path:
    """A copy of every Turtle file of the bundled data (source texts are not needed to check)."""
    target = tmp_path / "data"
    for path in resources.data_files():
        dest = target / path.relative_to(DATA)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
    return target


def rewrite(path: Path, *, remove: list[tuple], add: list[tuple] = ()) -> None:
    """Remove and add triples in one Turtle file of a data copy; each removal must match something."""
    g = Graph()
    g.parse(path, format="turtle")
    for pattern in remove:
        assert list(g.triples(pattern)), f"nothing to remove for {pattern} in {path.name}"
        g.remove(pattern)
    for t in add:
        g.add(t)
    bind_prefixes(g)
    path.write_text(g.serialize(format="turtle"), encoding="utf-8")


def file_defining(data_dir: Path, subject: URIRef, predicate: URIRef) -> Path:
    for path in sorted(data_dir.rglob("*.ttl")):
        if (subject, predicate, None) in Graph().parse(path, format="turtle"):
            return path
    raise AssertionError(f"no data file states {subject} {predicate}")


@pytest.fixture(scope="module")
def baseline() -> dict:
    """The README's main command, `policykg check --as-of …`, as JSON."""
    return check_json()


@pytest.fixture(scope="module")
def model():
    return run_check(load_data(), as_of=dt.date.fromisoformat(AS_OF))


def test_bundled_check_yields_exactly_the_reviewed_findings(baseline):
    assert triples(baseline) == expected(EXPECTED["findings"])
    assert baseline["conforms"] is False
    assert baseline["summary"]["total"] == len(EXPECTED["findings"])


@pytest.mark.slow
def test_the_readme_command_fails_with_exit_1_and_starts_with_the_summary():
    r = run_cli("check", "--as-of", AS_OF)
    assert r.exit_code == 1
    counts = {s: 0 for s in ("Violation", "Warning", "Info")}
    for e in EXPECTED["findings"]:
        counts[e["severity"]] += 1
    head = re.sub(r"\s+", "", "".join(r.stdout.splitlines()[:2]))
    assert head.startswith("合法性审核：待核实，核实、补齐后再出具审核意见——合法性问题0项、") if not counts["Violation"] \
        else head.startswith("合法性审核：不通过")
    assert head.endswith(f"（基准日{AS_OF}）")
    assert (f"按规则严重程度：违规 {counts['Violation']} 项、警告 {counts['Warning']} 项、提示 {counts['Info']} 项"
            in r.stdout)


def test_every_bundled_finding_names_its_document_source_and_fix(baseline):
    for f in baseline["findings"]:
        assert f["focus"]["documents"], f["focus"]["iri"]
        for doc in f["focus"]["documents"]:
            assert doc["number"] or doc["title"], doc  # a 文号 or a title, never only an IRI
        assert "https://" not in f["focus"]["name"]["zh"] and "_:" not in f["focus"]["name"]["zh"]
        assert "https://" not in f["message"]["zh"] and "https://" not in f["message"]["en"]
        assert f["sources"], f["rule"]["curie"]
        for src in f["sources"]:
            assert src["document"] and (src["document"]["number"] or src["document"]["title"]), src
            assert src["quote"], src["iri"]
            assert src["evidence_code"] in ("evidence-A", "evidence-B", "evidence-C", "evidence-UNCONFIRMED")
        assert f["fix"] and f["fix"]["zh"] and f["fix"]["en"]


# --------------------------------------------------------------------------------------------------------------
# the missing validity period of the evaluated documents, with its source, in all five formats
# --------------------------------------------------------------------------------------------------------------


ACCEPTANCE = [e for e in EXPECTED["findings"] if e.get("acceptance") == "missing-validity-period"]


def test_the_reviewed_findings_include_the_missing_validity_period_of_both_evaluated_documents():
    assert {e["focus"] for e in ACCEPTANCE} == {"doc:威政发-2023-5", "doc:威政字-2023-40"}


def validity_findings(report):
    """The findings marked in bundled-expected.json as the missing validity period, with 第53条 as source."""
    rules = {e["rule"] for e in ACCEPTANCE}
    return [
        f
        for f in report.findings
        if f.rule.curie in rules
        and f.focus.iri in (str(WEIZHENGFA_5), str(WEIZHENGZI_40))
        and any(s.iri == str(ART_53) for s in f.sources)
    ]


@pytest.mark.slow  # a second bundled check, through the API (the fast subset keeps the CLI one)
def test_model_reports_the_missing_validity_period_of_both_evaluated_documents(model):
    found = validity_findings(model)
    assert {f.focus.iri for f in found} == {str(WEIZHENGFA_5), str(WEIZHENGZI_40)}
    src = next(s for s in found[0].sources if s.iri == str(ART_53))
    assert src.document.number == "山东省人民政府令第238号"
    assert src.quote and src.quote_kind in ("text", "summary")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_missing_validity_period_is_reported_with_its_source_in_every_format(model, fmt):
    out = render(model, fmt)
    [rule] = {f.rule for f in validity_findings(model)}
    if fmt == "json":
        data = json.loads(out)
        hits = [f for f in data["findings"] if f["rule"]["iri"] == rule.iri]
        assert {f["focus"]["documents"][0]["number"] for f in hits} >= {"威政发〔2023〕5号", "威政字〔2023〕40号"}
        for f in hits:
            [src] = [s for s in f["sources"] if s["iri"] == str(ART_53)]
            assert src["document"]["number"] == "山东省人民政府令第238号"
            assert src["quote"]
        return
    if fmt == "turtle":
        g = Graph().parse(data=out, format="turtle")
        hits = {g.value(r, SH.focusNode) for r in g.subjects(DCTERMS.source, ART_53)}
        assert {WEIZHENGFA_5, WEIZHENGZI_40} <= hits
        assert (None, RDF.type, SH.ValidationReport) in g
        assert g.value(ART_53, PKG.text) or g.value(ART_53, PKG.summary)
        return
    section = _section(out, validity_findings(model)[0].heading.zh, fmt)
    for needle in ("威政发〔2023〕5号", "威政字〔2023〕40号", "山东省行政程序规定", "山东省人民政府令第238号"):
        assert needle in section, (fmt, needle)


def _section(out: str, label_zh: str, fmt: str) -> str:
    """The part of a rendered report about one rule (from its heading to the next rule's)."""
    if fmt == "docx":
        import io

        import docx

        out = "\n".join(p.text for p in docx.Document(io.BytesIO(out)).paragraphs)
    marker = {"text": r"\n\d+\.\d+ ", "markdown": r"\n### ", "html": r'<article class="group"',
              "docx": r"\n\d+\. "}[fmt]
    parts = [p for p in re.split(marker, out)[1:] if label_zh in p]  # [0] is the verdict
    assert parts, f"no section for {label_zh} in {fmt}"
    return max(parts, key=len)


# --------------------------------------------------------------------------------------------------------------
# acceptance mutations: each turns the baseline into a new, named finding
# --------------------------------------------------------------------------------------------------------------


def assert_mutation(baseline: dict, mutated: dict, key: str) -> None:
    spec = EXPECTED["mutations"][key]
    before, after = triples(baseline), triples(mutated)
    assert after - before == expected(spec["added"]), spec["description"]
    assert before - after == expected(spec["removed"]), spec["description"]
    assert spec["added"], "a mutation must add a finding"


@pytest.mark.slow
def test_mutation_a_removing_the_basis_of_weizhengzi_40(baseline, tmp_path):
    data = copy_data(tmp_path)
    path = file_defining(data, WEIZHENGZI_40, PKG.implementsPolicy)
    rewrite(
        path,
        remove=[
            (WEIZHENGZI_40, URIRef("http://data.europa.eu/eli/ontology#based_on"), None),
            (WEIZHENGZI_40, PKG.implementsPolicy, None),
        ],
    )
    assert_mutation(baseline, check_json("--data", str(data)), "a")


@pytest.mark.slow
def test_mutation_b_marking_guokefachuang_370_repealed_before_2023(baseline, tmp_path):
    draft = tmp_path / "370-repealed.ttl"
    draft.write_text(
        "@prefix doc: <https://w3id.org/policykg/doc/> .\n"
        "@prefix eli: <http://data.europa.eu/eli/ontology#> .\n"
        "@prefix pkg: <https://w3id.org/policykg/ns#> .\n"
        "@prefix code: <https://w3id.org/policykg/code/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'doc:国科发创-2016-370 pkg:dateRepealed "2022-06-01"^^xsd:date ;\n'
        "    eli:in_force code:status-repealed .\n",
        encoding="utf-8",
    )
    assert_mutation(baseline, check_json("--data", str(DATA), "--data", str(draft)), "b")


@pytest.mark.slow
def test_mutation_c_writing_the_number_as_guokefachuang_bracket_0370(baseline, tmp_path):
    data = copy_data(tmp_path)
    path = file_defining(data, GUOKEFACHUANG_370, PKG.docNumber)
    rewrite(
        path,
        remove=[(GUOKEFACHUANG_370, PKG.docNumber, Literal("国科发创〔2016〕370号"))],
        add=[(GUOKEFACHUANG_370, PKG.docNumber, Literal("国科发创[2016]0370号"))],
    )
    mutated = check_json("--data", str(data))
    assert_mutation(baseline, mutated, "c")
    # the finding shows the number as written
    values = {f["value"]["lexical"] for f in mutated["findings"] if f["value"] and f["focus"]["iri"] == str(GUOKEFACHUANG_370)}
    assert "国科发创[2016]0370号" in values
