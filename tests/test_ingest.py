"""policykg ingest: a draft file (.txt UTF-8/GB18030, .html, .docx) → the facts it states, with verifiable excerpts."""

from __future__ import annotations

import html
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF, RDFS
XSD_NS = "http://www.w3.org/2001/XMLSchema#"

from policykg.errors import PolicyKGError
from policykg.ingest import text as ingest_text
from policykg.ingest.draft import draft_graph, ingest_file
from policykg.ingest.text import read_draft
from policykg.namespaces import CODE, DOC, ELI, ORG_ID, PKG, SRC

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
REAL_SOURCE = Path(__file__).parents[1] / "data/sources/texts/011_pillphone_weihai-weizhengzi-2023-40_cxcs-shishi-fangan.txt"
WEIHAI = FIXTURES / "weihai-2023-40.txt"
WITH_VALIDITY = FIXTURES / "synthetic-with-validity.txt"
NO_VALIDITY = FIXTURES / "synthetic-no-validity.txt"
DOC_40 = DOC["威政字-2023-40"]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policykg.cli.main", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


# ---------------------------------------------------------------- fixtures built from the real text

def test_weihai_fixture_is_the_shipped_text_from_the_title_on():
    shipped = REAL_SOURCE.read_text(encoding="utf-8")
    fixture = WEIHAI.read_text(encoding="utf-8")
    assert fixture.startswith("威海市人民政府关于印发威海市建设国家创新型城市实施方案的通知\n威政字〔2023〕40号\n")
    assert shipped.endswith(fixture)


def weihai_variants(tmp: Path) -> dict[str, Path]:
    """The same draft as .txt UTF-8, .txt GB18030, .html and .docx (all named weihai-2023-40.*)."""
    text = WEIHAI.read_text(encoding="utf-8")
    lines = text.splitlines()
    out: dict[str, Path] = {}
    (tmp / "utf8").mkdir()
    out["utf8"] = tmp / "utf8" / WEIHAI.name
    out["utf8"].write_bytes(WEIHAI.read_bytes())
    (tmp / "gb").mkdir()
    out["gb18030"] = tmp / "gb" / WEIHAI.name
    out["gb18030"].write_bytes(text.encode("gb18030"))
    (tmp / "bom").mkdir()
    out["bom+crlf"] = tmp / "bom" / WEIHAI.name
    out["bom+crlf"].write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    body = f"<h1>{html.escape(lines[0])}</h1>\n" + "".join(f"  <p>{html.escape(ln)}</p>\n" for ln in lines[1:])
    out["html"] = tmp / "weihai-2023-40.html"
    out["html"].write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>网页标题 不应出现</title>"
        "<style>p { color: red }</style><script>var s = '《假文件》（假发〔2020〕1号）';</script></head>\n"
        f"<body>\n<div class='content'>\n{body}</div>\n<script>document.write('根据《脚本》（脚发〔2020〕2号）')</script>"
        "</body></html>",
        encoding="utf-8",
    )
    paras = "".join(
        f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t xml:space="preserve">{html.escape(ln[:5])}</w:t></w:r>'
        f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{html.escape(ln[5:])}</w:t></w:r></w:p>'
        for ln in lines
    )
    out["docx"] = tmp / "weihai-2023-40.docx"
    write_docx(out["docx"], f'<w:body>{paras}<w:p/><w:sectPr/></w:body>')
    return out


def write_docx(path: Path, body_xml: str) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml",
                    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                    'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        zf.writestr("word/document.xml",
                    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}">{body_xml}'
                    "</w:document>")


@pytest.fixture(scope="module")
def variants(tmp_path_factory):
    return weihai_variants(tmp_path_factory.mktemp("variants"))


@pytest.fixture(scope="module")
def weihai():
    return ingest_file(WEIHAI)


def excerpts_for(graph: Graph, prop: URIRef) -> list[tuple[str, int, int]]:
    out = []
    for ex in graph.subjects(PKG.attests, prop):
        out.append((str(graph.value(ex, PROV.value)), int(graph.value(ex, PKG.startOffset)),
                    int(graph.value(ex, PKG.endOffset))))
    return sorted(out, key=lambda t: t[1])


def assert_excerpts_verify(graph: Graph, text: str) -> int:
    n = 0
    for ex in graph.subjects(RDF.type, PKG.Excerpt):
        quote = str(graph.value(ex, PROV.value))
        s, e = int(graph.value(ex, PKG.startOffset)), int(graph.value(ex, PKG.endOffset))
        assert text[s:e] == quote, (ex, quote)
        assert str(ex).endswith(f"/chars-{s}-{e}")
        n += 1
    return n


