"""`policykg build`: load ontology, code lists and data; print what the graph holds."""

from __future__ import annotations

import click

from ..counts import class_counts, store_class_counts
from ..load import data_paths, load_all
from ..render.counts import counts_json, counts_text
from ..serialize import turtle_bytes
from .options import backend, backend_options, data_option, output_option, write_output


@click.command("build")
@data_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@output_option("Also write the merged graph as Turtle (atomically); the counts then go to stderr. / 同时输出合并后的图。",
               dash_is_stdout=False)
@backend_options
@click.pass_context
def command(ctx: click.Context, data_dirs, fmt, output, store, endpoint) -> None:
    """Load ontology, code lists and data; print counts per class.

    加载本体、代码表与数据，按类统计实例数。 With --store or --endpoint: count what the store holds (SPARQL).
    """
    if store is not None or endpoint is not None:
        from ..store import open_store

        folder, url = backend(store, endpoint)
        backend_store = open_store(data_dirs or None, store=folder, endpoint=url)
        counts, total = store_class_counts(backend_store)
        if output is not None:
            write_output(output, turtle_bytes(backend_store.graph()))
        _print(fmt, total, None, counts, str(folder or url), err=_dash(output))
        ctx.exit(0)
    files = data_paths(data_dirs)
    graph = load_all(data_dirs)
    counts = class_counts(graph)
    if output is not None:
        write_output(output, turtle_bytes(graph))
    _print(fmt, len(graph), len(files), counts, None, err=_dash(output))
    ctx.exit(0)


def _dash(output) -> bool:
    """-o -: the Turtle goes to stdout, so the counts go to stderr."""
    return output is not None and str(output) == "-"


def _print(fmt, triples, files, counts, where, err: bool = False) -> None:
    render = counts_json if fmt == "json" else counts_text
    click.echo(render(triples, files, counts, where), err=err)
