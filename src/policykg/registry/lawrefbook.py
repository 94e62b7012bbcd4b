"""Read a folder in the LawRefBook layout and join its Markdown versions with its db.sqlite3 metadata.

Layout (see the corpus README): national folders (宪法相关法/, 行政法/, 行政法规/, 司法解释/, 部门规章/公安部/ …) with
one ``NAME(YYYY-MM-DD).md`` per version and a national ``db.sqlite3``; ``DLC/<province>/`` with its own
``db.sqlite3`` and folders relative to it. A db row (table ``law``: level, name, publish, valid_from, expired,
category_id → ``category.folder``) joins a file by folder + name (or its ``filename``) + date. Every join is
checked: rows without a file and files without a row are reported, never guessed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from ..errors import PolicyKGError

VERSION_FILE_RE = re.compile(r"^(?P<stem>.+?)\((?P<date>\d{4}-\d{2}-\d{2})\)$")
SKIPPED_NAMES = {"_index.md", "README.md", "法律法规模版.md"}
# Folders that hold no law texts (the repository's case collections).
SKIPPED_FOLDERS = ("案例",)


@dataclass(frozen=True)
class DbRow:
    """One row of a db.sqlite3 ``law`` table, as stored."""

    db: str  # path of the db file relative to the corpus root
    id: str
    level: str
    name: str
    filename: str | None
    publish: dt.date | None
    valid_from: dt.date | None
    expired: bool
    folder: str  # category.folder, relative to the db's folder

    def record(self) -> str:
        """The row's fields as one JSON line (the quote that provenance points at)."""
        return json.dumps({"id": self.id, "level": self.level, "name": self.name, "filename": self.filename,
                           "publish": _iso(self.publish), "valid_from": _iso(self.valid_from),
                           "expired": int(self.expired), "folder": self.folder}, ensure_ascii=False,
                          sort_keys=True)


@dataclass(frozen=True)
class VersionFile:
    """One Markdown text of a version."""

    path: Path
    rel: str  # relative to the corpus root, '/'-separated
    base: str  # the db root it belongs to ('' national, 'DLC/山东地方法规' …)
    folder: str  # folder relative to *base*
    stem: str  # file name without (date).md
    date: dt.date | None  # the version date in the file name, None when the name has none


@dataclass
class Version:
    """A version file with its db row (if the join succeeded)."""

    file: VersionFile
    row: DbRow | None = None
    later: "Version | None" = None  # the next version of the same law in the corpus
    earlier: "Version | None" = None


@dataclass
class Corpus:
    root: Path
    versions: list[Version]
    rows: list[DbRow]
    databases: list[str]
    unjoined_rows: list[DbRow] = field(default_factory=list)
    unjoined_files: list[VersionFile] = field(default_factory=list)
    bad_rows: list[str] = field(default_factory=list)

    def join_report(self) -> list[str]:
        lines = [f"{len(self.versions)} version files, {len(self.rows)} db rows in {len(self.databases)} databases; "
                 f"{sum(1 for v in self.versions if v.row)} joined"]
        if self.unjoined_files:
            lines.append(f"{len(self.unjoined_files)} files without a db row, e.g. "
                         + ", ".join(f.rel for f in self.unjoined_files[:3]))
        if self.unjoined_rows:
            lines.append(f"{len(self.unjoined_rows)} db rows without a file, e.g. "
                         + ", ".join(f"{r.db}:{r.folder}/{r.name}({_iso(r.publish)})" for r in self.unjoined_rows[:3]))
        if self.bad_rows:
            lines.append(f"{len(self.bad_rows)} db rows with unreadable fields, e.g. {self.bad_rows[0]}")
        return lines


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _date(value, where: str, bad: list[str]) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        bad.append(f"{where}: {value!r} is not a date")
        return None


def _read_db(root: Path, db_path: Path, bad: list[str]) -> list[DbRow]:
    rel = db_path.relative_to(root).as_posix()
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            rows = con.execute(
                "SELECT l.id, l.level, l.name, l.filename, l.publish, l.valid_from, l.expired, c.folder "
                "FROM law l LEFT JOIN category c ON c.id = l.category_id ORDER BY l.id").fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise PolicyKGError(f"{rel}: not a LawRefBook metadata database ({exc})") from None
    out: list[DbRow] = []
    for rid, level, name, filename, publish, valid_from, expired, folder in rows:
        where = f"{rel} law {rid}"
        if folder is None:
            bad.append(f"{where}: category not found")
            continue
        out.append(DbRow(rel, str(rid), str(level), str(name), filename or None, _date(publish, where, bad),
                         _date(valid_from, where, bad), bool(expired), str(folder)))
    return out


