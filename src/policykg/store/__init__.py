"""Where the graph lives and how it is queried.

Commands talk to a Store, not to rdflib directly (docs/decisions/0007-store-interface.md). Three backends:

- MemoryStore (store/memory.py): the bundled files parsed into rdflib (the default, and the reference);
- OxigraphStore (store/oxigraph.py): a store folder written by `policykg registry import …` (pyoxigraph on disk,
  read-only use);
- EndpointStore (store/endpoint.py): any SPARQL 1.1 Protocol server (Oxigraph, Virtuoso, QLever, GraphDB), read-only.

Bound parameters stay bound: the persistent backends add them as a VALUES block at the start of the WHERE group
and of every inner group that uses them (rdflib's initBindings semantics, store/binding.py), never by pasting text
into the query.
"""

from .base import Store, open_store
from .binding import with_values
from .endpoint import EndpointStore
from .memory import MemoryStore
from .oxigraph import OxigraphStore

__all__ = ["Store", "open_store", "with_values", "MemoryStore", "OxigraphStore", "EndpointStore"]
