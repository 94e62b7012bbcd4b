"""The in-memory backend: rdflib over the bundled files, the reference every other backend is compared with."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping, cast

from rdflib import Graph
from rdflib.term import Identifier, Node

from .. import sparql_guard  # noqa: F401 — imported for its effect too: rdflib itself never calls out (SERVICE, FROM)
from ..errors import PolicyKGError
from ..load import load_all


class MemoryStore:
    """An rdflib in-memory graph: the reference backend."""

    def __init__(self, graph: Graph):
        self._graph = graph

    @classmethod
    def from_files(cls, data_dirs: Iterable[Path] | None = None, extra: Iterable[Path] = ()) -> "MemoryStore":
        return cls(load_all(data_dirs, extra))

    def _run(self, query: str, bindings: Mapping[str, Node] | None):
        try:
            # a query already parsed and checked by queries.sparql_form is evaluated as translated there
            return self._graph.query(sparql_guard.recall(query) or query,
                                     initBindings=cast("dict[str, Identifier]", dict(bindings or {})))  # terms
        except PolicyKGError:
            raise
        except RecursionError:
            raise PolicyKGError("SPARQL failed: the query is nested too deeply") from None
        except Exception as exc:  # pyparsing and rdflib raise many types for bad SPARQL
            raise PolicyKGError(f"SPARQL failed: {' '.join(str(exc).split())[:300]}") from None

    def select(self, query, bindings=None):
        result = self._run(query, bindings)
        if result.type != "SELECT":
            raise PolicyKGError(f"expected a SELECT query, got {result.type}")
        names = [str(v) for v in result.vars]
        return names, [tuple(row) for row in result]

    def construct(self, query, bindings=None):
        result = self._run(query, bindings)
        if result.type not in ("CONSTRUCT", "DESCRIBE"):
            raise PolicyKGError(f"expected a CONSTRUCT or DESCRIBE query, got {result.type}")
        return result.graph

    def ask(self, query, bindings=None):
        result = self._run(query, bindings)
        if result.type != "ASK":
            raise PolicyKGError(f"expected an ASK query, got {result.type}")
        return bool(result.askAnswer)

    def graph(self) -> Graph:
        return self._graph
