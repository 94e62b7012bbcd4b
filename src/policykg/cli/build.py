"""`policykg build`: load ontology, code lists and data; print what the graph holds."""

from __future__ import annotations

import json

import click
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from .. import vocab
from ..load import data_paths, load_all
from ..serialize import turtle_bytes
from ..words import display_width
from .options import backend, backend_options, data_option, output_option, write_output



def _counted() -> list[tuple[URIRef, str, str]]:
    """(class, zh, en) of what build counts (the ontology's pkg:countOrder), subclasses indented."""
    return [(c.cls, "  " * c.depth + c.label.zh, "  " * c.depth + c.label.en) for c in vocab.counted_classes()]


def class_counts(graph: Graph) -> dict[str, int]:
    """Instances per class, counting subclasses (rdfs:subClassOf*) without running a reasoner."""
    counts = {}
    for cls, _zh, _en in _counted():
        subclasses = set(graph.transitive_subjects(RDFS.subClassOf, cls))
        members: set = set()
        for c in subclasses:
            members.update(graph.subjects(RDF.type, c))
        counts[str(cls)] = len(members)
    return counts


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


def store_class_counts(store) -> tuple[dict[str, int], int]:
    """class_counts, and the number of triples, by SPARQL on any backend."""
    counts = {}
    for cls, _zh, _en in _counted():
        _n, rows = store.select("SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?c <%s>* ?cls . ?x a ?c }"
                                % RDFS.subClassOf, {"cls": cls})
        counts[str(cls)] = int(rows[0][0]) if rows and rows[0][0] is not None else 0
    _n, rows = store.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    return counts, int(rows[0][0])


def _dash(output) -> bool:
    """-o -: the Turtle goes to stdout, so the counts go to stderr."""
    return output is not None and str(output) == "-"


def _print(fmt, triples, files, counts, where, err: bool = False) -> None:
    graph_len = triples
    if fmt == "json":
        click.echo(json.dumps({"triples": graph_len, "data_files": files, **({"store": where} if where else {}),
                               "counts": {en.strip(): counts[str(c)] for c, _zh, en in _counted()}},
                              ensure_ascii=False, indent=2), err=err)
    else:
        if where is None:
            click.echo(f"已加载 {files} 个数据文件，共 {graph_len} 条三元组 / loaded {files} data files, {graph_len} triples", err=err)
        else:
            click.echo(f"存储 {where}，共 {graph_len} 条三元组 / store {where}, {graph_len} triples", err=err)
        width = max(display_width(zh) for _c, zh, _en in _counted())
        for cls, zh, en in _counted():
            click.echo(f"{zh}{' ' * (width - display_width(zh))}  {counts[str(cls)]:>6}  {en}", err=err)
