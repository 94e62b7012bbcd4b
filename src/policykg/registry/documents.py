"""Import a bureau's list of its normative documents (规范性文件目录清单): CSV, a workbook (.xlsx, .xls, .ods) or the
tables of a .docx (reading them: list_tables.py).

Each row with a 文号 becomes a document ``doc:<文号 slug>`` (identifiers.doc_iri) with what its cells state:
``pkg:docNumber``, ``dct:title``, the issuer as the list writes it (``dct:creator`` text: a list names organs
by name only, and matching a name to an organ node is not the list's statement), ``eli:date_document``,
``eli:date_publication``, ``eli:first_date_entry_in_force``, ``eli:date_no_longer_in_force``, ``pkg:dateRepealed``,
``eli:in_force`` (with ``pkg:statusAsOf`` when the list's date is given) and ``pkg:registrationId``. Every fact
derives from a record node quoting its row (file, sheet, row number, the cells as JSON, the table's caption).

Lists come as published: several sheets, several tables in one sheet (清理结果: one table per outcome), a caption
above each table ("继续有效的规范性文件目录") that states the status of rows without a status column, a header over
two rows (a merged "日期" over 成文日期 | 发布日期), merged cells (an issuer merged down over its documents: every row
it spans shows it). Cells that are empty or cannot be read (a date that is not a date, an unknown status word, a
malformed 文号) are left out and reported by row; so is a caption naming more than one status.
Which header names, status words and caption words are understood is data: data/import/document-list.toml.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import resources
from ..errors import PolicyKGError
from ..identifiers import doc_iri
from ..ingest.numerals import chinese_to_int
from ..namespaces import CODE, DCT, ELI, PKG, PROV, RDF, RDFS, SKOS, SRC
from .importer import ImportReport, _header
from .laws import N, iri_part
from .list_tables import Table, read_tables
from .persist import StoreDir, graph_iri

IMPORTER_VERSION = "documents-3"
PROPS = {
    "docNumber": N(PKG.docNumber), "title": N(DCT.title), "issuer": N(DCT.creator),
    "dateDocument": N(ELI.date_document), "datePublication": N(ELI.date_publication),
    "inForce": N(ELI.first_date_entry_in_force), "noLongerInForce": N(ELI.date_no_longer_in_force),
    "repealed": N(PKG.dateRepealed), "amended": N(PKG.dateAmended), "status": N(ELI.in_force),
    "registrationId": N(PKG.registrationId),
}
DATE_FIELDS = ("dateDocument", "datePublication", "inForce", "noLongerInForce", "repealed", "amended")
D_DATE = N("http://www.w3.org/2001/XMLSchema#date")
# 2016-04-12, 2016/4/12, 2016.04.12, 2016年4月12日 (and 二〇一六年四月十二日, below); a time after the date (a web page's "2024年04月06日 16:40",
# "2020-09-30 15:34") is the time of publishing on the site and is not kept.
DATE_RE = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
# an 有效期 cell: "2021年1月1日至2025年12月31日", "2021-01-01～2025-12-31", "至2025年12月31日"
VALIDITY_RE = re.compile(r"^(?:有效期)?(?P<start>[^至到～~—–]*?)\s*(?:至|到|～|~|—+|–)\s*(?P<end>[^至到～~—–]+)$")
# joint issuers in one cell, one a line or separated by spaces ("贵州省财政厅 贵州省地方税务局"); a note in brackets
# after a name ("市政府办公室 (市金融办)") stays with it
JOINT_ISSUERS_RE = re.compile(r"\s*[\r\n]+\s*|[ \t\u3000]+(?![（(])")
CAPTION_KEY = "（表题）"  # the record's key for the caption quoted with a row (not a column of the list)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class Rules:
    columns: dict[str, list[str]]
    status: dict[str, str]
    caption_status: dict[str, str]


def load_rules() -> Rules:
    path = resources.resource_dir("data") / "import" / "document-list.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    status = dict(data["status"])
    # the code list's own labels count first (vocabulary read from the ontology)
    from rdflib import Graph

    from ..load import load_ontology

    onto: Graph = load_ontology()
    for concept, label in onto.subject_objects(SKOS.prefLabel):
        if str(concept).startswith(str(CODE) + "status-") and getattr(label, "language", None) == "zh":
            status[_squash(str(label))] = str(concept)[len(str(CODE)):]
    return Rules({k: [_squash(h) for h in v] for k, v in data["columns"].items()}, status,
                 dict(data["caption_status"]))


# a date written in Chinese numerals, as 成文日期 are printed: 二〇二〇年十一月十九日
CN_DATE_RE = re.compile(r"^([〇○零Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,4})日$")
_FULL_WIDTH_O = str.maketrans("Ｏ", "〇")  # a full-width letter O typed for 〇


def _cn_number(text: str) -> int | None:
    """一 … 三十一 (a month or a day): written with 十, never digit by digit (一二)."""
    if len(text) > 1 and "十" not in text:
        return None
    try:
        return chinese_to_int(text)
    except ValueError:
        return None


def _date(text: str) -> dt.date | None:
    text = text.strip()
    cn = CN_DATE_RE.match(re.sub(r"\s+", "", text))
    if cn:
        year = chinese_to_int(cn[1].translate(_FULL_WIDTH_O))
        month, day = _cn_number(cn[2]), _cn_number(cn[3])
        if month is None or day is None:
            return None
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    m = DATE_RE.match(text)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


@dataclass
class DocCounts:
    documents: int = 0
    problems: list[str] = field(default_factory=list)
    skipped_rows: int = 0
    tables: list[str] = field(default_factory=list)


def header_columns(row: list[str], rules: Rules) -> dict[str, int]:
    """The recognised columns of *row* if it is a header row: a 文号 column and at least one more."""
    cells = [_squash(c) for c in row]
    found: dict[str, int] = {}
    for key, names in rules.columns.items():
        for j, c in enumerate(cells):
            if c in names and key not in found:
                found[key] = j
    return found if "docNumber" in found and len(found) > 1 else {}


def _sub_header(row: list[str], cols: dict[str, int], rules: Rules) -> dict[str, int]:
    """Columns named on the row under a header (a merged "日期" over 成文日期 | 发布日期), if it is such a row."""
    j = cols["docNumber"]
    if j < len(row) and row[j].strip() and _squash(row[j]) not in rules.columns["docNumber"]:
        return {}
    found: dict[str, int] = {}
    for key, names in rules.columns.items():
        for i, c in enumerate(row):
            if _squash(c) in names and key not in found and key not in cols:
                found[key] = i
    return found


def caption_status(caption: str, rules: Rules) -> tuple[str | None, list[str]]:
    """The status a table's caption states ("宣布失效的规范性文件目录"), and the words it found."""
    text = _squash(caption)
    words = [w for w in sorted(rules.caption_status, key=len, reverse=True) if w in text]
    # a shorter word inside a longer one found ("失效" in "宣布失效") is the same mention
    words = [w for w in words if not any(w != o and w in o for o in words)]
    codes = {rules.caption_status[w] for w in words}
    return (codes.pop() if len(codes) == 1 else None), words


