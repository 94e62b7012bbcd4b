"""The store-native SHACL engine: the compiled rule book (policykg.rulebook.compiled) run on pyoxigraph.

Each constraint is one SPARQL query over all of its focus nodes; its rows become sh:ValidationResults exactly as
pySHACL makes them, so ``check.findings`` builds the same findings from either engine's report:

- SPARQL-based constraints: one result per distinct solution of a focus node; focus ``$this``; ``sh:value`` the
  ``?value`` binding, else the focus node for a node shape (none for a property shape); ``sh:resultPath`` the
  ``?path`` binding, else the shape's path; the shape's and the constraint's ``sh:message`` with ``{?var}`` and
  ``{$var}`` replaced by the lexical form of the binding (untagged, as pySHACL leaves them); a row binding none of
  ``$this``, ``?path``, ``?value`` is no result;
- Core components: one result per focus node (sh:minCount) or per failing value node (the others), with the
  shape's messages as written;
- blank nodes the report names (a sh:sparql constraint, a blank focus or value) are copied into the report with
  their statements, as pySHACL copies them.

SHACL-AF SPARQL functions are pyoxigraph custom functions evaluating the function's own SELECT with its
parameters substituted, on the same data (memoised per validation). ``sh:pattern`` is matched with Python's
``re`` as pySHACL matches it (a custom function), so a pattern means the same to both engines.

The engine validates an rdflib graph (bulk-loaded into an in-memory pyoxigraph store) or, store-native, a
pyoxigraph store already holding the enriched data (:meth:`OxigraphEngine.validate_store`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Union

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF
from rdflib.term import Node

from ..errors import PolicyKGError
from ..namespaces import SH
from ..store.oxigraph import _from_ox, to_ox
from .compiled import PATTERN_FUNCTION, CompiledShapes, Constraint, SparqlFunction, compiled

if TYPE_CHECKING:
    from ..store.view import UnionStore

#: where the engine validates: a pyoxigraph store's default graph, or the union of a store's graphs
DataStore = Union[ox.Store, "UnionStore"]

_MAX_CLONE_DEPTH = 10  # as pySHACL's clone_blank_node


def load_graph(graph: Graph) -> ox.Store:
    """An in-memory pyoxigraph store holding *graph*'s triples in its default graph (blank nodes keep their ids)."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph)
    return store


def _python_pattern(value, pattern, flags=None):
    """sh:pattern as pySHACL evaluates it: Python ``re.search`` on the string form; a blank node never matches."""
    if isinstance(value, ox.BlankNode):
        return ox.Literal("false", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    re_flags = 0
    text_flags = flags.value.lower() if flags is not None else ""
    if "i" in text_flags:
        re_flags |= re.IGNORECASE
    if "m" in text_flags:
        re_flags |= re.MULTILINE
    if "s" in text_flags:
        re_flags |= re.DOTALL
    if "x" in text_flags:
        re_flags |= re.VERBOSE
    found = _compiled_pattern(pattern.value, re_flags).search(value.value)
    return ox.Literal("true" if found else "false",
                      datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))


_PATTERNS: dict[tuple[str, int], re.Pattern] = {}


def _compiled_pattern(pattern: str, flags: int) -> re.Pattern:
    key = (pattern, flags)
    hit = _PATTERNS.get(key)
    if hit is None:
        hit = _PATTERNS[key] = re.compile(pattern, flags)
    return hit


