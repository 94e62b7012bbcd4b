"""`policykg registry import documents`: a bureau's list of its normative documents (规范性文件目录清单).

The fixtures in tests/fixtures/documents are real records of four governments' document databases, transcribed with
their field names (README there: each source URL); the workbooks built here re-use their rows in the layouts lists
are published in (captions, two-row headers, merged cells, several sheets) — a status given by such a test is the
test's input, not data.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from spreadsheets import WRITERS, Sheet, write_ods, write_xls, write_xlsx
from test_registry import DOC, objects

FIXTURES = Path(__file__).parent / "fixtures" / "documents"
DOCLIST = FIXTURES / "目录清单.csv"
WEIHAI = FIXTURES / "威海文件库.csv"
GUANGZHOU = FIXTURES / "广州规范性文件库.csv"
TONGCHUAN = FIXTURES / "铜川政府文件.csv"
ZHENBA = FIXTURES / "镇巴政府文件.csv"
ESNAI = FIXTURES / "会计视野法规库.csv"
DRAFTS = Path(__file__).parent / "fixtures" / "registry"
ELI = "http://data.europa.eu/eli/ontology#"
PKG = "https://w3id.org/policykg/ns#"
CODE = "https://w3id.org/policykg/code/"
TITLE, CREATOR = "http://purl.org/dc/terms/title", "http://purl.org/dc/terms/creator"


def quoted(store: Path, doc: str) -> list[dict]:
    """The row records a document derives from, as the JSON cells they quote."""
    return [json.loads(v) for r in objects(store, doc, "http://www.w3.org/ns/prov#wasDerivedFrom")
            for v in objects(store, r, "http://www.w3.org/ns/prov#value")]


def imported(policykg, store: Path, listing: Path, *extra: str):
    res = policykg("registry", "import", "documents", str(listing), "--store", str(store), *extra)
    assert res.exit_code == 0, res.stderr
    return res


# ---------------------------------------------------------------- real record layouts

def test_weihai_document_library_records(tmp_path, policykg):
    """Two records of Weihai's 政府文件库 with the library's own field names."""
    store = tmp_path / "s"
    res = imported(policykg, store, WEIHAI)
    assert res.stdout.splitlines()[-1].endswith("2 documents → https://w3id.org/policykg/graph/documents/威海文件库.csv")
    doc = DOC + "威政发-2015-31"
    assert objects(store, doc, TITLE) == {"威海市人民政府关于修改部分规范性文件的决定"}
    assert objects(store, doc, CREATOR) == {"威海市人民政府"}
    assert objects(store, doc, ELI + "date_document") == {"2015-12-31"}  # 成文日期
    assert objects(store, doc, ELI + "date_publication") == {"2015-12-31"}  # 公开发布日期
    assert objects(store, doc, ELI + "first_date_entry_in_force") == {"2015-12-31"}  # 开始实施时间
    assert objects(store, doc, ELI + "date_no_longer_in_force") == {"2024-12-01"}  # 文件失效时间
    assert objects(store, doc, PKG + "registrationId") == {"WHCR-2015-0010139"}
    # 文件状态 and 文件废止时间 are empty on the page: no status, no repeal date
    assert objects(store, doc, ELI + "in_force") == set()
    assert objects(store, doc, PKG + "dateRepealed") == set()
    assert [r["所属单位"] for r in quoted(store, doc)] == ["威海市人民政府办公室"]
    later = DOC + "威政发-2020-13"
    assert objects(store, later, ELI + "first_date_entry_in_force") == {"2021-01-01"}
    assert objects(store, later, ELI + "date_no_longer_in_force") == {"2026-01-01"}
    assert objects(store, later, PKG + "registrationId") == {"WHCR-2020-0010009"}
    assert policykg("registry", "verify", "--store", str(store)).exit_code == 0
    stats = policykg("registry", "stats", "--store", str(store))
    assert "graph documents/威海文件库.csv:" in stats.stdout and "NormativeDocument: 2" in stats.stdout
    again = imported(policykg, store, WEIHAI)  # the same list again: nothing written
    assert "unchanged since the last import (nothing written)" in again.stdout


def test_guangzhou_normative_document_library_record(tmp_path, policykg):
    """广州市行政规范性文件库: 统一编号, a spaced "文  号" label, dates written 2022年01月01日."""
    store = tmp_path / "s"
    imported(policykg, store, GUANGZHOU)
    doc = DOC + "穗埔府规-2021-18"
    assert objects(store, doc, PKG + "docNumber") == {"穗埔府规〔2021〕18号"}
    assert objects(store, doc, PKG + "registrationId") == {"HP0120210019"}
    assert objects(store, doc, ELI + "first_date_entry_in_force") == {"2022-01-01"}  # 实施日期
    assert objects(store, doc, ELI + "date_no_longer_in_force") == {"2026-12-31"}  # 失效日期
    assert objects(store, doc, CREATOR) == {"广州市黄埔区人民政府"}  # 发布机关
    assert objects(store, doc, ELI + "in_force") == set()  # 文件状态 empty on the page
    assert quoted(store, doc)[0]["文  号"] == "穗埔府规〔2021〕18号"  # the label as published


def test_tongchuan_record_without_a_title_and_with_a_publishing_time(tmp_path, policykg):
    """铜川市政府文件: no title field, 发文文号, 发文日期 2020年09月28日, 发布日期 with the time, 公文时效 有效."""
    store = tmp_path / "s"
    imported(policykg, store, TONGCHUAN, "--as-of", "2026-12-02")
    doc = DOC + "铜政发-2020-33"
    assert objects(store, doc, ELI + "date_document") == {"2020-09-28"}
    assert objects(store, doc, ELI + "date_publication") == {"2020-09-30"}  # "2020-09-30 15:34"
    assert objects(store, doc, ELI + "in_force") == {CODE + "status-in-force"}
    assert objects(store, doc, PKG + "statusAsOf") == {"2026-12-02"}
    assert objects(store, doc, CREATOR) == {"铜川市人民政府办公室"}  # 发文机构 (发布机构 is kept only in the quote)
    assert objects(store, doc, TITLE) == set()
    assert quoted(store, doc)[0]["发布机构"] == "市政府办公室 (市金融办)"


def test_zhenba_record_dates_with_a_time(tmp_path, policykg):
    store = tmp_path / "s"
    imported(policykg, store, ZHENBA)
    doc = DOC + "镇政发-2024-7"
    assert objects(store, doc, ELI + "date_document") == {"2024-04-06"}  # "2024年04月06日 16:40"
    assert objects(store, doc, ELI + "date_publication") == {"2024-04-06"}
    assert objects(store, doc, ELI + "in_force") == set()  # 有效性 empty on the page


def test_expiring_documents_of_an_imported_list_on_an_as_of_date(tmp_path, policykg):
    store = tmp_path / "s"
    imported(policykg, store, WEIHAI)
    res = policykg("query", "expiring-documents", "--store", str(store), "-p", "days=400", "-p", "asOf=2025-06-01",
                   "--format", "csv")
    assert res.exit_code == 0, res.stderr
    rows = list(csv.DictReader(res.stdout.splitlines()))
    # 威政发〔2015〕31号 lapsed on 2024-12-01, before the as-of date; 威政发〔2020〕13号 lapses on 2026-01-01
    assert [(r["documentNumber"], r["validUntil"]) for r in rows] == [("威政发〔2020〕13号", "2026-01-01")]


# ---------------------------------------------------------------- a draft citing a listed document

@pytest.mark.slow
def test_a_draft_citing_a_document_the_list_says_has_lapsed_is_told_with_the_date(tmp_path, policykg):
    store = tmp_path / "s"
    imported(policykg, store, WEIHAI)
    draft = DRAFTS / "synthetic-cites-weihai-list.txt"  # dated 2025年1月1日, cites 威政发〔2015〕31号
    res = policykg("check", str(draft), "--store", str(store), "--as-of", "2025-01-15", "--format", "json")
    assert res.exit_code == 1, res.stderr
    expired = [f for f in json.loads(res.stdout)["findings"] if f["rule"]["curie"] == "shape:BasisExpired"]
    assert len(expired) == 1
    text = json.dumps(expired, ensure_ascii=False)
    assert "威政发〔2015〕31号" in text and "2024-12-01" in text
    # the list marks it 废止 with its date (this test's input): the finding says repealed, and when
    listing = tmp_path / "repealed.csv"
    listing.write_text("标题,发文字号,文件状态,文件废止时间\n威海市人民政府关于修改部分规范性文件的决定,威政发〔2015〕31号,"
                       "废止,2024年6月30日\n", encoding="utf-8")
    imported(policykg, tmp_path / "r", listing)
    res = policykg("check", str(draft), "--store", str(tmp_path / "r"), "--as-of", "2025-01-15", "--format", "json")
    repealed = [f for f in json.loads(res.stdout)["findings"] if f["rule"]["curie"] == "shape:BasisRepealed"]
    assert len(repealed) == 1
    text = json.dumps(repealed, ensure_ascii=False)
    assert "威政发〔2015〕31号" in text and "2024-06-30" in text


@pytest.mark.slow
def test_a_draft_citing_a_document_the_list_marks_repealed_without_a_date(tmp_path, policykg):
    """A list stating 废止 as of its date (this test's input), no date of repeal: a warning naming it, never a
    violation; a check dated before the list's date is not told."""
    listing = tmp_path / "清理结果.csv"
    listing.write_text("标题,发文字号,文件状态\n威海市人民政府关于修改部分规范性文件的决定,威政发〔2015〕31号,废止\n",
                       encoding="utf-8")
    store = tmp_path / "s"
    imported(policykg, store, listing, "--as-of", "2024-12-31")
    draft = DRAFTS / "synthetic-cites-weihai-list.txt"
    res = policykg("check", str(draft), "--store", str(store), "--as-of", "2025-01-15", "--format", "json")
    marked = [f for f in json.loads(res.stdout)["findings"]
              if f["rule"]["curie"] == "queries/checks/basis-marked-expired-violation.rq"]
    assert len(marked) == 1 and marked[0]["severity"] == "Warning"
    assert "威政发〔2015〕31号" in marked[0]["message"]["zh"] and "标为已废止" in marked[0]["message"]["zh"]
    assert "marked repealed" in marked[0]["message"]["en"]
    res = policykg("check", str(draft), "--store", str(store), "--as-of", "2024-06-01", "--format", "json")
    assert "basis-marked-expired" not in res.stdout


# ---------------------------------------------------------------- published layouts of a list

def _workbook_rows() -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(WEIHAI.open(encoding="utf-8")))
    return rows[0], rows[1:]


