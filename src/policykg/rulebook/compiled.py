"""The shapes of a rule book compiled to SPARQL: one SELECT per constraint, over all of its focus nodes at once.

pySHACL evaluates each constraint once per focus node (a SPARQL-based constraint is re-run with ``$this`` bound
to each). Here each constraint becomes one query whose WHERE group opens with the shape's targets as a subquery
(``SELECT DISTINCT ?this``: instances of the target class and its subclasses through ``rdfs:subClassOf*``,
subjects or objects of a predicate, listed nodes), so ``?this`` is bound before any other pattern, OPTIONAL,
BIND, FILTER or EXISTS of the constraint is evaluated — the same solutions as pre-binding ``$this`` one focus node
at a time. Core constraint components become FILTERs over the value nodes; nested shapes (sh:or, sh:not,
sh:property inside them) become boolean SPARQL expressions.

Only what the rule book uses is compiled: SHACL-SPARQL constraints (``sh:sparql`` with ``sh:select`` and
``sh:prefixes``), the Core components sh:minCount, sh:class, sh:pattern (with sh:flags), sh:in, sh:not, sh:or and
sh:property, targets sh:targetClass, sh:targetSubjectsOf, sh:targetObjectsOf and sh:targetNode, sh:deactivated,
sh:severity and sh:message. A shape using anything else of the SHACL vocabulary — another component, a SPARQL
target, a custom constraint component, a SHACL rule — is refused with one :class:`UnsupportedShape` error naming
the shape and the term, never skipped: the engine would otherwise report conformance it did not check.

SHACL-AF SPARQL functions (``sh:SPARQLFunction``) are compiled to :class:`SparqlFunction` records; the engine
evaluates them (policykg.rulebook.oxigraph_engine).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from ..errors import PolicyKGError
from ..namespaces import BASE, SH
from ..sparql_text import code_of
from ..store.binding import _where_brace


class UnsupportedShape(PolicyKGError):
    """A shape uses a part of SHACL the compiled engine does not implement."""


#: Predicates of the SHACL vocabulary a shape may carry (constraint parameters and non-validating ones).
SHAPE_TERMS = frozenset({
    SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode,
    SH.path, SH.severity, SH.message, SH.deactivated, SH.sparql,
    SH.minCount, SH.pattern, SH.flags, SH["in"], SH["class"], SH["not"], SH["or"], SH.property,
    SH.name, SH.description, SH.order, SH.group,
})
#: Predicates a sh:sparql constraint node may carry.
SPARQL_CONSTRAINT_TERMS = frozenset({SH.select, SH.prefixes, SH.message, SH.deactivated})
#: Parts of the SHACL vocabulary whose presence anywhere in the shapes graph changes validation.
_GRAPH_REFUSALS = {
    SH.ConstraintComponent: "a custom constraint component",
    SH.SPARQLTarget: "a SPARQL-based target",
    SH.SPARQLRule: "a SHACL rule",
    SH.TripleRule: "a SHACL rule",
}
_GRAPH_PREDICATE_REFUSALS = {SH.rule: "a SHACL rule (sh:rule)", SH.target: "a SPARQL-based target (sh:target)",
                             SH.entailment: "an entailment regime (sh:entailment)"}

#: The custom function the engine evaluates sh:pattern with (Python's re, as pySHACL matches patterns).
PATTERN_FUNCTION = BASE + "engine/pattern"

_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"


@dataclass(frozen=True)
class Constraint:
    """One constraint of one shape, as one query whose rows are its results.

    Rows bind ``?this`` (the focus node) and, for value-node constraints, ``?value``. For a SPARQL-based
    constraint (``sparql=True``) the rows are the constraint's own solutions and are read as pySHACL reads them
    (``?path``, ``?value`` and the other variables, message placeholders).

    Attributes:
        shape: the sh:sourceShape.
        component: the sh:sourceConstraintComponent.
        severity: the shape's sh:severity (sh:Violation by default).
        query: the SPARQL text (prefixes included).
        path: the shape's sh:path (property shapes), None for node shapes.
        messages: the shape's sh:message literals.
        source_constraint: the sh:sparql node (SPARQL-based constraints).
        extra_messages: the SPARQL constraint node's own sh:message literals.
        sparql: rows are the solutions of a SPARQL-based constraint.
        projects_this: the constraint's SELECT projects $this itself (else ?this was added to read the focus).
        variables: the projected variables of a SPARQL-based constraint, in order (``this`` included).
    """

    shape: Node
    component: URIRef
    severity: URIRef
    query: str
    path: Node | None = None
    messages: tuple[Literal, ...] = ()
    source_constraint: Node | None = None
    extra_messages: tuple[Literal, ...] = ()
    sparql: bool = False
    projects_this: bool = True
    variables: tuple[str, ...] = ()

    @property
    def is_property_shape(self) -> bool:
        return self.path is not None


@dataclass(frozen=True)
class SparqlFunction:
    """A SHACL-AF sh:SPARQLFunction: its IRI, parameter names in call order, and its SELECT (prefixes included)."""

    iri: URIRef
    parameters: tuple[str, ...]
    query: str
    result: str


@dataclass(frozen=True)
class CompiledShapes:
    """Every active constraint of a shapes graph, and its SPARQL functions."""

    constraints: tuple[Constraint, ...]
    functions: tuple[SparqlFunction, ...] = field(default=())


# ---------------------------------------------------------------------------------------------------------------


def _iri(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    raise UnsupportedShape(f"expected an IRI, got {node.n3()}")


def _term(node: Node) -> str:
    if isinstance(node, (URIRef, Literal)):
        return node.n3()
    raise UnsupportedShape(f"a blank node cannot be written in a query ({node.n3()})")


class _Compiler:
    def __init__(self, shapes: Graph):
        self.g = shapes
        self.counter = 0

    # -- helpers --------------------------------------------------------------------------------------------
    def fresh(self) -> str:
        self.counter += 1
        return f"?pkgV{self.counter}"

    def name(self, shape: Node) -> str:
        return shape.n3() if isinstance(shape, URIRef) else "a blank-node shape"

    def one(self, shape: Node, p: URIRef) -> Node | None:
        values = list(self.g.objects(shape, p))
        if len(values) > 1:
            raise UnsupportedShape(f"{self.name(shape)} has {len(values)} values of {p.n3()}; one is supported")
        return values[0] if values else None

    def deactivated(self, node: Node) -> bool:
        value = self.one(node, SH.deactivated)
        return isinstance(value, Literal) and value.value is True

    def check_terms(self, shape: Node) -> None:
        for p in set(self.g.predicates(shape)):
            if str(p).startswith(str(SH)) and p not in SHAPE_TERMS:
                raise UnsupportedShape(f"{self.name(shape)} uses {p.n3()}, which the oxigraph engine does not "
                                       "implement (validate with --engine pyshacl)")

    def path(self, shape: Node) -> Node | None:
        path = self.one(shape, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise UnsupportedShape(f"{self.name(shape)}: only predicate paths are supported, not a complex path")
        return path

    def severity(self, shape: Node) -> URIRef:
        value = self.one(shape, SH.severity)
        if value is None:
            return SH.Violation
        if not isinstance(value, URIRef):
            raise UnsupportedShape(f"{self.name(shape)}: sh:severity must be an IRI")
        return value

    def messages(self, node: Node) -> tuple[Literal, ...]:
        return tuple(sorted((m for m in self.g.objects(node, SH.message) if isinstance(m, Literal)), key=str))

    def list_items(self, shape: Node, p: URIRef) -> list[Node]:
        head = self.one(shape, p)
        if head is None:
            return []
        return list(Collection(self.g, head))

    # -- targets --------------------------------------------------------------------------------------------
    def targets(self, shape: Node) -> str | None:
        """The shape's focus nodes as a ``{ SELECT DISTINCT ?this … }`` group, or None without targets."""
        branches = []
        for c in sorted(self.g.objects(shape, SH.targetClass), key=str):
            branches.append(f"{{ ?this {_TYPE} ?pkgTargetType . ?pkgTargetType {_SUBCLASS}* {_iri(c)} }}")
        if (shape, RDF.type, RDFS.Class) in self.g or (shape, RDF.type, OWL.Class) in self.g:
            branches.append(f"{{ ?this {_TYPE} ?pkgTargetType . ?pkgTargetType {_SUBCLASS}* {_iri(shape)} }}")
        for p in sorted(self.g.objects(shape, SH.targetSubjectsOf), key=str):
            branches.append(f"{{ ?this {_iri(p)} ?pkgTargetObject }}")
        for p in sorted(self.g.objects(shape, SH.targetObjectsOf), key=str):
            branches.append(f"{{ ?pkgTargetSubject {_iri(p)} ?this }}")
        nodes = sorted(self.g.objects(shape, SH.targetNode), key=str)
        if nodes:
            branches.append("{ VALUES ?this { " + " ".join(_term(n) for n in nodes) + " } }")
        if not branches:
            return None
        return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(branches) + " } }"

    # -- nested shapes as boolean expressions ---------------------------------------------------------------
    def conforms(self, shape: Node, var: str) -> str:
        """A SPARQL expression true when the node in *var* conforms to the nested *shape*."""
        self.check_terms(shape)
        if self.deactivated(shape):
            return "true"
        if (shape, SH.sparql, None) in self.g:
            raise UnsupportedShape(f"{self.name(shape)}: a SPARQL-based constraint inside sh:or/sh:not/sh:property")
        path = self.path(shape)
        parts = []
        if path is None:
            parts += self.value_conditions(shape, var)
            for prop in sorted(self.g.objects(shape, SH.property), key=str):
                parts.append(self.conforms(prop, var))
        else:
            if (shape, SH.property, None) in self.g:
                raise UnsupportedShape(f"{self.name(shape)}: sh:property inside a property shape")
            count = self.one(shape, SH.minCount)
            if count is not None:
                n = self.min_count(shape, count)
                if n > 1:
                    raise UnsupportedShape(f"{self.name(shape)}: sh:minCount above 1 inside a nested shape")
                if n == 1:
                    parts.append(f"EXISTS {{ {var} {_iri(path)} {self.fresh()} }}")
            value = self.fresh()
            conditions = self.value_conditions(shape, value)
            if conditions:
                parts.append(f"NOT EXISTS {{ {var} {_iri(path)} {value} . FILTER (!({' && '.join(conditions)})) }}")
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def value_conditions(self, shape: Node, var: str) -> list[str]:
        """One SPARQL expression per value-node constraint of *shape*, each true when *var* satisfies it."""
        return [cond for _component, cond in self.value_constraints(shape, var)]

    def value_constraints(self, shape: Node, var: str) -> list[tuple[URIRef, str]]:
        out: list[tuple[URIRef, str]] = []
        for cls in sorted(self.g.objects(shape, SH["class"]), key=str):
            out.append((SH.ClassConstraintComponent, self._class_condition(var, cls)))
        pattern = self.one(shape, SH.pattern)
        if pattern is not None:
            flags = self.one(shape, SH.flags)
            args = f"{var}, {Literal(str(pattern)).n3()}" + (f", {Literal(str(flags)).n3()}" if flags is not None else "")
            out.append((SH.PatternConstraintComponent, f"<{PATTERN_FUNCTION}>({args})"))
        members = self.list_items(shape, SH["in"])
        if (shape, SH["in"], None) in self.g:
            out.append((SH.InConstraintComponent,
                        "(" + " || ".join(f"sameTerm({var}, {_term(m)})" for m in members) + ")" if members
                        else "false"))
        for negated in sorted(self.g.objects(shape, SH["not"]), key=str):
            out.append((SH.NotConstraintComponent, f"(!{self.conforms(negated, var)})"))
        for head in sorted(self.g.objects(shape, SH["or"]), key=str):
            alternatives = list(Collection(self.g, head))
            out.append((SH.OrConstraintComponent,
                        "(" + " || ".join(self.conforms(a, var) for a in alternatives) + ")" if alternatives
                        else "false"))
        return out

    def _class_condition(self, var: str, cls: Node) -> str:
        t = self.fresh()
        return f"EXISTS {{ {var} {_TYPE} {t} . {t} {_SUBCLASS}* {_iri(cls)} }}"

    def min_count(self, shape: Node, count: Node) -> int:
        if not (isinstance(count, Literal) and isinstance(count.value, int)) or count.value < 0:
            raise UnsupportedShape(f"{self.name(shape)}: sh:minCount must be a non-negative integer")
        return int(count.value)

    # -- top-level shapes -----------------------------------------------------------------------------------
    def shape_constraints(self, shape: Node, targets: str) -> list[Constraint]:
        self.check_terms(shape)
        messages = self.messages(shape)
        path = self.path(shape)
        severity = self.severity(shape)
        has_core = any(p in self.g.predicates(shape) for p in
                       (SH.minCount, SH.pattern, SH["in"], SH["class"], SH["not"], SH["or"]))
        if not messages and (has_core or not all(self.messages(c) for c in self.g.objects(shape, SH.sparql))):
            raise UnsupportedShape(f"{self.name(shape)} has no sh:message; pySHACL's generated messages are not "
                                   "reproduced (validate with --engine pyshacl)")
        out: list[Constraint] = []

        def core(component: URIRef, query: str) -> None:
            out.append(Constraint(shape, component, severity, lookup_not_exists(query), path=path,
                                  messages=messages))

        if path is None:
            for component, cond in self.value_constraints(shape, "?this"):
                core(component, f"SELECT DISTINCT ?this ?value WHERE {{ {targets} FILTER (!{cond}) "
                                "BIND (?this AS ?value) }")
        else:
            count = self.one(shape, SH.minCount)
            if count is not None and self.min_count(shape, count) > 0:
                n, value, c = self.min_count(shape, count), self.fresh(), self.fresh()
                core(SH.MinCountConstraintComponent,
                     f"SELECT DISTINCT ?this WHERE {{ {targets} FILTER NOT EXISTS {{ ?this {_iri(path)} {value} }} }}"
                     if n == 1 else
                     f"SELECT DISTINCT ?this WHERE {{ {targets} OPTIONAL {{ SELECT ?this (COUNT(DISTINCT {value}) "
                     f"AS {c}) WHERE {{ ?this {_iri(path)} {value} }} GROUP BY ?this }} "
                     f"FILTER (!BOUND({c}) || {c} < {n}) }}")
            for component, cond in self.value_constraints(shape, "?value"):
                core(component, f"SELECT DISTINCT ?this ?value WHERE {{ {targets} ?this {_iri(path)} ?value . "
                                f"FILTER (!{cond}) }}")
        for sparql_node in sorted(self.g.objects(shape, SH.sparql), key=str):
            constraint = self.sparql_constraint(shape, sparql_node, targets, path, severity, messages)
            if constraint is not None:
                out.append(constraint)
        return out

    def sparql_constraint(self, shape: Node, node: Node, targets: str, path: Node | None, severity: URIRef,
                          messages: tuple[Literal, ...]) -> Constraint | None:
        for p in set(self.g.predicates(node)):
            if str(p).startswith(str(SH)) and p not in SPARQL_CONSTRAINT_TERMS:
                raise UnsupportedShape(f"{self.name(shape)}: its SPARQL constraint uses {p.n3()}, which the "
                                       "oxigraph engine does not implement")
        if self.deactivated(node):
            return None
        select = self.one(node, SH.select)
        if not isinstance(select, Literal):
            raise UnsupportedShape(f"{self.name(shape)}: a SPARQL constraint needs one sh:select")
        text = str(select)
        for word in ("MINUS", "VALUES", "SERVICE"):
            if re.search(rf"(?i)\b{word}\b", code_of(text)):
                raise UnsupportedShape(f"{self.name(shape)}: a SPARQL constraint must not contain {word}")
        if re.search(r"[$?](currentShape|shapesGraph)\b", code_of(text)):
            raise UnsupportedShape(f"{self.name(shape)}: $currentShape and $shapesGraph are not supported")
        if re.search(r"\$PATH\b", text):
            if path is None:
                raise UnsupportedShape(f"{self.name(shape)}: $PATH in the constraint, but the shape has no path")
            text = re.sub(r"\$PATH\b", _iri(path), text)
        query = self.focused_select(shape, lookup_not_exists(text), targets)
        variables, projects_this = query[1], query[2]
        if "failure" in variables:
            raise UnsupportedShape(f"{self.name(shape)}: ?failure in a SPARQL constraint is not supported")
        return Constraint(shape, SH.SPARQLConstraintComponent, severity,
                          self.prefixes(node) + query[0], path=path, messages=messages,
                          source_constraint=node, extra_messages=self.messages(node), sparql=True,
                          projects_this=projects_this, variables=variables)

    def focused_select(self, shape: Node, text: str, targets: str) -> tuple[str, tuple[str, ...], bool]:
        """*text* with the target subquery opening its WHERE group and ?this projected."""
        code = code_of(text)
        m = re.match(r"(?is)\s*SELECT\s+((?:DISTINCT|REDUCED)\s+)?(.*?)\s*\bWHERE\b", code)
        if m is None:
            raise UnsupportedShape(f"{self.name(shape)}: the SPARQL constraint must be SELECT … WHERE {{ … }}")
        if len(re.findall(r"(?i)\bSELECT\b", code)) > 1:
            raise UnsupportedShape(f"{self.name(shape)}: subqueries inside a SPARQL constraint are not supported")
        projection = m[2]
        tail = code[code.rfind("}") + 1:]
        if re.search(r"(?i)\b(LIMIT|OFFSET)\b", tail):
            raise UnsupportedShape(f"{self.name(shape)}: LIMIT/OFFSET in a SPARQL constraint is not supported")
        group = re.search(r"(?is)\bGROUP\s+BY\b(.*?)(\bHAVING\b|\bORDER\b|$)", tail)
        aggregates = re.search(r"(?i)\b(COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(", projection)
        if (group or aggregates) and not (group and re.search(r"[$?]this\b", group[1])):
            raise UnsupportedShape(f"{self.name(shape)}: an aggregate SPARQL constraint must GROUP BY $this")
        if projection.strip() == "*":
            variables: list[str] = []  # SELECT *: every variable, ?this among them
            projects_this = True
        else:
            bare = re.sub(r"\([^()]*(?:\([^()]*\)[^()]*)*\)", lambda e: " " + " ".join(
                re.findall(r"\bAS\s+[?$](\w+)", e[0], flags=re.I)), projection)
            variables = [v if not v.startswith(("?", "$")) else v[1:] for v in
                         re.findall(r"[?$]\w+|\b\w+\b", bare)]
            projects_this = "this" in variables
        brace = _where_brace(text)
        if brace < 0:
            raise UnsupportedShape(f"{self.name(shape)}: the SPARQL constraint has no WHERE group")
        head = text[:brace]
        if not projects_this:
            head = re.sub(r"(?is)\bWHERE\s*$", " ?this WHERE ", head.rstrip() + " ") if re.search(
                r"(?is)\bWHERE\s*$", head) else head
            if not re.search(r"[?$]this\b", code_of(head)):
                raise UnsupportedShape(f"{self.name(shape)}: cannot add ?this to the projection")
            variables.append("this")
        return head + "{ " + targets + " " + text[brace + 1:], tuple(variables), projects_this

    def prefixes(self, node: Node) -> str:
        """PREFIX lines from sh:prefixes, as pySHACL collects them (SHACL §5.2.1)."""
        g = self.g
        values = set(g.objects(node, SH.prefixes))
        if not values:
            return ""
        ontologies = set(g.subjects(RDF.type, OWL.Ontology))
        named = set(g.objects(g.identifier, SH.declare)) if g.identifier else set()
        global_declares = set(named)
        for o in ontologies:
            global_declares |= set(g.objects(o, SH.declare))
        out: dict[str, str] = {}
        for value in values:
            own = set(g.objects(value, SH.declare))
            declares = own | named if own and value in ontologies else global_declares | own
            for dec in declares:
                prefix, namespace = self.one(dec, SH.prefix), self.one(dec, SH.namespace)
                if not isinstance(prefix, Literal) or namespace is None:
                    raise UnsupportedShape(f"{self.name(node)}: a sh:declare without one sh:prefix and "
                                           "sh:namespace")
                out[str(prefix)] = str(namespace)
        return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in out.items()) + "\n"

    # -- functions ------------------------------------------------------------------------------------------
    def function(self, fn: Node) -> SparqlFunction:
        if not isinstance(fn, URIRef):
            raise UnsupportedShape("a sh:SPARQLFunction must have an IRI")
        if (fn, SH.ask, None) in self.g:
            raise UnsupportedShape(f"{fn.n3()}: sh:ask functions are not supported")
        select = self.one(fn, SH.select)
        if not isinstance(select, Literal):
            raise UnsupportedShape(f"{fn.n3()}: a SPARQL function needs one sh:select")
        params = []
        for p in self.g.objects(fn, SH.parameter):
            ppath = self.one(p, SH.path)
            if not isinstance(ppath, URIRef):
                raise UnsupportedShape(f"{fn.n3()}: a parameter needs an IRI sh:path")
            if (p, SH.optional, None) in self.g:
                raise UnsupportedShape(f"{fn.n3()}: optional parameters are not supported")
            order = self.one(p, SH.order)
            local = re.split(r"[/#]", str(ppath))[-1]
            params.append((order.value if isinstance(order, Literal) else None, local))
        # pySHACL's order: by sh:order when every parameter has one, else by local name
        params.sort(key=lambda x: (x[0], x[1]) if all(o is not None for o, _ in params) else x[1])
        names = tuple(local for _, local in params)
        text = str(select)
        m = re.match(r"(?is)(\s*SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?)(.*?)(\s*\bWHERE\b.*)$", text)
        if m is None:
            raise UnsupportedShape(f"{fn.n3()}: the function must be SELECT … WHERE {{ … }}")
        first = re.search(r"[?$](\w+)", m[2])
        if first is None:
            raise UnsupportedShape(f"{fn.n3()}: the function projects no variable")
        missing = [n for n in names if not re.search(rf"[?$]{n}\b", m[2])]
        query = m[1] + m[2] + "".join(f" ${n}" for n in missing) + m[3]  # substituted variables are projected
        return SparqlFunction(fn, names, self.prefixes(fn) + query, first[1])


