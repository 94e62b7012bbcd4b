"""`policykg query NAME|FILE.rq [--param k=v]... [--format table|csv|tsv|json]`: run a saved or a user's query.

Parameters are converted to RDF terms of their declared type and bound (never pasted into the text); see
policykg.queries. Table output names things by 文号 or label; csv/tsv/json are the W3C result formats.
"""

from __future__ import annotations

import click

from .. import queries as Q
from ..render.query import FORMATS, format_result
from ..safetext import for_terminal
from ..store import open_store
from .options import backend, backend_options, as_of_option, data_option, parse_date

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
