"""The vocabulary once: facts the ontology states (policykg.vocab) are read from it, not restated in Python.

The check is syntactic: no tuple/list/set/dict literal in src/ lists most of the properties the ontology marks
with one of policykg.vocab's annotations (a literal of three or more such names covering 80 % of the marked set
is a copy of the ontology's table).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from policykg import vocab
from policykg.namespaces import PREFIXES

SRC = Path(__file__).resolve().parent.parent / "src" / "policykg"
# Python names of the namespaces (PKG.x, ELI.x …) → their IRIs
NAMESPACE_NAMES = {"PKG": PREFIXES["pkg"], "ELI": PREFIXES["eli"], "PROV": PREFIXES["prov"],
                   "DCTERMS": PREFIXES["dct"], "ORG": PREFIXES["org"], "SKOS": PREFIXES["skos"]}

MARKED = {
    "pkg:linksPartToWhole": vocab.part_to_whole_links,
    "pkg:linksWholeToPart": vocab.whole_to_part_links,
    "pkg:followedInScope": vocab.scope_links,
}


def _iris_in(node: ast.AST) -> set[str]:
    elements = node.keys if isinstance(node, ast.Dict) else getattr(node, "elts", [])
    out = set()
    for e in elements:
        if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) and e.value.id in NAMESPACE_NAMES:
            out.add(str(NAMESPACE_NAMES[e.value.id]) + e.attr)
    return out


def literal_tables() -> list[tuple[str, int, set[str]]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Tuple, ast.List, ast.Set, ast.Dict)):
                iris = _iris_in(node)
                if len(iris) >= 3:
                    found.append((str(path.relative_to(SRC)), node.lineno, iris))
    return found


def test_the_annotations_are_in_the_ontology_with_bilingual_labels():
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS

    g = vocab.ontology()
    for curie, marked in MARKED.items():
        prefix, local = curie.split(":")
        iri = URIRef(str(PREFIXES[prefix]) + local)
        langs = {lab.language for lab in g.objects(iri, RDFS.label) if isinstance(lab, Literal)}
        assert {"zh", "en"} <= langs, curie
        assert len(marked()) >= 3, curie


@pytest.mark.parametrize("annotation", sorted(MARKED))
def test_no_python_table_restates_what_the_ontology_marks(annotation):
    marked = {str(p) for p in MARKED[annotation]()}
    copies = [(f, line) for f, line, iris in literal_tables()
              if iris <= marked and len(iris) >= 0.8 * len(marked)]
    assert not copies, f"{annotation} is restated in Python at {copies}: read it from policykg.vocab"


def test_draft_parts_and_scope_links_come_from_the_ontology():
    from policykg.namespaces import ELI, PKG

    assert {PKG.measureOf, PKG.provisionOf, ELI.is_part_of} <= vocab.part_to_whole_links()
    assert {PKG.hasProcedureStep, ELI.has_part} <= vocab.whole_to_part_links()
    assert {ELI.based_on, PKG.implements, ELI.repealed_by} <= vocab.scope_links()