def _published_layout() -> list:
    """清理结果 as a workbook: on 附件1 a caption merged across the table, a header over two rows ("日期" merged over
    成文日期 | 开始实施时间), the issuer merged down over a second document (the test's layout, not a fact); on 附件2 the
    repealed ones (status from the caption); a sheet 说明 without a table."""
    first = [
        ["区政府继续有效规范性文件目录"],
        ["序号", "文件名称", "发文字号", "制定机关", "日期", None],
        [None, None, None, None, "成文日期", "开始实施时间"],
        [1, "威海市人民政府关于印发威海市行政规范性文件管理办法的通知", "威政发〔2020〕13号", "威海市人民政府",
         dt.date(2020, 11, 19), dt.date(2021, 1, 1)],
        [2, "威海市人民政府关于修改部分规范性文件的决定", "威政发〔2015〕31号", "威海市人民政府", dt.date(2015, 12, 31),
         "2015-12-31"],
        [3, "广州市黄埔区人民政府关于印发广州市黄埔区农村集体资产交易管理办法的通知", "穗埔府规〔2021〕18号",
         None, None, "2022年01月01日"],
    ]
    merges = [(0, 0, 0, 5), (1, 4, 1, 5), *((1, c, 2, c) for c in range(4)), (4, 3, 5, 3)]
    second = [["区政府废止规范性文件目录"], ["序号", "文件名称", "文号"], [1, "镇巴县人民政府工作规则", "镇政发〔2024〕7号"]]
    return [("附件1", first, merges), ("附件2", second, []), ("说明", [["本目录由市司法局编制"]], [])]


