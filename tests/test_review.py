"""The reviewer's report: verdict and order, the draft's own sentence, unknown documents by 文号, review rounds
(--baseline), the 审核意见书 (.docx), the print stylesheet, progress, and no RDF terms or Markdown for people."""

from __future__ import annotations

import datetime as dt
import html as _html
import io
import json
import re
import shutil
import subprocess
import tomllib
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser import needs_chromium, pixel_stats, run_chromium
from policykg import resources
from policykg.cli.progress import Progress
from policykg.load import load_data
from policykg.namespaces import PKG, PREFIXES
from policykg.render import FORMATS, render
from policykg.review.kinds import KINDS_FILE
from policykg.check.run import run_check
from policykg.rulebook.model import RuleBook

AS_OF = "2026-11-26"
INGEST = Path(__file__).parent / "fixtures" / "ingest"
DRAFT_TEXT = (INGEST / "synthetic-no-validity.txt").read_text(encoding="utf-8")
# the second round: the validity period is now stated, and the 鲁政发 basis is replaced by one the registry lacks
ROUND_2 = (DRAFT_TEXT.replace("本办法自2026年4月1日起施行。", "本办法自2026年4月1日起施行，有效期至2031年3月31日。")
           .replace("（鲁政发〔2017〕38号）", "（鲁政发〔2099〕1号）"))
PREFIX_RE = re.compile(r"(?<![\w/#<.])(?:" + "|".join(sorted(PREFIXES, key=len, reverse=True)) + r"):[A-Za-z_]")
MARKDOWN_RE = re.compile(r"\*\*|__|`|^#{1,6} |\]\(", re.M)


def check(policykg, *args):
    return policykg("check", "--as-of", AS_OF, "-q", *map(str, args))


@pytest.fixture(scope="module")
def bundled():
    """The bundled case, checked once (the model; every format is rendered from it)."""
    return run_check(load_data(), as_of=dt.date.fromisoformat(AS_OF))


@pytest.fixture(scope="module")
def rounds(tmp_path_factory):
    """Round 1 and round 2 of a text draft: JSON of each alone, and round 2 checked --baseline round 1."""
    from conftest import run_cli

    tmp = tmp_path_factory.mktemp("rounds")
    (tmp / "draft-r1.txt").write_text(DRAFT_TEXT, encoding="utf-8")
    (tmp / "draft-r2.txt").write_text(ROUND_2, encoding="utf-8")
    out = {}
    for name, args in {
        "r1": ["draft-r1.txt", "--format", "json", "-o", "r1.json"],
        "r2": ["draft-r2.txt", "--format", "json", "-o", "r2.json"],
        "r2b": ["draft-r2.txt", "--format", "json", "--baseline", "r1.json", "-o", "r2b.json"],
    }.items():
        r = run_cli("check", "--as-of", AS_OF, "-q", *[str(tmp / a) if a.endswith((".txt", ".json")) else a
                                                         for a in args])
        assert r.exit_code == 1, r.stderr
        out[name] = json.loads((tmp / f"{name}.json").read_text(encoding="utf-8"))
    out["dir"] = tmp
    return out


# --------------------------------------------------------------------------------------------------------------
# verdict and order
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_bundled_verdict_counts_by_kind_and_the_two_acted_on_findings_come_first(bundled):
    counts = bundled.kind_counts
    assert counts["legality"] == 0 and counts["verify"] >= 2 and counts["procedure"] == 2
    assert counts["data-gap"] >= 20  # the measures linked to no provision, the results to no measure …
    first, second = bundled.findings[0], bundled.findings[1]
    assert first.rule.iri.endswith("EvaluationDimensionAssessed")  # claims to assess 存在的问题, has no such part
    assert second.rule.iri.endswith("EvaluationValidityDecisionUnclassified")  # 暂不设置有效期
    assert "存在的问题" in first.excerpt.text and "暂不设置有效期" in second.excerpt.text
    kinds = [f.kind for f in bundled.findings]
    assert kinds == sorted(kinds, key=["legality", "verify", "procedure", "data-gap"].index)