@dataclass
class TableSpec:
    """One table of a sheet: its header row, recognised columns, caption and the status that caption states."""
    header_index: int
    data_start: int
    cols: dict[str, int]
    caption: str
    status: str | None


def find_tables(table: Table, rules: Rules) -> list[TableSpec]:
    specs: list[TableSpec] = []
    pending: list[str] = [table.sheet] if table.sheet else []
    i = 0
    while i < len(table.rows):
        row = table.rows[i]
        cols = header_columns(row, rules)
        if cols:
            start = i + 1
            if start < len(table.rows):
                sub = _sub_header(table.rows[start], cols, rules)
                if sub:
                    cols = {**cols, **sub}
                    start += 1
            caption = " ".join(dict.fromkeys(t for t in pending if t))
            specs.append(TableSpec(i, start, cols, caption, None))
            pending = []
            i = start
            continue
        if specs:
            j = specs[-1].cols["docNumber"]
            if not (j < len(row) and row[j].strip()):
                pending.extend(c.strip() for c in row if c.strip())
            else:
                pending = []
        else:
            pending.extend(c.strip() for c in row if c.strip())
        i += 1
    return specs


def _row_number(table: Table, r: int) -> int:
    return r - table.caption_rows


def _where(table: Table, r: int) -> str:
    n = _row_number(table, r)
    return f"{table.place} row {n}" if table.place is not None else f"row {n}"