def document_triples(store: Path) -> set[tuple[str, str, str]]:
    """What the import states about the documents (their record links aside: record IRIs name the file)."""
    from policykg.registry.persist import StoreDir

    st = StoreDir(store).open_read()
    return {(q.subject.value, q.predicate.value, q.object.value) for q in st.quads_for_pattern(None, None, None)
            if q.subject.value.startswith(DOC) and q.predicate.value != "http://www.w3.org/ns/prov#wasDerivedFrom"}


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_workbook_with_captions_two_row_header_merged_cells_and_two_sheets(tmp_path, policykg, fmt):
    path = WRITERS[fmt](tmp_path / f"清理结果.{fmt}", _published_layout())
    store = tmp_path / "s"
    res = imported(policykg, store, path, "--as-of", "2024-12-31")
    assert "4 documents" in res.stdout.splitlines()[0]
    assert "sheet 附件1 row 2: header; 3 documents, status 继续有效 from its caption" in res.stdout
    assert "sheet 附件2 row 2: header; 1 documents, status 废止 from its caption" in res.stdout
    assert "sheet 说明: no header row with a 文号 column (left out)" in res.stdout
    later = DOC + "威政发-2020-13"
    assert objects(store, later, ELI + "date_document") == {"2020-11-19"}  # under the merged 日期
    assert objects(store, later, ELI + "first_date_entry_in_force") == {"2021-01-01"}
    assert objects(store, later, ELI + "in_force") == {CODE + "status-in-force"}
    assert objects(store, later, PKG + "statusAsOf") == {"2024-12-31"}
    record = quoted(store, later)[0]
    assert record["日期/成文日期"] == "2020-11-19" and record["（表题）"] == "附件1 区政府继续有效规范性文件目录"
    assert record["序号"] == "1"  # a number cell, not "1.0"
    gz = DOC + "穗埔府规-2021-18"
    assert objects(store, gz, CREATOR) == {"威海市人民政府"}  # the merged cell shows it on this row
    assert objects(store, gz, ELI + "first_date_entry_in_force") == {"2022-01-01"}
    assert objects(store, DOC + "镇政发-2024-7", ELI + "in_force") == {CODE + "status-repealed"}
    assert policykg("registry", "verify", "--store", str(store)).exit_code == 0
    if fmt != "xlsx":  # the same sheets as .xlsx: the same statements, the same quoted cells
        reference = tmp_path / "x"
        imported(policykg, reference, write_xlsx(tmp_path / "清理结果.xlsx", _published_layout()), "--as-of",
                 "2024-12-31")
        assert document_triples(store) == document_triples(reference)
        assert all(quoted(store, DOC + n) == quoted(reference, DOC + n) for n in ("威政发-2020-13", "镇政发-2024-7"))


