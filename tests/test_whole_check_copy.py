"""A whole-registry check of a store folder works in a checkpoint of it (docs/decisions/0024): same report as the
in-memory copy in every format, the store never written, the checkpoint gone however the check ends, and never
taken for a generation by the commands that read or write the folder."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from policykg.registry.persist import SCRATCH, StoreDir

AS_OF = dt.date(2026, 11, 26)
SRC = Path(__file__).resolve().parent.parent / "src"


def _state(folder: Path) -> dict[str, str]:
    """Every file of the store folder (a scratch copy excepted) with its content's hash."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.relative_to(folder).parts[0].startswith(SCRATCH)}


def _scratch(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{SCRATCH}*"))


def _reports(store: Path, copy: str) -> dict[str, bytes]:
    from policykg.check.run import run_check_store
    from policykg.render import FORMATS, render
    from policykg.rulebook.model import RuleBook
    from policykg.store import OxigraphStore

    report = run_check_store(OxigraphStore.open(store), as_of=AS_OF, rulebook=RuleBook.load(), copy=copy)
    out = {}
    for fmt in FORMATS:
        data = render(report, fmt)
        out[fmt] = data if isinstance(data, bytes) else data.encode("utf-8")
    return out


@pytest.mark.slow
def test_checkpoint_and_memory_copy_give_the_same_report_in_every_format(bundled_store):
    before = _state(bundled_store)
    in_checkpoint = _reports(bundled_store, "checkpoint")
    in_memory = _reports(bundled_store, "memory")
    assert b"finding" in in_memory["json"] and len(in_memory) >= 5
    for fmt, data in in_memory.items():
        assert in_checkpoint[fmt] == data, fmt
    assert _state(bundled_store) == before  # the store is never written
    assert _scratch(bundled_store) == []


def test_the_union_of_a_checkpoint_enriches_to_the_same_triples_as_one_graph(bundled_store, tmp_path):
    from policykg.rulebook.inference import enrich_store, memory_copy
    from policykg.store.view import UnionStore

    source = StoreDir(bundled_store).open_read()
    one_graph = memory_copy(source)
    source.backup(str(tmp_path / "copy"))
    union = UnionStore.of(ox.Store(str(tmp_path / "copy")))
    assert len(union) < sum(1 for _ in source)  # the bundled graphs share triples: kept once each
    assert {(q.subject, q.predicate, q.object) for q in union} == {(q.subject, q.predicate, q.object)
                                                                    for q in one_graph}
    assert len(union) == len(one_graph)
    added = enrich_store(union, as_of=AS_OF), enrich_store(one_graph, as_of=AS_OF)
    assert added[0] == added[1] > 0
    triples = [(q.subject, q.predicate, q.object) for q in union]
    assert len(triples) == len(set(triples)) == len(one_graph)  # no triple in two graphs after enrichment
    assert set(triples) == {(q.subject, q.predicate, q.object) for q in one_graph}


def test_the_checkpoint_is_removed_when_the_check_is_interrupted(bundled_store, monkeypatch):
    import policykg.rulebook.inference as inference

    before = _state(bundled_store)
    seen: list[list[bool]] = []

    def interrupted(store, **_kw):
        seen.append([(folder / "store").is_dir() for folder in _scratch(bundled_store)])
        raise KeyboardInterrupt

    monkeypatch.setattr(inference, "enrich_store", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _reports(bundled_store, "checkpoint")
    assert seen == [[True]]  # the check ran in a checkpoint …
    assert _scratch(bundled_store) == []  # … removed on Ctrl-C
    assert _state(bundled_store) == before


@pytest.mark.slow
def test_the_checkpoint_is_removed_when_the_check_is_terminated(bundled_store):
    env = dict(os.environ, PYTHONPATH=str(SRC))
    proc = subprocess.Popen([sys.executable, "-m", "policykg.cli.main", "check", "--store", str(bundled_store),
                             "--as-of", "2026-11-26", "--format", "json"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not _scratch(bundled_store) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _scratch(bundled_store), "the check never made its checkpoint"
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == -signal.SIGTERM, err  # it ends by SIGTERM, as its sender asked …
    assert b"Traceback" not in err
    assert _scratch(bundled_store) == []  # … after removing the checkpoint


@pytest.mark.slow
def test_a_checkpoint_left_by_a_killed_check_is_no_generation_and_is_swept(policykg, bundled_store):
    def reading():
        return [(r.exit_code, r.stdout) for r in (policykg("registry", "stats", "--store", str(bundled_store)),
                                                  policykg("registry", "verify", "--store", str(bundled_store)))]

    before = reading()
    gone = subprocess.Popen(["true"])
    gone.wait()  # a pid no process has any more
    stale = bundled_store / f"{SCRATCH}{gone.pid}.half"
    stale.mkdir()
    StoreDir(bundled_store).open_read().backup(str(stale / "store"))
    alive = bundled_store / f"{SCRATCH}{os.getppid()}.live"  # a running process's copy is left alone
    alive.mkdir()
    try:
        assert reading() == before  # stats and verify read the generation, not the copies
        assert stale.is_dir()
        res = policykg("check", "--store", str(bundled_store), "--as-of", "2026-11-26", "--format", "json")
        assert res.exit_code == 1, res.stderr
        assert _scratch(bundled_store) == [alive]  # the dead check's copy is swept
        assert reading() == before
    finally:
        os.rmdir(alive)


@pytest.mark.slow
def test_a_folder_that_cannot_hold_a_checkpoint_is_checked_in_memory(bundled_store, monkeypatch):
    import policykg.registry.persist as persist

    def refused(**_kw):
        raise PermissionError(13, "Permission denied")

    in_checkpoint = _reports(bundled_store, "checkpoint")["json"]
    monkeypatch.setattr(persist.tempfile, "mkdtemp", refused)
    assert _reports(bundled_store, "checkpoint")["json"] == in_checkpoint
    assert _scratch(bundled_store) == []
