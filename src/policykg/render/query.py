"""Query results for people: a table that names things by 文号 or label, or the W3C result formats for programs.

`policykg query` prints what :func:`format_result` returns; rows too wide for the terminal become one record per
block (as psql's \\x).
"""

from __future__ import annotations

import os
import shutil
import sys
from typing import Any

from .. import queries as Q
from ..errors import PolicyKGError
from ..namespaces import bind_prefixes
from ..words import display_width

FORMATS = ("table", "csv", "tsv", "json")
MAX_CELL = 60  # display columns per cell in the horizontal table


def clip(text: str, width: int) -> str:
    """*text* cut to *width* display columns, ending in … when cut; newlines become spaces."""
    text = " ".join(text.split())
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def terminal_width() -> int:
    """Columns of the terminal; unlimited when the output goes to a file or a pipe (unless COLUMNS says)."""
    if os.environ.get("COLUMNS", "").isdigit():
        return max(int(os.environ["COLUMNS"]), 40)
    if not sys.stdout.isatty():
        return 1_000_000
    return max(shutil.get_terminal_size((120, 24)).columns, 40)


def drop_echo_columns(headers: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """Drop a column such as directiveNumber or resultLabel when it only repeats what directive/result shows."""
    keep = []
    for i, h in enumerate(headers):
        base = next((j for j, other in enumerate(headers)
                     if j != i and h != other and h.startswith(other) and h[len(other):] in ("Label", "Number")), None)
        if base is not None and all(not r[i] or r[i] == r[base] for r in rows):
            continue
        keep.append(i)
    return [headers[i] for i in keep], [[r[i] for i in keep] for r in rows]


def render_table(headers: list[str], rows: list[list[str]], *, max_width: int | None = None) -> str:
    """A plain-text table; rows wider than the terminal are shown one record per block instead (as psql \\x)."""
    if max_width is None:
        max_width = terminal_width()
    cells = [[clip(c, MAX_CELL) for c in row] for row in rows]
    widths = [display_width(h) for h in headers]
    for row in cells:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row)]
    total = sum(widths) + 3 * (len(widths) - 1)
    if total <= max_width or len(headers) <= 1:
        lines = [" | ".join(pad(h, w) for h, w in zip(headers, widths)).rstrip(),
                 "-+-".join("-" * w for w in widths)]
        lines += [" | ".join(pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
        return "\n".join(lines)
    key_width = max(display_width(h) for h in headers)
    blocks = []
    for i, row in enumerate(rows, 1):
        lines = [f"-[ {i} ]" + "-" * max(0, min(max_width, 40) - len(f"-[ {i} ]"))]
        for h, c in zip(headers, row):
            if c:
                lines.append(f"{pad(h, key_width)} | {' '.join(c.split())}")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


def format_result(result: Q.QueryResult, fmt: str, store) -> str:
    """The text `policykg query` prints for *result* in *fmt*."""
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        graph = result.graph
        assert graph is not None  # queries.run gives these forms a graph
        bind_prefixes(graph)
        if fmt == "json":
            return graph.serialize(format="json-ld", auto_compact=True)
        if fmt in ("csv", "tsv"):
            raise PolicyKGError(f"--format {fmt} is for SELECT and ASK queries; a {result.form} query prints "
                                  f"Turtle (table) or JSON-LD (json)")
        return graph.serialize(format="turtle")
    if fmt == "json":
        return Q.to_json(result)
    if fmt == "csv":
        return Q.to_csv(result)
    if fmt == "tsv":
        return Q.to_tsv(result)
    if result.form == "ASK":
        return ("true — 是" if result.boolean else "false — 否") + "\n"
    names = Q.labels(store)
    rows = [[Q.display(t, names) for t in row] for row in result.rows]
    headers, rows = drop_echo_columns(list(result.variables), rows)
    table = render_table(headers, rows)
    count = len(rows)
    return f"{table}\n({count} {'row' if count == 1 else 'rows'})\n"


def library_entry(q: Q.SavedQuery) -> dict:
    """One saved query or check as `policykg queries --format json` lists it."""
    entry: dict[str, Any] = {
        "name": q.name,
        "summary_zh": q.summary_zh,
        "summary_en": q.summary_en,
        "form": q.form,
        "params": [{"name": p.name, "type": p.type, "required": p.required, "default": p.default,
                    "description": p.description} for p in q.params],
        "tags": list(q.tags),
    }
    if q.is_check:
        entry["severity"] = q.header.get("severity")
        entry["rule"] = q.header.get("rule")
        entry["source"] = q.header.get("source")
    return entry


def library_listing(library: list[Q.SavedQuery]) -> str:
    """The saved queries with their parameters, then the checks: what `policykg queries` prints."""
    saved = [q for q in library if not q.is_check]
    checks = [q for q in library if q.is_check]
    width = max(display_width(q.name) for q in saved) + 2
    lines = []
    for q in saved:
        lines.append(f"{pad(q.name, width)}{q.summary_zh} / {q.summary_en}")
        for p in q.params:
            lines.append(f"{' ' * width}  --param {p.describe()}")
    lines.append("")
    lines.append("检查 / checks — every row is a finding; ?asOf is bound to --as-of:")
    for q in checks:
        lines.append(q.name)
        lines.append(f"{' ' * width}[{q.header.get('severity', '')}, {q.header.get('rule', '')}] "
                     f"{q.summary_zh} / {q.summary_en}")
    lines.append("")
    lines.append("Run: policykg query NAME [--param NAME=VALUE]... [--format table|csv|tsv|json]")
    return "\n".join(lines) + "\n"