def document_quads(path: Path, tables: list[Table], rules: Rules, graph: ox.NamedNode, name: str,
                   as_of: dt.date | None, counts: DocCounts) -> list[ox.Quad]:
    found = [(t, spec) for t in tables for spec in find_tables(t, rules)]
    for t in tables:
        if t.place is not None and not any(tt is t for tt, _ in found) and any(any(c.strip() for c in r) for r in t.rows):
            counts.problems.append(f"{t.place}: no header row with a 文号 column (left out)")
    if not found:
        raise PolicyKGError("no header row with a 文号 column (文号/发文字号…) and one more recognised column "
                            "(文件名称/标题, dates, status…); recognised headers: data/import/document-list.toml")
    src = ox.NamedNode(f"{SRC}list/{iri_part(name)}")
    raw_sha = hashlib.sha256(path.read_bytes()).hexdigest()
    quads = [ox.Quad(src, N(RDF.type), N(PKG.SourceText), graph),
             ox.Quad(src, N(PKG.localPath), ox.Literal(path.name), graph),
             ox.Quad(src, N(PKG.sha256), ox.Literal(raw_sha), graph),
             ox.Quad(src, N(RDFS.label), ox.Literal(f"规范性文件目录清单 {path.name}", language="zh"), graph)]
    seen: dict[str, str] = {}
    for t, spec in found:
        ends = [s.header_index for tt, s in found if tt is t and s.header_index > spec.header_index]
        end = min(ends) if ends else len(t.rows)
        spec.status, words = caption_status(spec.caption, rules) if spec.caption else (None, [])
        where = _where(t, spec.header_index + 1)
        if len(words) > 1 and spec.status is None:
            counts.problems.append(f"{where}: caption {spec.caption!r} names more than one status "
                                   f"({'、'.join(words)}); no status taken from it")
        before = counts.documents
        quads += _table_quads(t, spec, end, rules, graph, src, as_of, counts, seen)
        status_note = f", status {words[0]} from its caption" if spec.status else ""
        counts.tables.append(f"{where}: header; {counts.documents - before} documents{status_note}")
    return quads


def _table_quads(t: Table, spec: TableSpec, end: int, rules: Rules, graph: ox.NamedNode, src: ox.NamedNode,
                 as_of: dt.date | None, counts: DocCounts, seen: dict[str, str]) -> list[ox.Quad]:
    quads: list[ox.Quad] = []
    header = t.rows[spec.header_index]
    names = [h.strip() for h in header]
    if spec.data_start > spec.header_index + 1:  # a two-row header: the row under it names the columns it merges
        for j, sub in enumerate(t.rows[spec.header_index + 1]):
            if j < len(names) and sub.strip() and sub.strip() != names[j]:
                names[j] = f"{names[j]}/{sub.strip()}" if names[j] else sub.strip()
    cols = spec.cols
    caption_from = _last_data_row(t, spec, end) if end < len(t.rows) else len(t.rows) + 1
    prefix = f"{src.value}#" + (t.key or "")
    for r, row in enumerate(t.rows[spec.data_start:end], start=spec.data_start + 1):  # 1-based row numbers
        def cell(key: str, row: list[str] = row) -> str:
            j = cols.get(key)
            return row[j].strip() if j is not None and j < len(row) else ""
        if not any(c.strip() for c in row):
            continue
        number = _one_line(cell("docNumber"))
        where = _where(t, r)
        if not number:
            if r <= caption_from:  # not the next table's caption
                counts.skipped_rows += 1
            continue
        try:
            iri = ox.NamedNode(str(doc_iri(number)))
        except PolicyKGError as exc:
            counts.problems.append(f"{where}: 文号 {number!r}: {exc}")
            continue
        if iri.value in seen:
            counts.problems.append(f"{where}: 文号 {number} already on {seen[iri.value]} (row left out)")
            continue
        seen[iri.value] = where
        counts.documents += 1
        rec = ox.NamedNode(f"{prefix}row-{_row_number(t, r)}")
        cells = {names[j]: row[j] for j in range(min(len(names), len(row))) if row[j].strip() and names[j]}
        if spec.caption:
            cells[CAPTION_KEY] = spec.caption
        quads += [ox.Quad(rec, N(RDF.type), N(PROV.Entity), graph),
                  ox.Quad(rec, N(PROV.wasQuotedFrom), src, graph),
                  ox.Quad(rec, N(PROV.value), ox.Literal(json.dumps(cells, ensure_ascii=False, sort_keys=True)), graph),
                  ox.Quad(iri, N(PROV.wasDerivedFrom), rec, graph),
                  ox.Quad(iri, N(RDF.type), N(PKG.NormativeDocument), graph),
                  ox.Quad(iri, N(PKG.docNumber), ox.Literal(number), graph)]
        attested = set()
        title = _one_line(cell("title"))  # a title wrapped in its cell is one title
        if title:
            quads.append(ox.Quad(iri, PROPS["title"], ox.Literal(title, language="zh"), graph))
            attested.add("title")
        for issuer in JOINT_ISSUERS_RE.split(cell("issuer")):  # joint issuers: one a line, or spaced apart
            if issuer.strip():
                quads.append(ox.Quad(iri, PROPS["issuer"], ox.Literal(issuer.strip(), language="zh"), graph))
                attested.add("issuer")
        dates: dict[str, dt.date] = {}
        for key in DATE_FIELDS:
            text = cell(key)
            if not text:
                continue
            d = _date(text)
            if d is None:
                counts.problems.append(f"{where}: {key} {text!r} is not a date (left out)")
                continue
            dates[key] = d
        for key, d in _validity(cell("validity"), where, counts).items():
            if key in dates and dates[key] != d:
                counts.problems.append(f"{where}: validity gives {key} {d.isoformat()}, its own column "
                                       f"{dates[key].isoformat()} (the column is taken)")
            dates.setdefault(key, d)
            attested.add("validity")
        for key, d in dates.items():
            quads.append(ox.Quad(iri, PROPS[key], ox.Literal(d.isoformat(), datatype=D_DATE), graph))
            attested.add(key)
        code = _row_status(cell("status"), spec, where, rules, counts)
        if code is not None:
            quads.append(ox.Quad(iri, PROPS["status"], N(CODE[code]), graph))
            attested.add("status")
            if as_of is not None:
                quads.append(ox.Quad(iri, N(PKG.statusAsOf), ox.Literal(as_of.isoformat(), datatype=D_DATE),
                                     graph))
        reg = cell("registrationId")
        if reg:
            quads.append(ox.Quad(iri, PROPS["registrationId"], ox.Literal(reg), graph))
            attested.add("registrationId")
        attested.add("docNumber")
        for key in sorted(attested - {"validity"}):
            quads.append(ox.Quad(rec, N(PKG.attests), PROPS[key], graph))
    return quads


