"""Options shared by several verbs."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from ..errors import PolicyKGError

data_option = click.option(
    "--data",
    "data_dirs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Folder (or .ttl file) of registry data; repeatable. Default: the bundled data.",
)


def parse_date(value: str | None) -> _dt.date:
    if value is None:
        return _dt.date.today()
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise PolicyKGError(f"--as-of: not a date {value!r}: expected YYYY-MM-DD") from None


as_of_option = click.option(
    "--as-of",
    "as_of",
    default=None,
    metavar="YYYY-MM-DD",
    help="Date the check is made for (default: today).",
)


def backend_options(f):
    """--store [DIR] and --endpoint URL: read the registry from a store folder or a SPARQL 1.1 server."""
    f = click.option(
        "--endpoint", "endpoint", default=None, metavar="URL",
        help="Read the graph from this SPARQL 1.1 Protocol endpoint (read-only), e.g. http://127.0.0.1:7878/query.",
    )(f)
    f = click.option(
        "--store", "store", default=None, is_flag=False, flag_value="", metavar="[DIR]",
        help="Read the graph from a store folder made by `policykg registry import` (no DIR: $POLICYKG_STORE, "
             "else the default location).",
    )(f)
    return f


def backend(store: str | None, endpoint: str | None):
    """(store folder or None, endpoint or None) from the options."""
    if store is None:
        return None, endpoint
    from ..registry.persist import resolve_location

    return resolve_location(store or None), endpoint
