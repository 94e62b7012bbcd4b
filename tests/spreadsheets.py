"""Write the same sheets as .xlsx (openpyxl), .xls (xlwt, the test extra) and .ods (odfpy), for the import tests.

A sheet is (name, rows, merges): a row's cells are str, int, datetime.date or None; a merge is
(first row, first column, last row, last column), 0-based and inclusive, its value the top-left cell's.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

Sheet = tuple[str, list[list], list[tuple[int, int, int, int]]]


def write_xlsx(path: Path, sheets: list[Sheet]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows, merges in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for r0, c0, r1, c1 in merges:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    wb.save(path)
    return path


def write_xls(path: Path, sheets: list[Sheet], *, dates_1904: bool = False) -> Path:
    """Excel 97–2003; a date is written as the day count of the workbook's date system (1900 or 1904)."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    wb.dates_1904 = dates_1904  # before any cell is written: xlwt counts days from the epoch it then holds
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for name, rows, merges in sheets:
        ws = wb.add_sheet(name)
        spanned = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for r0, c0, r1, c1 in merges:
            ws.write_merge(r0, r1, c0, c1, rows[r0][c0] if c0 < len(rows[r0]) else None)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or (r, c) in spanned:
                    continue
                if isinstance(value, dt.date):
                    ws.write(r, c, value, date_style)
                else:
                    ws.write(r, c, value)
    wb.save(str(path))
    return path


def write_ods(path: Path, sheets: list[Sheet]) -> Path:
    """OpenDocument: a date cell with office:date-value, a number with office:value, merges as spans with the
    covered cells LibreOffice writes under them."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for name, rows, merges in sheets:
        table = Table(name=name)
        tops = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in merges}
        covered = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - \
            set(tops)
        width = max([len(r) for r in rows] + [c1 + 1 for _, _, _, c1 in merges])
        for r, row in enumerate(rows):
            tr = TableRow()
            for c in range(width):
                value = row[c] if c < len(row) else None
                if (r, c) in covered:
                    tr.addElement(CoveredTableCell())
                    continue
                span = {}
                if (r, c) in tops:
                    span = {"numberrowsspanned": tops[r, c][0], "numbercolumnsspanned": tops[r, c][1]}
                if value is None:
                    tr.addElement(TableCell(**span))
                elif isinstance(value, dt.date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat(), **span)
                    cell.addElement(P(text=value.isoformat()))
                    tr.addElement(cell)
                elif isinstance(value, int):
                    cell = TableCell(valuetype="float", value=value, **span)
                    cell.addElement(P(text=str(value)))
                    tr.addElement(cell)
                else:
                    cell = TableCell(valuetype="string", **span)
                    for line in str(value).split("\n"):
                        cell.addElement(P(text=line))
                    tr.addElement(cell)
            table.addElement(tr)
        # what LibreOffice writes below the last row: one row of empty cells repeated to the sheet's end
        tail = TableRow(numberrowsrepeated=1048000)
        tail.addElement(TableCell(numbercolumnsrepeated=1024))
        table.addElement(tail)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


WRITERS = {"xlsx": write_xlsx, "xls": write_xls, "ods": write_ods}