@pytest.mark.slow
def test_data_gaps_are_one_line_per_kind_in_text_and_one_collapsed_section_in_html(bundled):
    text = render(bundled, "text")
    gap = text[text.index("数据缺口（"):]
    assert "· 举措未关联到上位文件的条款 19 项" in gap
    assert gap.count("举措未关联到上位文件的条款") == 1  # one line, never one group per measure
    page = render(bundled, "html")
    section = page[page.index('<section class="kind data-gap"'):]
    section = section[:section.index("</section>")]
    assert section.count("<details") == len({f.rule.iri for f in bundled.findings if f.kind == "data-gap"})
    assert "<details open" not in section


@pytest.mark.slow
@needs_chromium
@pytest.mark.browser
def test_first_screen_of_the_html_shows_the_verdict_and_the_two_findings_before_any_data_gap(bundled, tmp_path):
    page = render(bundled, "html")
    first, second = bundled.findings[0].id, bundled.findings[1].id
    probe = """<script>
    const at = (sel) => { const el = document.querySelector(sel); const r = el.getBoundingClientRect();
                          return [Math.round(r.top), Math.round(r.bottom)]; };
    document.body.insertAdjacentHTML("beforeend", "<pre id=probe>" + JSON.stringify({
      verdict: at("#verdict"), first: at("#f-%s"), second: at("#f-%s"), gaps: at("#kind-data-gap"),
      height: window.innerHeight}) + "</pre>");
    </script>""" % (first, second)
    (tmp_path / "report.html").write_text(page, encoding="utf-8")
    (tmp_path / "probe.html").write_text(page.replace("</body>", probe + "</body>"), encoding="utf-8")
    png = tmp_path / "first-screen.png"
    shot = run_chromium(tmp_path, f"--screenshot={png}", (tmp_path / "report.html").as_uri(), text=True)
    assert png.is_file(), shot.stderr[-2000:]
    colours, ink = pixel_stats(png.read_bytes())
    assert colours > 20 and ink > 0.05, "the screenshot is blank"
    dom = run_chromium(tmp_path, "--dump-dom", (tmp_path / "probe.html").as_uri(), text=True).stdout
    pos = json.loads(_html.unescape(re.search(r"<pre id=\"probe\">(.*?)</pre>", dom, re.S)[1]))
    screen = pos["height"]
    assert pos["verdict"][1] <= screen
    assert pos["first"][0] < screen and pos["second"][0] < screen, pos  # both start on the first screen
    assert pos["verdict"][1] <= pos["first"][0] < pos["second"][0] < pos["gaps"][0], pos


# --------------------------------------------------------------------------------------------------------------
# each finding on its text; unknown documents by 文号
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_every_finding_of_a_text_draft_quotes_the_drafts_sentence_with_its_location(rounds):
    findings = rounds["r1"]["findings"]
    assert findings
    for f in findings:
        ex = f["excerpt"]
        assert ex is not None, f["id"]
        assert ex["source"] == "draft-r1.txt"
        assert DRAFT_TEXT[ex["start"]:ex["end"]].strip() == ex["text"]
        assert ex["paragraph"] >= 1 and "第" in ex["location"]["zh"] and "字" in ex["location"]["zh"]
    # a measure's finding quotes the measure's own item; the missing validity period the 施行 sentence in 附则
    measure = next(f for f in findings if f["focus"]["kind"] == "measure")
    assert measure["excerpt"]["states"] and measure["excerpt"]["text"].startswith("（")
    validity = next(f for f in findings if f["rule"]["iri"].endswith("ValidityPeriodStatedUnclassified"))
    assert validity["excerpt"] == {**validity["excerpt"], "text": "本办法自2026年4月1日起施行。", "states": False,
                                   "section": "四、附则"}


