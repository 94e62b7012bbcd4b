"""`policykg queries`: list the saved SPARQL library — name, summary and parameters of each query."""

from __future__ import annotations

import json
from typing import Any

import click

from .. import queries as Q
from .query import display_width, pad


def _entry(q: Q.SavedQuery) -> dict:
    entry: dict[str, Any] = {
        "name": q.name,
        "summary_zh": q.summary_zh,
        "summary_en": q.summary_en,
        "form": q.form,
        "params": [{"name": p.name, "type": p.type, "required": p.required, "default": p.default,
                    "description": p.description} for p in q.params],
        "tags": list(q.tags),
    }
    if q.is_check:
        entry["severity"] = q.header.get("severity")
        entry["rule"] = q.header.get("rule")
        entry["source"] = q.header.get("source")
    return entry


@click.command("queries")
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True)
@click.pass_context
def command(ctx, fmt):
    """List the saved queries (queries/*.rq) and the checks (queries/checks/*-violation.rq).

    Run one with `policykg query NAME [--param NAME=VALUE]...`.
    """
    library = Q.discover()
    if fmt == "json":
        click.echo(json.dumps([_entry(q) for q in library], ensure_ascii=False, indent=2))
        ctx.exit(0)
    saved = [q for q in library if not q.is_check]
    checks = [q for q in library if q.is_check]
    width = max(display_width(q.name) for q in saved) + 2
    for q in saved:
        click.echo(f"{pad(q.name, width)}{q.summary_zh} / {q.summary_en}")
        for p in q.params:
            click.echo(f"{' ' * width}  --param {p.describe()}")
    click.echo()
    click.echo("检查 / checks — every row is a finding; ?asOf is bound to --as-of:")
    for q in checks:
        click.echo(q.name)
        click.echo(f"{' ' * width}[{q.header.get('severity', '')}, {q.header.get('rule', '')}] "
                   f"{q.summary_zh} / {q.summary_en}")
    click.echo()
    click.echo("Run: policykg query NAME [--param NAME=VALUE]... [--format table|csv|tsv|json]")
    ctx.exit(0)