def _bases(root: Path) -> list[tuple[str, Path]]:
    """(base, folder) of each metadata database: the national one and DLC/<province>/."""
    bases: list[tuple[str, Path]] = []
    if (root / "db.sqlite3").is_file():
        bases.append(("", root))
    dlc = root / "DLC"
    if dlc.is_dir():
        for sub in sorted(dlc.iterdir()):
            if sub.is_dir():
                bases.append((sub.relative_to(root).as_posix(), sub))
    return bases


def scan(root: Path) -> Corpus:
    """Every version file and db row under *root*, joined. PolicyKGError when *root* is not this layout."""
    root = Path(root)
    if not root.is_dir():
        raise PolicyKGError(f"{root}: no such folder")
    bases = _bases(root)
    if not bases:
        raise PolicyKGError(f"{root}: not a LawRefBook folder (no db.sqlite3 and no DLC/*/ folders)")
    bad: list[str] = []
    rows: list[DbRow] = []
    databases: list[str] = []
    files: list[VersionFile] = []
    dlc_dirs = {p for _b, p in bases if _b}
    for base, folder in bases:
        if (folder / "db.sqlite3").is_file():
            databases.append((folder / "db.sqlite3").relative_to(root).as_posix())
            rows.extend(_read_db(root, folder / "db.sqlite3", bad))
        for path in sorted(folder.rglob("*.md")):
            if path.name in SKIPPED_NAMES:
                continue
            if base == "" and any(parent in dlc_dirs or parent == root / "DLC" for parent in path.parents):
                continue  # DLC files belong to their province's base
            inner = path.parent.relative_to(folder).as_posix()
            if inner == "." or inner.split("/")[0] in SKIPPED_FOLDERS:
                continue
            m = VERSION_FILE_RE.match(path.stem)
            stem, date = (m["stem"], _date(m["date"], path.name, bad)) if m else (path.stem, None)
            files.append(VersionFile(path, path.relative_to(root).as_posix(), base, inner, stem, date))
    if not files:
        raise PolicyKGError(f"{root}: no law texts (NAME(YYYY-MM-DD).md) found")

    # Join: (base, folder, name-or-filename, date). A row's filename names the file stem when set.
    by_key: dict[tuple, VersionFile] = {}
    for f in files:
        by_key.setdefault((f.base, f.folder, f.stem, f.date), f)
    undated = {(f.base, f.folder, f.stem): f for f in files if f.date is None}
    db_base = {d: (d.rsplit("/", 1)[0] if "/" in d else "") for d in databases}
    versions = {f.rel: Version(f) for f in files}
    unjoined_rows: list[DbRow] = []
    for row in rows:
        if row.folder.split("/")[0] in SKIPPED_FOLDERS:
            continue
        base = db_base[row.db]
        hit = None
        for stem in ([row.filename] if row.filename else []) + [row.name]:
            hit = by_key.get((base, row.folder, stem, row.publish))
            if hit is None and row.publish is None:
                hit = by_key.get((base, row.folder, stem, None))
            if hit is not None:
                break
        if hit is None:  # a file named without a date joins by name when it is the only such file
            hit = undated.get((base, row.folder, row.filename or row.name))
        if hit is None or versions[hit.rel].row is not None:
            unjoined_rows.append(row)
        else:
            versions[hit.rel].row = row
    ordered = [versions[f.rel] for f in files]

    # Versions of one law: same base, folder and stem, ordered by date.
    laws: dict[tuple, list[Version]] = {}
    for v in ordered:
        if v.file.date is not None:
            laws.setdefault((v.file.base, v.file.folder, v.file.stem), []).append(v)
    for group in laws.values():
        group.sort(key=lambda v: cast(dt.date, v.file.date))  # only dated versions are grouped
        for a, b in zip(group, group[1:]):
            a.later, b.earlier = b, a
    return Corpus(root, ordered, rows, databases, unjoined_rows,
                  [v.file for v in ordered if v.row is None], bad)


def fingerprint(corpus: Corpus) -> str:
    """SHA-256 over every file the import reads (paths and bytes), in a fixed order."""
    h = hashlib.sha256()
    for rel in sorted([v.file.rel for v in corpus.versions] + corpus.databases):
        h.update(rel.encode("utf-8") + b"\0")
        h.update(hashlib.sha256((corpus.root / rel).read_bytes()).digest())
    return h.hexdigest()
