"""`policykg reason`: HermiT over ontology and data; report consistency, materialise inferences."""

from __future__ import annotations

from collections import Counter

import click
from rdflib.namespace import RDF

from ..load import load_all
from ..reason import label, reason
from ..serialize import turtle_bytes
from .options import data_option, output_option, write_output


@click.command("reason")
@data_option
@output_option("Write the inferred facts as Turtle (atomically) for later steps; the summary then goes to stderr. "
               "/ 输出推理得到的事实。", dash_is_stdout=False)
@click.option("--memory", type=int, default=4000, show_default=True, help="Java heap for HermiT, in MB.")
@click.pass_context
def command(ctx: click.Context, data_dirs, output, memory) -> None:
    """Check consistency with HermiT and materialise inferred facts.

    用 HermiT 检查本体与数据的一致性，并可物化推理结果（依据链传递闭包、逆关系、推断类别）。
    Exit 0 consistent, 1 inconsistent, 2 error (e.g. no Java).
    """
    to_stdout = output is not None and str(output) == "-"  # the Turtle goes to stdout, the summary to stderr
    graph = load_all(data_dirs)
    result = reason(graph, memory_mb=memory)
    if not result.consistent:
        click.echo("不一致：本体与数据相互矛盾 / INCONSISTENT: the ontology and the data contradict each other", err=to_stdout)
        for line in result.explanation or ["HermiT 未给出原因，请检查互斥类与函数属性 / HermiT gave no detail; check disjoint classes and functional properties"]:
            click.echo(f"  - {line}", err=to_stdout)
        ctx.exit(1)
    by_property = Counter(label(graph, p) if p != RDF.type else "rdf:type" for _s, p, _o in result.inferred)
    click.echo(f"一致 / consistent  (HermiT, {result.seconds:.1f} s, {len(graph)} triples in)", err=to_stdout)
    click.echo(f"推理得到 {len(result.inferred)} 条新事实 / {len(result.inferred)} inferred facts", err=to_stdout)
    for name, n in sorted(by_property.items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"  {n:>6}  {name}", err=to_stdout)
    if output is not None:
        write_output(output, turtle_bytes(result.inferred))
        if not to_stdout:
            click.echo(f"已写入 / written: {output}")
    ctx.exit(0)