def _one_line(text: str) -> str:
    return re.sub(r"\s*[\r\n]+\s*", "", text)


def _validity(text: str, where: str, counts: DocCounts) -> dict[str, dt.date]:
    """The dates an 有效期 cell states: its start (entry into force) and its end; other wording is reported."""
    if not text:
        return {}
    m = VALIDITY_RE.match(_one_line(text))
    start = _date(m["start"]) if m and m["start"].strip() else None
    end = _date(m["end"]) if m else None
    if m is None or end is None or (m["start"].strip() and start is None):
        counts.problems.append(f"{where}: validity {text!r} is not a date range (left out)")
        return {}
    return {"inForce": start, "noLongerInForce": end} if start else {"noLongerInForce": end}


def _row_status(text: str, spec: TableSpec, where: str, rules: Rules, counts: DocCounts) -> str | None:
    """The row's status cell, else the status its table's caption states; a disagreement is reported."""
    word = _squash(text)
    if not word:
        return spec.status
    code = rules.status.get(word)
    if code is None:
        counts.problems.append(f"{where}: status {word!r} not understood (left out)")
        return None
    if spec.status is not None and code != spec.status:
        counts.problems.append(f"{where}: status {word!r} differs from its table's caption {spec.caption!r} "
                               "(the row's cell is taken)")
    return code


def _last_data_row(t: Table, spec: TableSpec, end: int) -> int:
    """1-based number of the table's last row with a 文号 (rows after it, before the next table, are its caption)."""
    j = spec.cols["docNumber"]
    last = spec.data_start
    for r in range(spec.data_start, end):
        row = t.rows[r]
        if j < len(row) and row[j].strip():
            last = r + 1
    return last


def import_documents(path: Path, store: StoreDir, *, name: str | None = None, as_of: dt.date | None = None,
                     force: bool = False) -> ImportReport:
    path = Path(path)
    tables = read_tables(path)
    rules = load_rules()
    name = name or re.sub(r"[^\w.-]", "_", path.name)
    graph = graph_iri(f"documents/{iri_part(name)}")
    fp = f"{IMPORTER_VERSION}:{hashlib.sha256(path.read_bytes()).hexdigest()}:{as_of}"
    if not force and store.graph_fingerprint(graph) == fp:
        return ImportReport(graph.value, False, 0, [f"{path}: unchanged since the last import (nothing written)",
                                                    *store.refresh_derived()])
    counts = DocCounts()
    quads = _header(graph, fp, f"规范性文件目录清单 {path.name}") + \
        document_quads(path, tables, rules, graph, name, as_of, counts)
    store.replace_graph(graph, quads)
    lines = [f"{path}: {counts.documents} documents → {graph.value}"]
    if len(counts.tables) > 1:
        lines += counts.tables
    if counts.skipped_rows:
        lines.append(f"{counts.skipped_rows} rows without a 文号 left out")
    lines += counts.problems
    return ImportReport(graph.value, True, len(quads), lines)
