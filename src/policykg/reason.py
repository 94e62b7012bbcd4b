"""OWL 2 reasoning with HermiT (through owlready2) over the ontology and the data.

owlready2 reads RDF/XML and N-Triples, not Turtle, so the rdflib graph is handed over as N-Triples. xsd:date,
xsd:gYear and xsd:duration are outside the OWL 2 datatype map: HermiT is told to treat them as opaque
(--ignoreUnsupportedDatatypes), which is sound for what we ask of it (classes and object properties).

Results:
- consistency, with a plain-language explanation when HermiT finds none (`explain_inconsistency`);
- the inferred facts (class memberships, transitive basis chain, inverse links) as an rdflib graph, ready to be
  materialised for later steps.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Identifier

from .errors import PolicyKGError
from .namespaces import bind_prefixes
from .terms import as_term, sorted_terms

# Inferred triples that say nothing a reader needs.
_TRIVIAL_OBJECTS = {OWL.Thing, OWL.NamedIndividual, OWL.Nothing}


@dataclass
class ReasoningResult:
    consistent: bool
    inferred: Graph = field(default_factory=Graph)
    explanation: list[str] = field(default_factory=list)
    seconds: float = 0.0


def java_executable() -> str | None:
    import owlready2

    exe = owlready2.JAVA_EXE
    if os.path.isabs(exe) and os.access(exe, os.X_OK):
        return exe
    return shutil.which(exe)


def label(graph: Graph, node) -> str:
    """A readable name: zh label, else en, else the 文号, else the IRI's last segment."""
    for lang in ("zh", "en"):
        for lit in graph.objects(node, RDFS.label):
            if isinstance(lit, Literal) and lit.language == lang:
                return str(lit)
    return str(node).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def explain_inconsistency(graph: Graph) -> list[str]:
    """Name the individuals that break a disjointness axiom, in plain words (zh / en)."""
    disjoint_pairs: set[tuple[Identifier, Identifier]] = set()
    for a, b in graph.subject_objects(OWL.disjointWith):
        disjoint_pairs.add((as_term(a), as_term(b)))
    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        head = graph.value(axiom, OWL.members)
        members = [as_term(m) for m in graph.items(head)] if head else []
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                disjoint_pairs.add((a, b))

    def closure(cls) -> set:
        seen, todo = set(), [cls]
        while todo:
            c = todo.pop()
            if c in seen:
                continue
            seen.add(c)
            todo.extend(graph.objects(c, RDFS.subClassOf))
        return seen

    lines = []
    for ind in sorted_terms(set(graph.subjects(RDF.type, None))):
        types: set = set()
        for t in graph.objects(ind, RDF.type):
            types |= closure(t)
        for a, b in sorted(disjoint_pairs):
            if a in types and b in types:
                lines.append(
                    f"{label(graph, ind)} 同时属于互斥的类 {label(graph, a)} 与 {label(graph, b)} / "
                    f"{label(graph, ind)} is both {_en(graph, a)} and {_en(graph, b)}, which are disjoint"
                )
    return lines


def _en(graph: Graph, node) -> str:
    for lit in graph.objects(node, RDFS.label):
        if isinstance(lit, Literal) and lit.language == "en":
            return str(lit)
    return label(graph, node)


