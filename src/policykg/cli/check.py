"""`policykg check`: the pre-publication check of drafts (or of the whole graph) against the rule book."""

from __future__ import annotations

from pathlib import Path

import click
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from .. import resources
from ..errors import PolicyKGError
from ..ingest.draft import ingest_file
from ..ingest.text import is_ingestible
from ..load import data_paths, load_files, parse_turtle_into
from ..namespaces import ELI, PKG
from ..render import FORMATS, render
from ..check.report import with_scope
from ..serialize import write_output_file
from ..check.scope import bounded_context, draft_seeds
from ..registry.resolve import registry_index
from ..store import MemoryStore, Store, open_store
from ..check.run import documents_among, load_shapes, run_check
from .options import as_of_option, backend, backend_options, data_option, parse_date

# A node is part of a draft when it points at a draft node with one of these (measure → document …) …
PART_OF: tuple = (
    PKG.provisionOf, ELI.is_part_of, PKG.measureOf, PKG.areaOf, PKG.plannedIn, PKG.targetOf, PKG.reportedIn,
    PKG.evaluationReport,
)
# … or when a draft node points at it with one of these (document → procedure step …).
HAS_PART: tuple = (PKG.hasProcedureStep, PKG.hasAssessment, ELI.has_part)


def registry_paths() -> list[Path]:
    """The bundled registry a draft is checked against: data/registry/ and the source descriptions."""
    root = resources.resource_dir("data")
    paths = resources.data_files(root / "registry") if (root / "registry").is_dir() else []
    return sorted(paths + [p for p in root.glob("*.ttl") if p.is_file()])


def node_id(node: Node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def draft_focus(graph: Graph, drafts: list[Graph]) -> set[str]:
    """Nodes with a subject triple in a draft, and their parts (in the combined *graph*)."""
    focus: set[Node] = set()
    for d in drafts:
        focus |= set(d.subjects())
    todo = list(focus)
    while todo:
        node = todo.pop()
        linked = [s for p in PART_OF for s in graph.subjects(p, node)]
        linked += [o for p in HAS_PART for o in graph.objects(node, p)]
        for n in linked:
            if n not in focus and not isinstance(n, type(None)):
                focus.add(n)
                todo.append(n)
    return {node_id(n) for n in focus}


def draft_graph_with_registry(registry: Graph | Store, drafts: list[Graph], registry_scope: str, shapes) -> Graph:
    """The drafts plus the registry (an rdflib graph or any Store): all of it, or only what the drafts reach
    (policykg.check.scope: fetched by SPARQL, so a store or endpoint never has to be read whole)."""
    store = MemoryStore(registry) if isinstance(registry, Graph) else registry
    if registry_scope == "full":
        graph = Graph()
        graph += store.graph()
    else:
        combined = Graph()
        for d in drafts:
            combined += d
        # the provisions the rules cite are needed to quote them in the report
        seeds = draft_seeds(combined) | set(load_shapes(list(shapes) or None).objects(None, DCTERMS.source))
        graph = bounded_context(store, seeds)
    for d in drafts:
        for t in d:
            graph.add(t)
    return graph


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
"""


@click.command(name="check", help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("drafts", nargs=-1, metavar="[DRAFT ...]", type=click.Path(path_type=Path, dir_okay=False))
@data_option
@as_of_option
@click.option(
    "--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True,
    help="报告格式 Report format: text, markdown, html (one offline file), json, turtle (sh:ValidationReport).",
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
    help="写入文件（原子写入；出错时不改动原文件） Write to FILE atomically instead of stdout.",
)
@click.option(
    "--allow-warnings", is_flag=True,
    help="警告与提示不阻断（退出码 0） Warnings and infos do not fail the check.",
)
@click.option(
    "--engine", default="pyshacl", show_default=True, metavar="NAME",
    help="SHACL 引擎 SHACL engine: pyshacl, or an engine with pySHACL's API (pyshacl-turbo).",
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
    "--registry-scope", "registry_scope", type=click.Choice(["bounded", "full"]), default="bounded",
    show_default=True,
    help="草案只与其关联的登记库部分一起校验（bounded），或与整个登记库（full）。"
         " Validate a draft with the registry part it reaches (bounded: cost follows the draft, not the"
         " registry) or with the whole registry (full).",
)
@backend_options
@click.pass_context
def command(ctx, drafts, data_dirs, as_of, fmt, output, allow_warnings, engine, shapes, checks, registry_scope,
            store, endpoint):
    date = parse_date(as_of)
    folder, url = backend(store, endpoint)
    remote = open_store(data_dirs or None, store=folder, endpoint=url) if folder or url else None
    if drafts:
        registry = remote if remote is not None else \
            load_files(data_paths(data_dirs) if data_dirs else registry_paths())
        draft_graphs = []
        for path in drafts:
            g = Graph()
            if is_ingestible(path):  # .txt/.html/.docx/.pdf: extract the draft graph first
                ingested = ingest_file(path, registry=None if remote is None else registry_index(remote))
                f = ingested.facts
                if f.title is None and f.doc_number is None and not f.issuers and f.date_document is None:
                    raise PolicyKGError(f"{path}: no policy document found in the text: no title, 文号, issuing "
                                        f"organ or date — is this a policy document draft?")
                g = ingested.graph
            else:
                parse_turtle_into(g, path)
            if len(g) == 0:
                raise PolicyKGError(f"{path}: the draft has no statements")
            if not documents_among(g, {str(s) for s in g.subjects() if isinstance(s, URIRef)}):
                raise PolicyKGError(f"{path}: the draft states no policy document (nothing typed "
                                    f"pkg:PolicyDocument or another document class, no pkg:docNumber): nothing to check")
            draft_graphs.append(g)
        graph = draft_graph_with_registry(registry, draft_graphs, registry_scope, shapes)
        focus = draft_focus(graph, draft_graphs)
    else:
        graph = Graph() + remote.graph() if remote is not None else load_files(data_paths(data_dirs))
        focus = None

    report = run_check(
        graph, as_of=date, shapes=list(shapes) or None, focus=focus, engine=engine, checks=list(checks) or None
    )
    if drafts:
        report = with_scope(report, drafts=tuple(str(p) for p in drafts))
    text = render(report, fmt)

    if output is not None:
        write_output_file(output, text)
    else:
        click.echo(text, nl=False)
    ctx.exit(1 if report.blocking(allow_warnings=allow_warnings) else 0)
