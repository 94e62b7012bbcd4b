"""Every excerpt in the bundled data stands verbatim in its shipped source, and the check notices one changed character."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as _ns
from rdflib.namespace import PROV, RDF

from policykg.errors import PolicyKGError
from policykg.load import load_data
from policykg.namespaces import PKG, SRC
from policykg.provenance import add_excerpt, read_source, sha256_of, verify_excerpts
from policykg.resources import resource_dir

DATA = resource_dir("data")


@pytest.fixture(scope="module")
def data() -> Graph:
    return load_data()


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory) -> Path:
    """A throw-away copy of the bundled data folder (sources and Turtle)."""
    target = tmp_path_factory.mktemp("data-copy") / "data"
    shutil.copytree(DATA, target)
    return target


def test_every_excerpt_verifies(data):
    excerpts = set(data.subjects(RDF.type, PKG.Excerpt))
    assert len(excerpts) > 500  # laws and case together
    assert verify_excerpts(data, DATA) == []


def test_every_source_text_is_shipped_unchanged(data):
    for source in data.subjects(RDF.type, PKG.SourceText):
        path = DATA / str(data.value(source, PKG.localPath))
        assert path.is_file(), source
        assert sha256_of(path) == str(data.value(source, PKG.sha256)), source


def test_every_excerpt_quotes_a_described_source(data):
    described = set(data.subjects(RDF.type, PKG.SourceText))
    for ex in data.subjects(RDF.type, PKG.Excerpt):
        assert data.value(ex, PROV.wasQuotedFrom) in described, ex
        start, end = int(data.value(ex, PKG.startOffset)), int(data.value(ex, PKG.endOffset))
        assert str(ex).endswith(f"/chars-{start}-{end}") and end - start == len(str(data.value(ex, PROV.value)))


def _change_one_character(data_root: Path, graph: Graph, excerpt: URIRef) -> None:
    """Replace one character inside *excerpt* in its source file under *data_root* (length unchanged)."""
    path = data_root / str(graph.value(graph.value(excerpt, PROV.wasQuotedFrom), PKG.localPath))
    text = read_source(path)
    pos = int(graph.value(excerpt, PKG.startOffset)) + len(str(graph.value(excerpt, PROV.value))) // 2
    replacement = "〇" if text[pos] != "〇" else "一"
    path.write_bytes((text[:pos] + replacement + text[pos + 1:]).encode("utf-8"))


def _excerpt_from(graph: Graph, source: URIRef) -> URIRef:
    return sorted(ex for ex in graph.subjects(PROV.wasQuotedFrom, source) if (ex, RDF.type, PKG.Excerpt) in graph)[0]


@pytest.mark.parametrize("source", ["seed-000", "text-009", "legal-rules"])
def test_one_changed_character_in_a_case_source_fails(data, data_copy, tmp_path, source):
    root = tmp_path / "data"
    shutil.copytree(data_copy, root)
    excerpt = _excerpt_from(data, SRC[source])
    _change_one_character(root, data, excerpt)
    problems = verify_excerpts(data, root)
    assert problems and excerpt in {p.excerpt for p in problems}
    assert all(str(p.excerpt).startswith(str(SRC[source])) for p in problems)


def test_one_changed_character_in_a_law_fails(data, data_copy, tmp_path):
    law_sources = sorted(s for s in data.subjects(RDF.type, PKG.SourceText) if str(s).startswith(str(SRC["law-"])))
    law = next(s for s in law_sources if any(data.subjects(PROV.wasQuotedFrom, s)))
    root = tmp_path / "data"
    shutil.copytree(data_copy, root)
    excerpt = _excerpt_from(data, law)
    _change_one_character(root, data, excerpt)
    assert excerpt in {p.excerpt for p in verify_excerpts(data, root)}


def test_a_change_outside_every_excerpt_is_not_reported(data, data_copy, tmp_path):
    """The check is about the quoted spans: replacing an unquoted character leaves every excerpt valid."""
    root = tmp_path / "data"
    shutil.copytree(data_copy, root)
    source = SRC["seed-000"]
    spans = [(int(data.value(ex, PKG.startOffset)), int(data.value(ex, PKG.endOffset)))
             for ex in data.subjects(PROV.wasQuotedFrom, source)]
    path = root / str(data.value(source, PKG.localPath))
    text = read_source(path)
    pos = next(i for i in range(len(text)) if not any(s <= i < e for s, e in spans) and text[i] not in "\n")
    path.write_bytes((text[:pos] + "〇" + text[pos + 1:]).encode("utf-8"))
    assert verify_excerpts(data, root) == []


def test_a_missing_source_file_is_reported(data, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(DATA / "sources", root / "sources")
    (root / str(data.value(SRC["text-011"], PKG.localPath))).unlink()
    problems = verify_excerpts(data, root)
    assert problems and all("not found" in p.message for p in problems)
    assert {str(p.excerpt).split("/chars-")[0] for p in problems} == {str(SRC["text-011"])}


def test_add_excerpt_refuses_a_quote_not_in_the_text():
    g = Graph()
    text = read_source(DATA / "sources" / "seed" / "000_a338d5221d2dbc76.txt")
    with pytest.raises(PolicyKGError, match="not found"):
        add_excerpt(g, SRC["seed-000"], text, "国家高新技术企业超1701家")
    assert len(g) == 0
    quote = "国家高新技术企业超1700家"
    node = add_excerpt(g, SRC["seed-000"], text, quote)
    start = text.index(quote)
    assert str(node).endswith(f"/chars-{start}-{start + len(quote)}")
    assert g.value(node, PKG.startOffset) == Literal(start, datatype=_ns.XSD.nonNegativeInteger)


def test_wrong_offsets_are_reported(data):
    g = Graph()
    for t in data.triples((SRC["seed-000"], None, None)):
        g.add(t)
    text = read_source(DATA / "sources" / "seed" / "000_a338d5221d2dbc76.txt")
    quote = "国家高新技术企业超1700家"
    node = add_excerpt(g, SRC["seed-000"], text, quote)
    start = int(g.value(node, PKG.startOffset))
    g.set((node, PKG.startOffset, Literal(start + 1, datatype=_ns.XSD.nonNegativeInteger)))
    g.set((node, PKG.endOffset, Literal(start + 1 + len(quote), datatype=_ns.XSD.nonNegativeInteger)))
    (problem,) = verify_excerpts(g, DATA)
    assert problem.excerpt == node and "differs" in problem.message
