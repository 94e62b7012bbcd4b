"""Deterministic, atomic output: sorted Turtle with the project prefixes, files replaced in one step."""

from __future__ import annotations

import os
import re
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rdflib import Graph

from .namespaces import bind_prefixes

TEMP_SUFFIX = ".tmp"
STALE_AFTER = 600.0  # seconds: a temp file without a live writer's pid is stale after this


def atomic_write_bytes(path: Path, data: bytes, *, parents: bool = True) -> None:
    """Write *data* to *path* via a temporary file in the same folder and an atomic rename.

    A failure leaves the old file (or no file) in place, never a half-written one, and no temporary file:

    - the temporary file is created and registered while SIGINT and SIGTERM are blocked, so Ctrl+C cannot land
      between its creation and the ``try`` that removes it;
    - during the write SIGTERM raises like Ctrl+C does; after removing the temporary file the process still ends
      by SIGTERM, as its sender asked;
    - a temporary file left by a killed writer (SIGKILL, power loss) is removed by the next write of the same
      file: its name carries the writer's pid (``.NAME.PID.RANDOM.tmp``), and a file whose pid is no longer
      running is swept.

    *parents* creates a missing folder (tools writing data/); command output files (``-o``) use
    :func:`write_output_file`, which refuses a missing folder instead.
    """
    path = Path(path)
    if parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale_temps(path)
    with _terminate_raises() as terminated:
        fd, tmp = -1, None
        blocked = _block_signals()
        try:
            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX,
                                           dir=path.parent)
            finally:
                _unblock_signals(blocked)  # a pending Ctrl+C or SIGTERM is raised here: tmp is known, removed below
            with os.fdopen(fd, "wb") as fh:
                fd = -1
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; give the file the mode open() would
            os.replace(tmp, path)
            tmp = None
        finally:
            if fd >= 0:
                os.close(fd)
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except FileNotFoundError:
                    pass
    if terminated:
        _die_by_sigterm()


def sweep_stale_temps(path: Path) -> list[Path]:
    """Remove temporary files of earlier writes of *path* whose writer is gone; return what was removed."""
    path = Path(path)
    removed: list[Path] = []
    try:
        entries = list(path.parent.glob(f".{glob_escape(path.name)}.*{TEMP_SUFFIX}"))
    except OSError:
        return removed
    now = time.time()
    for tmp in entries:
        middle = tmp.name[len(path.name) + 2:-len(TEMP_SUFFIX)]
        pid_text = middle.split(".", 1)[0]
        try:
            if pid_text.isdigit() and "." in middle:
                if int(pid_text) == os.getpid() or _alive(int(pid_text)):
                    continue
            elif now - tmp.stat().st_mtime < STALE_AFTER:  # an old-style name: only when clearly abandoned
                continue
            tmp.unlink()
            removed.append(tmp)
        except OSError:
            pass
    return removed


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _block_signals():
    if not _main_thread() or not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)


def _unblock_signals(previous) -> None:
    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class Terminated(BaseException):
    """SIGTERM arrived during an atomic write (raised so the temporary file is removed)."""


@contextmanager
def _terminate_raises() -> Iterator[list[bool]]:
    """Within the block SIGTERM raises :class:`Terminated`; the yielded list is non-empty if it did."""
    flag: list[bool] = []
    if not _main_thread():
        yield flag
        return

    def on_term(signum, frame):
        raise Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, on_term)
    except (ValueError, OSError):  # not allowed here (embedded interpreter)
        yield flag
        return
    try:
        yield flag
    except Terminated:
        flag.append(True)
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def _die_by_sigterm() -> None:
    """End the process as SIGTERM's default action would (the temporary file is already gone)."""
    handler = signal.getsignal(signal.SIGTERM)
    if handler in (signal.SIG_DFL, None):
        os.kill(os.getpid(), signal.SIGTERM)
    raise SystemExit(128 + signal.SIGTERM)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def write_output_file(path: Path, data: bytes | str) -> None:
    """Write a command's output file atomically; a failure is one line (PolicyKGError), the old file intact.

    The folder must exist: a typo in ``-o`` is an error, not a new folder.
    """
    from .errors import PolicyKGError

    path = Path(path)
    if path.is_dir():
        raise PolicyKGError(f"{path}: is a folder: give a file name")
    parent = path.parent
    if not parent.is_dir():
        raise PolicyKGError(f"{path}: cannot write: the folder {parent} does not exist (create it first)")
    try:
        atomic_write_bytes(path, data.encode("utf-8") if isinstance(data, str) else data, parents=False)
    except OSError as exc:
        raise PolicyKGError(f"{path}: cannot write: {exc.strerror or exc}") from None


def turtle_bytes(graph: Graph) -> bytes:
    """Turtle with project prefixes; rdflib's turtle serializer sorts subjects and predicates."""
    g = Graph()
    bind_prefixes(g)
    for t in graph:
        g.add(t)
    return g.serialize(format="turtle").encode("utf-8")


def write_turtle(graph: Graph, path: Path) -> None:
    """Write *graph* as Turtle to *path* for the data builders (a missing folder is created)."""
    from .errors import PolicyKGError

    try:
        atomic_write_bytes(path, turtle_bytes(graph), parents=True)
    except OSError as exc:
        raise PolicyKGError(f"{path}: cannot write: {exc.strerror or exc}") from None
