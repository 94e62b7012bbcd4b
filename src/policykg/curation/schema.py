"""Read a curated file (TSV or TOML) and hold it to its contract in data/curation/schema.toml.

A contract names each column (TSV) or key (TOML table) with a type; the reader refuses a file that breaks it
with one line naming the file, the row and the column, so a typo in curated data never reaches a builder.

Types: ``text`` (non-empty string), ``name`` (lower-case ASCII words joined by ``-``), ``int``, ``bool``,
``date`` (YYYY-MM-DD), ``year`` (YYYY), ``iri`` (absolute http(s) IRI), ``curie`` (a project prefix and a
local name, e.g. ``pkg:Statute``), ``one of A|B|C``; ``list of T`` is a TOML array (or, in TSV, ``|``-separated
values); ``table NAME`` / ``tables NAME`` nest one / an array of tables under the contract ``[tables.NAME]``.
A trailing ``?`` makes a column optional (an empty TSV cell, an absent TOML key). TSV cells escape a newline
as ``\\n``, a tab as ``\\t`` and a backslash as ``\\\\``; lines starting with ``#`` are comments.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PolicyKGError
from ..namespaces import PREFIXES

Row = dict[str, Any]

_NAME_RE = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR_RE = re.compile(r"^\d{4}$")
_IRI_RE = re.compile(r"^https?://\S+$")
_CURIE_RE = re.compile(r"^([a-z]+):(\S+)$")
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\"}


class CurationError(PolicyKGError):
    """A curated file breaks its contract (exit 2, one line)."""


@dataclass(frozen=True)
class FieldType:
    base: str               # text, name, int, bool, date, year, iri, curie, one, table, tables
    optional: bool = False
    is_list: bool = False
    choices: tuple[str, ...] = ()
    table: str | None = None

    @classmethod
    def parse(cls, spec: str, where: str) -> FieldType:
        text = spec.strip()
        optional = text.endswith("?")
        text = text.rstrip("?").strip()
        is_list = text.startswith("list of ")
        if is_list:
            text = text[len("list of "):].strip()
        if text.startswith("one of "):
            return cls("one", optional, is_list, tuple(text[len("one of "):].split("|")))
        if text.startswith(("table ", "tables ")):
            base, name = text.split(None, 1)
            return cls(base, optional, is_list, table=name.strip())
        if text not in ("text", "name", "int", "bool", "date", "year", "iri", "curie"):
            raise CurationError(f"{where}: unknown type {spec!r}")
        return cls(text, optional, is_list)


class Contract:
    """The contracts of every curated file, read from schema.toml."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            raw = tomllib.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CurationError(f"{self.path}: no such file") from None
        except tomllib.TOMLDecodeError as exc:
            raise CurationError(f"{self.path}: not valid TOML: {exc}") from None
        self.files: dict[str, dict[str, Any]] = raw.get("files", {})
        self.tables: dict[str, dict[str, FieldType]] = {}
        for name, fields in raw.get("tables", {}).items():
            self.tables[name] = {k: FieldType.parse(v, f"{self.path.name} [tables.{name}] {k}")
                                 for k, v in fields.items() if k != "description"}
        for name, spec in self.files.items():
            for key in ("description", "source"):
                if not isinstance(spec.get(key), str) or not spec[key].strip():
                    raise CurationError(f"{self.path.name}: [files.\"{name}\"] lacks {key}")
            if name.endswith(".tsv") and not isinstance(spec.get("columns"), dict):
                raise CurationError(f"{self.path.name}: [files.\"{name}\"] lacks columns")
            if name.endswith(".toml") and not isinstance(spec.get("tables"), dict):
                raise CurationError(f"{self.path.name}: [files.\"{name}\"] lacks tables")

    def spec(self, name: str) -> dict[str, Any]:
        if name not in self.files:
            raise CurationError(f"{self.path.name}: no contract for {name}")
        return self.files[name]


