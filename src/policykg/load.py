"""Load Turtle files (ontology, code lists, registry data, drafts) into rdflib graphs.

Every failure becomes a one-line PolicyKGError naming the file, so the CLI can exit 2 without a traceback.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import _is_valid_uri

from . import limits, resources
from .errors import PolicyKGError
from .namespaces import bind_prefixes


def parse_turtle_into(graph: Graph, path: Path) -> None:
    """Parse one Turtle file into *graph*; raise PolicyKGError on any problem.

    What rdflib only warns about (an IRI with spaces or ``{}|^`\\``, a literal that is not of its datatype, such as
    ``"2023-02-30"^^xsd:date``) is an error here too, naming the file and the line: such input would pass a check
    and then break a serialisation. Literals longer than the ``literal`` cap (policykg.limits) are refused.
    """
    path = Path(path)
    if not path.is_file():
        raise PolicyKGError(f"{path}: no such file")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PolicyKGError(
            f"{path}: not UTF-8 (byte {exc.start}); Turtle must be UTF-8 — convert it, e.g. iconv -f GB18030 -t UTF-8"
        ) from None
    except OSError as exc:
        raise PolicyKGError(f"{path}: cannot read: {exc.strerror or exc}") from None
    base = path.resolve().as_uri()
    complaints = _parse_collecting_complaints(graph, text, base, path)
    if complaints or len(text) > limits.limit("literal"):
        # something was warned about, or a literal may be too long: find the statement and its line
        fresh = Graph()
        _parse_collecting_complaints(fresh, text, base, path)
        _check_terms(fresh, text, path)
        if complaints:  # a warning on no term we can name: report it as rdflib gave it
            raise PolicyKGError(f"{path}: {complaints[0]}")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split())[:200])


def _parse_collecting_complaints(graph: Graph, text: str, base: str, path: Path) -> list[str]:
    """Parse *text* into *graph*; return rdflib's warnings (log records and Python warnings) instead of printing them."""
    log = logging.getLogger("rdflib")
    handler = _Collect()
    saved = log.propagate
    log.addHandler(handler)
    log.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                graph.parse(data=text, format="turtle", publicID=base)
            except RecursionError:
                raise PolicyKGError(f"{path}: broken Turtle: nested too deeply") from None
            except PolicyKGError:
                raise
            except Exception as exc:  # noqa: BLE001 — rdflib raises several types (BadSyntax, ParserError, …)
                raise PolicyKGError(f"{path}: broken Turtle: {_syntax_message(exc)}") from None
    finally:
        log.removeHandler(handler)
        log.propagate = saved
    # only rdflib's own warnings about the input; not, say, a ResourceWarning the garbage collector emits meanwhile
    mine = [w for w in caught if not issubclass(w.category, (ResourceWarning, DeprecationWarning))
            and "rdflib" in str(w.filename).replace("\\", "/").split("/")]
    return handler.messages + [" ".join(str(w.message).split())[:200] for w in mine]


def _check_terms(graph: Graph, text: str, path: Path) -> None:
    """The first invalid IRI, ill-typed or over-long literal of *graph*, as a one-line error with its line."""
    cap = limits.limit("literal")
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef) and not _is_valid_uri(term):
                raise PolicyKGError(f"{path}: {_line_of(text, term)}invalid IRI <{_clip(term)}>: an IRI may not "
                                    f"contain spaces or any of <>\"{{}}|^`\\")
            if isinstance(term, Literal):
                if term.ill_typed:
                    dt = _short_datatype(term.datatype)
                    raise PolicyKGError(f"{path}: {_line_of(text, str(term))}\"{_clip(term)}\" is not a valid {dt}")
                if len(term) > cap:
                    raise PolicyKGError(f"{path}: {_line_of(text, str(term)[:60])}a literal of {len(term)} "
                                        f"characters is over the limit of {cap} (set POLICYKG_MAX_LITERAL to raise it)")


def _clip(term: str, n: int = 80) -> str:
    s = " ".join(str(term).split()) if "\n" in term else str(term)
    s = s.replace("\x00", "\\0")
    return s if len(s) <= n else s[:n] + "…"


def _short_datatype(dt) -> str:
    s = str(dt)
    return "xsd:" + s.rsplit("#", 1)[1] if s.startswith("http://www.w3.org/2001/XMLSchema#") else f"<{s}>"


def _line_of(text: str, needle: str) -> str:
    """``line N: `` where *needle* (or, for an IRI made from a prefix, its last segment) first occurs in *text*."""
    candidates = [needle]
    for sep in ("#", "/"):
        if sep in needle:
            candidates.append(needle.rsplit(sep, 1)[1])
    for c in candidates:
        if c:
            pos = text.find(c)
            if pos >= 0:
                return f"line {text.count(chr(10), 0, pos) + 1}: "
    return ""


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