def _csv_sheet(listing: Path, name: str) -> Sheet:
    """A fixture's rows as a sheet a bureau would save: ISO dates as date cells, 序号 as numbers."""
    rows: list[list] = []
    for row in csv.reader(listing.open(encoding="utf-8")):
        cells: list = []
        for text in row:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                cells.append(dt.date.fromisoformat(text))
            elif re.fullmatch(r"[1-9]\d*", text):
                cells.append(int(text))
            else:
                cells.append(text or None)
        rows.append(cells)
    return (name, rows, [])


@pytest.mark.parametrize("fmt, dates_1904", [("xls", False), ("xls", True), ("ods", False)])
def test_old_and_open_workbook_formats_give_the_graph_of_the_csv(tmp_path, policykg, fmt, dates_1904):
    """The real records (Weihai's two, the five of the usual list layout) as .xls — in the 1900 and the 1904 date
    system (Excel for Mac's), where a date cell is a day count from another epoch — and as .ods: the same documents
    with the same facts as the CSV import, each row quoting the same cells."""
    sheets = [_csv_sheet(WEIHAI, "威海"), _csv_sheet(DOCLIST, "目录")]
    path = tmp_path / f"list.{fmt}"
    if fmt == "xls":
        write_xls(path, sheets, dates_1904=dates_1904)
    else:
        write_ods(path, sheets)
    store = tmp_path / "s"
    res = imported(policykg, store, path)
    assert "7 documents" in res.stdout.splitlines()[0]
    reference = tmp_path / "c"
    for listing in (WEIHAI, DOCLIST):
        imported(policykg, reference, listing)
    assert document_triples(store) == document_triples(reference)
    assert objects(store, DOC + "威政发-2015-31", ELI + "date_no_longer_in_force") == {"2024-12-01"}
    assert objects(store, DOC + "国科发创-2016-111", ELI + "date_document") == {"2016-04-12"}
    for doc in ("威政发-2015-31", "国科发创-2016-111"):  # the same cells; the workbook adds its sheet as the caption
        (cells,) = quoted(store, DOC + doc)
        assert cells.pop("（表题）") in ("威海", "目录") and [cells] == quoted(reference, DOC + doc)


def test_a_docx_attachment_with_a_captioned_table_per_outcome(tmp_path, policykg):
    """清理结果 as published in a .docx attachment: notice text, then "附件1" + caption + table, "附件2" + caption + table;
    an issuer cell merged down over two rows."""
    import docx

    d = docx.Document()
    d.add_paragraph("经清理，现将清理结果公布如下。")  # notice text above the first caption: not its caption
    d.add_paragraph("附件1")
    d.add_paragraph("区政府继续有效规范性文件目录")
    t = d.add_table(rows=3, cols=4)
    for i, row in enumerate([["序号", "文件名称", "文号", "制定机关"],
                             ["1", "威海市人民政府关于印发威海市行政规范性文件管理办法的通知", "威政发〔2020〕13号",
                              "威海市人民政府"],
                             ["2", "威海市人民政府关于修改部分规范性文件的决定", "威政发〔2015〕31号", ""]]):
        for j, text in enumerate(row):
            t.cell(i, j).text = text
    t.cell(1, 3).merge(t.cell(2, 3))
    d.add_paragraph("附件2")
    d.add_paragraph("区政府宣布失效规范性文件目录")
    t2 = d.add_table(rows=2, cols=3)
    for i, row in enumerate([["序号", "文件名称", "文号"], ["1", "镇巴县人民政府工作规则", "镇政发〔2024〕7号"]]):
        for j, text in enumerate(row):
            t2.cell(i, j).text = text
    path = tmp_path / "清理结果.docx"
    d.save(str(path))
    store = tmp_path / "s"
    res = imported(policykg, store, path, "--as-of", "2024-12-31")
    assert "3 documents" in res.stdout.splitlines()[0]
    assert "table 1 row 1: header; 2 documents, status 继续有效 from its caption" in res.stdout
    assert "table 2 row 1: header; 1 documents, status 宣布失效 from its caption" in res.stdout
    assert objects(store, DOC + "威政发-2015-31", ELI + "in_force") == {CODE + "status-in-force"}
    assert objects(store, DOC + "威政发-2015-31", CREATOR) == {"威海市人民政府"}  # the merged cell
    assert objects(store, DOC + "镇政发-2024-7", ELI + "in_force") == {CODE + "status-expired"}
    assert quoted(store, DOC + "镇政发-2024-7")[0]["（表题）"] == "附件2 区政府宣布失效规范性文件目录"


