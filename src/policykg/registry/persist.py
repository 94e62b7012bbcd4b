"""The store folder: a persistent pyoxigraph store whose named graphs are replaced atomically.

Layout of a store folder ``DIR``::

    DIR/CURRENT        the name of the live generation (one line)
    DIR/gen-000007/    the live pyoxigraph (RocksDB) store, and files derived from its quads (the citation index,
                       registry/resolve.py), written before the generation goes live
    DIR/.staging-*/    an import in progress (removed by the next import if the process died)
    DIR/.scratch-PID.*/ a writable copy a whole-registry check works in (:meth:`StoreDir.scratch_copy`; removed when
                       the check ends, or by the next check or import if its process was killed)

An import writes a *new* generation (the other graphs copied over, the replaced graph written fresh) and then
switches ``CURRENT`` with an atomic rename. A killed import therefore leaves ``CURRENT`` pointing at the previous,
complete generation; readers never open a store another process is writing.

Location: ``--store DIR``, else ``$POLICYKG_STORE``, else ``$XDG_DATA_HOME/policykg/store`` (``~/.local/share/…``).
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence, cast

import pyoxigraph as ox

from ..errors import PolicyKGError
from ..namespaces import BASE

ENV_VAR = "POLICYKG_STORE"
GRAPH_BASE = BASE + "graph/"
IN_PLACE_LIMIT = 200_000
CURRENT = "CURRENT"
SCRATCH = ".scratch-"


def default_location() -> Path:
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "policykg" / "store"


def resolve_location(store: Path | str | None) -> Path:
    """The store folder a command uses: the option, else the environment variable, else the default."""
    if store:
        return Path(store)
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else default_location()


def graph_iri(name: str) -> ox.NamedNode:
    return ox.NamedNode(GRAPH_BASE + name)


class StoreDir:
    """A store folder (see the module docstring)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)

    # ---- reading -------------------------------------------------------------------------------------------
    def current(self) -> Path | None:
        pointer = self.path / CURRENT
        if not pointer.is_file():
            return None
        name = pointer.read_text(encoding="utf-8").strip()
        gen = self.path / name
        if not name.startswith("gen-") or not gen.is_dir():
            raise PolicyKGError(f"{self.path}: store pointer names a missing generation {name!r}")
        return gen

    def exists(self) -> bool:
        return (self.path / CURRENT).is_file()

    def open_read(self) -> ox.Store:
        """The live generation, read-only. PolicyKGError when the folder holds no store."""
        return self.open_generation()[0]

    def open_generation(self, generation: Path | None = None) -> tuple[ox.Store, Path]:
        """The live generation (or *generation*, one of this store's folders), read-only, and its folder.
        PolicyKGError when the folder holds no store."""
        gen = generation or self.current()
        if gen is None:
            if self.path.exists() and not self.path.is_dir():
                raise PolicyKGError(f"{self.path}: not a folder")
            raise PolicyKGError(f"{self.path}: no policykg store here (import into it first: "
                                "policykg registry import …)")
        try:
            return ox.Store.read_only(str(gen)), gen
        except OSError as exc:
            raise PolicyKGError(f"{gen}: cannot open the store: {' '.join(str(exc).split())[:200]}") from None

    # ---- writing -------------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / ".lock", "a+") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise PolicyKGError(f"{self.path}: another import is writing this store") from None
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def scratch_copy(self, source: ox.Store) -> Iterator[Path | None]:
        """The folder of a writable copy of *source* (this folder's generation, open read-only) for the block to
        work in, or None when this folder cannot hold one (not writable, say): a RocksDB checkpoint in
        ``DIR/.scratch-PID.*/``, inside the store folder so its table files are hard-linked, not copied (≈0.1 s
        for the national store; RocksDB copies them where links cannot be made). The generation is never written.

        The copy is removed when the block ends, whatever ends it: an error, Ctrl-C, or SIGTERM (raised, then the
        process ends by it as its sender asked); one left by a killed process is removed by the next check or
        import. It is never a generation: ``CURRENT`` never names it, and a reader opens the copy only after the
        block gets it (open it inside a function, so the store closes before the folder goes).
        """
        from ..serialize import _block_signals, _die_by_sigterm, _terminate_raises, _unblock_signals

        self._sweep_scratch()
        with _terminate_raises() as terminated:
            folder: Path | None = None
            blocked = _block_signals()
            try:
                try:
                    folder = Path(tempfile.mkdtemp(prefix=f"{SCRATCH}{os.getpid()}.", dir=self.path))
                except OSError:
                    folder = None
                finally:
                    _unblock_signals(blocked)  # a pending Ctrl+C or SIGTERM is raised here: the folder is known
                copy: Path | None = None
                if folder is not None:
                    try:
                        source.backup(str(folder / "store"))
                        copy = folder / "store"
                    except OSError:
                        copy = None
                yield copy
            finally:
                if folder is not None:
                    shutil.rmtree(folder, ignore_errors=True)
        if terminated:
            _die_by_sigterm()

    def _sweep_scratch(self) -> None:
        """Remove the scratch copies of processes that are gone."""
        from ..serialize import _alive

        try:
            stale = list(self.path.glob(f"{SCRATCH}*"))
        except OSError:
            return
        for folder in stale:
            pid = folder.name[len(SCRATCH):].split(".", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)

    def _clean_staging(self) -> None:
        for stale in self.path.glob(".staging-*"):
            shutil.rmtree(stale, ignore_errors=True)
        self._sweep_scratch()

    def _next_name(self) -> str:
        gens = [int(p.name[4:]) for p in self.path.glob("gen-*") if p.name[4:].isdigit()]
        return f"gen-{max(gens, default=0) + 1:06d}"

    def _switch(self, new_gen: Path) -> None:
        tmp = self.path / f".{CURRENT}.tmp"
        tmp.write_text(new_gen.name + "\n", encoding="utf-8")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, self.path / CURRENT)
        dfd = os.open(self.path, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)

    def _drop_old(self, keep: Path) -> None:
        for gen in self.path.glob("gen-*"):
            if gen != keep:
                shutil.rmtree(gen, ignore_errors=True)

    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        """Make *graph* hold exactly *quads* (all in *graph*), atomically."""
        self.replace_graphs([(graph, quads)])

    def replace_graphs(self, items: list[tuple[ox.NamedNode, Iterable[ox.Quad]]],
                       files: Sequence[tuple[ox.NamedNode, RdfFile]] = ()) -> dict[ox.NamedNode, int]:
        """Replace each named graph by its quads (and by the triples of its *files*), all in one new generation,
        then switch to it. Returns the number of quads each graph of *files* holds in the new generation.

        The new generation starts as a checkpoint of the live one (hard links) with the graphs removed, when the
        old graphs are small; when they are large, the other graphs are copied quad by quad instead (removing
        millions of quads costs more than re-adding the rest). The new quads are written in one bulk load.
        """
        graphs = {g for g, _q in items} | {g for g, _f in files}
        counts: dict[ox.NamedNode, int] = {}
        with self._lock():
            self._clean_staging()
            live = self.current()
            staging = self.path / f".staging-{os.getpid()}"
            new: ox.Store | None = None
            try:
                if live is not None and self._graphs_size(live, graphs) <= IN_PLACE_LIMIT:
                    # A RocksDB checkpoint: the live generation's table files are hard-linked, not copied (they are
                    # never modified, only deleted; the live generation keeps its own links). Copying the national
                    # store's 830 MB took ≈3 s.
                    ox.Store.read_only(str(live)).backup(str(staging))
                    new = ox.Store(str(staging))
                    for g in graphs:
                        if new.contains_named_graph(g):
                            new.remove_graph(g)
                else:
                    new = ox.Store(str(staging))
                    if live is not None:
                        old = ox.Store.read_only(str(live))
                        keep = [g for g in old.named_graphs() if g not in graphs]
                        new.bulk_extend(q for g in [ox.DefaultGraph(), *keep]
                                        for q in old.quads_for_pattern(None, None, None, g))
                        del old
                # One stream for all the graphs: each bulk_extend call writes and ingests its own set of index
                # files (≈16 ms CPU, more on a busy disk), so a call per graph cost the 31 bundled files ≈0.5 s.
                # Batched: the bulk loader buffers what one call is given.
                for chunk in _batched(itertools.chain.from_iterable(q for _g, q in items), BATCH):
                    new.bulk_extend(chunk)
                for g, file in files:
                    problem = file.load_into(new, g)
                    if problem is not None:
                        raise PolicyKGError(problem)  # the staging generation is removed below
                    counts[g] = _count(new, g)
                new.flush()
                # A full compaction, 8 s of CPU on the national store after an in-place import of the bundled
                # files; without it the removed graph's tombstones and the new table files stay, and a scan-heavy
                # saved query (documents-by-issuer) ran 1.4× slower on the result.
                new.optimize()
                _write_derived(new, staging)
                del new
            except BaseException:
                new = None  # noqa: F841 -- closes the store before its folder is removed (RocksDB may be writing)
                shutil.rmtree(staging, ignore_errors=True)
                raise
            final = self.path / self._next_name()
            os.rename(staging, final)
            self._switch(final)
            self._drop_old(final)
        return counts

    def refresh_derived(self) -> list[str]:
        """Write the live generation's derived files when they are missing or were made by other code (a store
        imported before they existed, or by an older policykg); a line saying so, if written. Only new files are
        added, each renamed into place: the generation's RocksDB files are never touched."""
        from .resolve import load_index

        live = self.current()
        if live is None or load_index(live) is not None:
            return []
        with self._lock():
            live = self.current()
            if live is None or load_index(live) is not None:
                return []
            _write_derived(ox.Store.read_only(str(live)), live)
        return [f"citation index saved with the store ({live.name})"]

    @staticmethod
    def _graphs_size(live: Path, graphs: set) -> int:
        st = ox.Store.read_only(str(live))
        n = 0
        for g in graphs:
            for _q in st.quads_for_pattern(None, None, None, g):
                n += 1
                if n > IN_PLACE_LIMIT:
                    return n
        return n

    def graph_fingerprint(self, graph: ox.NamedNode) -> str | None:
        """The source fingerprint recorded with *graph* by its last import, or None."""
        return self.graph_fingerprints([graph])[graph]

    def graph_fingerprints(self, graphs: Iterable[ox.NamedNode]) -> dict[ox.NamedNode, str | None]:
        """The fingerprint of each of *graphs* (None when never imported), read with one opening of the store
        (opening it costs ≈10 ms: once per file made a re-import of the bundled files cost ≈0.4 s)."""
        graphs = list(graphs)
        found: dict[ox.NamedNode, str | None] = dict.fromkeys(graphs)
        if self.current() is None:
            return found
        st = self.open_read()
        predicate = ox.NamedNode(FINGERPRINT)
        for graph in graphs:
            for q in st.quads_for_pattern(graph, predicate, None, graph):
                found[graph] = cast(ox.Literal, q.object).value  # the fingerprint is a literal
                break
        return found