class _Functions:
    """The custom functions of one validation: SHACL-AF SPARQL functions (memoised) and sh:pattern."""

    def __init__(self, store: DataStore, functions: Iterable[SparqlFunction], prefixes: Mapping[str, str]):
        self.store = store
        self.prefixes = dict(prefixes)
        self.table: dict[ox.NamedNode, Callable] = {ox.NamedNode(PATTERN_FUNCTION): _python_pattern}
        for fn in functions:
            self.table[ox.NamedNode(str(fn.iri))] = self._function(fn)

    def _function(self, fn: SparqlFunction) -> Callable:
        memo: dict[tuple, object] = {}
        variables = [ox.Variable(n) for n in fn.parameters]

        def call(*args):
            if len(args) != len(variables):
                return None  # a call with the wrong number of arguments is an error (unbound)
            hit = memo.get(args, memo)
            if hit is not memo:
                return hit
            try:
                solutions = self.store.query(fn.query, substitutions=dict(zip(variables, args)),
                                             custom_functions=self.table, prefixes=self.prefixes)
                result = None
                for solution in solutions:  # type: ignore[union-attr]
                    result = solution[fn.result]
                    break
            except (SyntaxError, ValueError, OSError, RuntimeError):
                result = None
            memo[args] = result
            return result

        return call


class OxigraphEngine:
    """The compiled rule book on pyoxigraph (see the module docstring)."""

    name = "oxigraph"

    def validate(self, data_graph: Graph, shapes_graph: Graph) -> Graph:
        store = load_graph(data_graph)
        prefixes = {str(p): str(ns) for p, ns in data_graph.namespaces()}
        return self.validate_store(store, shapes_graph, prefixes=prefixes, data=data_graph)

    def validate_store(self, store: DataStore, shapes_graph: Graph, *, prefixes: Mapping[str, str] | None = None,
                       data: Graph | None = None) -> Graph:
        """Validate the enriched data in *store*'s default graph; return the sh:ValidationReport graph.

        Args:
            store: the enriched data (ontology, inferred facts and the check context in its default graph).
            shapes_graph: the shapes.
            prefixes: prefixes every query may use without declaring them (the data graph's bindings).
            data: the same data as an rdflib graph, if there is one (blank nodes are copied from it).
        """
        book = compiled(shapes_graph)
        functions = _Functions(store, book.functions, prefixes or {})
        builder = _ReportBuilder(shapes_graph, store, data)
        for constraint in book.constraints:
            try:
                solutions = store.query(constraint.query, custom_functions=functions.table,
                                        prefixes=functions.prefixes)
            except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
                raise PolicyKGError(f"SHACL engine oxigraph failed on {constraint.shape.n3()}: "
                                    f"{' '.join(str(exc).split())[:300]}") from None
            if constraint.sparql:
                _sparql_results(constraint, solutions, builder)  # type: ignore[arg-type]
            else:
                for solution in solutions:  # type: ignore[union-attr]
                    focus = _from_ox(solution["this"])
                    value = _from_ox(solution["value"]) if "value" in _names(solutions) else None
                    builder.result(constraint, focus, value=value, messages=constraint.messages)
        return builder.finish()


def _names(solutions) -> list[str]:
    return [v.value for v in solutions.variables]


def _sparql_results(constraint: Constraint, solutions, builder: "_ReportBuilder") -> None:
    """The results of a SPARQL-based constraint, row by row, as pySHACL reads them."""
    names = _names(solutions)
    seen: set[tuple] = set()
    for solution in solutions:
        row = {name: _from_ox(solution[i]) for i, name in enumerate(names)}
        focus = row["this"]
        bound = {k: v for k, v in row.items() if v is not None}
        path = bound.pop("path", None)
        value = bound.pop("value", None)
        this = bound.pop("this", None)
        if not constraint.projects_this:
            this = None  # ?this was projected by the compiler, not by the constraint
        if path is None and value is None and this is None:
            continue  # pySHACL keeps no result for such a row
        key = (focus, this, path, value, tuple(sorted(bound.items())))
        if key in seen:
            continue
        seen.add(key)
        if value is None and not constraint.is_property_shape:
            value = focus
        variables = list(bound.items())
        if this is not None:
            variables.append(("this", this))
        if path is not None:
            variables.append(("path", path))
        if value is not None:
            variables.append(("value", value))
        messages = list(constraint.messages)
        texts = [_fill(m, variables) for m in constraint.extra_messages if m not in messages]
        texts += [_fill(m, variables) for m in messages]
        builder.result(constraint, focus, value=value, path=path,
                       messages=tuple(Literal(t) for t in texts))


