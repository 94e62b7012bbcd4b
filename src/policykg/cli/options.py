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
    help="数据目录或 .ttl 文件，可重复 Folder (or .ttl file) of data; repeatable. Default: the bundled data.",
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


def output_option(help_text: str, *, dash_is_stdout: bool = True):
    """The one -o/--output option of every verb that writes a file. ``-o -`` means standard output: the value
    becomes None (what the verb does without -o) unless *dash_is_stdout* is False, when "-" is kept for a verb
    whose -o is an extra output beside what it prints."""

    def callback(_ctx, _param, value):
        if dash_is_stdout and value is not None and str(value) == "-":
            return None
        return value

    return click.option(
        "-o", "--output", "output", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True), default=None,
        callback=callback, help=f"{help_text} '-': standard output.",
    )


def write_output(output: Path | str | None, data: bytes | str) -> None:
    """*data* to the file *output* (atomically) or, for None or "-", to standard output."""
    import sys

    from ..serialize import write_output_file

    if output is not None and str(output) != "-":
        write_output_file(Path(output), data)
        return
    if isinstance(data, str):
        click.echo(data, nl=False)
        return
    stream = getattr(sys.stdout, "buffer", None)
    sys.stdout.flush()
    if stream is not None:
        stream.write(data)
        stream.flush()
    else:  # a text stream (tests capture stdout this way)
        sys.stdout.write(data.decode("utf-8", "replace"))