def _unescape(cell: str, where: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(cell):
        c = cell[i]
        if c == "\\":
            nxt = cell[i + 1:i + 2]
            if nxt not in _ESCAPES:
                raise CurationError(f"{where}: unknown escape \\{nxt}")
            out.append(_ESCAPES[nxt])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _scalar(value: Any, ftype: FieldType, where: str) -> Any:
    base = ftype.base
    if base == "int":
        if isinstance(value, str):
            if not re.fullmatch(r"-?\d+", value):
                raise CurationError(f"{where}: {value!r} is not an integer")
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise CurationError(f"{where}: {value!r} is not an integer")
        return value
    if base == "bool":
        if isinstance(value, str) and value in ("true", "false"):
            return value == "true"
        if not isinstance(value, bool):
            raise CurationError(f"{where}: {value!r} is not true or false")
        return value
    if not isinstance(value, str):
        raise CurationError(f"{where}: {value!r} is not a string")
    if not value:
        raise CurationError(f"{where}: empty")
    if base == "name" and not _NAME_RE.match(value):
        raise CurationError(f"{where}: {value!r} is not a lower-case name")
    if base == "date" and not _DATE_RE.match(value):
        raise CurationError(f"{where}: {value!r} is not a date YYYY-MM-DD")
    if base == "year" and not _YEAR_RE.match(value):
        raise CurationError(f"{where}: {value!r} is not a year YYYY")
    if base == "iri" and not _IRI_RE.match(value):
        raise CurationError(f"{where}: {value!r} is not an http(s) IRI")
    if base == "curie":
        m = _CURIE_RE.match(value)
        if m is None or m.group(1) not in PREFIXES:
            raise CurationError(f"{where}: {value!r} is not prefix:name with a project prefix")
    if base == "one" and value not in ftype.choices:
        raise CurationError(f"{where}: {value!r} is not one of {'|'.join(ftype.choices)}")
    return value


class Reader:
    """Validated rows of the curated files in one folder."""

    def __init__(self, root: Path, folder: Path | None = None) -> None:
        self.root = Path(root)  # the checkout (or a copy): data/ and ontology/ are below it
        self.folder = Path(folder) if folder is not None else self.root / "data" / "curation"
        self.contract = Contract(self.folder / "schema.toml")

    def _path(self, name: str) -> Path:
        path = self.folder / name
        if not path.is_file():
            raise CurationError(f"{path}: no such file")
        return path

    def tsv(self, name: str) -> list[Row]:
        """The rows of a TSV file, each a dict of its non-empty columns, typed by the contract."""
        spec = self.contract.spec(name)
        columns = {k: FieldType.parse(v, f"schema.toml {name} {k}") for k, v in spec["columns"].items()}
        path = self._path(name)
        try:
            lines = path.read_text(encoding="utf-8").split("\n")
        except UnicodeDecodeError as exc:
            raise CurationError(f"{path}: not UTF-8 (byte {exc.start})") from None
        rows: list[Row] = []
        header: list[str] | None = None
        for number, line in enumerate(lines, 1):
            line = line.rstrip("\r")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                if header != list(columns):
                    raise CurationError(f"{name}:{number}: columns {header} are not the contract's {list(columns)}")
                continue
            if len(cells) != len(header):
                raise CurationError(f"{name}:{number}: {len(cells)} cells, the header has {len(header)}")
            row: Row = {}
            for column, cell in zip(header, cells):
                ftype, where = columns[column], f"{name}:{number}: column {column}"
                if cell == "":
                    if not ftype.optional:
                        raise CurationError(f"{where}: empty")
                    continue
                text = _unescape(cell, where)
                row[column] = [_scalar(v, ftype, where) for v in text.split("|")] if ftype.is_list \
                    else _scalar(text, ftype, where)
            rows.append(row)
        if header is None:
            raise CurationError(f"{name}: no header line")
        return rows

    def toml(self, name: str) -> dict[str, Any]:
        """The top-level tables of a TOML file, checked against the contract's tables (recursively)."""
        spec = self.contract.spec(name)
        path = self._path(name)
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            raise CurationError(f"{path}: not UTF-8 (byte {exc.start})") from None
        except tomllib.TOMLDecodeError as exc:
            raise CurationError(f"{name}: not valid TOML: {exc}") from None
        top = {k: FieldType.parse(v, f"schema.toml {name} {k}") for k, v in spec["tables"].items()}
        return self._check_table(raw, top, name)

    def _check_table(self, value: Any, fields: dict[str, FieldType], where: str) -> Row:
        if not isinstance(value, dict):
            raise CurationError(f"{where}: not a table")
        unknown = sorted(set(value) - set(fields))
        if unknown:
            raise CurationError(f"{where}: unknown key {unknown[0]!r} (the contract has {', '.join(fields)})")
        out: Row = {}
        for key, ftype in fields.items():
            at = f"{where}: {key}"
            if key not in value:
                if not ftype.optional:
                    raise CurationError(f"{at}: missing")
                continue
            out[key] = self._check_value(value[key], ftype, at)
        return out

    def _check_value(self, value: Any, ftype: FieldType, where: str) -> Any:
        if ftype.base in ("table", "tables"):
            if ftype.table not in self.contract.tables:
                raise CurationError(f"schema.toml: no [tables.{ftype.table}]")
            fields = self.contract.tables[ftype.table]
            if ftype.base == "table":
                return self._check_table(value, fields, where)
            if not isinstance(value, list):
                raise CurationError(f"{where}: not an array of tables")
            return [self._check_table(item, fields, f"{where}[{i}]") for i, item in enumerate(value, 1)]
        if ftype.is_list:
            if not isinstance(value, list):
                raise CurationError(f"{where}: not a list")
            return [_scalar(v, ftype, f"{where}[{i}]") for i, v in enumerate(value, 1)]
        return _scalar(value, ftype, where)


__all__ = ["CurationError", "Contract", "FieldType", "Reader", "Row"]
