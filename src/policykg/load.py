"""Load Turtle files (ontology, code lists, registry data, drafts) into rdflib graphs.

Every failure becomes a one-line PolicyKGError naming the file, so the CLI can exit 2 without a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from rdflib import Graph

from . import resources
from .errors import PolicyKGError
from .namespaces import bind_prefixes


def parse_turtle_into(graph: Graph, path: Path) -> None:
    """Parse one Turtle file into *graph*; raise PolicyKGError on any problem."""
    path = Path(path)
    if not path.is_file():
        raise PolicyKGError(f"{path}: no such file")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PolicyKGError(
            f"{path}: not UTF-8 (byte {exc.start}); Turtle must be UTF-8 — convert it, e.g. iconv -f GB18030 -t UTF-8"
        ) from None
    try:
        graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises several types (BadSyntax, ParserError, ValueError)
        raise PolicyKGError(f"{path}: broken Turtle: {_syntax_message(exc)}") from None


def _syntax_message(exc: Exception) -> str:
    lines = getattr(exc, "lines", None)
    why, text, pos = getattr(exc, "_why", None), getattr(exc, "_str", None), getattr(exc, "_i", None)
    if why is not None and isinstance(text, (bytes, str)) and isinstance(pos, int):
        # rdflib's BadSyntax keeps the document as UTF-8 bytes; show a decoded window around the error
        raw = text if isinstance(text, bytes) else text.encode("utf-8")
        while 0 < pos < len(raw) and raw[pos] & 0xC0 == 0x80:  # step back to a character boundary
            pos -= 1
        before = raw[max(0, pos - 40):pos].decode("utf-8", "replace").split("\n")[-1]
        after = raw[pos:pos + 30].decode("utf-8", "replace").split("\n")[0]
        where = f"line {lines + 1}: " if isinstance(lines, int) else ""
        return f"{where}{why} near «{before}⟨here⟩{after}»"
    msg = getattr(exc, "message", None) or str(exc)
    msg = " ".join(str(msg).split())
    if len(msg) > 200:
        msg = msg[:200] + "…"
    return f"line {lines + 1}: {msg}" if isinstance(lines, int) else msg


def load_files(paths: Iterable[Path], graph: Graph | None = None) -> Graph:
    graph = graph if graph is not None else Graph()
    bind_prefixes(graph)
    for path in paths:
        parse_turtle_into(graph, path)
    return graph


def load_ontology(graph: Graph | None = None) -> Graph:
    """The ontology, code lists and rank order."""
    return load_files(resources.ontology_files(), graph)


def data_paths(data_dirs: Iterable[Path] | None = None) -> list[Path]:
    """Turtle files of the bundled data, or of the given folders (files are accepted too)."""
    if not data_dirs:
        return resources.data_files()
    paths: list[Path] = []
    for d in data_dirs:
        d = Path(d)
        if d.is_file():
            paths.append(d)
        elif d.is_dir():
            found = resources.data_files(d)
            if not found:
                raise PolicyKGError(f"{d}: no .ttl files in this folder")
            paths.extend(found)
        else:
            raise PolicyKGError(f"{d}: no such file or folder")
    return paths


def load_data(data_dirs: Iterable[Path] | None = None, graph: Graph | None = None) -> Graph:
    return load_files(data_paths(data_dirs), graph)


def load_all(data_dirs: Iterable[Path] | None = None, extra: Iterable[Path] = ()) -> Graph:
    """Ontology + code lists + rank order + data (+ extra files such as drafts) in one graph."""
    graph = load_ontology()
    load_data(data_dirs, graph)
    load_files(extra, graph)
    return graph
