"""`policykg queries`: list the saved SPARQL library — name, summary and parameters of each query."""

from __future__ import annotations

import json

import click

from .. import queries as Q
from ..render.query import library_entry, library_listing


@click.command("queries")
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True)
@click.pass_context
def command(ctx, fmt):
    """List the saved queries (queries/*.rq) and the checks (queries/checks/*-violation.rq).

    Run one with `policykg query NAME [--param NAME=VALUE]...`.
    """
    library = Q.discover()
    if fmt == "json":
        click.echo(json.dumps([library_entry(q) for q in library], ensure_ascii=False, indent=2))
        ctx.exit(0)
    click.echo(library_listing(library), nl=False)
    ctx.exit(0)
