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
