"""`policykg check` end to end on the fixture rule book (tests/fixtures/check/README.md).

Exit codes as in pySHACL (0 conforms, 1 findings, 2 error), --allow-warnings, draft scoping, atomic -o, and one
clean line on stderr for every kind of bad input.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from policykg.rulebook import engines as validate
from policykg.rulebook.checks import parse_check_query
from policykg.errors import PolicyKGError
from policykg.namespaces import DOC, SH

FIX = Path(__file__).parent / "fixtures" / "check"
DRAFTS = FIX / "drafts"
AS_OF = "2026-11-26"
RULEBOOK = ("--data", str(FIX / "registry"), "--shapes", str(FIX / "shapes"), "--checks", str(FIX / "checks"))


def check(policykg, *args: str):
    return policykg("check", *args, *RULEBOOK, "--as-of", AS_OF)


def findings_json(result) -> list[dict]:
    return json.loads(result.stdout)["findings"]


def assert_one_line_error(result, *needles: str) -> None:
    assert result.exit_code == 2, result
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("policykg: error: ")
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0]


# --------------------------------------------------------------------------------------------------------------
# exit codes and what the reviewer sees
# --------------------------------------------------------------------------------------------------------------


def test_conforming_draft_exits_0_and_says_so(policykg):
    r = check(policykg, str(DRAFTS / "conforming.ttl"))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("合法性审核：通过，未发现问题——合法性问题 0 项、待核实 0 项、程序材料缺失 0 项、数据缺口")
    assert "威测字〔2024〕7号《测试市人民政府关于落实测试工作的实施方案》" in r.stdout
    assert "未发现问题。 No findings." in r.stdout


def test_violating_draft_exits_1_with_each_named_finding(policykg):
    r = check(policykg, str(DRAFTS / "violating.ttl"), "--format", "json")
    assert r.exit_code == 1
    got = {(f["rule"]["id"], f["focus"]["iri"], f["severity"]) for f in findings_json(r)}
    draft = str(DOC["威测字-2024-8"])
    assert got == {
        ("R-FMT-02", draft, "Violation"),
        ("R-SD-03", draft, "Violation"),
        ("R-HIER-05", draft, "Violation"),
        ("R-CON-01", draft + "/measure-01", "Warning"),
    }


def test_violating_draft_text_names_document_value_source_and_fix(policykg):
    r = check(policykg, str(DRAFTS / "violating.ttl"))
    assert r.exit_code == 1
    out = r.stdout
    flat = re.sub(r"\s+", "", out)
    assert flat.startswith("合法性审核：不通过，须改正后方可发布——合法性问题3项、待核实1项、程序材料缺失0项、数据缺口0项")
    assert "按规则严重程度：违规 3 项、警告 1 项、提示 0 项" in out
    assert "威测字[2024]08号《测试市人民政府关于继续测试工作的通知》" in out  # document by 文号 and title
    assert "所涉 Concerns：威测字[2024]08号" in out  # the offending value
    assert "依据：山东省行政程序规定第53条（山东省人民政府令第238号）（证据等级B：官方页面摘录）" in flat
    # an English research note is never passed off as the provision's text, nor put on the Chinese line
    assert "条文原文未收录（仅有英文研究笔记，见英文行）" in flat
    assert "Research note, not the provision's text" in out
    assert "建议：在文件中写明有效期" in out
    assert "举措「继续测试工作」（属于 威测字[2024]08号" in out  # a measure named with its document
    assert "https://" not in out and "_:" not in out  # never a bare IRI or blank node


def test_findings_about_registry_documents_are_not_reported_for_a_draft(policykg):
    whole = check(policykg, "--format", "json")
    registry_doc = str(DOC["鲁测发-2022-3"])
    assert (registry_doc, "R-SD-03") in {(f["focus"]["iri"], f["rule"]["id"]) for f in findings_json(whole)}
    draft = check(policykg, str(DRAFTS / "violating.ttl"), "--format", "json")
    focuses = {f["focus"]["iri"] for f in findings_json(draft)}
    assert focuses == {str(DOC["威测字-2024-8"]), str(DOC["威测字-2024-8"]) + "/measure-01"}
    scope = json.loads(draft.stdout)["scope"]
    assert scope["mode"] == "drafts"
    assert [d["number"] for d in scope["documents"]] == ["威测字[2024]08号"]


def test_whole_graph_check_without_drafts_reports_registry_documents(policykg):
    r = check(policykg)
    assert r.exit_code == 1
    assert "检查范围：全部数据" in r.stdout
    assert "鲁测发〔2022〕3号《测试省人民政府关于推进测试工作的意见》" in r.stdout


def test_warnings_block_unless_allowed(policykg):
    plain = check(policykg, str(DRAFTS / "warning-only.ttl"))
    assert plain.exit_code == 1
    assert "违规 0 项、警告 1 项" in plain.stdout
    allowed = check(policykg, str(DRAFTS / "warning-only.ttl"), "--allow-warnings")
    assert allowed.exit_code == 0
    assert "举措须落实具体条款" in allowed.stdout  # still reported, just not blocking


def test_info_from_a_check_query_uses_the_as_of_date(policykg):
    lapsed = check(policykg, str(DRAFTS / "expired.ttl"), "--format", "json")
    assert lapsed.exit_code == 1
    [finding] = findings_json(lapsed)
    assert finding["severity"] == "Info"
    assert finding["rule"]["kind"] == "query"
    assert finding["message"]["zh"] == "有效期已于 2024-03-01 届满，文件自动失效。"
    assert check(policykg, str(DRAFTS / "expired.ttl"), "--allow-warnings").exit_code == 0
    # as of a date before the end of its validity, the same draft conforms
    earlier = policykg("check", str(DRAFTS / "expired.ttl"), *RULEBOOK, "--as-of", "2023-01-01")
    assert earlier.exit_code == 0, earlier.stdout


def test_several_drafts_at_once(policykg):
    r = check(policykg, str(DRAFTS / "conforming.ttl"), str(DRAFTS / "warning-only.ttl"), "--format", "json")
    assert r.exit_code == 1
    report = json.loads(r.stdout)
    assert report["summary"] == {"Violation": 0, "Warning": 1, "Info": 0, "total": 1}
    assert len(report["scope"]["documents"]) == 2


# --------------------------------------------------------------------------------------------------------------
# -o FILE
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_output_file_holds_the_same_report_as_stdout(policykg, tmp_path):
    out = tmp_path / "report.html"
    r = check(policykg, str(DRAFTS / "violating.ttl"), "--format", "html", "-o", str(out))
    assert r.exit_code == 1
    assert r.stdout == ""
    stdout = check(policykg, str(DRAFTS / "violating.ttl"), "--format", "html").stdout
    assert out.read_text(encoding="utf-8") == stdout
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left behind


@pytest.mark.parametrize(
    "bad_args",
    [
        (str(DRAFTS / "broken.ttl"),),
        (str(DRAFTS / "conforming.ttl"), "--engine", "no-such-engine"),
        (str(DRAFTS / "conforming.ttl"), "--as-of", "2026-02-30"),
    ],
    ids=["broken-turtle", "unknown-engine", "bad-date"],
)
def test_a_failing_run_leaves_an_existing_output_file_untouched(policykg, tmp_path, bad_args):
    out = tmp_path / "report.txt"
    out.write_bytes(b"previous report\n")
    r = policykg("check", *bad_args, *RULEBOOK, "-o", str(out))
    assert r.exit_code == 2
    assert out.read_bytes() == b"previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


# --------------------------------------------------------------------------------------------------------------
# bad input: one line, exit 2, no traceback, no output
# --------------------------------------------------------------------------------------------------------------


def test_broken_turtle_draft(policykg):
    r = check(policykg, str(DRAFTS / "broken.ttl"))
    assert_one_line_error(r, "broken.ttl", "broken Turtle")


def test_missing_draft(policykg, tmp_path):
    r = check(policykg, str(tmp_path / "nope.ttl"))
    assert_one_line_error(r, "nope.ttl", "no such file")


def test_gbk_encoded_draft(policykg, tmp_path):
    gbk = tmp_path / "gbk-draft.ttl"
    gbk.write_bytes((DRAFTS / "conforming.ttl").read_text(encoding="utf-8").encode("gb18030"))
    r = check(policykg, str(gbk))
    assert_one_line_error(r, "gbk-draft.ttl", "not UTF-8")


def test_empty_draft(policykg, tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    assert_one_line_error(check(policykg, str(empty)), "empty.ttl", "no statements")


@pytest.mark.parametrize("date", ["2026-13-01", "26/11/2026", "yesterday"])
def test_bad_as_of_date(policykg, date):
    r = policykg("check", *RULEBOOK, "--as-of", date)
    assert_one_line_error(r, "--as-of", date)


def test_unknown_format(policykg):
    r = check(policykg, str(DRAFTS / "conforming.ttl"), "--format", "pdf")
    assert_one_line_error(r, "pdf")


def test_unknown_engine(policykg):
    r = check(policykg, str(DRAFTS / "conforming.ttl"), "--engine", "jena")
    assert_one_line_error(r, "unknown SHACL engine 'jena'", "pyshacl")


def test_missing_data_folder(policykg, tmp_path):
    r = policykg("check", "--data", str(tmp_path / "nowhere"), "--as-of", AS_OF)
    assert_one_line_error(r, "nowhere", "no such file or folder")


def test_output_into_a_folder_is_an_error(policykg, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    r = check(policykg, str(DRAFTS / "conforming.ttl"), "-o", str(folder))
    assert r.exit_code == 2
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "header, needle",
    [
        ("#+ severity: Fatal\n", "#+ severity must be one of Violation, Warning, Info"),
        ("#+ source: nope:thing\n", "unknown prefix 'nope'"),
    ],
)
def test_bad_check_query_header(policykg, tmp_path, header, needle):
    q = tmp_path / "bad-violation.rq"
    q.write_text(header + "SELECT ?focus WHERE { ?focus ?p ?o }\n", encoding="utf-8")
    r = policykg("check", "--data", str(FIX / "registry"), "--shapes", str(FIX / "shapes"), "--checks", str(q),
                 "--as-of", AS_OF)
    assert_one_line_error(r, "bad-violation.rq", needle)


def test_check_query_without_focus_variable(policykg, tmp_path):
    q = tmp_path / "nofocus-violation.rq"
    q.write_text("#+ severity: Warning\nSELECT ?x WHERE { ?x ?p ?o } LIMIT 1\n", encoding="utf-8")
    r = policykg("check", "--data", str(FIX / "registry"), "--shapes", str(FIX / "shapes"), "--checks", str(q),
                 "--as-of", AS_OF)
    assert_one_line_error(r, "nofocus-violation.rq", "must SELECT ?focus")


def test_help_is_bilingual_and_states_the_exit_codes(policykg):
    r = policykg("check", "--help")
    assert r.exit_code == 0
    for needle in ("草案", "draft", "退出码 Exit codes", "--allow-warnings", "--as-of", "--engine", "-o, --output"):
        assert needle in r.stdout


# --------------------------------------------------------------------------------------------------------------
# the engine seam
# --------------------------------------------------------------------------------------------------------------


class CannedEngine:
    """A stand-in engine that reports one violation on the draft, to prove engines plug in by name."""

    name = "canned"

    def validate(self, data_graph: Graph, shapes_graph: Graph) -> Graph:
        report, result = BNode(), BNode()
        g = Graph()
        g.add((report, RDF.type, SH.ValidationReport))
        g.add((report, SH.conforms, Literal(False)))
        g.add((report, SH.result, result))
        g.add((result, RDF.type, SH.ValidationResult))
        g.add((result, SH.focusNode, DOC["威测字-2024-7"]))
        g.add((result, SH.resultSeverity, SH.Violation))
        g.add((result, SH.sourceShape, URIRef("https://w3id.org/policykg/shape/fx-validity")))
        g.add((result, SH.resultMessage, Literal("来自替身引擎", lang="zh")))
        return g


def test_an_engine_with_the_same_protocol_plugs_in_by_name(policykg, monkeypatch):
    monkeypatch.setitem(validate._ENGINES, "canned", CannedEngine)
    r = check(policykg, str(DRAFTS / "conforming.ttl"), "--engine", "canned", "--format", "json")
    assert r.exit_code == 1
    [f] = findings_json(r)
    assert f["message"]["zh"] == "来自替身引擎"
    assert f["rule"]["id"] == "R-SD-03"  # rule metadata still comes from the shapes graph
    assert json.loads(r.stdout)["engine"] == "canned"


def test_engine_lookup():
    assert isinstance(validate.get_engine("pyshacl"), validate.PyShaclEngine)
    assert "pyshacl-turbo" in validate.engine_names()
    with pytest.raises(PolicyKGError, match="unknown SHACL engine"):
        validate.get_engine("nope")


def test_an_engine_that_is_not_installed_is_a_one_line_error(policykg, monkeypatch):
    monkeypatch.setitem(
        validate._ENGINES, "ghost", lambda: validate.PyShaclApiEngine("policykg_no_such_module", "ghost")
    )
    r = check(policykg, str(DRAFTS / "conforming.ttl"), "--engine", "ghost")
    assert_one_line_error(r, "SHACL engine 'ghost' is not installed")


def test_check_query_header_takes_bare_iris_angle_iris_and_prefixed_names(tmp_path):
    q = tmp_path / "x-violation.rq"
    q.write_text(
        "#+ summary: 中文 / English\n"
        "#+ severity: Warning\n"
        "#+ source: https://w3id.org/policykg/doc/山东省人民政府令-238/art-53, <https://w3id.org/policykg/doc/a> doc:b\n"
        "#+ message_zh: 依据 {?value}\n#+ rule: R-X-01\n"
        "SELECT ?focus WHERE { ?focus ?p ?o }\n",
        encoding="utf-8",
    )
    parsed = parse_check_query(q)
    assert [str(s) for s in parsed.sources] == [
        "https://w3id.org/policykg/doc/山东省人民政府令-238/art-53",
        "https://w3id.org/policykg/doc/a",
        "https://w3id.org/policykg/doc/b",
    ]
    assert (parsed.summary.zh, parsed.summary.en, parsed.severity, parsed.rule_id) == ("中文", "English", "Warning", "R-X-01")
    assert parsed.message.en == "依据 {?value}"  # one language given: used for both
    assert str(parsed.iri) == "https://w3id.org/policykg/query/checks/x-violation"
