"""A draft is validated with the registry part it reaches; the findings equal a whole-registry check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from policykg import resources
from policykg.load import load_files
from policykg.namespaces import DOC, ELI
from policykg.check.scope import bounded_context, draft_seeds
from policykg.store import MemoryStore

CASE = resources.resource_dir("data") / "cases" / "weihai-2023"
DRAFTS = Path(__file__).parent / "fixtures" / "check" / "drafts"
GOOD_DRAFTS = sorted(p for p in DRAFTS.glob("*.ttl") if p.name != "broken.ttl")
REGISTRY_FIXTURE = Path(__file__).parent / "fixtures" / "check" / "registry"


def _findings(policykg, scope: str, args: list) -> list:
    r = policykg("check", "--as-of", "2026-11-26", "--format", "json", "--registry-scope", scope, *map(str, args))
    assert r.exit_code in (0, 1), r.stderr
    return json.loads(r.stdout)["findings"]


# the fast subset keeps the smallest pair (fixture drafts against the fixture registry)
@pytest.mark.parametrize("drafts", [
    pytest.param(sorted(CASE.glob("*.ttl")), id="weihai-case-as-draft", marks=pytest.mark.slow),
    pytest.param(GOOD_DRAFTS, id="fixture-drafts"),
])
@pytest.mark.parametrize("registry", [pytest.param(None, id="bundled-registry", marks=pytest.mark.slow),
                                      pytest.param(REGISTRY_FIXTURE, id="fixture-registry")])
def test_bounded_registry_scope_gives_the_same_findings_as_the_full_registry(policykg, drafts, registry):
    assert drafts
    extra = ["--data", str(registry)] if registry else []
    full = _findings(policykg, "full", extra + drafts)
    bounded = _findings(policykg, "bounded", extra + drafts)
    assert full, "the comparison needs findings to compare"
    assert bounded == full


@pytest.mark.slow
def test_bounded_context_follows_rule_links_only():
    registry = load_files(resources.data_files())
    draft = Graph()
    plan = DOC["测试发-2026-1"]
    draft.add((plan, ELI.based_on, DOC["国科发创-2016-370"]))
    context = bounded_context(MemoryStore(registry), draft_seeds(draft))
    subjects = set(context.subjects())
    assert DOC["国科发创-2016-370"] in subjects                      # the basis
    assert URIRef("https://w3id.org/policykg/org/科学技术部") in subjects  # its issuer
    assert DOC["立法法-2023-03-13"] not in subjects                 # an unrelated law
    assert len(context) < len(registry) / 20
