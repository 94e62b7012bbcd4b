"""Enrich a data graph for checking: ontology + inferred facts + the date of the check.

The rule book (shapes/) reads facts that no source states but that follow from the data and the ontology:
the effect-rank tier of each document, the confirmed and unconfirmed "ranks above" order between tiers, the
basis chain, class and property closure, and which documents are under review. Each is one SPARQL CONSTRUCT
rule in ``ontology/rules/*.rq``; :func:`enrich` applies them together until nothing new follows (a fixpoint,
as a forward-chaining reasoner does), then adds the :data:`CHECK_CONTEXT` node carrying the as-of date
(docs/decisions/0004-as-of-date.md). The rules are monotonic, so their order does not matter.

The input graph is never modified; the enriched graph is a new one.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.paths import Path as PropertyPath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Variable

from .. import resources
from ..errors import PolicyKGError
from ..load import load_ontology
from ..namespaces import BASE, PKG, bind_prefixes
from .prepared import PreparedQueryGraph

if TYPE_CHECKING:
    import pyoxigraph as ox

#: The node that carries the date a check is made for; SPARQL-based shapes read its pkg:asOf.
CHECK_CONTEXT = URIRef(BASE + "check/context")

#: Upper bound on rounds; each round at least doubles the length of closed chains, so real data needs < 10.
MAX_ROUNDS = 50


@dataclass(frozen=True)
class Rule:
    """One inference rule: a CONSTRUCT query from ``ontology/rules/<name>.rq``.

    ``reads`` holds the predicates its patterns (including FILTER EXISTS and property paths) match, or None when
    a pattern has a variable predicate; a rule is re-run only when one of them gained a triple (semi-naive).
    """

    name: str
    path: Path
    query: Query
    reads: frozenset[URIRef] | None


def _predicates(node, found: set) -> bool:
    """Collect the predicate IRIs of every triple pattern under an algebra node; False if one is a variable."""
    if isinstance(node, CompValue):
        ok = True
        if node.name in ("BGP", "TriplesBlock"):  # translated patterns, and those inside FILTER (NOT) EXISTS
            for triple in node.get("triples") or ():
                flat = list(triple)
                for i in range(1, len(flat), 3):  # a parsed block may hold several triples in one list
                    ok &= _path_iris(flat[i], found)
        for value in node.values():
            ok &= _predicates(value, found)
        if node.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            # rdflib keeps the translated pattern (with its FILTERs) as an attribute, not as an item
            ok &= _predicates(getattr(node, "graph", None), found)
        return ok
    if isinstance(node, (list, tuple)):
        ok = True
        for item in node:
            ok &= _predicates(item, found)
        return ok
    return True


def _path_iris(p, found: set) -> bool:
    if isinstance(p, Variable):
        return False
    if isinstance(p, URIRef):
        found.add(p)
        return True
    if isinstance(p, PropertyPath):
        ok = True
        for attr in ("path", "arg", "args"):
            sub = getattr(p, attr, None)
            for part in sub if isinstance(sub, (list, tuple)) else ([sub] if sub is not None else []):
                ok &= _path_iris(part, found)
        return ok
    if isinstance(p, CompValue):  # an untranslated property path (inside EXISTS): every IRI in it
        ok = True
        for value in p.values():
            for part in value if isinstance(value, (list, tuple)) else [value]:
                ok &= _path_iris(part, found)
        return ok
    if isinstance(p, (list, tuple)):
        ok = True
        for part in p:
            ok &= _path_iris(part, found)
        return ok
    return True


def rules_dir() -> Path:
    """The folder of the bundled inference rules."""
    return resources.resource_dir("ontology") / "rules"


@lru_cache(maxsize=None)
def _load_rules(folder: Path) -> tuple[Rule, ...]:
    rules = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        try:
            query = prepareQuery(text)
        except Exception as exc:  # pyparsing raises its own types
            raise PolicyKGError(f"{path}: broken inference rule: {' '.join(str(exc).split())[:200]}") from None
        if query.algebra.name != "ConstructQuery":
            raise PolicyKGError(f"{path}: an inference rule must be a CONSTRUCT query")
        found: set[URIRef] = set()
        reads = frozenset(found) if _predicates(query.algebra, found) else None
        rules.append(Rule(path.stem, path, query, reads))
    if not rules:
        raise PolicyKGError(f"{folder}: no inference rules (*.rq)")
    return tuple(rules)


def load_rules(folder: Path | None = None) -> tuple[Rule, ...]:
    """The inference rules of *folder* (default: the bundled ``ontology/rules``), sorted by file name."""
    return _load_rules(Path(folder) if folder is not None else rules_dir())


@lru_cache(maxsize=1)
def _default_ontology() -> Graph:
    return load_ontology()


def apply_rules(graph: Graph, rules: Iterable[Rule] | None = None) -> int:
    """Apply *rules* to *graph* in place until no rule adds a triple; return the number of triples added.

    Raises:
        PolicyKGError: the rules did not reach a fixpoint within :data:`MAX_ROUNDS` rounds.
    """
    rules = tuple(rules) if rules is not None else load_rules()

    def run(rule: Rule) -> tuple[int, set[str]]:
        constructed = graph.query(rule.query).graph
        derived = [t for t in constructed if t not in graph] if constructed is not None else []
        for triple in derived:
            graph.add(triple)
        return len(derived), {str(t[1]) for t in derived}

    return _to_fixpoint(rules, run)


def _to_fixpoint(rules: tuple[Rule, ...], run: Callable[[Rule], tuple[int, set[str]]]) -> int:
    """Run *rules* in rounds until none adds a triple (semi-naive: a rule runs again only when a predicate it reads
    gained triples in the last round); *run* applies one rule and returns (triples added, their predicates)."""
    added = 0
    changed: set[str] | None = None  # predicates that gained triples in the last round; None = first round
    for _ in range(MAX_ROUNDS):
        gained: set[str] = set()
        for rule in rules:
            if changed is not None and rule.reads is not None and not ({str(p) for p in rule.reads} & changed):
                continue  # nothing it reads has changed since it last ran
            count, predicates = run(rule)
            added += count
            gained |= predicates
        if not gained:
            return added
        changed = gained
    raise PolicyKGError(f"inference did not reach a fixpoint within {MAX_ROUNDS} rounds")


def enrich(
    data: Graph,
    *,
    as_of: _dt.date,
    ontology: Graph | None = None,
    review: Iterable[URIRef] = (),
    rules: Iterable[Rule] | None = None,
) -> Graph:
    """A new graph: *data* + ontology, code lists and rank order + inferred facts + the check context.

    Args:
        data: the data to check (registry, cases, drafts); left unchanged.
        as_of: the date the check is made for; becomes ``<check/context> pkg:asOf "…"^^xsd:date``.
        ontology: vocabulary graph to add (default: the bundled ontology/*.ttl).
        review: documents to put under review explicitly (typed pkg:DocumentUnderReview), e.g. drafts whose
            issuer is not recorded; documents of municipal, county and township organs are in review anyway.
        rules: the inference rules (default: the bundled ontology/rules).

    Returns:
        The enriched graph, with the project prefixes bound.

    >>> from rdflib import Graph
    >>> import datetime
    >>> g = enrich(Graph(), as_of=datetime.date(2025, 12, 5))
    >>> str(g.value(CHECK_CONTEXT, PKG.asOf))
    '2025-12-05'
    """
    if isinstance(as_of, _dt.datetime):
        as_of = as_of.date()
    if not isinstance(as_of, _dt.date):
        raise PolicyKGError(f"as-of must be a date, not {as_of!r}")
    graph = PreparedQueryGraph()  # pySHACL re-sends each constraint per focus node: parse each text once
    bind_prefixes(graph)
    for triple in data:
        graph.add(triple)
    for triple in ontology if ontology is not None else _default_ontology():
        graph.add(triple)
    for doc in review:
        graph.add((URIRef(doc), RDF.type, PKG.DocumentUnderReview))
    apply_rules(graph, rules)
    graph.remove((CHECK_CONTEXT, None, None))  # a graph enriched before keeps one as-of date, not two
    graph.add((CHECK_CONTEXT, RDF.type, PKG.CheckContext))
    graph.add((CHECK_CONTEXT, PKG.asOf, Literal(as_of.isoformat(), datatype=XSD.date)))
    return graph


def apply_rules_store(store, rules: Iterable[Rule] | None = None) -> int:
    """:func:`apply_rules` on a pyoxigraph store's default graph, in the store: the same rules to the same fixpoint
    (semi-naive as there), evaluated by Oxigraph; return the number of triples added."""
    import pyoxigraph as ox

    rules = tuple(rules) if rules is not None else load_rules()
    texts = {rule.name: rule.path.read_text(encoding="utf-8") for rule in rules}

    def run(rule: Rule) -> tuple[int, set[str]]:
        try:
            constructed = list(store.query(texts[rule.name]))
        except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
            raise PolicyKGError(f"{rule.path}: {' '.join(str(exc).split())[:200]}") from None
        derived = [ox.Quad(t.subject, t.predicate, t.object) for t in constructed]
        derived = [q for q in dict.fromkeys(derived) if q not in store]
        if derived:
            store.extend(derived)
        return len(derived), {q.predicate.value for q in derived}

    return _to_fixpoint(rules, run)


def enrich_store(
    store,
    *,
    as_of: _dt.date,
    ontology: Graph | None = None,
    review: Iterable[URIRef] = (),
    rules: Iterable[Rule] | None = None,
) -> int:
    """:func:`enrich`, in a pyoxigraph store (or a :class:`policykg.store.view.UnionStore`): its default graph
    gains the ontology, the review types, the inferred facts and the check context (the store is changed: use a
    copy). Returns the triples inferred.

    The enriched default graph holds the same triples as :func:`enrich` makes of the same data
    (tests/test_engines.py compares them).
    """
    import pyoxigraph as ox

    from ..store.oxigraph import to_ox

    if isinstance(as_of, _dt.datetime):
        as_of = as_of.date()
    if not isinstance(as_of, _dt.date):
        raise PolicyKGError(f"as-of must be a date, not {as_of!r}")
    onto = ontology if ontology is not None else _default_ontology()
    store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in onto)
    store.extend(ox.Quad(to_ox(URIRef(doc)), to_ox(RDF.type), to_ox(PKG.DocumentUnderReview)) for doc in review)
    added = apply_rules_store(store, rules)
    context = to_ox(CHECK_CONTEXT)
    for q in list(store.quads_for_pattern(context, None, None, ox.DefaultGraph())):
        store.remove(q)
    store.add(ox.Quad(context, to_ox(RDF.type), to_ox(PKG.CheckContext)))
    store.add(ox.Quad(context, to_ox(PKG.asOf), to_ox(Literal(as_of.isoformat(), datatype=XSD.date))))
    return added


def memory_copy(source) -> "ox.Store":
    """An in-memory pyoxigraph store holding every quad of *source* (a pyoxigraph store) in its default graph, as
    one graph (the union of its named graphs, as ``OxigraphStore.graph()`` reads it)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in source.quads_for_pattern(None, None, None))
    return store


__all__ = ["CHECK_CONTEXT", "MAX_ROUNDS", "Rule", "apply_rules", "apply_rules_store", "enrich", "enrich_store",
           "load_rules", "memory_copy", "rules_dir"]
