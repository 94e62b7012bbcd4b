"""The curated-data builder (python -m policykg.curation): in sync, stale files, bad curated input."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policykg.curation.run import NAMES, main
from policykg.curation.schema import Contract

ROOT = Path(__file__).resolve().parent.parent
CURATION = ROOT / "data" / "curation"


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of data/ and ontology/ to build in."""
    root = tmp_path / "root"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "ontology", root / "ontology")
    return root


def _run(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "policykg.curation", "--root", str(root), *args],
                          capture_output=True, text=True, env=env, check=False)


@pytest.mark.slow
def test_committed_files_are_what_the_builder_makes() -> None:
    done = _run(ROOT, "--check")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_a_stale_file_exits_1_naming_it_and_a_build_mends_it(checkout: Path) -> None:
    rank = checkout / "ontology" / "rank.ttl"
    rank.write_text(rank.read_text(encoding="utf-8").replace('"法律"@zh', '"法規"@zh', 1), encoding="utf-8")
    (checkout / "data" / "sources.ttl").unlink()
    done = _run(checkout, "--check", "--only", "sources", "--only", "rank", "--only", "codelists")
    assert done.returncode == 1
    assert done.stdout.splitlines() == ["stale: data/sources.ttl: missing",
                                        "stale: ontology/rank.ttl: differs from what the builder makes"]
    assert "2 generated file(s) out of date" in done.stderr
    assert _run(checkout, "--only", "sources", "--only", "rank").returncode == 0
    assert rank.read_bytes() == (ROOT / "ontology" / "rank.ttl").read_bytes()
    assert (checkout / "data" / "sources.ttl").read_bytes() == (ROOT / "data" / "sources.ttl").read_bytes()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("target", "file", "old", "new", "message"), [
    ("rank", "rank-relations.tsv", "art-99\tA\n", "art-99\tD\n",
     "rank-relations.tsv:4: column evidence: 'D' is not one of"),
    ("rank", "rank-relations.tsv", "art-99\tA\n", "art-99\tA\textra\n", "rank-relations.tsv:4: 6 cells, the header has 5"),
    ("codelists", "code-concepts.tsv", "genre\tdecision\t决定\tdecision\n", "genre\tdecision\t\tdecision\n",
     "code-concepts.tsv:4: column label_zh: empty"),
    ("codelists", "code-concepts.tsv", "genre\tdecision\t", "genera\tdecision\t", "unknown scheme 'genera'"),
    ("rank", "rank-tiers.tsv", "\tpkg:Statute\t", "\tStatute\t", "column form: 'Statute' is not prefix:name"),
    ("rule-sources", "rule-sources.toml", 'evidence = "B"\n', 'evidence = "B"\nweight = 3\n', "unknown key 'weight'"),
    ("rule-sources", "rule-sources.toml", "山东省人民政府令第238号, 2011)", "山东省人民政府令第238号, 2012)", "not found"),
    ("sources", "sources.toml", 'url = "http://www.weihai', 'url = "www.weihai', "is not an http(s) IRI"),
    ("case", "case-measures.tsv", "\t大力实施科技型企业梯次培育工程\n", "\t大力实施科技型企业梯次培育工程。\n", "not found"),
    ("case", "case-results.toml", 'through = ["tiered-cultivation"]', 'through = ["tiered-cultivations"]',
     "through 'tiered-cultivations' is not a key of case-measures.tsv"),
    ("case", "case-results.toml", "value = 1700\n", "value = 1700.5\n", "value: 1700.5 is not an integer"),
    ("case", "case-directives.toml", 'text = "国科发区〔2022〕5号" }', 'text = "国科发区〔2022〕5号", zh = "x" }',
     "give exactly one of ref, zh, text, date, int"),
    ("case", "case-organs.toml", 'supervisor = "国务院"', 'supervisor = "国务院办公厅"', "'国务院办公厅' is not an [[organ]]"),
])
def test_bad_curated_input_exits_2_in_one_line(checkout: Path, target: str, file: str, old: str, new: str,
                                               message: str) -> None:
    _edit(checkout / "data" / "curation" / file, old, new)
    done = _run(checkout, "--check", "--only", target)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_a_missing_contract_exits_2(checkout: Path) -> None:
    (checkout / "data" / "curation" / "schema.toml").unlink()
    done = _run(checkout, "--check", "--only", "rank")
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "schema.toml: no such file" in done.stderr


def test_every_curated_file_has_a_contract_and_a_readme_entry() -> None:
    contract = Contract(CURATION / "schema.toml")
    curated = sorted(p.name for p in CURATION.iterdir() if p.suffix in (".tsv", ".toml") and p.name != "schema.toml")
    assert curated == sorted(contract.files)
    readme = (CURATION / "README.md").read_text(encoding="utf-8")
    for name in curated:
        assert f"`{name}`" in readme, f"data/curation/README.md does not describe {name}"


def test_targets_are_named_once() -> None:
    assert len(NAMES) == len(set(NAMES))
    assert main(["--check", "--only", "rank"]) == 0
