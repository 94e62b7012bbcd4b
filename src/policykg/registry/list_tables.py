"""The tables of a file a bureau publishes its list of normative documents in, as rows of text.

Read: CSV/TSV text (UTF-8, UTF-8 BOM, GB18030, UTF-16), workbooks (.xlsx through openpyxl, Excel 97–2003 .xls
through xlrd, OpenDocument .ods through odfpy) with every sheet and merged cells filled for every cell they span,
and the tables of a .docx with the paragraphs above each as its caption. A date cell becomes its ISO date; a whole
number 1.0 becomes "1". Formats that cannot be read (.doc, .wps, .et) are refused with what to save the file as.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import PolicyKGError
from .laws import iri_part


@dataclass
class Table:
    sheet: str | None  # a workbook's sheet name; None for a CSV file or a .docx table
    rows: list[list[str]]  # every row, as text
    place: str | None = None  # how a report names it ("sheet 附件1", "table 2"); None for a CSV file
    key: str | None = None  # its part of a record IRI ("附件1-", "table-2-")
    caption_rows: int = 0  # rows put above a .docx table for its caption: row numbers count from the table's own


# Formats that are not read, and what the user does instead (one line, exit 2).
REFUSED = {
    ".doc": "Word 97–2003 .doc is not read: open it in Word or WPS and save it as .docx (or its table as .xlsx)",
    ".wps": "WPS .wps is not read: open it in WPS and save it as .docx (or its table as .xlsx)",
    ".et": "WPS .et is not read: open it in WPS and save it as .xlsx",
}
SUFFIXES = ".csv, .txt, .tsv, .xlsx, .xls, .ods or .docx"


def read_tables(path: Path) -> list[Table]:
    """Every sheet of a workbook (merged cells filled with their value), every table of a .docx (the paragraphs
    just above it as its caption), or the one table of a CSV file."""
    path = Path(path)
    if not path.is_file():
        raise PolicyKGError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix == ".xls":
        return _read_xls(path)
    if suffix == ".ods":
        return _read_ods(path)
    if suffix in (".csv", ".txt", ".tsv"):
        return [Table(None, _read_text_table(path))]
    if suffix == ".docx":
        return _read_docx_tables(path)
    if suffix in REFUSED:
        raise PolicyKGError(f"{path}: {REFUSED[suffix]}, then import that file")
    raise PolicyKGError(f"{path}: expected a {SUFFIXES} file")


def _sheet(name: str, rows: list[list[str]]) -> Table:
    return Table(name, rows, f"sheet {name}", f"{iri_part(name)}-")


def fill_merged(rows: list[list[str]], ranges: Iterable[tuple[int, int, int, int]]) -> None:
    """Give every cell of each merged range (first row, first column, row after, column after; 0-based) the value
    of its top-left cell, as a reader sees it on screen (an issuer merged down counts for every row it spans)."""
    for r0, c0, r1, c1 in ranges:
        if r0 >= len(rows):
            continue
        top = rows[r0]
        value = top[c0] if c0 < len(top) else ""
        for r in range(r0, min(r1, len(rows))):
            line = rows[r]
            line.extend([""] * (c1 - len(line)))
            for c in range(c0, c1):
                line[c] = value


def _read_xlsx(path: Path) -> list[Table]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, data_only=True)  # not read_only: merged ranges are needed
    except Exception as exc:  # openpyxl raises zipfile/KeyError/ValueError types
        raise PolicyKGError(f"{path}: not a readable .xlsx workbook ({type(exc).__name__})") from None
    tables = []
    for ws in wb.worksheets:
        rows = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
        fill_merged(rows, ((m.min_row - 1, m.min_col - 1, m.max_row, m.max_col) for m in ws.merged_cells.ranges))
        tables.append(_sheet(ws.title, rows))
    wb.close()
    return tables


def _not_a_workbook(path: Path, kind: str) -> PolicyKGError:
    """Why a workbook could not be opened; a web system's "export to Excel" is often an HTML page named .xls."""
    head = path.read_bytes()[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) or b"<table" in head:
        return PolicyKGError(f"{path}: an HTML or XML page named {kind}, not a workbook: open it in Excel or WPS "
                             "and save it as .xlsx, then import that file")
    if head.startswith(b"pk\x03\x04") and kind == ".xls":
        return PolicyKGError(f"{path}: an .xlsx workbook named .xls: rename it to .xlsx")
    return PolicyKGError(f"{path}: not a readable {kind} workbook")


