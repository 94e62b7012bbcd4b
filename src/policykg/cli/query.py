"""`policykg query NAME|FILE.rq [--param k=v]... [--format table|csv|tsv|json]`: run a saved or a user's query.

Parameters are converted to RDF terms of their declared type and bound (never pasted into the text); see
policykg.queries. Table output names things by 文号 or label; csv/tsv/json are the W3C result formats.
"""

from __future__ import annotations

import os
import shutil
import sys

import click

from .. import queries as Q
from ..errors import PolicyKGError
from ..namespaces import bind_prefixes
from ..safetext import for_terminal
from ..store import open_store
from ..words import display_width
from .options import backend, backend_options, as_of_option, data_option, parse_date

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


@click.command("query")
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a declared parameter; repeatable. A 文号 is accepted where a document IRI is expected.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table for people (文号 and labels); csv, tsv, json (SPARQL 1.1 results) for programs.")
@data_option
@as_of_option
@backend_options
@click.pass_context
def command(ctx, name, params, fmt, data_dirs, as_of, store, endpoint):
    """Run the saved query NAME (see `policykg queries`) or the SPARQL file FILE.rq.

    \b
    Examples:
      policykg query uncovered-provisions
      policykg query impact-of-change --param directive=国科发创〔2016〕370号
      policykg query basis-status --as-of 2026-01-01 --format csv
    """
    query = Q.load(name)
    values = Q.parse_assignments(params)
    day = parse_date(as_of) if as_of is not None else None
    Q.bind(query, values, None, as_of=day)  # names and types first: fail before loading the graph
    folder, url = backend(store, endpoint)
    store = open_store(data_dirs or None, store=folder, endpoint=url)
    bindings = Q.bind(query, values, store, as_of=day)
    result = Q.run(store, query, bindings)
    out = format_result(result, fmt, store)
    click.echo(for_terminal(out) if fmt == "table" else out, nl=False)
    ctx.exit(0)
