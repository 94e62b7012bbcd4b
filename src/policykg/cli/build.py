"""`policykg build`: load ontology, code lists and data; print what the graph holds."""

from __future__ import annotations

import json

import click
from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SKOS

from ..load import data_paths, load_all
from ..namespaces import PKG
from ..serialize import turtle_bytes
from ..words import display_width
from .options import backend, backend_options, data_option, output_option, write_output

# (class, zh, en) in the order a reader expects
COUNTED = [
    (PKG.Document, "文件", "documents"),
    (PKG.Statute, "  法律", "  statutes"),
    (PKG.AdministrativeRegulation, "  行政法规", "  administrative regulations"),
    (PKG.LocalRegulation, "  地方性法规", "  local regulations"),
    (PKG.PolicyDocument, "  政策性文件", "  policy documents"),
    (PKG.EvaluationReport, "  评估报告", "  evaluation reports"),
    (PKG.Provision, "条款", "provisions"),
    (PKG.Measure, "举措", "measures"),
    (PKG.PlannedMeasure, "  下步工作举措", "  planned measures"),
    (PKG.ImplementationArea, "实施领域", "implementation areas"),
    (PKG.Indicator, "指标", "indicators"),
    (PKG.Result, "成效", "results"),
    (PKG.QuantitativeResult, "  量化成效", "  quantitative"),
    (PKG.QualitativeResult, "  定性成效", "  qualitative"),
    (PKG.Evaluation, "评估", "evaluations"),
    (PKG.Organ, "机关", "organs"),
    (PKG.SourceText, "来源文本", "source texts"),
    (PKG.Excerpt, "原文摘录", "excerpts"),
    (SKOS.Concept, "代码表概念", "code-list concepts"),
]


def class_counts(graph: Graph) -> dict[str, int]:
    """Instances per class, counting subclasses (rdfs:subClassOf*) without running a reasoner."""
    counts = {}
    for cls, _zh, _en in COUNTED:
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
    for cls, _zh, _en in COUNTED:
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
                               "counts": {en.strip(): counts[str(c)] for c, _zh, en in COUNTED}},
                              ensure_ascii=False, indent=2), err=err)
    else:
        if where is None:
            click.echo(f"已加载 {files} 个数据文件，共 {graph_len} 条三元组 / loaded {files} data files, {graph_len} triples", err=err)
        else:
            click.echo(f"存储 {where}，共 {graph_len} 条三元组 / store {where}, {graph_len} triples", err=err)
        width = max(display_width(zh) for _c, zh, _en in COUNTED)
        for cls, zh, en in COUNTED:
            click.echo(f"{zh}{' ' * (width - display_width(zh))}  {counts[str(cls)]:>6}  {en}", err=err)
