"""`policykg ingest`: read a draft file (.txt/.html/.docx/.pdf) into a draft graph with an excerpt for every fact."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..ingest.draft import facts_json, ingest_file
from ..ingest.evaluation import evaluation_json, find_title, ingest_evaluation_file
from ..ingest.text import read_draft
from ..render.ingest import evaluation_summary, summary
from ..serialize import turtle_bytes, write_output_file
from .options import backend, backend_options, output_option

HELP = """读取政策文件草案或实施后评估报告（.txt/.html/.docx/.pdf），提取其载明的事项，输出图谱。
Read a draft policy document or an evaluation report (.txt, .html, .docx, .pdf) and write what it states as a graph.

\b
评估报告（标题含 实施后评估、评估情况的报告、自评报告、绩效自评，或 --as evaluation）：评估对象及其文号和简称、
声明的评估维度与实际有内容的部分、实施领域、成效（数值、单位、比较词、期间、较基期变化）、评估结论、有效期处理、
下步工作举措，均标为“已提取（待核实）”。
An evaluation report gives the evaluation graph: evaluated documents, dimensions claimed vs present, areas,
results, conclusion, validity decision and next steps, all marked extracted until a reviewer confirms them.

\b
提取：标题、文号、发文机关、成文日期、文种、依据（根据《…》（文号））、所落实的政策（为…落实《…》）、
施行日期、有效期、编号举措；每项附原文摘录及其字符位置。未载明的事项不予推测。
Found: title, 文号, issuer, date, genre, bases, the policy implemented, entry into force, validity and
numbered measures — each with its quote and offsets in the normalised text. Nothing is guessed.

\b
例 Examples:
  policykg ingest draft.docx -o draft.ttl
  policykg ingest draft.txt --format json
  policykg check draft.docx --as-of 2026-11-26     # check ingests the draft itself
"""


@click.command(name="ingest", help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("file", metavar="FILE", type=click.Path(path_type=Path, dir_okay=False))
@output_option("写入文件（原子写入） Write to FILE atomically instead of stdout.")
@click.option(
    "--format", "fmt", type=click.Choice(["turtle", "json"]), default="turtle", show_default=True,
    help="输出格式 Output: turtle (the draft graph) or json (the facts with quotes and offsets).",
)
@click.option(
    "--as", "genre", type=click.Choice(["auto", "draft", "evaluation"]), default="auto", show_default=True,
    help="文本类型 What the text is: auto (an evaluation report when its title says 实施后评估, 评估情况的报告, "
         "自评报告, 绩效自评 …), draft, or evaluation (read it as an evaluation report).",
)
@backend_options
@click.pass_context
def command(ctx, file, output, fmt, genre, store, endpoint):
    if genre == "evaluation" or (genre == "auto" and find_title(read_draft(file).text) is not None):
        report = ingest_evaluation_file(file)
        graph, summary_text = report.graph, evaluation_summary(report, file.name)
        facts = evaluation_json(report, file.name)
    else:
        registry = None
        if store is not None or endpoint is not None:  # resolve citations against that backend's documents
            from ..registry.resolve import registry_index
            from ..store import open_store

            folder, url = backend(store, endpoint)
            registry = registry_index(open_store(store=folder, endpoint=url))
        draft = ingest_file(file, registry=registry)
        graph, summary_text = draft.graph, summary(draft, file.name)
        facts = facts_json(draft, file.name)
    if fmt == "turtle":
        data = turtle_bytes(graph)
    else:
        data = (json.dumps(facts, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    if output is not None:
        write_output_file(output, data)
    else:
        click.echo(data.decode("utf-8"), nl=False)
    click.echo(summary_text, err=True, nl=False)
    ctx.exit(0)