def _read_xls(path: Path) -> list[Table]:
    """Excel 97–2003 (BIFF) through xlrd (≥ 2 reads only .xls). A date cell is a day count from the workbook's
    epoch: 1899-12-30 in the 1900 date system, 1904-01-01 in the 1904 one (the workbook's datemode)."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)  # formatting_info: merged ranges, date formats
    except Exception:  # xlrd raises XLRDError, CompDocError, struct/Index errors on damaged files
        raise _not_a_workbook(path, ".xls") from None
    tables = []
    for sheet in book.sheets():
        rows = [[_xls_cell(sheet.cell(r, c), book.datemode) for c in range(sheet.ncols)] for r in range(sheet.nrows)]
        fill_merged(rows, ((r0, c0, r1, c1) for r0, r1, c0, c1 in sheet.merged_cells))
        tables.append(_sheet(sheet.name, [_trimmed(r) for r in rows]))
    book.release_resources()
    return tables


def _xls_cell(cell, datemode: int) -> str:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            y, m, d, *_ = xlrd.xldate_as_tuple(cell.value, datemode)
        except xlrd.xldate.XLDateError:  # before the epoch, or a day count the 1900 system makes ambiguous
            return _cell(cell.value)
        return dt.date(y, m, d).isoformat() if y else _cell(cell.value)  # y == 0: a time of day, not a date
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    return _cell(cell.value)


def _trimmed(row: list[str]) -> list[str]:
    while row and not row[-1]:
        row.pop()
    return row


def _read_ods(path: Path) -> list[Table]:
    """OpenDocument spreadsheets through odfpy: each cell's typed value (office:date-value for a date), the text of
    its paragraphs otherwise; repeated rows/cells expanded (trailing empty ones dropped); spans filled."""
    from odf.opendocument import load
    from odf.table import Table as OdfTable

    try:
        document = load(str(path))
        sheets = document.spreadsheet.getElementsByType(OdfTable)
    except Exception:  # odfpy raises zipfile/KeyError/XML errors on what is not an OpenDocument file
        raise _not_a_workbook(path, ".ods") from None
    return [_ods_sheet(sheet) for sheet in sheets]


_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
# a sheet's size in LibreOffice Calc and Excel: a repeat count beyond it (a damaged or hostile file) is cut to it
MAX_COLUMNS, MAX_ROWS = 16384, 1048576


def _ods_rows(element) -> Iterable:
    """The table:table-row elements of a sheet in order, also those inside header-row and row groups."""
    for child in element.childNodes:
        if child.qname == (_TABLE_NS, "table-row"):
            yield child
        elif child.qname[0] == _TABLE_NS and child.qname[1] in ("table-header-rows", "table-rows", "table-row-group"):
            yield from _ods_rows(child)


def _ods_sheet(sheet) -> Table:
    rows: list[list[str]] = []
    spans: list[tuple[int, int, int, int]] = []
    empty_rows = 0  # empty rows seen and not yet added: added only if a row with content follows
    for row in _ods_rows(sheet):
        line: list[str] = []
        empty_cells = 0
        for cell in row.childNodes:
            if cell.qname not in ((_TABLE_NS, "table-cell"), (_TABLE_NS, "covered-table-cell")):
                continue
            repeat = _count(cell, "numbercolumnsrepeated", MAX_COLUMNS)
            value = _ods_value(cell) if cell.qname[1] == "table-cell" else ""
            if not value:
                empty_cells += repeat
                continue
            if len(line) + empty_cells + repeat > MAX_COLUMNS:
                break
            line.extend([""] * empty_cells)
            empty_cells = 0
            columns = _count(cell, "numbercolumnsspanned", MAX_COLUMNS - len(line))
            span_rows = _count(cell, "numberrowsspanned", MAX_ROWS)
            if columns > 1 or span_rows > 1:
                spans.append((len(rows) + empty_rows, len(line), len(rows) + empty_rows + span_rows,
                              len(line) + columns))
            line.extend([value] * repeat)
        repeat_rows = _count(row, "numberrowsrepeated", MAX_ROWS)
        if not line:
            empty_rows += repeat_rows
            continue
        if len(rows) + empty_rows + repeat_rows > MAX_ROWS:
            break
        rows.extend([] for _ in range(empty_rows))
        empty_rows = 0
        rows.extend(list(line) for _ in range(repeat_rows))
    fill_merged(rows, spans)
    return _sheet(sheet.getAttribute("name") or "", rows)


def _count(element, attribute: str, most: int) -> int:
    """A repeat or span count of the ODF table (1 when absent or not a positive number), at most *most*."""
    text = element.getAttribute(attribute) or "1"
    return max(1, min(int(text), most)) if text.isdigit() else 1


def _ods_value(cell) -> str:
    from odf import teletype
    from odf.text import P

    kind = cell.getAttribute("valuetype")
    if kind == "date":
        return (cell.getAttribute("datevalue") or "")[:10]  # 2016-04-12 or 2016-04-12T15:34:00: the date
    if kind == "float":
        try:
            return _cell(float(cell.getAttribute("value")))
        except (TypeError, ValueError):  # no number in office:value: what the cell shows
            pass
    return "\n".join(teletype.extractText(p) for p in cell.getElementsByType(P))


CAPTION_PARAGRAPHS = 2  # a .docx table's caption: the last non-empty paragraphs above it ("附件1", "…目录")


def _read_docx_tables(path: Path) -> list[Table]:
    """The tables of a .docx attachment in document order; merged cells repeat their text (python-docx)."""
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zipfile/KeyError/ValueError types
        raise PolicyKGError(f"{path}: not a readable .docx document ({type(exc).__name__})") from None
    tables: list[Table] = []
    above: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            if item.text.strip():
                above.append(item.text.strip())
        elif isinstance(item, DocxTable):
            n = len(tables) + 1
            rows = [[t] for t in above[-CAPTION_PARAGRAPHS:]] + \
                [[cell.text for cell in row.cells] for row in item.rows]
            tables.append(Table(None, rows, f"table {n}", f"table-{n}-", len(above[-CAPTION_PARAGRAPHS:])))
            above = []
    return tables


def _read_text_table(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" export: UTF-16, tab-separated
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for enc in encodings:
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise PolicyKGError(f"{path}: neither UTF-8, UTF-16 nor GB18030 text")
    head = text[:4000]
    delimiter = "\t" if head.count("\t") > head.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)