_FILTER_NOT_EXISTS = re.compile(r"(?i)\bFILTER\s*(\(\s*)?NOT\s+EXISTS\s*\{")
_FILTER_KEYWORD = re.compile(r"(?i)\bFILTER\b\s*")
_NOT_A_BASIC_PATTERN = re.compile(r"(?i)[{}]|\b(OPTIONAL|UNION|MINUS|BIND|VALUES|GRAPH|SERVICE|SELECT)\b")
_EXISTS_BEFORE = re.compile(r"(?i)\bEXISTS\s*$")


def _closing(code: str, start: int) -> int:
    """Offset of the bracket closing the one at *start* ('{' or '('), -1 if unbalanced."""
    pair = {"{": "}", "(": ")"}[code[start]]
    depth = 0
    for i in range(start, len(code)):
        if code[i] == code[start]:
            depth += 1
        elif code[i] == pair:
            depth -= 1
            if depth == 0:
                return i
    return -1


def _expression_end(code: str, start: int) -> int:
    """End offset of the FILTER expression beginning at *start*: a bracketed expression, [NOT] EXISTS { … },
    or a function call; -1 if none is recognised."""
    m = re.match(r"(?i)(NOT\s+)?EXISTS\s*\{", code[start:])
    if m:
        close = _closing(code, start + m.end() - 1)
        return close + 1 if close >= 0 else -1
    m = re.match(r"\(|(?:<x*>|[\w.-]*:[\w.-]*|[A-Za-z_]\w*)\s*\(", code[start:])
    if m:
        close = _closing(code, start + m.end() - 1)
        return close + 1 if close >= 0 else -1
    return -1


