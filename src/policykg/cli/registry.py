"""`policykg registry`: import the national registry into a persistent store, report on it, verify it."""

from __future__ import annotations

from pathlib import Path

import click

from ..registry.persist import ENV_VAR, StoreDir, default_location, resolve_location

store_option = click.option(
    "--store", "store", type=click.Path(path_type=Path), default=None,
    help=f"Store folder. Default: ${ENV_VAR}, else {default_location()}.")
force_option = click.option("--force", is_flag=True, help="Re-import even when the source is unchanged.")


def _echo(lines) -> None:
    for line in lines:
        click.echo(line)


@click.group("registry")
def command() -> None:
    """The national registry on a persistent store (pyoxigraph on disk).

    \b
    Each source is one named graph, replaced whole by a re-import, skipped when unchanged; an import that is
    killed leaves the store as it was.
    \b
    Examples:
      policykg registry import laws ~/LawRefBook/Laws --store ~/pk-store
      policykg registry import documents 目录清单.xlsx --as-of 2024-12-31
      policykg registry stats
      policykg registry verify --sources lawrefbook=~/LawRefBook/Laws
    """


@command.group("import")
def import_group() -> None:
    """Import a source into the store."""


@import_group.command("laws")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--name", default="lawrefbook", show_default=True, help="Name of the source (its named graph).")
@store_option
@force_option
def import_laws_cmd(folder, name, store, force):
    """Laws and regulations in the LawRefBook layout (NAME(YYYY-MM-DD).md versions + db.sqlite3)."""
    from ..registry.importer import import_laws, terminal_progress

    report = import_laws(folder, StoreDir(resolve_location(store)), name=_name(name), force=force,
                         progress=terminal_progress)
    _echo(report.lines)


@import_group.command("ttl")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@force_option
def import_ttl_cmd(files, store, force):
    """Turtle files, each its own named graph (e.g. the bundled data/registry/*.ttl)."""
    from ..load import data_paths
    from ..registry.sources import import_ttl

    for report in import_ttl(data_paths(files), StoreDir(resolve_location(store)), force=force):
        _echo(report.lines)


@import_group.command("bundled")
@store_option
@force_option
def import_bundled_cmd(store, force):
    """The bundled ontology, code lists and data (what the commands load by default), each file its own graph."""
    from .. import resources
    from ..registry.sources import import_ttl

    files = resources.ontology_files() + resources.data_files()
    for report in import_ttl(files, StoreDir(resolve_location(store)), prefix="bundled", force=force):
        _echo(report.lines)


@import_group.command("documents")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--name", default=None, help="Name of the source (its named graph; default: the file name).")
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
              help="The date the list states its statuses for (recorded as pkg:statusAsOf).")
@store_option
@force_option
def import_documents_cmd(file, name, as_of, store, force):
    """A list of normative documents (规范性文件目录清单) as CSV, a workbook (XLSX, XLS, ODS) or DOCX: 文号, title, issuer, dates, status."""
    from ..registry.documents import import_documents
    from .options import parse_date

    report = import_documents(file, StoreDir(resolve_location(store)), name=_name(name) if name else None,
                              as_of=parse_date(as_of) if as_of else None, force=force)
    _echo(report.lines)


@command.command("stats")
@store_option
def stats_cmd(store):
    """Named graphs, documents by legal form, provisions, versions, provenance."""
    from ..registry.sources import stats

    _echo(stats(StoreDir(resolve_location(store))))


@command.command("verify")
@store_option
@click.option("--sources", "sources", multiple=True, metavar="NAME=FOLDER",
              help="Also check every quote against the source texts of import NAME in FOLDER (repeatable).")
@click.pass_context
def verify_cmd(ctx, store, sources):
    """Consistency and provenance checks; exit 1 when a check finds a problem."""
    from ..errors import PolicyKGError
    from ..namespaces import SRC
    from ..registry.verify import verify

    roots = {}
    for item in sources:
        key, sep, folder = item.partition("=")
        if not sep or not key or not folder:
            raise PolicyKGError(f"--sources: expected NAME=FOLDER, got {item!r}")
        if not Path(folder).expanduser().is_dir():
            raise PolicyKGError(f"--sources: {folder}: no such folder")
        roots[f"{SRC}lrb/{key}/"] = Path(folder).expanduser()
    sd = StoreDir(resolve_location(store))
    problems = verify(sd, roots)
    for p in problems[:200]:
        click.echo(p.line())
    if len(problems) > 200:
        click.echo(f"… {len(problems) - 200} more")
    click.echo(f"{len(problems)} problems in {sd.path}" if problems else f"store {sd.path}: all checks pass")
    ctx.exit(1 if problems else 0)


def _name(name: str) -> str:
    from ..errors import PolicyKGError
    import re

    if not re.fullmatch(r"[\w.-]+", name):
        raise PolicyKGError(f"--name: {name!r}: use letters, digits, '.', '-' or '_'")
    return name
