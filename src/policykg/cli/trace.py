"""`policykg trace [RESULT] [--all]`: each result's chain to the directives it rests on, with the quotes."""

from __future__ import annotations

import click

from .. import trace as T
from ..errors import PolicyKGError
from ..store import open_store
from .options import backend, backend_options, data_option


@click.command("trace")
@click.argument("result", required=False)
@click.option("--all", "all_results", is_flag=True, help="Trace every result of the data.")
@click.option("--format", "fmt", type=click.Choice(("text", "markdown", "json")), default="text", show_default=True,
              help="text and markdown for people (Chinese and English); json for programs.")
@data_option
@backend_options
@click.pass_context
def command(ctx, result, all_results, fmt, data_dirs, store, endpoint):
    """Trace RESULT (an IRI, or a unique part of its label) — or every result with --all — to its directives.

    \b
    Each result is followed through its measures and implementation area to the provisions they implement
    (provision level), and through the documents it is attributed to along their basis chain (document level).
    \b
    Examples:
      policykg trace 1700
      policykg trace --all --format json
    """
    if result is None and not all_results:
        raise PolicyKGError("give a RESULT (IRI or part of its label) or --all")
    if result is not None and all_results:
        raise PolicyKGError("give either a RESULT or --all, not both")
    folder, url = backend(store, endpoint)
    store = open_store(data_dirs or None, store=folder, endpoint=url)
    traces = T.trace(store, result)
    if fmt == "json":
        click.echo(T.render_json(traces), nl=False)
    else:
        click.echo(T.render_text(traces, markdown=fmt == "markdown"), nl=False)
    ctx.exit(0)
