"""The check: enrich the data, run the rule book's two engines, build the report — `policykg check` as a function.

:func:`check` is the whole job (drafts and a registry in, a :class:`~policykg.check.report.CheckReport` out); it
reads the registry only through the Store interface (policykg.store), so an in-memory graph, a store folder or a
SPARQL endpoint serve alike. :func:`run_check` is the step below it: one data graph against the rule book.

    drafts ──► check.drafts (read, bounded registry context, focus) ─┐
    registry (Store) ────────────────────────────────────────────────┴─► run_check:
        rulebook.inference.enrich ─► rulebook.engines (SHACL + check queries → raw results)
        ─► check.findings (findings, one place) ─► CheckReport
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from .. import vocab
from ..load import load_ontology
from ..namespaces import PKG, bind_prefixes
from ..rulebook.engines import DEFAULT_ENGINE, get_engine, run_engines
from ..rulebook.inference import enrich
from ..rulebook.model import RuleBook
from ..store import Store
from .findings import findings, make_report
from .report import CheckReport, Describer

if TYPE_CHECKING:
    from ..ingest.resolve import Registry

SCOPES = ("bounded", "full")


def check(
    drafts: Sequence[Path | str | Graph] = (),
    registry: Store | None = None,
    *,
    as_of: _dt.date,
    scope: str = "bounded",
    rulebook: RuleBook | None = None,
    engine: str = DEFAULT_ENGINE,
    citations: Registry | None = None,
    baseline=None,
    progress: Callable[[str], None] | None = None,
) -> CheckReport:
    """Check *drafts* against *registry* (or, with no drafts, the whole registry) as of a date.

    Args:
        drafts: draft files (Turtle, or .txt/.html/.docx/.pdf texts read as `policykg ingest` reads them) or
            graphs. None given: every document of *registry* is checked.
        registry: where the registry lives (any policykg.store.Store); None for the bundled data (the
            registry alone when drafts are given, registry and cases otherwise).
        as_of: the date the check is made for.
        scope: with drafts, validate them with the registry part they reach ("bounded", the default: cost
            follows the draft) or with all of it ("full"); both give the same findings.
        rulebook: the rule book (default: the bundled one, parsed once per process).
        engine: the SHACL engine's name (see policykg.rulebook.engines.engine_names).
        citations: an ingest.resolve registry index to resolve the 《title》 citations of text drafts with
            (default: ingest's own).
        baseline: the previous round (policykg.review.baseline.Baseline) to compare the findings with.
        progress: called with the name of each stage as it begins (policykg.cli.progress.Progress).

    Returns:
        The report: findings about the drafts (and their parts) only, or about the whole registry.

    Raises:
        PolicyKGError: a broken or empty draft, a draft without a policy document, a broken rule book, an
            unknown engine or scope.
    """
    from ..review.excerpts import quoted_sources, shipped_texts
    from . import drafts as D

    stage = progress or (lambda name: None)
    if rulebook is None:
        stage("读取规则库 reading the rule book")
        rulebook = RuleBook.load()
    if registry is None:
        stage("读取数据 reading the data" if not drafts else "读取登记库 reading the registry")
    if not drafts:
        store = registry if registry is not None else D.bundled_registry(with_cases=True)
        whole = whole_registry_store(store, engine)
        if whole is not None:
            return run_check_store(whole, as_of=as_of, rulebook=rulebook, engine=engine, baseline=baseline,
                                   progress=progress)
        graph = Graph()
        graph += store.graph()
        return run_check(graph, as_of=as_of, rulebook=rulebook, engine=engine, baseline=baseline, progress=progress)
    store = registry if registry is not None else D.bundled_registry(with_cases=False)
    stage("读取草案 reading the drafts")
    texts: dict[str, tuple[str, str]] = {}
    graphs = [D.read_draft(d, citations=citations, texts=texts) for d in drafts]
    D.require_document(graphs, list(drafts))
    for source, found in shipped_texts(quoted_sources(graphs), store).items():
        texts.setdefault(source, found)  # a Turtle draft quoting a shipped source text
    stage("选取相关登记库数据 selecting the registry part the drafts reach")
    graph = D.draft_context(store, graphs, rulebook, scope=scope)
    return run_check(graph, as_of=as_of, rulebook=rulebook, engine=engine, focus=D.draft_focus(graph, graphs),
                     drafts=tuple(D.draft_name(d, i) for i, d in enumerate(drafts, 1)), texts=texts,
                     baseline=baseline, progress=progress)


def run_check(
    data: Graph,
    *,
    as_of: _dt.date,
    shapes: Graph | Iterable[Path] | None = None,
    focus: Iterable[str | URIRef] | None = None,
    engine: str = DEFAULT_ENGINE,
    checks: Iterable[Path] | None = None,
    review: Iterable[URIRef] | None = None,
    rulebook: RuleBook | None = None,
    drafts: tuple[str, ...] = (),
    texts: dict[str, tuple[str, str]] | None = None,
    baseline=None,
    progress: Callable[[str], None] | None = None,
) -> CheckReport:
    """Check one data graph against the rule book as of a date.

    Args:
        data: registry data (+ drafts), without the ontology (enrichment adds it).
        as_of: the date the check is made for.
        shapes: the shapes graph, or files/folders of shapes, instead of the rule book's.
        focus: IRIs whose findings to keep (e.g. the drafts' nodes); None keeps all.
        engine: the SHACL engine's name (see :func:`policykg.rulebook.engines.engine_names`).
        checks: files/folders of ``*-violation.rq`` check queries instead of the rule book's.
        review: documents to put under review (pkg:DocumentUnderReview) whatever their issuer; by default the
            documents among *focus* (a draft is under review by definition), none for a whole-graph check.
        rulebook: the rule book (default: the bundled one, or the one *shapes* and *checks* name).
        drafts: the names of the draft files checked (report scope "drafts" when *focus* is given).
        texts: the drafts' texts by source IRI, as (file name, text), to quote the draft's own sentences.
        baseline: the previous round (policykg.review.baseline.Baseline) to compare with, or None.
        progress: called with the name of each stage as it begins.

    Returns:
        The CheckReport (findings ordered by severity, rule, document number, focus).

    Raises:
        PolicyKGError: unknown engine, broken shapes or query, or an engine failure.
    """
    shacl = get_engine(engine)
    if rulebook is None or shapes is not None or checks is not None:
        base = rulebook or RuleBook.load(None if isinstance(shapes, Graph) else shapes, checks)
        if isinstance(shapes, Graph):
            base = RuleBook(shapes=shapes, queries=base.queries, inference=base.inference)
        rulebook = base
    focus_set = None if focus is None else {str(f) for f in focus}

    if review is None:
        review = policy_documents_among(data, focus_set) if focus_set is not None else []
    review = list(review)
    stage = progress or (lambda name: None)
    stage("推理补全 enriching the data")
    enriched = enrich(data, as_of=as_of, review=review, rules=rulebook.inference)
    bind_prefixes(enriched)
    stage("按规则库校验 validating against the rule book")
    raw = run_engines(enriched, rulebook.shapes, rulebook.queries, as_of=as_of, engine=shacl)
    describer = Describer(enriched, rulebook.shapes)
    documents = checked_documents((s for s in data.subjects() if isinstance(s, URIRef)), describer, focus_set)
    return _report(raw, describer, enriched, documents, as_of=as_of, focus=focus_set, drafts=drafts,
                   engine=shacl.name, rulebook=rulebook, texts=texts, baseline=baseline, reviewed=review,
                   progress=progress)


def whole_registry_store(store: Store, engine: str):
    """The pyoxigraph store to check the whole of *store* in, or None to check it through rdflib.

    A store folder with the oxigraph engine: the folder's store (an OxigraphStore), checked in a copy by
    :func:`run_check_store` (docs/decisions/0024-whole-registry-check-in-a-checkpoint.md). An endpoint (with any
    engine): refused above :data:`ENDPOINT_WHOLE_CHECK_LIMIT` triples, else None (fetched whole). The bundled data
    and other engines: None.
    """
    from ..store import EndpointStore, OxigraphStore

    if isinstance(store, EndpointStore):
        _refuse_large_endpoint(store)
        return None
    if isinstance(store, OxigraphStore) and engine == "oxigraph":
        return store
    return None


#: The most triples a whole-registry check fetches from a SPARQL endpoint (rdflib holds ~1 KB a triple).
ENDPOINT_WHOLE_CHECK_LIMIT = 1_000_000


def _refuse_large_endpoint(store) -> None:
    from ..errors import PolicyKGError

    _names, rows = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    count = int(rows[0][0]) if rows and rows[0][0] is not None else 0
    if count > ENDPOINT_WHOLE_CHECK_LIMIT:
        raise PolicyKGError(
            f"the endpoint holds {count:,} triples; a check of the whole registry reads them all (at most "
            f"{ENDPOINT_WHOLE_CHECK_LIMIT:,} from an endpoint): check drafts against it, or load its data into a "
            "store folder (policykg registry import ttl) and check that with --store")


def run_check_store(
    source,
    *,
    as_of: _dt.date,
    rulebook: RuleBook,
    engine: str = DEFAULT_ENGINE,
    baseline=None,
    progress: Callable[[str], None] | None = None,
    copy: str = "checkpoint",
) -> CheckReport:
    """:func:`run_check` of every document in *source* (an OxigraphStore; the union of its graphs is the data),
    done in a writable copy of it: enriched there (:func:`~policykg.rulebook.inference.enrich_store`), validated
    and queried there, and the findings described through an rdflib view of it
    (:func:`policykg.store.view.store_graph`) that reads only the triples the report names. Same report as
    run_check on the same data as an rdflib graph (tests/test_backends.py).

    The copy (*copy*): ``"checkpoint"``, a RocksDB checkpoint of a store folder's generation inside that folder
    (:meth:`~policykg.registry.persist.StoreDir.scratch_copy`), read as one graph
    (:class:`~policykg.store.view.UnionStore`) and removed when the check ends; ``"memory"``, every quad read into
    an in-memory store's default graph. A checkpoint that cannot be made (a folder the user cannot write, an
    in-memory source) falls back to memory (docs/decisions/0024-whole-registry-check-in-a-checkpoint.md).
    """
    from ..errors import PolicyKGError
    from ..registry.persist import StoreDir
    from ..rulebook.inference import memory_copy

    if copy not in ("checkpoint", "memory"):
        raise PolicyKGError(f"unknown copy {copy!r}: checkpoint or memory")
    native = source.native()
    options = dict(as_of=as_of, rulebook=rulebook, engine=engine, baseline=baseline, progress=progress)
    if copy == "checkpoint" and source.generation is not None:
        with StoreDir(source.generation.parent).scratch_copy(native) as folder:
            if folder is not None:
                try:
                    return _check_copy(native, lambda: _open_checkpoint(folder), **options)
                except OSError as exc:  # writing the copy: a full disk, say
                    raise PolicyKGError(f"{folder}: the check's copy of the store failed: "
                                        f"{' '.join(str(exc).split())[:200]}") from None
    return _check_copy(native, lambda: memory_copy(native), **options)


def _open_checkpoint(folder: Path):
    import pyoxigraph as ox

    from ..errors import PolicyKGError
    from ..store.view import UnionStore

    try:
        return UnionStore.of(ox.Store(str(folder)))
    except OSError as exc:
        raise PolicyKGError(f"{folder}: cannot open the copy of the store: {' '.join(str(exc).split())[:200]}") \
            from None


def _check_copy(source, make_copy: Callable, *, as_of: _dt.date, rulebook: RuleBook, engine: str, baseline,
                progress: Callable[[str], None] | None) -> CheckReport:
    """:func:`run_check_store` in the store *make_copy* returns (writable, the data in its default graph); the
    copy is referred to from this frame only, so it is closed when this returns."""
    import pyoxigraph as ox

    from ..rulebook.engines import run_engines_store
    from ..rulebook.inference import enrich_store
    from ..store import OxigraphStore
    from ..store.view import store_graph

    shacl = get_engine(engine)
    stage = progress or (lambda name: None)
    work = make_copy()
    stage("推理补全 enriching the data")
    enrich_store(work, as_of=as_of, rules=rulebook.inference)
    enriched = store_graph(work)
    bind_prefixes(enriched)
    stage("按规则库校验 validating against the rule book")
    raw = run_engines_store(work, rulebook.shapes, rulebook.queries, as_of=as_of, engine=shacl,
                            prefixes={str(p): str(ns) for p, ns in enriched.namespaces()})
    describer = Describer(enriched, rulebook.shapes)
    subjects = [s for s in _document_candidates(work)  # as data.subjects(): IRIs with a statement in the data
                if next(iter(source.quads_for_pattern(ox.NamedNode(str(s)), None, None)), None) is not None]
    return _report(raw, describer, enriched, checked_documents(subjects, describer, None), as_of=as_of, focus=None,
                   drafts=(), engine=shacl.name, rulebook=rulebook, texts=None, baseline=baseline, reviewed=[],
                   progress=progress, store=OxigraphStore(work, "the enriched data"))


def _document_candidates(store) -> list[URIRef]:
    """Every IRI the Describer could call a document in an enriched pyoxigraph *store*: typed under the document
    kind's root class, or carrying a property that hints at a document (vocab's kind hints). A superset —
    check.report.Describer.kind decides — small enough to describe, unlike every subject of a national store."""
    import pyoxigraph as ox

    document = vocab.node_kind("document")
    branches = [f"{{ ?s a/<{RDFS.subClassOf}>* <{document.root}> }}"] if document is not None else []
    branches += [f"{{ ?s <{p}> ?o }}" for name, p in vocab.subject_kind_hints() if name == "document"]
    branches += [f"{{ ?o <{p}> ?s }}" for name, p in vocab.object_kind_hints() if name == "document"]
    if not branches:
        return []
    solutions = store.query(f"SELECT DISTINCT ?s WHERE {{ {' UNION '.join(branches)} FILTER isIRI(?s) }}")
    assert isinstance(solutions, ox.QuerySolutions)
    return [URIRef(row[0].value) for row in solutions]


def _report(raw, describer: Describer, enriched: Graph, documents: tuple, *, as_of: _dt.date,
            focus: set[str] | None, drafts: tuple[str, ...], engine: str, rulebook: RuleBook,
            texts: dict[str, tuple[str, str]] | None, baseline, reviewed: list[URIRef],
            progress: Callable[[str], None] | None, store: Store | None = None) -> CheckReport:
    """The CheckReport of the engines' raw results: findings, ordered and annotated (excerpts, status cards)."""
    from ..review.annotate import annotate

    report = make_report(
        findings(raw, describer),
        as_of=as_of,
        focus=focus,
        validation_report=raw.validation_report,
        documents=documents,
        scope="graph" if focus is None else "drafts",
        drafts=drafts,
        engine=engine,
        rule_count=rulebook.rule_count,
    )
    stage = progress or (lambda name: None)
    stage("整理审核意见 ordering the findings, quoting the drafts, status cards")
    return annotate(report, enriched, describer, texts=texts, baseline=baseline,
                    reviewed=reviewed or documents_under_review(enriched), store=store)