def test_one_csv_with_a_table_per_outcome(tmp_path, policykg):
    """清理结果 as one sheet: a caption and a header per table; a caption naming two outcomes gives no status."""
    listing = tmp_path / "清理结果.csv"
    listing.write_text(
        "继续有效的市政府行政规范性文件目录,,\n"
        "序号,文件名称,发文文号\n"
        "1,威海市人民政府关于印发威海市行政规范性文件管理办法的通知,威政发〔2020〕13号\n"
        ",,\n"
        "宣布失效或废止的市政府行政规范性文件目录,,\n"
        "序号,文件名称,发文文号\n"
        "1,威海市人民政府关于修改部分规范性文件的决定,威政发〔2015〕31号\n"
        "宣布失效的市政府行政规范性文件目录,,\n"
        "序号,文件名称,发文文号,状态\n"
        "1,镇巴县人民政府工作规则,镇政发〔2024〕7号,\n"
        "2,广州市黄埔区人民政府关于印发广州市黄埔区农村集体资产交易管理办法的通知,穗埔府规〔2021〕18号,继续有效\n",
        encoding="utf-8")
    store = tmp_path / "s"
    res = imported(policykg, store, listing)
    out = res.stdout
    assert "4 documents" in out.splitlines()[0]
    assert "rows without a 文号" not in out  # captions are not rows left out
    assert "row 6: caption '宣布失效或废止的市政府行政规范性文件目录' names more than one status (宣布失效、废止)" in out
    assert "row 11: status '继续有效' differs from its table's caption" in out
    assert objects(store, DOC + "威政发-2020-13", ELI + "in_force") == {CODE + "status-in-force"}
    assert objects(store, DOC + "威政发-2015-31", ELI + "in_force") == set()
    assert objects(store, DOC + "镇政发-2024-7", ELI + "in_force") == {CODE + "status-expired"}
    assert objects(store, DOC + "穗埔府规-2021-18", ELI + "in_force") == {CODE + "status-in-force"}


def test_validity_ranges_amendment_dates_wrapped_titles_and_joint_issuers(tmp_path, policykg):
    """有效期 as a range or its end, 修改日期, a title wrapped in its cell, two issuers on two lines (this test's
    cells, on the fixtures' documents); what is not a range ("5年") is reported, never computed."""
    listing = tmp_path / "目录.csv"
    with listing.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([
            ["序号", "文件名称", "文号", "制定机关", "有效期", "修改日期"],
            ["1", "威海市人民政府关于印发威海市行政规范性文件\n管理办法的通知", "威政发〔2020〕13号", "威海市人民政府",
             "2021年1月1日至2025年12月31日", ""],
            ["2", "广州市黄埔区人民政府关于印发广州市黄埔区农村集体资产交易管理办法的通知", "穗埔府规〔2021〕18号",
             "广州市黄埔区人民政府\n广州市黄埔区农业农村局", "至2026年12月31日", "2023-05-01"],
            ["3", "镇巴县人民政府工作规则", "镇政发〔2024〕7号", "", "5年", ""],
        ])
    store = tmp_path / "s"
    res = imported(policykg, store, listing)
    assert "row 4: validity '5年' is not a date range (left out)" in res.stdout
    wh = DOC + "威政发-2020-13"
    assert objects(store, wh, TITLE) == {"威海市人民政府关于印发威海市行政规范性文件管理办法的通知"}
    assert objects(store, wh, ELI + "first_date_entry_in_force") == {"2021-01-01"}
    assert objects(store, wh, ELI + "date_no_longer_in_force") == {"2025-12-31"}
    gz = DOC + "穗埔府规-2021-18"
    assert objects(store, gz, CREATOR) == {"广州市黄埔区人民政府", "广州市黄埔区农业农村局"}
    assert objects(store, gz, ELI + "first_date_entry_in_force") == set()
    assert objects(store, gz, ELI + "date_no_longer_in_force") == {"2026-12-31"}
    assert objects(store, gz, PKG + "dateAmended") == {"2023-05-01"}
    assert objects(store, DOC + "镇政发-2024-7", ELI + "date_no_longer_in_force") == set()


