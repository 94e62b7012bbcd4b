"""The curated-data builder (python -m policykg.curation): in sync, stale files, bad curated input."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policykg.curation.run import NAMES, main
from policykg.curation.schema import Contract, CurationError, Reader

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


@pytest.mark.slow
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


@pytest.mark.slow
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


def _folder(tmp_path: Path, schema: str, name: str, body: str) -> Reader:
    (tmp_path / "schema.toml").write_text(schema, encoding="utf-8")
    (tmp_path / name).write_text(body, encoding="utf-8")
    return Reader(tmp_path, tmp_path)


TSV_CONTRACT = '''[files."t.tsv"]
description = "d"
source = "s"
columns = { key = "name", quote = "text", n = "int?", tags = "list of one of a|b?" }
'''


def test_tsv_cells_unescape_split_lists_and_leave_empty_optional_cells_out(tmp_path: Path) -> None:
    reader = _folder(tmp_path, TSV_CONTRACT, "t.tsv",
                     "# a comment\nkey\tquote\tn\ttags\nx-1\t科技部\\n国家发展改革委\\\\\t7\ta|b\ny\tq\t\t\n")
    assert reader.tsv("t.tsv") == [{"key": "x-1", "quote": "科技部\n国家发展改革委\\", "n": 7, "tags": ["a", "b"]},
                                   {"key": "y", "quote": "q"}]


@pytest.mark.parametrize(("body", "message"), [
    ("key\tquote\n", "columns ['key', 'quote'] are not the contract's"),
    ("key\tquote\tn\ttags\nX\tq\t\t\n", "t.tsv:2: column key: 'X' is not a lower-case name"),
    ("key\tquote\tn\ttags\nx\tq\\x\t\t\n", "t.tsv:2: column quote: unknown escape \\x"),
    ("key\tquote\tn\ttags\nx\tq\tseven\t\n", "t.tsv:2: column n: 'seven' is not an integer"),
    ("key\tquote\tn\ttags\nx\tq\t\ta|c\n", "t.tsv:2: column tags: 'c' is not one of a|b"),
    ("# only a comment\n", "t.tsv: no header line"),
])
def test_tsv_contract_breaches_name_file_row_and_column(tmp_path: Path, body: str, message: str) -> None:
    reader = _folder(tmp_path, TSV_CONTRACT, "t.tsv", body)
    with pytest.raises(CurationError) as caught:
        reader.tsv("t.tsv")
    assert message in str(caught.value)


def test_toml_nested_tables_are_checked_to_the_leaf(tmp_path: Path) -> None:
    contract = '''[files."t.toml"]
description = "d"
source = "s"
tables = { item = "tables item" }

[tables.item]
slug = "text"
quote = "tables q?"

[tables.q]
source = "text"
attests = "list of curie"
'''
    reader = _folder(tmp_path, contract, "t.toml", '[[item]]\nslug = "a"\n[[item.quote]]\nsource = "s"\nattests = ["pkg:x"]\n')
    assert reader.toml("t.toml") == {"item": [{"slug": "a", "quote": [{"source": "s", "attests": ["pkg:x"]}]}]}
    (tmp_path / "t.toml").write_text('[[item]]\nslug = "a"\n[[item.quote]]\nsource = "s"\nattests = ["nope:x"]\n',
                                     encoding="utf-8")
    with pytest.raises(CurationError, match=r"t.toml: item\[1\]: quote\[1\]: attests\[1\]: 'nope:x' is not prefix:name"):
        reader.toml("t.toml")
    (tmp_path / "t.toml").write_text('[[item]]\nquote = []\n', encoding="utf-8")
    with pytest.raises(CurationError, match=r"item\[1\]: slug: missing"):
        reader.toml("t.toml")