@pytest.mark.slow
def test_every_finding_shows_the_sentence_in_the_text_and_html(policykg, rounds):
    d = rounds["dir"]
    for fmt in ("text", "html"):
        r = check(policykg, d / "draft-r1.txt", "--format", fmt)
        out = _html.unescape(r.stdout)
        for f in rounds["r1"]["findings"]:
            if f["kind"] != "data-gap" or fmt == "html":
                assert f["excerpt"]["text"][:12] in re.sub(r"\n\s*", "", out), (fmt, f["id"])


@pytest.mark.slow
def test_a_draft_citing_an_unknown_basis_names_it_by_its_number_and_title(policykg, rounds):
    r = check(policykg, rounds["dir"] / "draft-r2.txt")
    out = r.stdout
    assert "鲁政发〔2099〕1号《山东省人民政府关于印发山东省创新型省份建设实施方案的通知》" in out
    assert "登记库中没有这份文件，无法核对其效力、日期和依据" in out
    assert "鲁政发-2099-1" not in out and "节点" not in out
    [card] = [c for c in rounds["r2"]["documents_relied_on"] if not c["known"]]
    assert card["number"] == "鲁政发〔2099〕1号" and card["status"] is None and card["why_unknown"]["zh"]


@pytest.mark.slow
def test_status_cards_of_the_documents_relied_on(rounds):
    cards = {c["number"]: c for c in rounds["r1"]["documents_relied_on"]}
    card = cards["国科发创〔2016〕370号"]
    assert card["known"] and card["status"]["code"] == "status-in-force" and card["status"]["zh"] == "现行有效"
    assert card["rank"]["zh"] == "国务院部门规范性文件"
    assert "科学技术部" in card["issuer"]
    # named by the property's labels in the ontology (eli:date_document)
    assert {"label": {"zh": "成文日期", "en": "date of the document"}, "date": "2016-12-01"} in card["dates"]
    assert card["findings"], "the findings about it are listed on its card"
    # who cites it, and how: the ontology's link words, the ones the trace's chains use (依据 based on, 落实 implements)
    from policykg import vocab
    from policykg.namespaces import ELI, PKG

    words = {(w.zh, w.en) for w in map(vocab.link_word, (ELI.based_on, PKG.implementsPolicy))}
    shown = {(r["relation"]["zh"], r["relation"]["en"]) for c in cards.values() for r in c["cited_by"]}
    assert ("依据", "based on") in shown and shown <= words
    # a document the registry holds without any date: its status is unknown, and the card says why
    unknown = cards["国发〔2022〕18号"]
    assert unknown["status"] is None and "日期" in unknown["why_unknown"]["zh"]


# --------------------------------------------------------------------------------------------------------------
# review rounds
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_second_round_with_baseline_shows_exactly_the_findings_fixed_and_added(rounds):
    r1 = {f["id"] for f in rounds["r1"]["findings"]}
    r2 = {f["id"] for f in rounds["r2"]["findings"]}
    got = rounds["r2b"]
    assert {f["id"] for f in got["findings"]} == r2
    since = {f["id"]: f["since_baseline"] for f in got["findings"]}
    assert {i for i, s in since.items() if s == "new"} == r2 - r1
    assert {i for i, s in since.items() if s == "unchanged"} == r2 & r1
    assert {x["id"] for x in got["fixed"]} == r1 - r2
    assert all(x["since_baseline"] == "fixed" for x in got["fixed"])
    assert got["baseline"]["fixed"] == len(r1 - r2) and got["baseline"]["new"] == len(r2 - r1)
    # what changed, by name: the validity period is now stated; the rank of the new basis cannot be confirmed
    fixed = {x["title"]["zh"] for x in got["fixed"]}
    assert "未载明有效期（是否规范性文件未记录）" in fixed
    new = [f for f in got["findings"] if f["since_baseline"] == "new"]
    assert [f["value"]["text"]["zh"] for f in new] == ["鲁政发〔2099〕1号《山东省人民政府关于印发山东省创新型省份建设实施方案的通知》"]
    assert r1 - r2 and r2 - r1 and r1 & r2


