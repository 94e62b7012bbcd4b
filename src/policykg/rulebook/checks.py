"""Check queries: ``queries/checks/*-violation.rq``, SPARQL beside the shapes (ODK convention: every row is a finding).

Each has a grlc-style header (read by :mod:`policykg.rulebook.header`, as the saved-query library reads it)::

    #+ summary: 依据须在文件成文日有效 / Basis in force on the issue date
    #+ severity: Violation
    #+ source: <https://w3id.org/policykg/doc/…/art-53>
    #+ message_zh: 依据 {?value} 在成文日已失效。
    #+ message_en: Basis {?value} had lapsed on the issue date.
    #+ fix_zh: …
    #+ fix_en: …
    #+ rule: R-SD-03

Rows bind ``?focus`` (required) and optionally ``?value`` and ``?path``; ``?asOf`` is pre-bound to the date of
the check. ``{?var}`` in a message is replaced by the readable form of that variable's value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from rdflib import URIRef

from .. import resources
from ..errors import PolicyKGError
from ..namespaces import BASE, PREFIXES
from ..words import SEVERITIES, Bilingual, Severity
from .header import header_entries

#: IRIs of check queries: ``<BASE>query/checks/<file stem>``.
CHECK_QUERY_BASE = BASE + "query/checks/"

# <IRI>, a bare absolute IRI, or a prefixed name
_IRI_TOKEN = re.compile(r"<([^<>\s]+)>|((?:https?|urn):[^\s,<>]+)|([A-Za-z][\w\-]*:[^\s,<>]+)")


def expand(paths: Iterable[Path], pattern: str) -> list[Path]:
    """Files and the *pattern* files of folders, in order; PolicyKGError for a missing path or an empty folder."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = sorted(q for q in p.rglob(pattern) if q.is_file())
            if not found:
                raise PolicyKGError(f"{p}: no {pattern} files in this folder")
            out.extend(found)
        elif p.is_file():
            out.append(p)
        else:
            raise PolicyKGError(f"{p}: no such file or folder")
    return out


def check_query_files(paths: Iterable[Path] | None = None) -> list[Path]:
    """The check queries: bundled queries/checks/*-violation.rq, or the given files and folders."""
    if paths is None:
        folder = resources.resource_dir("queries") / "checks"
        return sorted(folder.glob("*-violation.rq")) if folder.is_dir() else []
    return expand(paths, "*-violation.rq")


@dataclass(frozen=True)
class CheckQuery:
    """A ``*-violation.rq`` query and its header."""

    path: Path
    iri: URIRef
    summary: Bilingual
    severity: Severity
    sources: tuple[URIRef, ...]
    message: Bilingual
    fix: Bilingual
    rule_id: str | None
    text: str


def parse_check_query(path: Path) -> CheckQuery:
    """Read one check query and its ``#+ key: value`` header; PolicyKGError names the file on any problem."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise PolicyKGError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise PolicyKGError(f"{path}: not UTF-8") from None
    header: dict[str, str] = {}
    for key, value, is_item in header_entries(text):
        if not is_item:
            header.setdefault(key.lower(), value)
    severity = header.get("severity", "Violation").strip()
    if severity not in SEVERITIES:
        raise PolicyKGError(f"{path}: #+ severity must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    summary = header.get("summary", "")
    zh, _, en = summary.partition(" / ")
    sources: list[URIRef] = []
    for m in _IRI_TOKEN.finditer(header.get("source", "")):
        sources.append(URIRef(m[1] or m[2]) if (m[1] or m[2]) else _expand_curie(m[3], path))
    stem = path.name.removesuffix(".rq")
    return CheckQuery(
        path=path,
        iri=URIRef(CHECK_QUERY_BASE + stem),
        summary=Bilingual(zh.strip() or en.strip() or stem, en.strip() or zh.strip() or stem),
        severity=severity,
        sources=tuple(sources),
        message=_bilingual(header.get("message_zh", ""), header.get("message_en", "")),
        fix=_bilingual(header.get("fix_zh", ""), header.get("fix_en", "")),
        rule_id=header.get("rule") or None,
        text=text,
    )


def _bilingual(zh: str, en: str) -> Bilingual:
    return Bilingual(zh or en, en or zh)


def _expand_curie(curie: str, path: Path) -> URIRef:
    prefix, _, local = curie.partition(":")
    ns = PREFIXES.get(prefix)
    if ns is None:
        raise PolicyKGError(f"{path}: #+ source: unknown prefix {prefix!r}")
    return URIRef(str(ns) + local)


def load_check_queries(paths: Iterable[Path] | None = None) -> list[CheckQuery]:
    return [parse_check_query(p) for p in check_query_files(paths)]


__all__ = ["CHECK_QUERY_BASE", "CheckQuery", "check_query_files", "expand", "load_check_queries",
           "parse_check_query"]
