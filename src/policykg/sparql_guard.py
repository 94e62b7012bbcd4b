"""Queries never reach outside the graph: no ``SERVICE`` (federation), no ``FROM``/``FROM NAMED`` loading.

rdflib evaluates ``SERVICE <iri> { … }`` by sending an HTTP request to *iri* and loads ``FROM <iri>`` from the
network or the file system. A reviewers' endpoint that did so would be a proxy into the network it runs in
(and a port scanner through its error texts), so:

- :func:`refuse_remote` rejects such a query in its algebra, before evaluation, with one line — every query path
  (``policykg query``, saved queries and checks, the endpoint, the page's run API, the Store) calls it;
- :func:`install` (run when this module is imported) is the net under it for queries that reach rdflib by other
  ways (pySHACL's SPARQL constraints): rdflib's SERVICE evaluation raises instead of calling out, and its graph
  loading for ``FROM`` is switched off;
- :func:`refuse_service_text` is the same net for the persistent backends, which are handed query text: pyoxigraph
  evaluates ``SERVICE`` by calling the IRI, and a SPARQL server may too (check queries reach them directly).
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from functools import lru_cache
from typing import Any

import rdflib.plugins.sparql as _sparql
from rdflib.plugins.sparql import evaluate as _evaluate

from .errors import PolicyKGError
from .sparql_text import code_of

SERVICE_REFUSED = "SERVICE is refused: policykg queries read only the loaded graph and call no other endpoint"
FROM_REFUSED = "FROM and FROM NAMED are refused: policykg queries read only the loaded graph and load nothing"


def _walk(node: Any):
    """Every dict-like node of an rdflib algebra tree, without recursion (deep queries are legitimate)."""
    todo = [node]
    seen: set[int] = set()
    while todo:
        item = todo.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, dict):
            yield item
            todo.extend(item.values())
        elif isinstance(item, (list, tuple)):
            todo.extend(item)


def refuse_remote(query: Any, where: str = "query") -> None:
    """PolicyKGError when the translated *query* (rdflib ``Query``) has a SERVICE or a dataset clause."""
    algebra = getattr(query, "algebra", query)
    for node in _walk(algebra):
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            raise PolicyKGError(f"{where}: {SERVICE_REFUSED}")
        if dict.get(node, "datasetClause"):
            raise PolicyKGError(f"{where}: {FROM_REFUSED}")


#: SERVICE as a keyword: not a variable (?SERVICE), not a prefixed name's part (ex:SERVICE); a dot may end a triple
_SERVICE_KEYWORD = re.compile(r"(?i)(?<![\w?$:])SERVICE(?![\w:])")


@lru_cache(maxsize=1024)
def _calls_a_service(text: str) -> bool:
    return _SERVICE_KEYWORD.search(code_of(text)) is not None


def refuse_service_text(text: str, where: str = "query") -> None:
    """PolicyKGError when the query *text* has a SERVICE keyword (outside strings, IRIs and comments)."""
    if _calls_a_service(text):
        raise PolicyKGError(f"{where}: {SERVICE_REFUSED}")


#: Translated queries that passed :func:`refuse_remote`, by query text: the Store evaluates these instead of
#: parsing the text a second time (translating a query of 200 triple patterns takes rdflib about a second).
_MEMO: OrderedDict[str, Any] = OrderedDict()
_MEMO_SIZE = 64
_memo_lock = threading.Lock()


def _fresh_lock_in_child() -> None:
    # the endpoint forks its query workers from a threaded server: a lock another thread held at the fork would
    # stay held for ever in the child (and the query would hang until the time limit)
    global _memo_lock
    _memo_lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_fresh_lock_in_child)


def remember(text: str, translated: Any) -> None:
    """Keep the translated *text* (already checked by :func:`refuse_remote`) for :func:`recall`."""
    with _memo_lock:
        _MEMO[text] = translated
        _MEMO.move_to_end(text)
        while len(_MEMO) > _MEMO_SIZE:
            _MEMO.popitem(last=False)


def recall(text: str) -> Any | None:
    """The translated query remembered for exactly *text*, or None."""
    with _memo_lock:
        return _MEMO.get(text)


def _no_service(ctx, part):  # replaces rdflib's evalServiceQuery
    raise PolicyKGError(SERVICE_REFUSED)


def install() -> None:
    """Make rdflib itself unable to call out (idempotent)."""
    _sparql.SPARQL_LOAD_GRAPHS = False
    _evaluate.evalServiceQuery = _no_service


install()

__all__ = ["FROM_REFUSED", "SERVICE_REFUSED", "install", "refuse_remote", "refuse_service_text"]