@pytest.mark.slow
def test_baseline_is_shown_in_every_format(policykg, rounds):
    d = rounds["dir"]
    fixed = [x["id"] for x in rounds["r2b"]["fixed"]]
    new = [f["id"] for f in rounds["r2b"]["findings"] if f["since_baseline"] == "new"]
    for fmt in ("text", "markdown", "html", "docx"):
        args = [d / "draft-r2.txt", "--baseline", d / "r1.json", "--format", fmt]
        if fmt == "docx":
            args += ["-o", d / "r2.docx"]
        r = check(policykg, *args)
        assert r.exit_code == 1, r.stderr
        out = docx_text(d / "r2.docx") if fmt == "docx" else r.stdout
        assert all(i in out for i in fixed + new), fmt
        assert "已改正" in out and "新增" in out, fmt


@pytest.mark.slow
def test_ids_do_not_depend_on_the_order_of_the_text(policykg, tmp_path, rounds):
    """Swapping two measures renumbers their IRIs (measure-01 ↔ measure-02); their findings keep their ids."""
    a, b = "（一）设立科技创新券。市财政每年安排专项资金，向科技型中小企业发放创新券。", "（二）支持企业购买科技服务。企业可使用创新券购买检验检测、技术开发等服务。"
    assert a in DRAFT_TEXT and b in DRAFT_TEXT
    swapped = DRAFT_TEXT.replace(a, "\x00").replace(b, a.replace("（一）", "（二）")).replace("\x00", b.replace("（二）", "（一）"))
    (tmp_path / "swapped.txt").write_text(swapped, encoding="utf-8")
    r = check(policykg, tmp_path / "swapped.txt", "--format", "json")
    assert {f["id"] for f in json.loads(r.stdout)["findings"]} == {f["id"] for f in rounds["r1"]["findings"]}


@pytest.mark.slow
@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    ("not json", "not a JSON report of policykg check"),
    ('{"schema": "something-else"}', "not a JSON report of policykg check"),
    ('{"schema": "policykg-check-report", "findings": [{"severity": "Warning"}]}', "have no ids"),
])
def test_a_bad_baseline_is_a_one_line_error(policykg, tmp_path, rounds, content, message):
    path = tmp_path / "previous.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    r = check(policykg, rounds["dir"] / "draft-r1.txt", "--baseline", path)
    assert r.exit_code == 2 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "Traceback" not in r.stderr


# --------------------------------------------------------------------------------------------------------------
# the 审核意见书
# --------------------------------------------------------------------------------------------------------------


def docx_text(path: Path) -> str:
    import docx

    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    parts += [p.text for s in d.sections for p in s.header.paragraphs]
    return "\n".join(parts)


@pytest.mark.slow
def test_docx_is_an_opinion_with_header_document_basis_findings_conclusion_and_signature(policykg, rounds):
    import docx

    path = rounds["dir"] / "opinion.docx"
    r = check(policykg, rounds["dir"] / "draft-r1.txt", "--format", "docx", "-o", path)
    assert r.exit_code == 1 and r.stdout == "", r.stderr
    d = docx.Document(str(path))
    paras = [p.text for p in d.paragraphs]
    assert paras[0] == "关于《测试市人民政府关于印发测试市科技创新券管理办法的通知》的合法性审核意见书"
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、送审文件", "二、审核依据", "三、审核发现", "四、所依据文件的状态", "五、审核结论"]
    text = docx_text(path)
    assert "威测字〔2026〕2号" in d.tables[0].rows[1].cells[0].text  # the document under review
    assert "地方各级人民代表大会和地方各级人民政府组织法 第七十五条" in text  # basis
    for f in rounds["r1"]["findings"]:
        if f["kind"] != "data-gap":
            assert f["id"] in text and f["excerpt"]["text"] in text  # findings with the draft's sentence
    assert "审核结论（由审核人员填写）：" in text and "□ 合法，同意按程序提请审议或发布" in text
    assert "审核人员：" in text and "审核机构（盖章）" in text and "日期：＿＿＿＿年＿＿月＿＿日" in text
    assert d.sections[0].header.paragraphs[0].text == "威测字〔2026〕2号 · 合法性审核意见书 · 基准日 2026-11-26"
    assert "PAGE" in d.sections[0].footer._element.xml  # page numbers


