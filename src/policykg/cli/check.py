"""`policykg check`: the options of the pre-publication check and its rendering; the job is policykg.check."""

from __future__ import annotations

from pathlib import Path

import click

from ..check.drafts import registry_for
from ..check.run import SCOPES, check
from ..render import FORMATS, render
from ..rulebook.model import RuleBook
from ..rulebook.engines import DEFAULT_ENGINE
from ..errors import PolicyKGError
from ..review.baseline import load_baseline
from .options import as_of_option, backend, backend_options, data_option, output_option, parse_date, write_output
from .progress import Progress


HELP = """检查政策文件草案（或整个图谱）是否符合规则库，输出中英双语报告。
Check draft policy documents (or the whole graph) against the rule book; bilingual report.

\b
无草案：检查全部数据（登记库 + 案例）。  No DRAFT: check the whole graph (registry + cases).
有草案：载入登记库和草案，只报告草案（及其条款、举措等组成部分）的问题。
With DRAFT.ttl files: load the registry plus the drafts; report only findings about the drafts
and their parts, never about registry documents themselves.
草案也可以是 .txt/.html/.docx/.pdf 原文：先按 `policykg ingest` 提取。
A DRAFT may also be a .txt/.html/.docx/.pdf text: it is read as `policykg ingest` reads it.

\b
退出码 Exit codes:  0 通过 conforms · 1 有违规 violations (warnings too, unless --allow-warnings)
                    2 错误 error (broken Turtle, missing file, GBK text, bad date …; one line on stderr)

\b
例 Examples:
  policykg check --as-of 2026-11-26
  policykg check draft.ttl --format html -o report.html
  policykg check draft.docx --format json -o round1.json
  policykg check draft-v2.docx --baseline round1.json      # 新增 / 已改正 / 未改
  policykg check draft.docx --format docx -o 审核意见书.docx
"""


@click.command(name="check", help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("drafts", nargs=-1, metavar="[DRAFT ...]", type=click.Path(path_type=Path, dir_okay=False))
@data_option
@as_of_option
@click.option(
    "--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True,
    help="报告格式 Report format: text, markdown, html (one offline file), json, turtle (sh:ValidationReport),"
         " docx (合法性审核意见书, needs -o).",
)
@output_option("写入文件（原子写入；出错时不改动原文件） Write to FILE atomically instead of stdout.")
@click.option(
    "--allow-warnings", is_flag=True,
    help="警告与提示不阻断（退出码 0） Warnings and infos do not fail the check.",
)
@click.option(
    "--engine", default=DEFAULT_ENGINE, show_default=True, metavar="NAME",
    help="SHACL 引擎 SHACL engine: oxigraph (the rule book compiled to SPARQL, run on pyoxigraph), pyshacl "
         "(the reference), or an engine with pySHACL's API (pyshacl-turbo).",
)
@click.option(
    "--shapes", "shapes", multiple=True, type=click.Path(path_type=Path),
    help="另用规则文件或目录 Use these shape files/folders instead of the bundled rule book; repeatable.",
)
@click.option(
    "--checks", "checks", multiple=True, type=click.Path(path_type=Path),
    help="另用检查查询 Use these *-violation.rq files/folders instead of queries/checks; repeatable.",
)
@click.option(
    "--registry-scope", "registry_scope", type=click.Choice(SCOPES), default="bounded",
    show_default=True,
    help="草案只与其关联的登记库部分一起校验（bounded），或与整个登记库（full）。"
         " Validate a draft with the registry part it reaches (bounded: cost follows the draft, not the"
         " registry) or with the whole registry (full).",
)
@click.option(
    "--baseline", "baseline", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="PREVIOUS.json",
    help="与上一轮的 JSON 报告比较：每项问题标明新增、未改，另列已改正的。"
         " Compare with the JSON report of the previous round: each finding new or unchanged, fixed ones listed.",
)
@click.option("-q", "--quiet", is_flag=True, help="不显示进度 No progress on stderr.")
@click.option("-v", "--verbose", is_flag=True, help="在标准错误输出各阶段用时 Print the time of each stage on stderr.")
@backend_options
@click.pass_context
def command(ctx, drafts, data_dirs, as_of, fmt, output, allow_warnings, engine, shapes, checks, registry_scope,
            baseline, quiet, verbose, store, endpoint):
    date = parse_date(as_of)
    if fmt == "docx" and output is None:
        raise PolicyKGError("--format docx writes a Word file: give -o FILE.docx")
    previous = load_baseline(baseline) if baseline is not None else None
    with Progress(quiet=quiet, verbose=verbose) as progress:
        report = _check(drafts, data_dirs, date, engine, shapes, checks, registry_scope, previous, progress,
                        store, endpoint)
        progress.stage("输出报告 writing the report")
        text = render(report, fmt)
    write_output(output, text)
    ctx.exit(1 if report.blocking(allow_warnings=allow_warnings) else 0)


def _check(drafts, data_dirs, date, engine, shapes, checks, registry_scope, previous, progress, store, endpoint):
    progress.stage("读取登记库 reading the registry" if drafts else "读取数据 reading the data")
    folder, url = backend(store, endpoint)
    registry, citations = registry_for(drafts, data_dirs, store=folder, endpoint=url)
    rulebook = RuleBook.load(list(shapes) or None, list(checks) or None)
    return check(list(drafts), registry, as_of=date, scope=registry_scope, rulebook=rulebook, engine=engine,
                 citations=citations, baseline=previous, progress=progress)
