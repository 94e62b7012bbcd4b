"""The Store protocol (what the rest of policykg needs from a triple store) and the choice of backend."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping, Protocol

from rdflib import Graph
from rdflib.term import Node

from ..errors import PolicyKGError
from .endpoint import EndpointStore
from .memory import MemoryStore
from .oxigraph import OxigraphStore


class Store(Protocol):
    """The operations the rest of policykg needs from a triple store."""

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> tuple[list[str], list[tuple]]:
        """Run a SELECT query; return (variable names, rows of RDF terms or None)."""

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query."""

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        """Run an ASK query."""

    def graph(self) -> Graph:
        """The whole graph as rdflib: for a check of the whole registry and `build --output` only (every other
        use sends bounded SPARQL)."""


def open_store(data_dirs: Iterable[Path] | None = None, extra: Iterable[Path] = (), *,
               store: Path | None = None, endpoint: str | None = None) -> Store:
    """The store for a command: the in-memory graph of ontology + data (+ extra files), or a store folder
    (``store``), or a SPARQL endpoint (``endpoint``)."""
    if store is not None and endpoint is not None:
        raise PolicyKGError("give --store or --endpoint, not both")
    if (store is not None or endpoint is not None) and (data_dirs or list(extra)):
        raise PolicyKGError("--data reads files into memory; it cannot be combined with --store or --endpoint")
    if store is not None:
        return OxigraphStore.open(store)
    if endpoint is not None:
        return EndpointStore(endpoint)
    return MemoryStore.from_files(data_dirs, extra)
