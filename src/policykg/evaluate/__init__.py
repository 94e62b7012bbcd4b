"""Drafting the 实施后评估报告 from the graph (`policykg evaluate`).

- `model`: the draft as sections of sentences, each with its traces (no RDF, no formatting).
- `facts`: what the graph records about the evaluated documents and their evaluations (through the Store).
- `draft`: the genre's four parts built from those facts and the check's findings.
- `render`: Markdown (footnotes), HTML (links) and .docx (Word footnotes).
"""

from .draft import build_draft, check_findings
from .model import DraftReport, Paragraph, Section, Sentence, Table, Trace
from .render import FORMATS, read_docx_footnotes, render

__all__ = [
    "FORMATS",
    "DraftReport",
    "Paragraph",
    "Section",
    "Sentence",
    "Table",
    "Trace",
    "build_draft",
    "check_findings",
    "draft_report",
    "read_docx_footnotes",
    "render",
]


def draft_report(documents, *, as_of, data_dirs=None):
    """Load the data, run the check and build the draft for *documents* (文号, IRIs or titles)."""
    from rdflib import URIRef

    from ..load import load_data, load_ontology
    from ..rulebook.inference import (
        enrich,  # the check's enrichment: ontology + inferred facts (effect rank, basis chain)
    )
    from ..store import MemoryStore
    from .facts import evaluations_of, read_graph, related_nodes, resolve_documents

    data = load_data(data_dirs or None)
    plain = load_ontology()
    plain += data
    iris = resolve_documents(MemoryStore(plain), list(documents))
    store = MemoryStore(enrich(data, as_of=as_of, review=[URIRef(d) for d in iris]))
    g = read_graph(store)
    related = related_nodes(g, iris, evaluations_of(g, iris))
    findings = check_findings(data, iris, as_of, related)
    return build_draft(store, iris, as_of, findings, graphed=g)
