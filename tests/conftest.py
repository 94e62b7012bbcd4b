"""Shared test helpers: run the CLI in-process and capture what a user would see."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

import pytest
from click.testing import CliRunner

from policykg.cli.main import cli


@pytest.fixture(autouse=True)
def _output_is_not_a_terminal(monkeypatch):
    """The CLI prints to a pipe in tests: no COLUMNS (pytest-xdist workers set COLUMNS=80, which narrows tables)."""
    monkeypatch.delenv("COLUMNS", raising=False)


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> CliResult:
    """Run `policykg ARGS` through the real entry point (exit codes and one-line errors included)."""
    import sys
    from io import StringIO

    from policykg.cli import main as main_mod

    out, err = StringIO(), StringIO()
    old_out, old_err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    code = 0
    try:
        main_mod.main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        sys.stdout, sys.stderr = old_out, old_err
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture
def policykg():
    return run_cli


_STORES: dict = {}


def cached_store(data_dirs=None, extra=(), *, store=None, endpoint=None):
    """open_store, but one store per --data set for the whole session (for commands that only read).

    A store folder or an endpoint (--store / --endpoint) is opened as asked, never cached.
    """
    from policykg.store import open_store

    if store is not None or endpoint is not None:
        return open_store(data_dirs or None, extra, store=store, endpoint=endpoint)
    key = (tuple(str(d) for d in data_dirs or ()), tuple(str(e) for e in extra or ()))
    if key not in _STORES:
        _STORES[key] = open_store(data_dirs or None, extra)
    return _STORES[key]


@pytest.fixture
def read_only_store_per_data(monkeypatch):
    """Make `policykg query` and `policykg trace` reuse one loaded graph per --data set."""
    import policykg.cli.query
    import policykg.cli.trace

    for module in (policykg.cli.query, policykg.cli.trace):
        monkeypatch.setattr(module, "open_store", cached_store)


@pytest.fixture(scope="module")
def bundled_store(tmp_path_factory):
    """A store folder holding the bundled registry (`policykg registry import bundled`), one per test module."""
    folder = tmp_path_factory.mktemp("store") / "store"
    res = run_cli("registry", "import", "bundled", "--store", str(folder))
    assert res.exit_code == 0, res.stderr
    return folder


def requires_tool(name: str):
    """Skip when a system tool is missing, except in CI where its absence is a failure."""
    missing = shutil.which(name) is None and not os.environ.get("CI")
    return pytest.mark.skipif(missing, reason=f"{name} not installed (CI installs it)")


__all__ = ["run_cli", "requires_tool", "CliRunner", "cli"]
