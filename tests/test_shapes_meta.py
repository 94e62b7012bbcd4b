"""The rule book's own contract: every shape is named, sourced, bilingual and as severe as its evidence allows.

docs/decisions/0006: a shape may be a Violation only if the provision it cites (dct:source) has evidence A or
B; C allows at most a Warning; UNCONFIRMED at most a Warning whose message says 未核实 / unconfirmed. The checks
are written as functions returning problems, so the same test also proves they catch a bad rule book.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from policykg.load import load_data, load_files
from policykg.namespaces import CODE, PKG, SH, SHAPE
from policykg.provenance import verify_excerpts
from policykg.resources import resource_dir, shape_files

ROOT = Path(__file__).resolve().parent.parent
NOTES = ROOT / "data" / "sources" / "reference" / "legal-rules.md"
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
CONFIRMED = {CODE["evidence-A"], CODE["evidence-B"]}
SEVERITIES = {SH.Violation, SH.Warning, SH.Info}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_files(shape_files())


@pytest.fixture(scope="module")
def data() -> Graph:
    return load_data()


def rule_shapes(shapes: Graph) -> list[URIRef]:
    """Shapes that produce findings: the node and property shapes with a target."""
    found = {s for p in TARGETS for s in shapes.subjects(p, None)}
    return sorted(found, key=str)


def _langs(graph: Graph, node, pred) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for o in graph.objects(node, pred):
        if isinstance(o, Literal):
            out.setdefault(o.language or "", []).append(str(o))
    return out


def contract_problems(shapes: Graph, data: Graph, rule_ids: set[str]) -> list[str]:
    """Everything that breaks the rule-book contract, one line each."""
    problems: list[str] = []
    for s in rule_shapes(shapes):
        name = str(s)
        if isinstance(s, BNode) or not name.startswith(str(SHAPE)):
            problems.append(f"{name}: a rule shape needs an IRI under {SHAPE}")
            continue
        severities = set(shapes.objects(s, SH.severity))
        if len(severities) != 1 or not severities <= SEVERITIES:
            problems.append(f"{name}: exactly one sh:severity of Violation, Warning or Info")
        for pred, what in ((SH.message, "sh:message"), (RDFS.label, "rdfs:label"), (PKG.suggestedFix, "pkg:suggestedFix")):
            langs = _langs(shapes, s, pred)
            if set(langs) != {"zh", "en"} or any(len(v) != 1 for v in langs.values()):
                problems.append(f"{name}: one {what} in Chinese (@zh) and one in English (@en)")
            elif not re.search(r"[\u4e00-\u9fff]", langs["zh"][0]):
                problems.append(f"{name}: the @zh {what} is not Chinese")
        rule_id = [str(o) for o in shapes.objects(s, PKG.ruleId)]
        if len(rule_id) != 1 or rule_id[0] not in rule_ids:
            problems.append(f"{name}: one pkg:ruleId that legal-rules.md defines, not {rule_id}")
        sources = list(shapes.objects(s, DCTERMS.source))
        if len(sources) != 1:
            problems.append(f"{name}: exactly one dct:source")
            continue
        src = sources[0]
        if (src, RDF.type, PKG.Provision) not in data:
            problems.append(f"{name}: dct:source {src} is not a pkg:Provision of the bundled data")
            continue
        if data.value(src, PKG.text) is None and data.value(src, PKG.summary) is None:
            problems.append(f"{name}: dct:source {src} has neither pkg:text nor pkg:summary")
        evidence = set(data.objects(src, PKG.evidenceStatus))
        if len(evidence) != 1:
            problems.append(f"{name}: dct:source {src} needs exactly one pkg:evidenceStatus")
            continue
        (ev,) = evidence
        if SH.Violation in severities and ev not in CONFIRMED:
            problems.append(f"{name}: a Violation needs an A or B source, {src} is {ev}")
        if ev == CODE["evidence-UNCONFIRMED"]:
            msg = _langs(shapes, s, SH.message)
            if "未核实" not in " ".join(msg.get("zh", [])) or "unconfirmed" not in " ".join(msg.get("en", [])).lower():
                problems.append(f"{name}: a rule from an UNCONFIRMED source says 未核实 / unconfirmed")
    for c in shapes.subjects(SH.select, None):
        query = str(shapes.value(c, SH.select))
        head = query[: query.upper().find("WHERE")]
        if "SELECT" in head.upper() and "?value" not in head and (None, SH.sparql, c) in shapes:
            problems.append(f"a SPARQL constraint does not project ?value: {' '.join(head.split())[:80]}")
    return problems


def rule_ids_in_notes() -> set[str]:
    return set(re.findall(r"\*\*(R-[A-Z]+-\d+)", NOTES.read_text(encoding="utf-8")))


@pytest.mark.slow
def test_the_rule_book_keeps_its_contract(shapes: Graph, data: Graph) -> None:
    assert contract_problems(shapes, data, rule_ids_in_notes()) == []


@pytest.mark.slow
def test_the_contract_check_catches_a_bad_rule_book(data: Graph) -> None:
    bad = Graph().parse(
        format="turtle",
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix dct: <http://purl.org/dc/terms/> . @prefix pkg: <https://w3id.org/policykg/ns#> .
        @prefix shape: <https://w3id.org/policykg/shape/> .
        shape:TooSevere a sh:NodeShape ; sh:targetClass pkg:PolicyDocument ; sh:severity sh:Violation ;
            sh:message "标题"@zh , "title"@en ; rdfs:label "标题"@zh , "title"@en ;
            pkg:suggestedFix "改"@zh , "fix"@en ; pkg:ruleId "R-FMT-06" ;
            dct:source <https://w3id.org/policykg/doc/中办发-2012-14/art-9-item-7> .
        shape:Unsourced a sh:PropertyShape ; sh:targetClass pkg:PolicyDocument ; sh:path dct:title ;
            sh:severity sh:Warning ; sh:message "only English"@en ; pkg:ruleId "R-NOPE-99" .
        [] a sh:NodeShape ; sh:targetClass pkg:Measure ; sh:severity sh:Warning .
        """,
    )
    problems = contract_problems(bad, data, rule_ids_in_notes())
    assert any("TooSevere: a Violation needs an A or B source" in p for p in problems)
    assert any("Unsourced: one sh:message in Chinese" in p for p in problems)
    assert any("Unsourced: one pkg:ruleId" in p for p in problems)
    assert any("Unsourced: exactly one dct:source" in p for p in problems)
    assert any("needs an IRI" in p for p in problems)


