"""pySHACL is the reference; a faster engine with its API must give the same findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policykg.rulebook.engines import engine_names

DRAFTS = Path(__file__).parent / "fixtures" / "check" / "drafts"


def _findings(policykg, engine: str, *args: str):
    r = policykg("check", "--as-of", "2026-11-26", "--format", "json", "--engine", engine, *args)
    assert r.exit_code in (0, 1), r.stderr
    return json.loads(r.stdout)["findings"]


def test_turbo_engine_is_registered():
    assert {"pyshacl", "pyshacl-turbo"} <= set(engine_names())


@pytest.mark.parametrize("args", [(), (str(DRAFTS / "violating.ttl"), str(DRAFTS / "expired.ttl"))],
                         ids=["bundled-graph", "fixture-drafts"])
def test_pyshacl_turbo_gives_the_reference_findings(policykg, args):
    pytest.importorskip("pyshacl_turbo", reason="installed by the test extras")
    reference = _findings(policykg, "pyshacl", *args)
    assert reference
    assert _findings(policykg, "pyshacl-turbo", *args) == reference
