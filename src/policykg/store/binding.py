"""Bound parameters for the persistent backends: a VALUES block opening the WHERE group, never pasted text."""

from __future__ import annotations

import re
from typing import Mapping

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..errors import PolicyKGError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def with_values(query: str, bindings: Mapping[str, Node] | None) -> str:
    """*query* with ``VALUES (?a ?b) { (… …) }`` opening its WHERE group (or its first group)."""
    if not bindings:
        return query
    names = sorted(bindings)
    for name in names:
        if not re.fullmatch(r"\w+", name):
            raise PolicyKGError(f"not a variable name: {name!r}")
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + \
        " ".join(_sparql_term(bindings[n]) for n in names) + ") } "
    pos = _where_brace(query)
    if pos < 0:
        raise PolicyKGError("cannot bind parameters: the query has no WHERE group")
    return query[:pos + 1] + " " + block + query[pos + 1:]


def _sparql_term(term: Node) -> str:
    if isinstance(term, (URIRef, Literal)):
        return term.n3()
    raise PolicyKGError(f"cannot bind a blank node as a parameter ({term})")


def _where_brace(query: str) -> int:
    """Offset of the '{' opening the WHERE clause, skipping strings, IRIs and comments."""
    i, n, first_brace, seen_where = 0, len(query), -1, False
    while i < n:
        c = query[i]
        if c == "#":
            j = query.find("\n", i)
            i = n if j < 0 else j
            continue
        if c in "'\"":
            quote = c * 3 if query.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not query.startswith(quote, j):
                j += 2 if query[j] == "\\" else 1
            i = j + len(quote)
            continue
        if c == "<":
            m = re.match(r"<[^<>\"{}|^`\\\s]*>", query[i:])
            if m:
                i += m.end()
                continue
        if c in "wW" and query[i:i + 5].upper() == "WHERE" and (i == 0 or not query[i - 1].isalnum()) \
                and (i + 5 >= n or not (query[i + 5].isalnum() or query[i + 5] == "_")):
            seen_where = True
            i += 5
            continue
        if c == "{":
            if seen_where:
                return i
            if first_brace < 0:
                first_brace = i
        i += 1
    return first_brace if not re.match(r"(?is)^\s*(?:(?:PREFIX|BASE)[^\n]*\n\s*)*CONSTRUCT\s*\{", query) else -1
