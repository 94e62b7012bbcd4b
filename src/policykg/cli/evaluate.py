"""`policykg evaluate`: draft the 实施后评估报告 of documents from the graph, every sentence traced."""

from __future__ import annotations


import click

from ..evaluate import FORMATS, draft_report, render
from ..serialize import write_output_file
from .options import data_option, output_option, parse_date

HELP = """依据知识图谱起草实施后评估报告（草稿），每句注明所依据的原文、事实或检查发现。
Draft the post-implementation evaluation report (实施后评估报告) of DOCUMENT... from the graph.

\b
结构 Structure: 一、评估工作的基本情况；二、评估内容分析和依据（（一）合法性和规范性——基准日的检查发现、
依据效力状态、有效期；（二）实施情况及效果——按实施领域列成效；（三）存在的问题——检查发现、缺失部分、
上位文件条款落实情况表）；三、评估结论（由评估人填写，列出相关事实）；四、下步工作打算。
Every sentence carries a footnote (markdown, docx) or a link (html) to its traces; nothing is invented,
and a part with nothing recorded says so.

\b
例 Examples:
  policykg evaluate 威政发〔2023〕5号 威政字〔2023〕40号 --as-of 2025-12-05 --format docx -o 评估报告.docx
  policykg evaluate 威政字〔2023〕40号 --as-of 2025-12-05            # Markdown on stdout
"""


@click.command(name="evaluate", help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("documents", nargs=-1, required=True, metavar="DOCUMENT...")
@click.option("--as-of", "as_of", required=True, metavar="YYYY-MM-DD",
              help="基准日 The date the check and the basis status are computed for.")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="markdown", show_default=True,
              help="输出格式 Output format.")
@output_option("写入文件（原子写入） Write to FILE atomically (required for docx unless stdout is redirected).")
@data_option
@click.pass_context
def command(ctx, documents, as_of, fmt, output, data_dirs):
    date = parse_date(as_of)
    report = draft_report(documents, as_of=date, data_dirs=data_dirs)
    data = render(report, fmt)
    if output is not None:
        write_output_file(output, data)
    elif fmt == "docx":
        stream = click.get_binary_stream("stdout")  # type: ignore[operator]  # click 8.5 types its deprecated name object
        if stream.isatty():
            from ..errors import PolicyKGError
            raise PolicyKGError("--format docx: give -o FILE (a .docx is not for the terminal)")
        stream.write(data)
        stream.flush()
    else:
        click.echo(data.decode("utf-8"), nl=False)
    ctx.exit(0)
