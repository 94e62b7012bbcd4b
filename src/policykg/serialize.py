"""Deterministic, atomic output: sorted Turtle with the project prefixes, files replaced in one step."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Graph

from .namespaces import bind_prefixes


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write *data* to *path* via a temporary file in the same folder and an atomic rename.

    A failure leaves the old file (or no file) in place, never a half-written one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; give the file the mode open() would
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def write_output_file(path: Path, data: bytes | str) -> None:
    """Write a command's output file atomically; a failure is one line (PolicyKGError), the old file intact."""
    from .errors import PolicyKGError

    try:
        atomic_write_bytes(path, data.encode("utf-8") if isinstance(data, str) else data)
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
    write_output_file(path, turtle_bytes(graph))