def documents_under_review(graph: Graph) -> list[URIRef]:
    """The documents the enrichment put under review (pkg:DocumentUnderReview), for a whole-graph check."""
    return sorted(s for s in graph.subjects(RDF.type, PKG.DocumentUnderReview) if isinstance(s, URIRef))


def checked_documents(subjects: Iterable[URIRef], describer: Describer, focus: set[str] | None) -> tuple:
    """The documents in scope: every document among *subjects* (the IRIs with a statement in the data), or
    those among *focus*."""
    candidates = set(subjects)
    if focus is not None:
        candidates = {s for s in candidates if str(s) in focus}
    docs = [describer.document(s) for s in candidates if describer.kind(s) == "document"]
    return tuple(sorted(docs, key=lambda d: (d.sort_key, d.iri)))


@lru_cache(maxsize=2)
def _document_classes(root: URIRef = PKG.Document) -> frozenset[URIRef]:
    """*root* (pkg:Document by default) and its subclasses in the bundled ontology."""
    onto = load_ontology()
    seen, todo = {root}, [root]
    while todo:
        for sub in onto.subjects(RDFS.subClassOf, todo.pop()):
            if isinstance(sub, URIRef) and sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return frozenset(seen)


def documents_among(data: Graph, nodes: Iterable[str]) -> list[URIRef]:
    """The nodes of *nodes* that *data* types as documents of any kind (or gives a 文号)."""
    documents = _document_classes()
    return [node for node in _iris(nodes)
            if (node, PKG.docNumber, None) in data or any(t in documents for t in data.objects(node, RDF.type))]


def policy_documents_among(data: Graph, nodes: Iterable[str]) -> list[URIRef]:
    """The policy documents among *nodes*: typed as pkg:PolicyDocument (or a subclass), or given a 文号 and typed
    as no other kind of document. The review scope (ontology/rules/review-scope.rq) covers policy documents
    only, so an evaluation report, a law or a standard in a draft file is not put under review (decision 0015)."""
    documents, policy = _document_classes(), _document_classes(PKG.PolicyDocument)
    out = []
    for node in _iris(nodes):
        types = set(data.objects(node, RDF.type))
        if types & policy or ((node, PKG.docNumber, None) in data and not types & documents):
            out.append(node)
    return out


def _iris(nodes: Iterable[str]) -> list[URIRef]:
    return [URIRef(n) for n in sorted(nodes) if not n.startswith("_:")]


__all__ = ["ENDPOINT_WHOLE_CHECK_LIMIT", "SCOPES", "check", "checked_documents", "documents_among", "policy_documents_among", "run_check", "run_check_store",
           "whole_registry_store"]
