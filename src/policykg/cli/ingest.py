"""`policykg ingest`: read a draft file (.txt/.html/.docx/.pdf) into a draft graph with an excerpt for every fact."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..ingest.draft import IngestedDraft, facts_json, ingest_file
from ..serialize import turtle_bytes, write_output_file

HELP = """读取政策文件草案（.txt/.html/.docx/.pdf），提取其载明的事项，输出草案图谱。
Read a draft policy document (.txt, .html, .docx, .pdf) and write what it states as a draft graph.

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


def summary(draft: IngestedDraft, name: str) -> str:
    """A short bilingual account of what was found (and what was not), for stderr."""
    f = draft.facts
    none = "—（未载明 not stated）"
    lines = [f"读取 Read {name} [{draft.source_format}, {len(draft.text)} 字 chars] → <{draft.document}>"]

    def row(zh: str, en: str, value: str | None) -> None:
        lines.append(f"  {zh} {en}: {value if value else none}")

    row("标题", "title", f.title.text if f.title else None)
    row("文号", "number", f.doc_number.text if f.doc_number else None)
    row("发文机关", "issuer", "、".join(s.text for s in f.issuers))
    row("成文日期", "date", f.date_document.value.isoformat() if f.date_document else None)
    row("文种", "genre", f.genre[1].text if f.genre else None)
    row("依据", "based on", "、".join(c.number or f"《{c.title}》" for c in f.bases))
    row("落实", "implements", "、".join(c.number or f"《{c.title}》" for c in f.implemented))
    row("施行日期", "in force from", f.in_force.value.isoformat() if f.in_force else None)
    row("有效期至", "valid until", f.valid_until.value.isoformat() if f.valid_until else None)
    row("有效期", "validity", f"{f.validity_years[0]} 年 years" if f.validity_years else None)
    lines.append(f"  举措 measures: {len(f.measures)}")
    unlinked = [c for c in f.citations if c.target is None]
    if unlinked:
        lines.append("  未关联（引用无文号） not linked (cited without a 文号): "
                     + "、".join(f"《{c.title}》" for c in unlinked))
    return "\n".join(lines) + "\n"


@click.command(name="ingest", help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("file", metavar="FILE", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
    help="写入文件（原子写入） Write to FILE atomically instead of stdout.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["turtle", "json"]), default="turtle", show_default=True,
    help="输出格式 Output: turtle (the draft graph) or json (the facts with quotes and offsets).",
)
@click.pass_context
def command(ctx, file, output, fmt):
    draft = ingest_file(file)
    if fmt == "turtle":
        data = turtle_bytes(draft.graph)
    else:
        data = (json.dumps(facts_json(draft, file.name), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    if output is not None:
        write_output_file(output, data)
    else:
        click.echo(data.decode("utf-8"), nl=False)
    click.echo(summary(draft, file.name), err=True, nl=False)
    ctx.exit(0)