# ---------------------------------------------------------------- what a reviewer sees on the real draft

def test_real_draft_facts(weihai):
    g, doc = weihai.graph, weihai.document
    assert doc == DOC_40
    assert (doc, RDF.type, PKG.PolicyDocument) in g
    assert g.value(doc, PKG.docNumber) == Literal("威政字〔2023〕40号")
    assert str(g.value(doc, URIRef("http://purl.org/dc/terms/title"))) == "威海市人民政府关于印发威海市建设国家创新型城市实施方案的通知"
    assert g.value(doc, ELI.date_document) == Literal("2023-07-16", datatype=URIRef(XSD_NS + "date"))
    assert set(g.objects(doc, ELI.passed_by)) == {ORG_ID["威海市人民政府"]}
    assert g.value(doc, PKG.genre) == CODE["genre-notice"]
    assert set(g.objects(doc, ELI.based_on)) == {DOC["国科发创-2016-370"], DOC["鲁政发-2017-38"]}
    assert set(g.objects(doc, PKG.implementsPolicy)) == {DOC["国发-2022-18"]}
    # the text states neither an effective date nor a validity period, and the shipped part lists no measures
    for prop in (ELI.first_date_entry_in_force, ELI.date_no_longer_in_force, PKG.validityPeriod):
        assert g.value(doc, prop) is None
    assert not list(g.subjects(RDF.type, PKG.Measure))


def test_real_draft_excerpts_verify_against_the_normalised_text(weihai):
    g, text = weihai.graph, weihai.text
    clause_excerpts = {o for c in g.subjects(RDF.type, PKG.Clause) for o in g.objects(c, PROV.wasDerivedFrom)}
    citation_excerpts = {o for c in g.subjects(RDF.type, PKG.Citation) for o in g.objects(c, PROV.wasDerivedFrom)}
    # the document's 8 facts plus one excerpt per clause (policykg.content) and per citation node (the attached
    # plan, 现将《…》印发, is a citation without a document fact), all verbatim at their offsets
    doc_excerpts = set(g.objects(DOC_40, PROV.wasDerivedFrom))
    assert len(doc_excerpts) == 8
    assert len(citation_excerpts) == 4 and len(citation_excerpts - doc_excerpts) == 1
    assert assert_excerpts_verify(g, text) == len(doc_excerpts | clause_excerpts | citation_excerpts)
    bases = [q for q, _, _ in excerpts_for(g, ELI.based_on)]
    assert bases == ["《科技部国家发展改革委关于印发建设创新型城市工作指引的通知》(国科发创〔2016〕370号)",
                     "《山东省人民政府关于印发山东省创新型省份建设实施方案的通知》(鲁政发〔2017〕38号)"]
    assert [q for q, _, _ in excerpts_for(g, PKG.implementsPolicy)] == [
        "《国务院关于支持山东深化新旧动能转换推动绿色低碳高质量发展的意见》(国发〔2022〕18号)"]
    assert excerpts_for(g, ELI.date_document) == [("2023年7月16日", 128, 138)]
    assert excerpts_for(g, PKG.docNumber) == [("威政字〔2023〕40号", 31, 43)]
    source = SRC["draft-weihai-2023-40"]
    assert g.value(source, PKG.localPath) == Literal("weihai-2023-40.txt")
    import hashlib
    assert str(g.value(source, PKG.sha256)) == hashlib.sha256(text.encode("utf-8")).hexdigest()


