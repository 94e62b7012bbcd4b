"""Bound parameters for the persistent backends: a VALUES block opening the WHERE group, never pasted text."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Mapping

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..errors import PolicyKGError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def with_values(query: str, bindings: Mapping[str, Node] | None) -> str:
    """*query* with ``VALUES (?a ?b) { (… …) }`` opening its WHERE group (or its first group), and opening every
    group inside it that uses one of the variables (an OPTIONAL, UNION branch, EXISTS, MINUS or subquery group).

    rdflib's initBindings bind a variable everywhere in the query, subqueries included; a store evaluates a
    UNION branch or a subquery before joining it, over every node, when the binding stands only at the top.
    """
    if not bindings:
        return query
    names = tuple(sorted(bindings))
    pieces, rows = _template(query, names)
    terms = {n: _sparql_term(bindings[n]) for n in names}  # once each: a name may open several groups
    out = [pieces[0]]
    for these, piece in zip(rows, pieces[1:]):
        out += [" ".join([terms[n] for n in these]), piece]
    return "".join(out)


@lru_cache(maxsize=512)  # per (query, bound names): a service runs the same queries with new values
def _template(query: str, names: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """*query* cut where the values of a VALUES row go: the text pieces (each but the last ends with
    ``VALUES (?a ?b) { (``, each but the first starts with ``) }``) and the names whose terms fill each gap."""
    for name in names:
        if not re.fullmatch(r"\w+", name):
            raise PolicyKGError(f"not a variable name: {name!r}")
    outer, groups = _groups(query)
    if outer < 0:
        raise PolicyKGError("cannot bind parameters: the query has no WHERE group")
    inserts = [(outer, list(names))] + [(pos, [n for n in names if n in used]) for pos, used in groups
                                        if pos != outer]
    pieces, rows, last, tail = [], [], 0, ""
    for pos, these in sorted(inserts):
        if these:
            pieces.append(tail + query[last:pos + 1] + " VALUES (" + " ".join(f"?{n}" for n in these) + ") { (")
            rows.append(tuple(these))
            last, tail = pos + 1, ") } "
    pieces.append(tail + query[last:])
    return tuple(pieces), tuple(rows)


def _sparql_term(term: Node) -> str:
    if isinstance(term, (URIRef, Literal)):
        return term.n3()
    raise PolicyKGError(f"cannot bind a blank node as a parameter ({term})")


_TOKEN = re.compile(r"""
    \#[^\n]*                                   # comment
  | (?P<string>\"\"\"(?:[^\\]|\\.)*?\"\"\" | '\'\'(?:[^\\]|\\.)*?\'\'\' | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*')
  | <[^<>"{}|^`\\\s]*>                             # IRI
  | (?<![\w?$:])(?P<kw>WHERE|CONSTRUCT|VALUES)(?![\w])
  | [?$](?P<var>\w+)
  | (?P<brace>[{}])
""", re.VERBOSE | re.IGNORECASE | re.DOTALL)
_SUBSELECT = re.compile(r"\s*(?:\#[^\n]*\n\s*)*SELECT(?!\w)", re.IGNORECASE)


def _where_brace(query: str) -> int:
    """Offset of the '{' opening the WHERE clause (-1: none), skipping strings, IRIs and comments."""
    return _groups(query)[0]


@lru_cache(maxsize=512)
def _groups(query: str) -> tuple[int, list[tuple[int, frozenset[str]]]]:
    """Offset of the '{' opening the WHERE group (-1: none), and of every group pattern's '{' with the variables
    used inside it — not a VALUES data block, a CONSTRUCT template or a brace around a subquery (no VALUES may
    stand before its SELECT); strings, IRIs and comments skipped."""
    outer, construct, first_brace, seen_where, data_next = -1, False, -1, False, False
    open_: list[tuple[int, str, set[str]]] = []  # (offset, "group" | "other", variables used inside)
    groups: list[tuple[int, frozenset[str]]] = []
    for m in _TOKEN.finditer(query):
        if m.group("kw"):
            kw = m.group("kw").upper()
            if kw == "CONSTRUCT" and outer < 0 and first_brace < 0:
                construct = True
            elif kw == "WHERE":
                seen_where = True
            elif kw == "VALUES":
                data_next = True
        elif m.group("var"):
            for _pos, kind, used in open_:
                if kind == "group":
                    used.add(m.group("var"))
        elif m.group("brace") == "{":
            pos = m.start()
            if outer < 0:
                if seen_where:
                    outer = pos
                elif first_brace < 0:
                    first_brace = pos
            template = construct and outer < 0 and not seen_where
            other = data_next or template or _SUBSELECT.match(query, pos + 1) is not None
            open_.append((pos, "other" if other else "group", set()))
            data_next = False
        elif m.group("brace") == "}" and open_:
            pos, kind, used = open_.pop()
            if kind == "group":
                groups.append((pos, frozenset(used)))
    if outer < 0 and not construct:
        outer = first_brace
    return outer, groups