def _is_basic_pattern(code: str) -> bool:
    """*code* (a group's inside, strings blanked) is triple patterns and FILTERs only."""
    rest, i = [], 0
    for m in _FILTER_KEYWORD.finditer(code):
        if m.start() < i:
            continue
        end = _expression_end(code, m.end())
        if end < 0:
            return False
        rest.append(code[i:m.start()])
        i = end
    rest.append(code[i:])
    return not _NOT_A_BASIC_PATTERN.search(" ".join(rest))


def lookup_not_exists(text: str, prefix: str = "pkgAbsent") -> str:
    """*text* with each ``FILTER NOT EXISTS { P }`` of an ordinary group, P being triple patterns and FILTERs,
    written as ``LATERAL { OPTIONAL { P BIND (true AS ?f) } } FILTER (!BOUND(?f))`` at the end of that group.

    The two mean the same: a FILTER applies to its whole group, so at the group's end the LATERAL sees every
    variable of the group and evaluates P with them substituted, as NOT EXISTS does; a row survives exactly when P
    has no match, once, with P's variables unbound (as they are out of scope in NOT EXISTS). P's own FILTERs are
    the OPTIONAL's condition, evaluated on the joined row, so the result is the same whether the substitution
    reaches them or not. Why: Oxigraph may plan a NOT EXISTS as an anti-join that reads every match of P in the
    store (all 147 k provisions for ``?value a pkg:Provision``), and a plain OPTIONAL as a hash join likewise;
    LATERAL makes it look P up for each row of the group. Not rewritten: a NOT EXISTS inside an (NOT) EXISTS or
    combined with another expression, a P with groups, OPTIONAL, UNION, BIND …, and ``SELECT *`` queries (P's
    variables would be projected)."""
    code = code_of(text)
    if re.match(r"(?is)\s*SELECT\s+(DISTINCT\s+|REDUCED\s+)?\*", code):
        return text
    opens: list[int] = []
    spans: dict[int, int] = {}  # '{' offset → its '}' offset
    parents: dict[int, int | None] = {}
    for i, c in enumerate(code):
        if c == "{":
            parents[i] = opens[-1] if opens else None
            opens.append(i)
        elif c == "}" and opens:
            spans[opens.pop()] = i
    removals: list[tuple[int, int]] = []
    inserts: dict[int, list[str]] = {}
    count = 0
    for m in _FILTER_NOT_EXISTS.finditer(code):
        open_ = m.end() - 1
        close = spans.get(open_)
        if close is None:
            continue
        end = close + 1
        if m.group(1):
            after = re.match(r"\s*\)", code[end:])
            if after is None:
                continue  # NOT EXISTS combined with another expression
            end += after.end()
        group = parents.get(open_)
        ancestors, g = [], group
        while g is not None:
            ancestors.append(g)
            g = parents[g]
        if group is None or any(_EXISTS_BEFORE.search(code[:a]) for a in ancestors):
            continue
        if not _is_basic_pattern(code[open_ + 1:close]):
            continue
        count += 1
        var = f"?{prefix}{count}"
        removals.append((m.start(), end))
        inserts.setdefault(spans[group], []).append(
            f"\n  LATERAL {{ OPTIONAL {{ {text[open_ + 1:close]}\n BIND (true AS {var}) }} }} FILTER (!BOUND({var}))\n")
    if not removals:
        return text
    edits = [(a, b, "") for a, b in removals] + [(at, at, "".join(parts)) for at, parts in inserts.items()]
    out = text
    for a, b, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = out[:a] + new + out[b:]
    return out