@pytest.mark.slow
def test_docx_without_an_output_file_is_a_one_line_error(policykg, rounds):
    r = check(policykg, rounds["dir"] / "draft-r1.txt", "--format", "docx")
    assert r.exit_code == 2 and "-o FILE.docx" in r.stderr


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed (not installed in CI either)")
def test_docx_converts_to_pdf_with_libreoffice(policykg, rounds, tmp_path):
    from pypdf import PdfReader

    path = tmp_path / "opinion.docx"
    check(policykg, rounds["dir"] / "draft-r1.txt", "--format", "docx", "-o", path)
    done = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                          capture_output=True, text=True, timeout=180, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    pdf = tmp_path / "opinion.pdf"
    assert pdf.is_file(), done.stderr
    assert "合法性审核意见书" in "".join(p.extract_text() for p in PdfReader(str(pdf)).pages)


@pytest.mark.slow
@needs_chromium
@pytest.mark.browser
def test_html_prints_with_a_running_header_and_page_numbers(policykg, rounds, tmp_path):
    from pypdf import PdfReader

    page = tmp_path / "report.html"
    check(policykg, rounds["dir"] / "draft-r1.txt", "--format", "html", "-o", page)
    pdf = tmp_path / "report.pdf"
    done = run_chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri(), text=True)
    assert pdf.is_file(), done.stderr[-2000:]
    radicals = str.maketrans({"⻚": "页", "⻅": "见", "⻬": "齐"})  # pdf text extraction of the CJK font's forms
    pages = [unicodedata.normalize("NFKC", p.extract_text()).translate(radicals) for p in PdfReader(str(pdf)).pages]
    assert len(pages) >= 2
    for n, text in enumerate(pages, 1):
        flat = re.sub(r"\s+", "", text)
        assert "威测字〔2026〕2号·合法性审核报告·基准日2026-11-26" in flat, n
        assert f"第{n}页/共{len(pages)}页" in flat, n


# --------------------------------------------------------------------------------------------------------------
# text for people: no RDF terms, no Markdown outside Markdown
# --------------------------------------------------------------------------------------------------------------


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def people_text(out, fmt: str) -> str:
    """What a person reads in a format: the whole text, the visible HTML text, the JSON's texts for people."""
    if fmt == "html":
        parser = _Text()
        parser.feed(out)
        return "\n".join(parser.parts)
    if fmt == "docx":
        path = Path(out)
        return docx_text(path)
    if fmt == "json":
        data = json.loads(out)
        texts = [data["verdict"]["zh"], data["verdict"]["en"]]
        for f in data["findings"]:
            texts += [f["title"]["zh"], f["title"]["en"], f["message"]["zh"], f["message"]["en"],
                      f["focus"]["name"]["zh"], f["focus"]["name"]["en"]]
            texts += [f["fix"]["zh"], f["fix"]["en"]] if f["fix"] else []
            for s in f["sources"]:
                texts += [s["citation"]["zh"], s["citation"]["en"]] + ([s["quote"]] if s["quote"] else [])
            texts += [f["excerpt"]["text"]] if f["excerpt"] else []
        return "\n".join(texts)
    return out


def _formats_of(report, tmp_path):
    for fmt in ("text", "markdown", "html", "json", "docx"):
        out = render(report, fmt)
        if fmt == "docx":
            path = tmp_path / "report.docx"
            path.write_bytes(out)
            out = str(path)
        yield fmt, out


