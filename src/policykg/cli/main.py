"""Entry point of the `policykg` console script.

Each verb lives in its own module under policykg.cli and exposes a click command named `command`.
Failures (PolicyKGError) print one line on stderr and exit 2, as pySHACL does.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from .. import __version__
from ..errors import PolicyKGError

# verb → module under policykg.cli
VERBS = {
    "build": "build",
    "reason": "reason",
    "check": "check",
    "queries": "queries",
    "query": "query",
    "trace": "trace",
    "serve": "serve",
    "export": "export",
    "ingest": "ingest",
    "registry": "registry",
    "evaluate": "evaluate",
}


class LazyGroup(click.Group):
    """Import a verb's module only when that verb runs, so `policykg --help` stays fast."""

    def list_commands(self, ctx):
        return [v for v in VERBS if self._load(v) is not None]

    def get_command(self, ctx, name):
        return self._load(name)

    def _load(self, name):
        module = VERBS.get(name)
        if module is None:
            return None
        try:
            mod = importlib.import_module(f"policykg.cli.{module}")
        except ModuleNotFoundError as exc:
            if exc.name == f"policykg.cli.{module}":
                return None  # verb not built yet in this checkout
            raise
        return mod.command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policykg")
def cli() -> None:
    """policykg — 政策文件合规检查 / check policy documents against the directives they rest on."""


def main(argv: list[str] | None = None) -> None:
    try:
        # Verbs end with ctx.exit(code); in non-standalone mode click returns that code.
        rv = cli.main(args=argv, prog_name="policykg", standalone_mode=False)
    except PolicyKGError as exc:
        click.echo(f"policykg: error: {exc}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("policykg: aborted", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(f"policykg: error: {' '.join(exc.format_message().split())}", err=True)
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(0)
    except KeyboardInterrupt:
        sys.exit(2)
    except MemoryError:
        click.echo("policykg: error: out of memory (an input past what this machine can hold; see policykg.limits "
                   "for the size caps)", err=True)
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 — exit 1 means findings: a crash must never look like one
        if os.environ.get("POLICYKG_DEBUG"):
            raise
        msg = " ".join(str(exc).split())[:300]
        click.echo(f"policykg: error: internal error: {type(exc).__name__}: {msg} "
                   f"(POLICYKG_DEBUG=1 shows the traceback; please report it)", err=True)
        sys.exit(2)
    sys.exit(rv if isinstance(rv, int) else 0)


if __name__ == "__main__":
    main()