def test_dates_in_chinese_numerals_as_documents_print_them(tmp_path, policykg):
    listing = tmp_path / "目录.csv"
    listing.write_text("文件名称,发文字号,成文日期\n"
                       "威海市人民政府关于印发威海市行政规范性文件管理办法的通知,威政发〔2020〕13号,二〇二〇年十一月十九日\n"
                       "威海市人民政府关于修改部分规范性文件的决定,威政发〔2015〕31号,二〇一五年二月三十日\n",
                       encoding="utf-8")
    store = tmp_path / "s"
    res = imported(policykg, store, listing)
    assert objects(store, DOC + "威政发-2020-13", ELI + "date_document") == {"2020-11-19"}
    assert "row 3: dateDocument '二〇一五年二月三十日' is not a date (left out)" in res.stdout
    assert objects(store, DOC + "威政发-2015-31", ELI + "date_document") == set()


def test_a_malformed_chinese_numeral_date_is_reported_not_a_crash(tmp_path, policykg):
    listing = tmp_path / "目录.csv"  # 十十月: the numeral reader refuses it, the row's date is left out
    listing.write_text("文件名称,发文字号,成文日期\n"
                       "威海市人民政府关于修改部分规范性文件的决定,威政发〔2015〕31号,二〇一五年十十月一日\n",
                       encoding="utf-8")
    store = tmp_path / "s"
    res = imported(policykg, store, listing)
    assert "row 2: dateDocument '二〇一五年十十月一日' is not a date (left out)" in res.stdout
    assert objects(store, DOC + "威政发-2015-31", ELI + "date_document") == set()


@pytest.mark.parametrize("encoding, delimiter", [("utf-8-sig", ","), ("gbk", ","), ("utf-16", "\t")])
def test_csv_in_the_encodings_spreadsheets_save(tmp_path, policykg, encoding, delimiter):
    """UTF-8 with a BOM (Excel "CSV UTF-8"), GBK (Excel "CSV" on a Chinese Windows), UTF-16 tab-separated
    (Excel "Unicode text")."""
    header, rows = _workbook_rows()
    listing = tmp_path / ("list.txt" if delimiter == "\t" else "list.csv")
    with listing.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows([header, *rows])
    store = tmp_path / "s"
    res = imported(policykg, store, listing)
    assert "2 documents" in res.stdout
    assert objects(store, DOC + "威政发-2015-31", TITLE) == {"威海市人民政府关于修改部分规范性文件的决定"}
    assert objects(store, DOC + "威政发-2020-13", CREATOR) == {"威海市人民政府"}


@pytest.mark.parametrize("name, content, message", [
    ("broken.xls", b"\xd0\xcf\x11\xe0 not a workbook", "not a readable .xls workbook"),
    # a web system's "export to Excel": an HTML table saved as .xls
    ("export.xls", "<html><body><table><tr><td>文号</td></tr></table></body></html>".encode(),
     "an HTML or XML page named .xls, not a workbook: open it in Excel or WPS and save it as .xlsx"),
    ("renamed.xls", b"PK\x03\x04 zip", "an .xlsx workbook named .xls: rename it to .xlsx"),
    ("broken.ods", b"PK\x03\x04 not a zip", "not a readable .ods workbook"),
    ("broken.xlsx", b"PK\x03\x04 not a zip", "not a readable .xlsx workbook"),
    ("list.pdf", b"%PDF-1.4", "expected a .csv, .txt, .tsv, .xlsx, .xls, .ods or .docx file"),
    ("attachment.doc", b"\xd0\xcf\x11\xe0", "Word 97–2003 .doc is not read: open it in Word or WPS and save it as "
     ".docx (or its table as .xlsx), then import that file"),
    ("attachment.wps", b"\xd0\xcf\x11\xe0", "WPS .wps is not read: open it in WPS and save it as .docx"),
    ("list.et", b"\xd0\xcf\x11\xe0", "WPS .et is not read: open it in WPS and save it as .xlsx"),
    ("broken.docx", b"PK\x03\x04 not a zip", "not a readable .docx document"),
    ("nohead.csv", "a,b\n1,2\n".encode(), "no header row with a 文号 column"),
    ("titles-only.csv", "文件名称\n甲\n".encode(), "no header row with a 文号 column"),
])
def test_a_file_that_is_not_a_list_is_one_line_exit_2(tmp_path, policykg, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    res = policykg("registry", "import", "documents", str(path), "--store", str(tmp_path / "s"))
    assert res.exit_code == 2 and message in res.stderr, res.stderr
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "s").exists()  # nothing half-written