@pytest.mark.slow
def test_no_format_shows_a_prefixed_name_or_markdown_to_people(bundled, policykg, rounds, tmp_path):
    """Every format (turtle is for machines), of the bundled case and of a text draft."""
    seen = 0
    for fmt, out in _formats_of(bundled, tmp_path):
        text = people_text(out, fmt)
        leaked = PREFIX_RE.findall(text)
        assert not leaked, (fmt, sorted(set(leaked))[:10])
        if fmt != "markdown":
            md = MARKDOWN_RE.findall(text)
            assert not md, (fmt, md[:5])
        seen += 1
    for fmt in ("text", "markdown", "html", "json", "docx"):
        args = [rounds["dir"] / "draft-r2.txt", "--format", fmt, "--baseline", rounds["dir"] / "r1.json"]
        if fmt == "docx":
            args += ["-o", tmp_path / "draft.docx"]
        r = check(policykg, *args)
        text = people_text(str(tmp_path / "draft.docx") if fmt == "docx" else r.stdout, fmt)
        assert not PREFIX_RE.findall(text), (fmt, PREFIX_RE.findall(text)[:10])
        if fmt != "markdown":
            assert not MARKDOWN_RE.findall(text), (fmt, MARKDOWN_RE.findall(text)[:5])
        seen += 1
    assert seen == 10


# --------------------------------------------------------------------------------------------------------------
# the data file: a problem title and a kind for every rule
# --------------------------------------------------------------------------------------------------------------


def test_every_rule_has_a_problem_title_in_both_languages():
    with open(resources.resource_dir("data") / KINDS_FILE, "rb") as fh:
        book = tomllib.load(fh)["rules"]
    book_ = RuleBook.load()
    names = {str(s).rsplit("/", 1)[-1] for s in book_.shapes.subjects(PKG.ruleId, None)}
    names |= {q.path.name.removesuffix(".rq") for q in book_.queries}
    assert set(book) <= names, sorted(set(book) - names)  # no title for a rule that is gone
    # a rule without an entry would show its rdfs:label, which names what the rule requires as if it were met
    assert names <= set(book), sorted(names - set(book))
    for name, entry in book.items():
        assert entry["title_zh"] and entry["title_en"], name
        # an English title states the problem, never the rule as if it were met ("A measure implements …")
        assert not re.match(r"^(A|An|The)\s", entry["title_en"]), (name, entry["title_en"])
        assert not entry["title_zh"].startswith(("须", "应")), (name, entry["title_zh"])


# --------------------------------------------------------------------------------------------------------------
# feedback on long work
# --------------------------------------------------------------------------------------------------------------


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_shows_the_stage_on_a_terminal_after_the_delay_and_clears_it():
    stream = _Tty()
    with Progress(stream=stream, delay=0.0) as p:
        p.stage("校验 validating")
        import time

        time.sleep(0.1)
        p.stage("输出 writing")
    out = stream.getvalue()
    assert "… 校验 validating" in out and out.endswith("\r\033[K")


def test_progress_is_silent_off_a_terminal_or_when_quiet_and_verbose_prints_stage_times():
    quiet = _Tty()
    with Progress(stream=quiet, quiet=True, delay=0.0) as p:
        p.stage("a")
    assert quiet.getvalue() == ""
    piped = io.StringIO()
    with Progress(stream=piped, delay=0.0) as p:
        p.stage("a")
    assert piped.getvalue() == ""
    verbose = io.StringIO()
    with Progress(stream=verbose, verbose=True) as p:
        p.stage("读取 reading")
        p.stage("校验 validating")
    lines = verbose.getvalue().splitlines()
    assert re.fullmatch(r"\s*\d+\.\d\d s  读取 reading", lines[0])
    assert re.fullmatch(r"\s*\d+\.\d\d s  校验 validating", lines[1])
    assert lines[2].startswith("合计 total")


@pytest.mark.slow
def test_check_verbose_prints_the_time_of_each_stage(policykg, rounds):
    r = policykg("check", "--as-of", AS_OF, "-v", str(rounds["dir"] / "draft-r1.txt"), "--format", "json")
    stages = [line for line in r.stderr.splitlines() if re.match(r"\s*\d+\.\d\d s  ", line)]
    assert len(stages) >= 6 and any("按规则库校验" in s for s in stages), r.stderr
    assert json.loads(r.stdout)["findings"]  # stdout holds only the report


def test_formats_include_docx():
    assert "docx" in FORMATS
