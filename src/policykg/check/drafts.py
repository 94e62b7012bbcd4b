"""Drafts in a check: reading them, the registry they are checked against, the part of it they reach, their focus.

A draft is validated with its own triples plus the registry nodes it reaches (policykg.check.scope), and only
findings about the draft and its parts (provisions, measures, procedure steps …) are reported: the draft's
*focus*.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from .. import resources
from ..errors import PolicyKGError
from ..load import data_paths, load_files, parse_turtle_into
from ..namespaces import PKG
from ..rulebook.model import RuleBook
from ..store import MemoryStore, Store
from .run import SCOPES, documents_among
from ..vocab import part_to_whole_links, whole_to_part_links
from .scope import bounded_context, draft_seeds

if TYPE_CHECKING:
    from ..ingest.resolve import Registry


def registry_paths() -> list[Path]:
    """What a draft is checked against: all the bundled data (registry, cases, source descriptions).

    A draft may cite any document the data holds, whatever folder it comes from (a city document of a case as
    much as a national directive); the bounded context (policykg.check.scope) then keeps only what the draft
    reaches (decision 0015).
    """
    return resources.data_files()


def local_registry(data_dirs: Iterable[Path] | None = None, *, with_cases: bool) -> Store:
    """The registry read from Turtle folders/files (without the ontology: enrichment adds it).

    Without *data_dirs*: the bundled data — all of it (*with_cases*, a whole-graph check) or what drafts are
    checked against (registry_paths: the same files since decision 0015, bounded per draft).
    """
    dirs = list(data_dirs or ())
    if dirs:
        paths = data_paths(dirs)
    else:
        paths = data_paths(None) if with_cases else registry_paths()
    return MemoryStore(load_files(paths))


def registry_for(drafts: Iterable[Path | str], data_dirs: Iterable[Path] | None = None, *,
                 store: Path | None = None, endpoint: str | None = None) -> tuple[Store, Registry | None]:
    """The registry a check of *drafts* reads, and the citation index for the text drafts among them.

    A store folder or an endpoint when given (text drafts' 《title》 citations then resolve against it); else
    the bundled files (or *data_dirs*), with the cases when there is no draft (the whole graph is checked).
    """
    drafts = list(drafts)
    if store is None and endpoint is None:
        return local_registry(data_dirs, with_cases=not drafts), None
    from ..ingest.text import is_ingestible
    from ..registry.resolve import registry_index
    from ..store import open_store

    registry = open_store(list(data_dirs or []) or None, store=store, endpoint=endpoint)
    citations = registry_index(registry) if any(is_ingestible(Path(d)) for d in drafts) else None
    return registry, citations


def bundled_registry(*, with_cases: bool) -> Store:
    return local_registry(None, with_cases=with_cases)


def draft_name(draft: Path | str | Graph, index: int) -> str:
    """How the report names a draft: its file name as given, or ``graph N``."""
    return f"graph {index}" if isinstance(draft, Graph) else str(draft)


def read_draft(draft: Path | str | Graph, *, citations: Registry | None = None,
               texts: dict[str, tuple[str, str]] | None = None) -> Graph:
    """The draft's graph: Turtle parsed, a .txt/.html/.docx/.pdf text ingested, a graph as it is.

    *texts*, when given, receives the text of an ingested draft by its source node, as (file name, text): the
    report quotes the draft's own sentences from it (policykg.review.excerpts).

    Raises:
        PolicyKGError: unreadable or broken file, no statements, or (a text) no policy document in it.
    """
    if isinstance(draft, Graph):
        g, where = draft, "draft graph"
    else:
        from ..ingest.text import is_ingestible

        path = Path(draft)
        where = str(path)
        g = Graph()
        if is_ingestible(path):  # .txt/.html/.docx/.pdf: extract the draft graph first
            from ..ingest.draft import ingest_file

            ingested = ingest_file(path, registry=citations)
            f = ingested.facts
            if f.title is None and f.doc_number is None and not f.issuers and f.date_document is None:
                raise PolicyKGError(f"{path}: no policy document found in the text: no title, 文号, issuing "
                                    f"organ or date — is this a policy document draft?")
            g = ingested.graph
            if texts is not None:
                for source in g.subjects(RDF.type, PKG.SourceText):
                    texts[str(source)] = (path.name, ingested.text)
        else:
            parse_turtle_into(g, path)
    if len(g) == 0:
        raise PolicyKGError(f"{where}: the draft has no statements")
    return g


def require_document(graphs: list[Graph], drafts: list) -> None:
    """PolicyKGError unless the drafts *together* state a policy document (one file may hold the document and
    others its measures or results, as the Weihai case files do)."""
    if not any(documents_among(g, {str(s) for s in g.subjects() if isinstance(s, URIRef)}) for g in graphs):
        names = ", ".join(draft_name(d, i) for i, d in enumerate(drafts, 1))
        raise PolicyKGError(f"{names}: the draft states no policy document (nothing typed pkg:PolicyDocument or "
                            f"another document class, no pkg:docNumber): nothing to check")


def draft_context(registry: Store, drafts: list[Graph], rulebook: RuleBook, *, scope: str = "bounded") -> Graph:
    """The drafts plus the registry: all of it ("full"), or only what the drafts reach ("bounded", fetched by
    SPARQL through the Store, so a store folder or an endpoint never has to be read whole)."""
    if scope not in SCOPES:
        raise PolicyKGError(f"unknown registry scope {scope!r}: choose one of {', '.join(SCOPES)}")
    if scope == "full":
        graph = Graph()
        graph += registry.graph()
    else:
        combined = Graph()
        for d in drafts:
            combined += d
        # the provisions the rules cite are needed to quote them in the report
        seeds: set = draft_seeds(combined) | rulebook.cited_sources()
        graph = bounded_context(registry, seeds)
    for d in drafts:
        for t in d:
            graph.add(t)
    return graph


def node_id(node: Node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def draft_focus(graph: Graph, drafts: list[Graph]) -> set[str]:
    """Nodes with a subject triple in a draft, and their parts (in the combined *graph*): what points at a draft
    node with a link the ontology marks pkg:linksPartToWhole (measure → document …), and what a draft node points
    at with one marked pkg:linksWholeToPart (document → procedure step …)."""
    part_of, has_part = sorted(part_to_whole_links()), sorted(whole_to_part_links())
    focus: set[Node] = set()
    for d in drafts:
        focus |= set(d.subjects())
    todo = list(focus)
    while todo:
        node = todo.pop()
        linked = [s for p in part_of for s in graph.subjects(p, node)]
        linked += [o for p in has_part for o in graph.objects(node, p)]
        for n in linked:
            if n not in focus and n is not None:
                focus.add(n)
                todo.append(n)
    return {node_id(n) for n in focus}


__all__ = ["bundled_registry", "draft_context", "draft_focus", "draft_name", "local_registry",
           "read_draft", "registry_paths"]