def shapes_with_targets(shapes: Graph) -> list[Node]:
    predicates = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
    found = {s for p in predicates for s in shapes.subjects(p, None)}
    for cls in (RDFS.Class, OWL.Class):
        found |= {s for s in shapes.subjects(RDF.type, cls) if (s, RDF.type, SH.NodeShape) in shapes}
    return sorted(found, key=lambda s: (isinstance(s, BNode), str(s)))


def compile_shapes(shapes: Graph) -> CompiledShapes:
    """Every active constraint of *shapes* as one SPARQL query; UnsupportedShape for what is not implemented."""
    for cls, what in _GRAPH_REFUSALS.items():
        for s in shapes.subjects(RDF.type, cls):
            raise UnsupportedShape(f"{s.n3()} is {what}, which the oxigraph engine does not implement "
                                   "(validate with --engine pyshacl)")
    for p, what in _GRAPH_PREDICATE_REFUSALS.items():
        for s in shapes.subjects(p, None):
            raise UnsupportedShape(f"{s.n3()} uses {what}, which the oxigraph engine does not implement "
                                   "(validate with --engine pyshacl)")
    compiler = _Compiler(shapes)
    constraints: list[Constraint] = []
    for shape in shapes_with_targets(shapes):
        compiler.check_terms(shape)
        if compiler.deactivated(shape):
            continue
        targets = compiler.targets(shape)
        assert targets is not None
        constraints += compiler.shape_constraints(shape, targets)
        for prop in sorted(shapes.objects(shape, SH.property), key=str):
            if compiler.deactivated(prop):
                continue
            if compiler.path(prop) is None:
                raise UnsupportedShape(f"{compiler.name(prop)}: sh:property needs a property shape with sh:path")
            constraints += compiler.shape_constraints(prop, targets)
    functions = tuple(compiler.function(fn) for fn in sorted(shapes.subjects(RDF.type, SH.SPARQLFunction), key=str))
    return CompiledShapes(tuple(constraints), functions)


_cache_lock = threading.Lock()
_cache: dict[int, tuple[Graph, int, CompiledShapes]] = {}


def compiled(shapes: Graph) -> CompiledShapes:
    """:func:`compile_shapes`, once per shapes graph (a rule book is loaded once per process)."""
    key = id(shapes)
    hit = _cache.get(key)
    if hit is not None and hit[0] is shapes and hit[1] == len(shapes):
        return hit[2]
    result = compile_shapes(shapes)
    with _cache_lock:
        if len(_cache) > 16:
            _cache.clear()
        _cache[key] = (shapes, len(shapes), result)
    return result


__all__ = ["PATTERN_FUNCTION", "CompiledShapes", "Constraint", "SparqlFunction", "UnsupportedShape", "compile_shapes", "compiled"]