@dataclass(frozen=True)
class RdfFile:
    """A file the store's loader parses straight into a graph: no Python object per triple (for large files:
    300,000 triples of Turtle cost 5.1 s of CPU through Python quads, 3.6 s so; each such load has a fixed cost of
    ≈17 ms, which the bundled files' one stream of quads avoids). Blank nodes are scoped to the file."""
    path: Path
    format: ox.RdfFormat
    base_iri: str

    def load_into(self, store: ox.Store, graph: ox.NamedNode) -> str | None:
        """Load the file into *graph*; the problem in one line when it is broken (returned, not raised: a
        traceback through this frame would keep *store* open while the caller removes its folder)."""
        try:
            store.bulk_load(path=str(self.path), format=self.format, base_iri=self.base_iri, to_graph=graph)
        except (SyntaxError, ValueError, OSError) as exc:
            return f"{self.path}: broken {self.format.name}: {' '.join(str(exc).split())[:200]}"
        return None


def _count(store: ox.Store, graph: ox.NamedNode) -> int:
    result = cast(ox.QuerySolutions, store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"))
    return int(cast(ox.Literal, next(iter(result))["n"]).value)


FINGERPRINT = BASE + "ns#sha256"
BATCH = 250_000


def _write_derived(store: ox.Store, generation: Path) -> None:
    """The files a generation keeps beside its quads, made from them (docs/decisions/0018)."""
    from .resolve import write_index

    write_index(store, generation)


def _batched(items: Iterable, n: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= n:
            yield batch
            batch = []
    if batch:
        yield batch