def without_local_path(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        if t[1] != PKG.localPath:
            out.add(t)
    return out


@pytest.mark.parametrize("kind", ["gb18030", "bom+crlf", "html", "docx"])
def test_same_graph_from_every_format(variants, weihai, kind):
    draft = ingest_file(variants[kind])
    assert draft.text == weihai.text
    # identical graph; only pkg:localPath names the file the text came from
    assert isomorphic(without_local_path(draft.graph), without_local_path(weihai.graph))
    assert draft.graph.value(SRC["draft-weihai-2023-40"], PKG.localPath) == Literal(variants[kind].name)
    assert len(draft.graph) == len(weihai.graph)


def test_formats_are_reported(variants):
    assert read_draft(variants["utf8"]).source_format == "txt (UTF-8)"
    assert read_draft(variants["gb18030"]).source_format == "txt (GB18030)"
    assert read_draft(variants["html"]).source_format == "html"
    assert read_draft(variants["docx"]).source_format == "docx"


def test_html_drops_scripts_styles_and_head(variants):
    text = read_draft(variants["html"]).text
    assert "假文件" not in text and "脚本" not in text and "color" not in text and "网页标题" not in text


def test_html_block_elements_and_entities():
    got = ingest_text.html_to_text("<body><div>一、总体<b>要求</b><br>第二行&nbsp;&amp;</div><ul><li>甲</li><li>乙</li></ul>"
                                   "<p>  多个   空格  </p></body>")
    assert got == "一、总体要求\n第二行\u00a0&\n甲\n乙\n多个 空格\n"


# ---------------------------------------------------------------- the synthetic draft

def test_synthetic_draft_validity_and_measures():
    draft = ingest_file(WITH_VALIDITY)
    g, doc = draft.graph, DOC["威测字-2026-1"]
    assert draft.document == doc
    assert g.value(doc, ELI.first_date_entry_in_force) == Literal("2026-04-01", datatype=URIRef(XSD_NS + "date"))
    # 有效期至2029年3月31日: in force on 31 March, no longer in force from 1 April
    assert g.value(doc, ELI.date_no_longer_in_force) == Literal("2029-04-01", datatype=URIRef(XSD_NS + "date"))
    assert g.value(doc, PKG.validityPeriod) is None  # 有效期至… states an end date, not a period
    assert set(g.objects(doc, ELI.passed_by)) == {ORG_ID["测试市人民政府"]}
    assert set(g.objects(doc, ELI.based_on)) == {DOC["国科发创-2016-370"], DOC["鲁政发-2017-38"]}
    labels = {str(g.value(m, RDFS.label)): m for m in g.subjects(PKG.measureOf, doc)}
    # the 重点任务 and 保障措施 items; 总体要求 (指导思想, 主要目标) and 附则 state no measure
    assert sorted(str(m).rsplit("/", 1)[1] for m in labels.values()) == [f"measure-0{i}" for i in range(1, 6)]
    assert set(labels) == {"设立科技创新券", "支持企业购买科技服务", "加强创新券使用监管", "加强组织领导", "强化资金保障"}
    assert all((m, RDF.type, PKG.Measure) in g for m in labels.values())
    # 文号, title, genre, issuer, date, 1 implemented + 2 bases, in force, valid until, 5 measures
    clauses = set(g.subjects(RDF.type, PKG.Clause))
    citations = set(g.subjects(RDF.type, PKG.Citation))
    facts = {o for s, o in g.subject_objects(PROV.wasDerivedFrom) if s not in clauses | citations}
    assert len(facts) == 15
    # every citation is a node; the ones the registry does not hold are what check reports as unresolved
    assert len(citations) == 4 and all(g.value(c, PKG.resolution) is not None for c in citations)
    facts |= {o for c in citations for o in g.objects(c, PROV.wasDerivedFrom)}
    # plus one excerpt per clause (policykg.content); a clause and a fact with the same span share one
    assert assert_excerpts_verify(g, draft.text) == len(facts | {o for c in clauses for o in g.objects(c, PROV.wasDerivedFrom)})


def test_validity_period_in_years():
    g, _ = draft_graph("测试市科技局关于试行某办法的通知\n本办法有效期三年。\n", source_name="p.txt")
    doc = DOC["draft-p"]
    assert g.value(doc, PKG.validityPeriod) == Literal("P3Y", datatype=URIRef(XSD_NS + "duration"))
    assert g.value(doc, RDFS.label) == Literal("测试市科技局关于试行某办法的通知", lang="zh")  # no 文号: the title


def test_lenient_doc_number_is_kept_as_written():
    g, _ = draft_graph("测试市人民政府关于某事的通知\n测政发[2024]第05号\n", source_name="x.txt")
    doc = DOC["测政发-2024-5"]
    assert g.value(doc, PKG.docNumber) == Literal("测政发[2024]第05号")


def test_nothing_is_invented():
    g, text = draft_graph("测试市工作安排\n大家讨论了工作。\n", source_name="memo.txt")
    doc = DOC["draft-memo"]
    preds = set(g.predicates(doc, None))
    assert preds == {RDF.type, RDFS.label, URIRef("http://purl.org/dc/terms/title"), PROV.wasDerivedFrom}
    # a citation introduced by 结合 or 将 is no basis; a law cited by title is resolved in the registry by its title
    g, _ = draft_graph("测试关于某事的通知\n根据《中华人民共和国立法法》，结合《甲》（甲发〔2020〕1号），现将《乙》（乙发〔2021〕2号）印发。\n",
                       source_name="y.txt")
    assert set(g.objects(None, ELI.based_on)) == {DOC["立法法-2023-03-13"]}
    assert not list(g.objects(None, PKG.implementsPolicy))
    assert set(g.objects(None, ELI.cites)) == {DOC["立法法-2023-03-13"], DOC["甲发-2020-1"], DOC["乙发-2021-2"]}


# ---------------------------------------------------------------- broken input

def test_pdf_without_pypdf_says_how_to_install(tmp_path, monkeypatch):
    pdf = tmp_path / "d.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    monkeypatch.setitem(sys.modules, "pypdf", None)  # as if not installed
    with pytest.raises(PolicyKGError, match=r"pip install 'policykg\[pdf\]'"):
        read_draft(pdf)


@pytest.mark.slow
@pytest.mark.parametrize("name,content,message", [
    ("junk.txt", bytes(range(256)) * 4, "not a text file"),
    ("empty.txt", b"", "contains no text"),
    ("blank.html", b"<html><body><script>x()</script>  </body></html>", "contains no text"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "save it as .docx"),
    ("fake.docx", b"PK\x03\x04 not really a zip", "not a Word .docx"),
    ("latin1.txt", "Caf\xe9 d\xe9cret".encode("latin-1") + b"\x80\x7f", "not a text file"),
])
def test_broken_input_one_line_exit_2_no_output(tmp_path, name, content, message):
    src = tmp_path / name
    src.write_bytes(content)
    out = tmp_path / "draft.ttl"
    r = run("ingest", str(src), "-o", str(out))
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("policykg: error: ") and message in r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""
    assert not out.exists()
    r = run("check", str(src), "--as-of", "2026-11-26")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and message in r.stderr


# ---------------------------------------------------------------- the CLI

@pytest.mark.slow
def test_cli_ingest_writes_turtle_and_summary(tmp_path, variants):
    out = tmp_path / "draft.ttl"
    r = run("ingest", str(variants["docx"]), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    for shown in ("威政字〔2023〕40号", "2023-07-16", "国科发创〔2016〕370号、鲁政发〔2017〕38号", "国发〔2022〕18号",
                  "威海市人民政府", "[docx,", "有效期 validity: —（未载明 not stated）"):
        assert shown in r.stderr
    g = Graph().parse(out, format="turtle")
    assert isomorphic(without_local_path(g), without_local_path(ingest_file(WEIHAI).graph))


@pytest.mark.slow
def test_cli_ingest_json_to_stdout():
    r = run("ingest", str(WEIHAI), "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    text = ingest_file(WEIHAI).text
    assert data["document"] == str(DOC_40) and data["format"] == "txt (UTF-8)"
    assert data["dateDocument"]["value"] == "2023-07-16"
    # every citation is listed; the attached plan (现将《…》印发) is a plain citation without a 文号
    assert [(c["relation"], c["docNumber"]) for c in data["citations"]] == [("cites", None),
        ("implements", "国发〔2022〕18号"), ("based_on", "国科发创〔2016〕370号"), ("based_on", "鲁政发〔2017〕38号")]
    assert [c["resolved"]["by"] for c in data["citations"][1:]] == ["number"] * 3
    assert set(data) >= {"metadata", "repairs", "targets", "results", "citations"}
    for c in data["citations"]:
        assert text[c["start"]:c["end"]] == c["quote"]


def findings(path: Path, tmp_path: Path) -> tuple[int, list[tuple[str, str]]]:
    out = tmp_path / f"{path.stem}.json"
    r = run("check", str(path), "--as-of", "2026-11-26", "--format", "json", "-o", str(out))
    assert r.returncode in (0, 1), r.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    return r.returncode, sorted((f["rule"]["curie"], f["focus"]["iri"]) for f in report["findings"])


@pytest.mark.slow
def test_check_txt_draft_names_its_findings(tmp_path):
    code, found = findings(NO_VALIDITY, tmp_path)
    assert code == 1
    doc = str(DOC["威测字-2026-2"])
    assert ("shape:ValidityPeriodStatedUnclassified", doc) in found
    assert ("shape:EffectiveDateStatedUnclassified", doc) not in found  # 本办法自2026年4月1日起施行
    # only the draft and its parts are reported, never the registry documents it cites
    assert all(focus == doc or focus.startswith(doc + "/") for _, focus in found)

    code, found = findings(WITH_VALIDITY, tmp_path)
    assert code == 1  # still blocking: warnings about measures and the unrecorded procedure
    rules = {rule for rule, _ in found}
    assert not any(r.startswith("shape:ValidityPeriod") for r in rules)
    assert "shape:ProcedureRecordMissing" in rules


@pytest.mark.slow
def test_check_text_report_names_the_draft():
    r = run("check", str(NO_VALIDITY), "--as-of", "2026-11-26")
    assert r.returncode == 1, r.stderr
    assert "威测字〔2026〕2号《测试市人民政府关于印发测试市科技创新券管理办法的通知》" in r.stdout
    assert "未载明有效期" in r.stdout
