"""Every console verb answers --help (pySHACL once shipped a console script pointing at a missing module)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from policykg.cli.main import VERBS


def test_top_level_help_lists_every_verb(policykg):
    r = policykg("--help")
    assert r.exit_code == 0
    for verb in VERBS:
        assert verb in r.stdout, f"verb {verb} missing from --help"


@pytest.mark.parametrize("verb", sorted(VERBS))
def test_every_verb_has_help(policykg, verb):
    r = policykg(verb, "--help")
    assert r.exit_code == 0, r.stderr
    assert "Usage: policykg " + verb in r.stdout


def test_unknown_verb_is_one_line_and_exit_2(policykg):
    r = policykg("frobnicate")
    assert r.exit_code == 2
    assert r.stderr.startswith("policykg: error:") and r.stderr.count("\n") == 1


def test_console_script_is_installed_and_runs():
    exe = shutil.which("policykg") or str(__import__("pathlib").Path(sys.executable).with_name("policykg"))
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False)
    assert out.returncode == 0 and "policykg" in out.stdout


@pytest.mark.slow
def test_build_counts_what_the_bundled_data_holds(policykg):
    import json

    r = policykg("build", "--format", "json")
    assert r.exit_code == 0, r.stderr
    counts = json.loads(r.stdout)["counts"]
    for kind in ("documents", "provisions", "measures", "results", "evaluations"):
        assert counts[kind] > 0, kind


def test_build_on_broken_turtle_is_one_line_exit_2(policykg, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix pkg: <https://w3id.org/policykg/ns#> .\npkg:a pkg:b \"unterminated .\n", encoding="utf-8")
    r = policykg("build", "--data", str(bad))
    assert r.exit_code == 2
    assert "bad.ttl" in r.stderr and "broken Turtle" in r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def test_build_on_gbk_file_says_so(policykg, tmp_path):
    gbk = tmp_path / "gbk.ttl"
    gbk.write_bytes('@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n<urn:x> rdfs:label "威海市" .\n'.encode("gb18030"))
    r = policykg("build", "--data", str(gbk))
    assert r.exit_code == 2 and "not UTF-8" in r.stderr and r.stderr.count("\n") == 1


def test_build_writes_merged_graph_atomically(policykg, tmp_path):
    out = tmp_path / "merged.ttl"
    out.write_text("old", encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    r = policykg("build", "--data", str(bad), "-o", str(out))
    assert r.exit_code == 2 and out.read_text(encoding="utf-8") == "old"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".merged")]