@pytest.mark.slow
def test_import_document_list_csv_and_xlsx(tmp_path, policykg):
    import openpyxl

    store = tmp_path / "s"
    res = policykg("registry", "import", "documents", str(DOCLIST), "--store", str(store))
    assert res.exit_code == 0 and "5 documents" in res.stdout, res.stderr
    doc = DOC + "国科发创-2016-111"
    assert objects(store, doc, "http://data.europa.eu/eli/ontology#date_document") == {"2016-04-12"}
    assert objects(store, doc, "http://purl.org/dc/terms/creator") == {"科学技术部"}
    # the same rows as a workbook, with a status column the list states as of a date
    wb = openpyxl.Workbook()
    ws = wb.active
    rows = list(csv.reader(DOCLIST.open(encoding="utf-8")))
    rows[3][-1] = "已失效"  # a status cell in the code list's own words (this test's input, not data)
    for row in rows:
        ws.append(row)
    xlsx = tmp_path / "list.xlsx"
    wb.save(xlsx)
    res = policykg("registry", "import", "documents", str(xlsx), "--store", str(store), "--as-of", "2024-12-31")
    assert res.exit_code == 0, res.stderr
    assert objects(store, doc, "http://data.europa.eu/eli/ontology#in_force") == \
        {"https://w3id.org/policykg/code/status-expired"}
    assert policykg("registry", "verify", "--store", str(store)).exit_code == 0


@pytest.mark.slow
def test_document_list_problems_are_reported_by_row(tmp_path, policykg):
    bad = tmp_path / "bad.csv"
    bad.write_text("文件名称,文号,成文日期,状态\n甲,国发〔2022〕18号,2022年13月1日,待定\n乙,不是文号,,\n",
                   encoding="utf-8")
    res = policykg("registry", "import", "documents", str(bad), "--store", str(tmp_path / "s"))
    assert res.exit_code == 0
    assert "row 2: dateDocument '2022年13月1日' is not a date" in res.stdout
    assert "row 2: status '待定' not understood" in res.stdout
    assert "row 3: 文号 '不是文号'" in res.stdout
    nohead = tmp_path / "nohead.csv"
    nohead.write_text("a,b\n1,2\n", encoding="utf-8")
    res = policykg("registry", "import", "documents", str(nohead), "--store", str(tmp_path / "s"))
    assert res.exit_code == 2 and "no header row" in res.stderr


def test_a_record_numbered_in_a_yearly_announcement_series_with_joint_issuers(tmp_path, policykg):
    """中国会计视野 法规库: 发文文号 贵州省国家税务局公告2016年第6号 (a 公告 series numbered within its year), 发文部门 three
    issuers separated by spaces; a number not in that form (this test's rows) is reported, the row left out."""
    store = tmp_path / "s"
    res = imported(policykg, store, ESNAI)
    assert "1 documents" in res.stdout.splitlines()[0]
    doc = DOC + "贵州省国家税务局公告-2016-6"
    assert objects(store, doc, PKG + "docNumber") == {"贵州省国家税务局公告2016年第6号"}
    assert objects(store, doc, CREATOR) == {"贵州省财政厅", "贵州省地方税务局", "贵州省国家税务局"}
    assert objects(store, doc, ELI + "date_document") == {"2016-04-22"}  # 发文时间 2016-4-22
    assert objects(store, doc, ELI + "first_date_entry_in_force") == {"2016-05-01"}  # 实施时间
    assert quoted(store, doc)[0]["所属区域"] == "贵州"
    listing = tmp_path / "目录.csv"
    listing.write_text("发文标题,发文文号\n甲,国家税务总局公告2016年23号\n乙,国家税务总局2019年第39号公告\n", encoding="utf-8")
    res = imported(policykg, tmp_path / "t", listing)
    assert "row 2: 文号 '国家税务总局公告2016年23号': malformed document number" in res.stdout
    assert "row 3: 文号 '国家税务总局2019年第39号公告': malformed document number" in res.stdout
    assert "0 documents" in res.stdout.splitlines()[0]