def _fill(message: Literal, variables: list[tuple[str, Node]]) -> str:
    """``{?var}``/``{$var}`` replaced as pySHACL replaces them (re.sub with the value's string form, in order)."""
    text = str(message.value)
    for name, value in variables:
        try:
            text = re.sub("{{[?$]{}}}".format(name), str(value), text)
        except re.error as exc:
            raise PolicyKGError(f"cannot put {value} into the message of a result: {exc}") from None
    return text


class _ReportBuilder:
    """An sh:ValidationReport graph shaped as pySHACL's."""

    def __init__(self, shapes: Graph, store: DataStore, data: Graph | None):
        self.shapes = shapes
        self.store = store
        self.data = data
        self.g = Graph(bind_namespaces="core")
        for prefix, ns in shapes.namespace_manager.namespaces():
            self.g.namespace_manager.bind(prefix, ns)
        self.report = BNode()
        self.g.add((self.report, RDF.type, SH.ValidationReport))
        self.cloned: set[tuple[str, Node]] = set()
        self.count = 0

    def _data_statements(self, node: BNode) -> Iterable[tuple[Node | None, Node | None]]:
        if self.data is not None:
            return list(self.data.predicate_objects(node))
        return [(_from_ox(q.predicate), _from_ox(q.object))
                for q in self.store.quads_for_pattern(ox.BlankNode(str(node)), None, None)]

    def _shape_statements(self, node: BNode) -> Iterable[tuple[Node | None, Node | None]]:
        return list(self.shapes.predicate_objects(node))

    def _clone(self, source: str, node: Node) -> Node:
        if not isinstance(node, BNode) or (source, node) in self.cloned:
            return node
        self.cloned.add((source, node))
        statements = self._data_statements if source == "data" else self._shape_statements
        todo = [(node, 0)]
        done = {node}
        while todo:
            s, depth = todo.pop()
            if depth >= _MAX_CLONE_DEPTH:
                continue
            for p, o in statements(s):  # type: ignore[arg-type]
                self.g.add((s, p, o))  # type: ignore[arg-type]  # statements are never unbound
                if isinstance(o, BNode) and o not in done:
                    done.add(o)
                    todo.append((o, depth + 1))
        return node

    def result(self, constraint: Constraint, focus: Node | None, *, value: Node | None = None,
               path: Node | None = None, messages: tuple[Literal, ...] = ()) -> None:
        if focus is None:
            return
        g, r = self.g, BNode()
        self.count += 1
        g.add((self.report, SH.result, r))
        g.add((r, RDF.type, SH.ValidationResult))
        g.add((r, SH.sourceConstraintComponent, constraint.component))
        g.add((r, SH.sourceShape, self._clone("shapes", constraint.shape)))
        g.add((r, SH.resultSeverity, constraint.severity))
        g.add((r, SH.focusNode, self._clone("data", focus)))
        if value is not None:
            g.add((r, SH.value, value if isinstance(value, Literal) else self._clone("data", value)))
        path = path if path is not None else constraint.path
        if path is not None:
            g.add((r, SH.resultPath, self._clone("shapes", path)))
        if constraint.source_constraint is not None:
            g.add((r, SH.sourceConstraint, self._clone("shapes", constraint.source_constraint)))
        for m in messages:
            g.add((r, SH.resultMessage, m))

    def finish(self) -> Graph:
        self.g.add((self.report, SH.conforms, Literal(self.count == 0)))
        return self.g


def validate_store(store: DataStore, shapes: Graph, *, prefixes: Mapping[str, str] | None = None) -> Graph:
    """The sh:ValidationReport of the enriched data in *store* against *shapes* (store-native)."""
    return OxigraphEngine().validate_store(store, shapes, prefixes=prefixes)


def check_supported(shapes: Graph) -> CompiledShapes:
    """Compile *shapes* now (UnsupportedShape names the first shape the engine cannot validate)."""
    return compiled(shapes)


__all__ = ["OxigraphEngine", "check_supported", "load_graph", "validate_store"]
