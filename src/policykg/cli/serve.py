"""`policykg serve`: a read-only SPARQL 1.1 endpoint over the graph, with a browser UI (policykg.serve)."""

from __future__ import annotations

import click

from .. import serve as S
from ..store import open_store
from .options import backend, backend_options, data_option


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback makes the endpoint reachable from other machines.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--timeout", default=S.DEFAULT_TIMEOUT, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may run before it is stopped (HTTP 503).")
@click.option("--max-rows", default=S.DEFAULT_MAX_ROWS, show_default=True, type=click.IntRange(min=1),
              help="Rows (or triples) returned at most; longer results are cut and marked X-PolicyKG-Truncated.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests whose Host header is NAME (repeatable; '*' answers any). By default only "
                   "the loopback names and the --host address are answered, against DNS rebinding.")
@click.option("--fast-slots", default=S.runner.DEFAULT_FAST_SLOTS, show_default=True, type=click.IntRange(min=1),
              help="Queries run at once in the fast lane (every query starts there).")
@click.option("--slow-slots", default=S.runner.DEFAULT_SLOW_SLOTS, show_default=True, type=click.IntRange(min=1),
              help="Expensive queries (still running after "
                   f"{S.runner.DEFAULT_FAST_BUDGET:g} s) run at once, at low priority; the others wait.")
@data_option
@backend_options
@click.pass_context
def command(ctx, host, port, timeout, max_rows, allow_hosts, fast_slots, slow_slots, data_dirs, store, endpoint):
    """Serve the graph read-only: SPARQL 1.1 Protocol at /sparql, a query page at /.

    \b
    UPDATE requests are refused (HTTP 403), and so are SERVICE and FROM (the endpoint calls no one).
    Results follow the Accept header: SPARQL JSON (default), XML, CSV or TSV; Turtle, N-Triples,
    JSON-LD or RDF/XML for CONSTRUCT. Requests with a Host header other than loopback (or --allow-host)
    are refused (HTTP 421). POLICYKG_MAX_QUERY caps the query text (policykg.limits).
    \b
    Example:
      policykg serve --port 8000
      curl -H 'Accept: application/sparql-results+json' \\
           --data-urlencode 'query=SELECT ?d WHERE { ?d a <https://w3id.org/policykg/ns#PolicyDocument> }' \\
           http://127.0.0.1:8000/sparql
    """
    if not S.is_loopback(host):
        click.echo(f"policykg: warning: listening on {host} makes the endpoint reachable from other machines; "
                   f"it is read-only but has no authentication", err=True)
    folder, url = backend(store, endpoint)
    store = open_store(data_dirs or None, store=folder, endpoint=url)
    S.serve(store, host=host, port=port, timeout=timeout, max_rows=max_rows, allow_hosts=allow_hosts,
            fast_slots=fast_slots, slow_slots=slow_slots, echo=lambda line: click.echo(line, err=True))
    ctx.exit(0)