def test_a_draft_citing_a_series_number_resolves_to_the_listed_document(tmp_path, policykg):
    store = tmp_path / "s"
    imported(policykg, store, ESNAI)
    draft = tmp_path / "draft.txt"  # the synthetic draft, its basis replaced by the listed announcement
    draft.write_text((DRAFTS / "synthetic-cites-weihai-list.txt").read_text(encoding="utf-8").replace(
        "《威海市人民政府关于修改部分规范性文件的决定》（威政发〔2015〕31号）",
        "《关于全面推开营业税改征增值税试点有关税收征收管理事项的公告》（贵州省国家税务局公告2016年第6号）"),
        encoding="utf-8")
    res = policykg("ingest", str(draft), "--store", str(store), "--format", "json")
    assert res.exit_code == 0, res.stderr
    (basis,) = [c for c in json.loads(res.stdout)["citations"] if c["relation"] == "based_on"]
    assert basis["docNumber"] == "贵州省国家税务局公告2016年第6号" and basis["resolved"] == {"by": "number"}
    assert basis["target"] == DOC + "贵州省国家税务局公告-2016-6"


# ---------------------------------------------------------------- partial statuses

def test_partial_statuses_and_a_caption_naming_one(tmp_path, policykg):
    """部分失效 / 部分条款失效 / 部分废止: parts no longer in force (ELI's InForce-partiallyInForce); 部分修改: in force as
    amended; a caption "宣布部分失效的…目录" gives partially in force, not expired (statuses: this test's input)."""
    listing = tmp_path / "清理结果.csv"
    listing.write_text(
        "标题,发文字号,文件状态\n"
        "威海市人民政府关于修改部分规范性文件的决定,威政发〔2015〕31号,部分条款失效\n"
        "威海市人民政府关于印发威海市行政规范性文件管理办法的通知,威政发〔2020〕13号,部分修改\n"
        ",,\n"
        "宣布部分失效的规范性文件目录,,\n"
        "标题,发文字号,文件状态\n"
        "镇巴县人民政府工作规则,镇政发〔2024〕7号,\n", encoding="utf-8")
    store = tmp_path / "s"
    res = imported(policykg, store, listing, "--as-of", "2024-12-31")
    assert "not understood" not in res.stdout
    assert "row 6: header; 1 documents, status 部分失效 from its caption" in res.stdout
    assert objects(store, DOC + "威政发-2015-31", ELI + "in_force") == {CODE + "status-partially-in-force"}
    assert objects(store, DOC + "威政发-2020-13", ELI + "in_force") == {CODE + "status-amended"}
    assert objects(store, DOC + "镇政发-2024-7", ELI + "in_force") == {CODE + "status-partially-in-force"}
    assert policykg("registry", "verify", "--store", str(store)).exit_code == 0


PARTIAL = "queries/checks/basis-partially-in-force-violation.rq"


@pytest.mark.slow
@pytest.mark.parametrize("status, as_of, told", [
    ("部分失效", "2025-01-15", True),
    ("继续有效", "2025-01-15", False),  # conforming: the list keeps it in force
    ("部分失效", "2024-06-01", False),  # a check dated before the list's date is not told
])
def test_a_draft_citing_a_basis_the_list_marks_partially_expired(tmp_path, policykg, status, as_of, told):
    """A basis with some provisions lapsed: a warning asking the reviewer to verify the provisions the draft relies
    on — never a violation (the rule requires a basis in force; which provisions remain is not stated)."""
    listing = tmp_path / "清理结果.csv"
    listing.write_text(f"标题,发文字号,文件状态\n威海市人民政府关于修改部分规范性文件的决定,威政发〔2015〕31号,{status}\n",
                       encoding="utf-8")
    store = tmp_path / "s"
    imported(policykg, store, listing, "--as-of", "2024-12-31")
    draft = DRAFTS / "synthetic-cites-weihai-list.txt"
    res = policykg("check", str(draft), "--store", str(store), "--as-of", as_of, "--format", "json")
    assert res.exit_code in (0, 1), res.stderr
    findings = json.loads(res.stdout)["findings"]
    partial = [f for f in findings if f["rule"]["curie"] == PARTIAL]
    about_basis = [f for f in findings if "威政发〔2015〕31号" in json.dumps(f, ensure_ascii=False)]
    assert not [f for f in about_basis if f["severity"] == "Violation"]
    if not told:
        assert partial == []
        return
    (warning,) = partial
    assert warning["severity"] == "Warning"
    assert "威政发〔2015〕31号" in warning["message"]["zh"] and "标为部分失效" in warning["message"]["zh"]
    assert "请核对本文件所依据的条款是否仍然有效" in warning["message"]["zh"]
    assert "partially in force" in warning["message"]["en"]
    assert not [f for f in findings if "basis-marked-expired" in f["rule"]["curie"]]
