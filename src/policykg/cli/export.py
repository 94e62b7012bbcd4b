"""`policykg export`: draw the graph for Gephi, Cytoscape, Graphviz, JSON-LD tools or a browser."""

from __future__ import annotations

import sys

import click

from ..errors import PolicyKGError
from ..export import FORMAT_NAMES, VIEWS, build_view, export_bytes, format_for_suffix, get_format, read_model
from ..export.focus import MAX_DEPTH, resolve_focus
from ..serialize import write_output_file
from ..store import open_store
from .options import backend, backend_options, data_option, output_option

DEFAULT_DEPTH = 1


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default=None,
              help="Output format (default: from the -o suffix).")
@output_option("File to write (replaced atomically); omitted: standard output.")
@click.option("--view", "view_name", type=click.Choice(VIEWS), default="all", show_default=True,
              help="basis: documents and their 依据 links; trace: result → measure/area → document → "
                   "provision/directive; all: every linked entity.")
@click.option("--focus", metavar="文号|IRI", default=None,
              help="Keep only the neighbourhood of this document or entity (文号, IRI or doc:… compact IRI).")
@click.option("--depth", type=click.IntRange(0, MAX_DEPTH), default=None, metavar="N",
              help=f"Hops around --focus, ignoring direction (default {DEFAULT_DEPTH}).")
@data_option
@backend_options
@click.pass_context
def command(ctx, fmt, output, view_name, focus, depth, data_dirs, store, endpoint):
    """Export a view of the graph as GraphML, GEXF, Cytoscape JSON, DOT, SVG, PNG, JSON-LD or an offline HTML viewer.

    \b
    Examples:
      policykg export --view trace --format html -o trace.html
      policykg export --view basis -o basis.gexf
      policykg export --focus 威政字〔2023〕40号 --depth 2 -o plan.svg
    """
    to_stdout = output is None or str(output) == "-"
    if fmt is None:
        fmt = None if to_stdout else format_for_suffix(output.suffix)
        if fmt is None:
            raise PolicyKGError(f"--format is needed (one of {', '.join(FORMAT_NAMES)})"
                                + ("" if to_stdout else f": the suffix of {output} does not name one"))
    if depth is not None and focus is None:
        raise PolicyKGError("--depth needs --focus (the node whose neighbourhood to keep)")
    if to_stdout and get_format(fmt).binary and sys.stdout.isatty():
        raise PolicyKGError(f"{fmt} is binary: write it to a file with -o FILE")

    folder, url = backend(store, endpoint)
    model = read_model(open_store(list(data_dirs) or None, store=folder, endpoint=url))
    focus_node = resolve_focus(focus, model) if focus is not None else None
    view = build_view(model, view_name, focus=focus_node,
                      depth=(depth if depth is not None else DEFAULT_DEPTH) if focus_node is not None else None)
    data = export_bytes(view, model, fmt)

    if to_stdout:
        sys.stdout.flush()
        if hasattr(sys.stdout, "buffer"):
            sys.stdout.buffer.write(data)
        else:  # a text stream (tests capture stdout this way)
            sys.stdout.write(data.decode("utf-8", "replace"))
        sys.stdout.flush()
    else:
        write_output_file(output, data)
        g = view.graph
        click.echo(f"wrote {output} ({fmt}, {view_name} view: {g.number_of_nodes()} nodes, "
                   f"{g.number_of_edges()} edges)", err=True)
    ctx.exit(0)