@pytest.mark.slow
def test_severities_follow_the_evidence_and_are_counted(shapes: Graph, data: Graph) -> None:
    by_severity: dict[str, int] = {}
    for s in rule_shapes(shapes):
        sev = str(shapes.value(s, SH.severity)).rsplit("#", 1)[-1]
        by_severity[sev] = by_severity.get(sev, 0) + 1
        evidence = data.value(shapes.value(s, DCTERMS.source), PKG.evidenceStatus)
        if evidence == CODE["evidence-C"]:
            assert sev != "Violation", s
    assert by_severity == {"Violation": 38, "Warning": 42, "Info": 1}


def test_chinese_message_comes_first_in_every_shape_file() -> None:
    for path in shape_files():
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"sh:message\s+(\"[^\"]*\"@(\w+))", text):
            assert m.group(2) == "zh", f"{path.name}: sh:message starts in @{m.group(2)}: {m.group(1)[:40]}"


@pytest.mark.slow
def test_rule_sources_quote_the_notes_and_are_up_to_date(data: Graph) -> None:
    from policykg.curation import rule_sources
    from policykg.curation.schema import Reader

    rebuilt = Graph().parse(data=rule_sources.build(Reader(ROOT))[rule_sources.OUTPUT].decode("utf-8"), format="turtle")
    on_disk = Graph().parse(ROOT / "data" / "registry" / "rule-sources.ttl")
    assert set(rebuilt) == set(on_disk), "data/registry/rule-sources.ttl is stale: run python -m policykg.curation"
    assert verify_excerpts(on_disk + Graph().parse(ROOT / "data" / "sources.ttl"), ROOT / "data") == []
    provisions = set(on_disk.subjects(RDF.type, PKG.Provision))
    assert len(provisions) == 15
    for p in provisions:
        summary = on_disk.value(p, PKG.summary)
        quotes = {str(on_disk.value(e, PROV.value)) for e in on_disk.objects(p, PROV.wasDerivedFrom)}
        assert str(summary) in quotes, f"{p}: pkg:summary is not verbatim from the notes"
        assert on_disk.value(p, PKG.text) is None, f"{p}: no provision text is available for rule sources"
        assert on_disk.value(p, PKG.evidenceStatus) is not None and on_disk.value(p, PKG.ruleId) is not None
        assert data.value(p, PKG.provisionOf) is not None


@pytest.mark.slow
def test_validity_rule_source_is_article_53_with_evidence_b(data: Graph) -> None:
    art53 = URIRef("https://w3id.org/policykg/doc/山东省人民政府令-238/art-53")
    assert data.value(art53, PKG.evidenceStatus) == CODE["evidence-B"]
    assert str(data.value(art53, PKG.summary)).startswith("A normative document must state its validity period")
    assert str(data.value(data.value(art53, PKG.provisionOf), PKG.docNumber)) == "山东省人民政府令第238号"


@pytest.mark.slow
def test_every_cited_law_article_is_quoted_in_full(shapes: Graph, data: Graph) -> None:
    """Shapes citing the shipped laws point at the laws engineer's article nodes, which carry the text."""
    cited = {shapes.value(s, DCTERMS.source) for s in rule_shapes(shapes)}
    laws = {c for c in cited if data.value(c, PKG.text) is not None}
    assert URIRef("https://w3id.org/policykg/doc/行政许可法-2019-04-23/art-17") in laws
    for c in laws:
        assert data.value(c, PKG.evidenceStatus) == CODE["evidence-A"], c


@pytest.mark.slow
def test_functions_and_prefixes_are_labelled(shapes: Graph) -> None:
    functions = set(shapes.subjects(RDF.type, SH.SPARQLFunction))
    assert len(functions) == 4
    for f in functions | {SHAPE.prefixes}:
        assert set(_langs(shapes, f, RDFS.label)) == {"zh", "en"}, f


def test_shape_files_are_one_per_concern() -> None:
    names = sorted(p.name for p in (resource_dir("shapes")).glob("*.ttl"))
    assert names == ["basis.ttl", "common.ttl", "consistency.ttl", "content.ttl", "document-metadata.ttl",
                     "evaluation.ttl", "procedure.ttl", "validity.ttl"]


@pytest.mark.slow
def test_readme_lists_every_shape(shapes: Graph) -> None:
    readme = (resource_dir("shapes") / "README.md").read_text(encoding="utf-8")
    missing = [str(s) for s in rule_shapes(shapes) if f"`shape:{str(s).rsplit('/', 1)[-1]}`" not in readme]
    assert not missing, f"shapes/README.md does not list {missing}"
    assert "## The 81 rules: 38 Violations, 42 Warnings, 1 Info" in readme