def reason(graph: Graph, *, memory_mb: int = 4000) -> ReasoningResult:
    """Run HermiT over *graph*; raise PolicyKGError when Java is missing or HermiT fails."""
    import time

    import owlready2
    from owlready2.base import OwlReadyInconsistentOntologyError
    from owlready2.reasoning import OwlReadyJavaError

    if java_executable() is None:
        raise PolicyKGError("HermiT needs a Java runtime and none was found (install e.g. default-jre-headless)")
    owlready2.JAVA_MEMORY = memory_mb
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="policykg-reason-") as tmp:
        path = os.path.join(tmp, "input.nt")
        graph.serialize(destination=path, format="nt", encoding="utf-8")
        world = owlready2.World()
        try:
            onto = world.get_ontology("file://" + path).load(format="ntriples")
        except Exception as exc:
            raise PolicyKGError(f"owlready2 could not read the graph: {' '.join(str(exc).split())[:200]}") from None
        before = _world_graph(world, tmp, "before.nt")
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0,
                                               ignore_unsupported_datatypes=True)
        except OwlReadyInconsistentOntologyError:
            return ReasoningResult(False, Graph(), explain_inconsistency(graph), time.perf_counter() - t0)
        except ValueError as exc:  # owlready2 cannot parse some HermiT answers (e.g. about rdf:type as a value)
            raise PolicyKGError(f"owlready2 could not read HermiT's answer: {' '.join(str(exc).split())[:150]}") from None
        except OwlReadyJavaError as exc:
            first = next((ln for ln in str(exc).splitlines() if ln.strip() and "Java error" not in ln), str(exc))
            raise PolicyKGError(f"HermiT failed: {first.strip()[:200]}") from None
        after = _world_graph(world, tmp, "after.nt")
        entailed_types = _entailed_types(world, graph)
    inferred = Graph()
    bind_prefixes(inferred)
    classes = set(graph.subjects(RDF.type, OWL.Class))
    for s, p, o in after - before:
        if (s, p, o) in graph or o in _TRIVIAL_OBJECTS or isinstance(s, Literal):
            continue
        if isinstance(s, BNode) or isinstance(o, BNode):
            continue  # axiom structure re-serialised with fresh blank nodes, not new knowledge
        if p == RDF.type and s in classes:
            continue  # owlready2 artefact for classes punned as values (pkg:tierForm pkg:Statute)
        if p == RDFS.subClassOf and (o == s or o == OWL.Thing):
            continue
        if p == OWL.equivalentClass and o == s:
            continue
        inferred.add((s, p, o))
    for ind, cls in entailed_types:
        if (ind, RDF.type, cls) not in graph and cls not in _TRIVIAL_OBJECTS:
            inferred.add((ind, RDF.type, cls))
    _add_super_property_links(graph, inferred)
    _add_inverse_links(graph, inferred)
    return ReasoningResult(True, inferred, [], time.perf_counter() - t0)


def _entailed_types(world, graph: Graph) -> list[tuple[URIRef, URIRef]]:
    """Every named class of every individual after HermiT's realisation (direct types and their superclasses).

    Individuals are taken from the input graph: owlready2's world.individuals() lists only those declared
    owl:NamedIndividual, which data need not do.
    """
    import owlready2

    pairs = []
    for subject in sorted_terms(set(graph.subjects(RDF.type, None))):
        ind = world[str(subject)] if isinstance(subject, URIRef) else None
        if not isinstance(ind, owlready2.Thing):
            continue
        for cls in ind.INDIRECT_is_a:
            if isinstance(cls, owlready2.ThingClass) and getattr(cls, "iri", None):
                pairs.append((URIRef(ind.iri), URIRef(cls.iri)))
    return pairs


def _add_super_property_links(graph: Graph, inferred: Graph) -> None:
    """Write out what rdfs:subPropertyOf entails for object links (e.g. eli:based_on ⊑ pkg:basisChain).

    owlready2 drops a HermiT property value it considers already known through a sub-property.
    """
    for p in sorted_terms(set(graph.subjects(RDFS.subPropertyOf, None))):
        # (rdflib types the walk's nodes as optional; starting from a node, none is None)
        supers = {as_term(q) for q in graph.transitive_objects(p, RDFS.subPropertyOf) if q is not None} - {p}
        for s, o in list(graph.subject_objects(p)):
            if not isinstance(o, URIRef):
                continue
            for q in sorted(supers):
                if (s, q, o) not in graph:
                    inferred.add((s, q, o))


def _add_inverse_links(graph: Graph, inferred: Graph) -> None:
    """owlready2 keeps a pair of inverse properties as one stored direction; write out the other one too."""
    pairs = set()
    for p, q in graph.subject_objects(OWL.inverseOf):
        pairs.add((p, q))
        pairs.add((q, p))
    for p, q in sorted(pairs):
        for s, o in list(graph.subject_objects(p)) + list(inferred.subject_objects(p)):
            if isinstance(o, URIRef) and (o, q, s) not in graph:
                inferred.add((o, q, s))


def _world_graph(world, tmp: str, name: str) -> Graph:
    path = os.path.join(tmp, name)
    world.save(path, format="ntriples")
    g = Graph()
    g.parse(path, format="nt")
    return g
