"""Import a bureau's list of its normative documents (规范性文件目录清单) from CSV or XLSX.

Each row with a 文号 becomes a document ``doc:<文号 slug>`` (identifiers.doc_iri) with what its cells state:
``pkg:docNumber``, ``dct:title``, the issuer as the list writes it (``dct:creator`` text: a list names organs
by name only, and matching a name to an organ node is not the list's statement), ``eli:date_document``,
``eli:date_publication``, ``eli:first_date_entry_in_force``, ``eli:date_no_longer_in_force``, ``pkg:dateRepealed``,
``eli:in_force``
(with ``pkg:statusAsOf`` when the list's date is given) and ``pkg:registrationId``. Every fact derives from a
record node quoting its row (file, sheet, row number, the cells as JSON). Cells that are empty or cannot be read
(a date that is not a date, an unknown status word, a malformed 文号) are left out and reported by row.
Which header names and status words are understood is data: data/import/document-list.toml.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import resources
from ..errors import PolicyKGError
from ..identifiers import doc_iri
from ..namespaces import CODE, DCT, ELI, PKG, PROV, RDF, RDFS, SKOS, SRC
from .importer import ImportReport, _header
from .laws import N, iri_part
from .persist import StoreDir, graph_iri

IMPORTER_VERSION = "documents-2"
PROPS = {
    "docNumber": N(PKG.docNumber), "title": N(DCT.title), "issuer": N(DCT.creator),
    "dateDocument": N(ELI.date_document), "datePublication": N(ELI.date_publication),
    "inForce": N(ELI.first_date_entry_in_force), "noLongerInForce": N(ELI.date_no_longer_in_force),
    "repealed": N(PKG.dateRepealed), "status": N(ELI.in_force), "registrationId": N(PKG.registrationId),
}
DATE_FIELDS = ("dateDocument", "datePublication", "inForce", "noLongerInForce", "repealed")
D_DATE = N("http://www.w3.org/2001/XMLSchema#date")
DATE_RE = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")


@dataclass
class Rules:
    columns: dict[str, list[str]]
    status: dict[str, str]


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
            status[re.sub(r"\s+", "", str(label))] = str(concept)[len(str(CODE)):]
    return Rules({k: [re.sub(r"\s+", "", h) for h in v] for k, v in data["columns"].items()}, status)


@dataclass
class Table:
    sheet: str | None
    rows: list[list[str]]  # every row, as text


def read_table(path: Path) -> Table:
    path = Path(path)
    if not path.is_file():
        raise PolicyKGError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            import openpyxl
        except ImportError:
            raise PolicyKGError("reading .xlsx needs openpyxl (pip install openpyxl)") from None
        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises zipfile/KeyError/ValueError types
            raise PolicyKGError(f"{path}: not a readable .xlsx workbook ({type(exc).__name__})") from None
        ws = wb.worksheets[0]
        rows = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
        wb.close()
        return Table(ws.title, rows)
    if suffix in (".csv", ".txt"):
        raw = path.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise PolicyKGError(f"{path}: neither UTF-8 nor GB18030 text")
        return Table(None, [list(r) for r in csv.reader(io.StringIO(text))])
    raise PolicyKGError(f"{path}: expected a .csv or .xlsx file")


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


def _date(text: str) -> dt.date | None:
    m = DATE_RE.match(text.strip())
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


def header_row(table: Table, rules: Rules) -> tuple[int, dict[str, int]]:
    for i, row in enumerate(table.rows[:30]):
        cells = [re.sub(r"\s+", "", c) for c in row]
        found = {}
        for key, names in rules.columns.items():
            for j, c in enumerate(cells):
                if c in names and key not in found:
                    found[key] = j
        if "docNumber" in found and "title" in found:
            return i, found
    raise PolicyKGError("no header row with a 文号 column and a title column (文件名称/标题) in the first 30 rows; "
                        "recognised headers: data/import/document-list.toml")


def document_quads(path: Path, table: Table, rules: Rules, graph: ox.NamedNode, name: str,
                   as_of: dt.date | None, counts: DocCounts) -> list[ox.Quad]:
    hi, cols = header_row(table, rules)
    src = ox.NamedNode(f"{SRC}list/{iri_part(name)}")
    raw_sha = hashlib.sha256(path.read_bytes()).hexdigest()
    quads = [ox.Quad(src, N(RDF.type), N(PKG.SourceText), graph),
             ox.Quad(src, N(PKG.localPath), ox.Literal(path.name), graph),
             ox.Quad(src, N(PKG.sha256), ox.Literal(raw_sha), graph),
             ox.Quad(src, N(RDFS.label), ox.Literal(f"规范性文件目录清单 {path.name}", language="zh"), graph)]
    header = table.rows[hi]
    seen: dict[str, int] = {}
    for r, row in enumerate(table.rows[hi + 1:], start=hi + 2):  # spreadsheet row numbers, 1-based
        def cell(key: str, row: list[str] = row) -> str:
            j = cols.get(key)
            return row[j].strip() if j is not None and j < len(row) else ""
        number = cell("docNumber")
        if not any(c.strip() for c in row):
            continue
        if not number:
            counts.skipped_rows += 1
            continue
        try:
            iri = ox.NamedNode(str(doc_iri(number)))
        except PolicyKGError as exc:
            counts.problems.append(f"row {r}: 文号 {number!r}: {exc}")
            continue
        if iri.value in seen:
            counts.problems.append(f"row {r}: 文号 {number} already on row {seen[iri.value]} (row left out)")
            continue
        seen[iri.value] = r
        counts.documents += 1
        rec = ox.NamedNode(f"{src.value}#row-{r}")
        cells = {header[j].strip(): row[j] for j in range(min(len(header), len(row))) if row[j].strip()}
        quads += [ox.Quad(rec, N(RDF.type), N(PROV.Entity), graph),
                  ox.Quad(rec, N(PROV.wasQuotedFrom), src, graph),
                  ox.Quad(rec, N(PROV.value), ox.Literal(json.dumps(cells, ensure_ascii=False, sort_keys=True)), graph),
                  ox.Quad(iri, N(PROV.wasDerivedFrom), rec, graph),
                  ox.Quad(iri, N(RDF.type), N(PKG.NormativeDocument), graph),
                  ox.Quad(iri, N(PKG.docNumber), ox.Literal(number), graph)]
        title = cell("title")
        if title:
            quads.append(ox.Quad(iri, PROPS["title"], ox.Literal(title, language="zh"), graph))
        issuer = cell("issuer")
        if issuer:
            quads.append(ox.Quad(iri, PROPS["issuer"], ox.Literal(issuer, language="zh"), graph))
        for key in DATE_FIELDS:
            text = cell(key)
            if not text:
                continue
            d = _date(text)
            if d is None:
                counts.problems.append(f"row {r}: {key} {text!r} is not a date (left out)")
                continue
            quads.append(ox.Quad(iri, PROPS[key], ox.Literal(d.isoformat(), datatype=D_DATE), graph))
        status = re.sub(r"\s+", "", cell("status"))
        if status:
            code = rules.status.get(status)
            if code is None:
                counts.problems.append(f"row {r}: status {status!r} not understood (left out)")
            else:
                quads.append(ox.Quad(iri, PROPS["status"], N(CODE[code]), graph))
                if as_of is not None:
                    quads.append(ox.Quad(iri, N(PKG.statusAsOf), ox.Literal(as_of.isoformat(), datatype=D_DATE),
                                         graph))
        reg = cell("registrationId")
        if reg:
            quads.append(ox.Quad(iri, PROPS["registrationId"], ox.Literal(reg), graph))
        for key in cols:
            if cell(key):
                quads.append(ox.Quad(rec, N(PKG.attests), PROPS[key], graph))
    return quads


def import_documents(path: Path, store: StoreDir, *, name: str | None = None, as_of: dt.date | None = None,
                     force: bool = False) -> ImportReport:
    path = Path(path)
    table = read_table(path)
    rules = load_rules()
    name = name or re.sub(r"[^\w.-]", "_", path.name)
    graph = graph_iri(f"documents/{iri_part(name)}")
    fp = f"{IMPORTER_VERSION}:{hashlib.sha256(path.read_bytes()).hexdigest()}:{as_of}"
    if not force and store.graph_fingerprint(graph) == fp:
        return ImportReport(graph.value, False, 0, [f"{path}: unchanged since the last import (nothing written)",
                                                    *store.refresh_derived()])
    counts = DocCounts()
    quads = _header(graph, fp, f"规范性文件目录清单 {path.name}") + \
        document_quads(path, table, rules, graph, name, as_of, counts)
    store.replace_graph(graph, quads)
    lines = [f"{path}: {counts.documents} documents → {graph.value}"]
    if counts.skipped_rows:
        lines.append(f"{counts.skipped_rows} rows without a 文号 left out")
    lines += counts.problems
    return ImportReport(graph.value, True, len(quads), lines)
