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
    from rdflib.namespace import RDFS, SKOS

    g = vocab.ontology()
    for curie, marked in MARKED.items():
        prefix, local = curie.split(":")
        iri = URIRef(str(PREFIXES[prefix]) + local)
        langs = {lab.language for lab in g.objects(iri, RDFS.label) if isinstance(lab, Literal)}
        assert {"zh", "en"} <= langs, curie
        assert len(marked()) >= 3, curie


@pytest.mark.slow
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


# ---------------------------------------------------------------------------------------------------------------
# Node kinds, display labels, counted classes, genres, severity labels: no Python table pairs them up again.
#
# A literal restates the ontology when three or more of its entries (dict items, or tuples in a list/tuple) each
# pair two things the ontology pairs: a kind's name with its root class or its label, a class with its count label,
# a kind with a property that hints it, a genre's title word with its code, a query variable with its label, a
# severity with its reviewer's name (that one lives in policykg.words only). A flat literal that lists 80 % of the
# kinds' root classes, the counted classes, the hint properties or the genre words is a copy too.
# ---------------------------------------------------------------------------------------------------------------

from rdflib import URIRef  # noqa: E402

from policykg.words import SEVERITY_LABELS  # noqa: E402

# policykg.words is the one place that names severities for people
SEVERITY_HOME = "words.py"


def _fact_pairs() -> set[frozenset[str]]:
    pairs: set[frozenset[str]] = set()

    def pair(a: str, b: str) -> None:
        if a and b and a != b:
            pairs.add(frozenset((a.strip(), b.strip())))

    for k in vocab.node_kinds():
        for other in (str(k.root), k.label.zh, k.label.en):
            pair(k.name, other)
        pair(str(k.root), k.label.zh)
        pair(str(k.root), k.label.en)
    for name, prop in vocab.subject_kind_hints() + vocab.object_kind_hints():
        pair(name, str(prop))
    for c in vocab.counted_classes():
        pair(str(c.cls), c.label.zh)
        pair(str(c.cls), c.label.en)
        pair(c.label.zh, c.label.en)
    for word, slug in vocab.genre_title_words():
        pair(word, slug)
    g = vocab.ontology()
    from policykg.namespaces import PKG
    from rdflib.namespace import RDFS, SKOS

    for prop, name in g.subject_objects(PKG.queryVariable):
        for lab in g.objects(prop, RDFS.label):
            pair(str(name), str(lab))
    for term, word in g.subject_objects(PKG.linkWord):
        if isinstance(term, URIRef) and getattr(word, "language", None) == "zh":
            pair(str(term), str(word))
    # any term with its Chinese display label (rdfs:label / skos:prefLabel); English labels are often plain words
    # that name other things too (dct:title "title" is also an export field name)
    for pred in (RDFS.label, SKOS.prefLabel):
        for term, lab in g.subject_objects(pred):
            if isinstance(term, URIRef) and getattr(lab, "language", None) == "zh":
                pair(str(term), str(lab))
    return pairs


def _severity_pairs() -> set[frozenset[str]]:
    return {frozenset((sev, zh)) for sev, (zh, _en) in SEVERITY_LABELS.items()}


def _flat_sets() -> dict[str, set[str]]:
    return {
        "node kinds' root classes (pkg:nodeKind)": {str(k.root) for k in vocab.node_kinds()},
        "counted classes (pkg:countOrder)": {str(c.cls) for c in vocab.counted_classes()},
        "kind hints (pkg:subjectKindHint)": {str(p) for _k, p in vocab.subject_kind_hints()},
        "kind hints (pkg:objectKindHint)": {str(p) for _k, p in vocab.object_kind_hints()},
        "genre title words (pkg:titleWord)": {w for w, _s in vocab.genre_title_words()},
    }


def _atoms(node: ast.AST) -> list[str]:
    """Strings and namespace terms (PKG.x → its IRI) in *node*, nested literals included."""
    out = []
    for n in ast.walk(node):
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            out.append(n.value.strip())
        elif isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id in NAMESPACE_NAMES:
            out.append(str(NAMESPACE_NAMES[n.value.id]) + n.attr)
    return out


def _entries(node: ast.AST) -> list[list[str]]:
    if isinstance(node, ast.Dict):
        return [_atoms(k) + _atoms(v) for k, v in zip(node.keys, node.values) if k is not None]
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [_atoms(e) for e in node.elts if isinstance(e, (ast.Tuple, ast.List))]
    return []


def restatements(source: str, filename: str = "<source>") -> list[tuple[int, str]]:
    """(line, what) for each literal table in *source* that restates a fact of the ontology."""
    facts = _fact_pairs()
    severities = _severity_pairs() if Path(filename).name != SEVERITY_HOME else set()
    flat = _flat_sets()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.Tuple, ast.List, ast.Set, ast.Dict)):
            continue
        entries = _entries(node)
        for known, what in ((facts, "pairs the ontology states"), (severities, "severity labels")):
            hits = sum(1 for atoms in entries
                       if any(frozenset((a, b)) in known for i, a in enumerate(atoms) for b in atoms[i + 1:]))
            if hits >= 3:
                found.append((node.lineno, f"{hits} {what}"))
        elements = node.keys if isinstance(node, ast.Dict) else getattr(node, "elts", [])
        top = {a for e in elements if e is not None and not isinstance(e, (ast.Tuple, ast.List, ast.Dict, ast.Set))
               for a in _atoms(e)}
        for what, marked in flat.items():
            copied = top & marked
            if len(copied) >= 3 and len(copied) >= 0.8 * len(marked):
                found.append((node.lineno, f"lists {len(copied)} of the {len(marked)} {what}"))
    return found


# Tables the check flags that state something else, with why.
NOT_RESTATEMENTS = {
    # the lawrefbook corpus's db level column → the class it means: the corpus's own words, which happen to be the
    # classes' Chinese labels (a renamed label must not change how the corpus is read)
    ("registry/laws.py", "LEVEL_CLASS"),
}


def _assigned_name(source: str, line: int) -> str:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.lineno == line:
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            return target.id if isinstance(target, ast.Name) else ""
    return ""


@pytest.mark.slow  # over 1.5 s: the fast subset stays under a minute
def test_no_python_table_restates_kinds_labels_counts_genres_or_severities():
    copies = []
    for path in sorted(SRC.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for line, what in restatements(source, str(path)):
            where = (str(path.relative_to(SRC)), _assigned_name(source, line))
            if where not in NOT_RESTATEMENTS:
                copies.append((*where, line, what))
    assert not copies, f"read these from policykg.vocab (or policykg.words): {copies}"


# Excerpts of the tables this test replaced (as they stood before issue 12): each must be caught.
OLD_TABLES = {
    "check/report.py _KIND_ROOTS": '_KIND_ROOTS = (("provision", PKG.Provision), ("document", PKG.Document), '
                                   '("measure", PKG.Measure), ("result", PKG.Result))',
    "check/report.py _KIND_HINTS": '_KIND_HINTS = (("provision", PKG.provisionOf), ("document", PKG.docNumber), '
                                   '("measure", PKG.measureOf), ("result", PKG.reportedIn))',
    "check/report.py VARIABLE_LABELS": 'VARIABLE_LABELS = {"document": ("文件", "document"), "basis": ("依据", "basis"), '
                                       '"provision": ("条款", "provision"), "measure": ("举措", "measure")}',
    "export/model.py ENTITY_KINDS": 'ENTITY_KINDS = {"document": PKG.Document, "provision": PKG.Provision, '
                                    '"organ": ORG.Organization, "measure": PKG.Measure}',
    "export/style.py KIND_LABELS": 'KIND_LABELS = {"document": ("文件", "document"), "provision": ("条款", "provision"), '
                                   '"organ": ("机关", "organ"), "measure": ("举措", "measure")}',
    "cli/build.py COUNTED": 'COUNTED = [(PKG.Document, "文件", "documents"), (PKG.Statute, "  法律", "  statutes"), '
                            '(PKG.Provision, "条款", "provisions"), (PKG.Measure, "举措", "measures")]',
    "ingest/draft.py GENRES": 'GENRES = {"决议": "resolution", "决定": "decision", "公报": "communique", '
                              '"意见": "opinion", "通知": "notice"}',
    "evaluate/draft.py _SEVERITY_ZH": '_SEVERITY_ZH = {"Violation": "违规", "Warning": "警告", "Info": "提示"}',
    "a flat list of counted classes": "CLASSES = [" + ", ".join(
        f"PKG.{str(c.cls).rsplit('#', 1)[-1]}" for c in vocab.counted_classes() if "policykg" in str(c.cls)) + "]",
}


@pytest.mark.parametrize("name", sorted(OLD_TABLES))
def test_the_restatement_check_catches_the_old_tables(name):
    assert restatements(OLD_TABLES[name]), name


def test_style_tables_keyed_by_kind_are_not_restatements():
    # a DOT shape per kind is the export's own choice, not a fact of the ontology
    src = 'SHAPES = {"document": ("box", "#fff"), "provision": ("note", "#eee"), "measure": ("ellipse", "#efe")}'
    assert restatements(src) == []


def test_kinds_labels_and_counts_come_from_the_ontology():
    from policykg.namespaces import ORG, PKG

    kinds = {k.name: k for k in vocab.node_kinds()}
    assert kinds["procedure-step"].root == PKG.ProcedureStep and kinds["organ"].root == ORG.Organization
    assert kinds["document"].label.zh == "文件" and kinds["assessment"].label.zh == "评估维度结论"
    names = [k.name for k in vocab.node_kinds()]
    assert names.index("provision") < names.index("document")  # a provision is not a document
    assert names.index("indicator") < names.index("concept")  # an indicator is a concept, shown as an indicator
    assert "concept" not in {k.name for k in vocab.entity_kinds()}
    counted = {c.cls: c for c in vocab.counted_classes()}
    assert counted[PKG.Statute].depth == 1 and counted[PKG.Document].depth == 0
    assert counted[PKG.Indicator].depth == 0  # skos:Concept is counted after it
    assert ("函", "letter") in vocab.genre_title_words()
    assert vocab.variable_label("basis").zh == "依据" and not vocab.variable_label("no-such-variable")
    assert isinstance(next(iter(counted)), URIRef)


def test_link_words_are_the_ontologys_and_fall_back_to_the_label():
    from policykg.namespaces import ELI, PKG
    from policykg.words import Bilingual

    # pkg:implementsPolicy's label names the property (implements policy); a chain says 落实 implements
    assert vocab.label(PKG.implementsPolicy).en == "implements policy"
    assert vocab.link_word(PKG.implementsPolicy) == Bilingual("落实", "implements")
    assert vocab.link_word(PKG.areaConcerns) == Bilingual("涉及", "concerns")
    # without a pkg:linkWord, the rdfs:label
    assert vocab.link_word(ELI.based_on) == vocab.label(ELI.based_on) == Bilingual("依据", "based on")
    assert vocab.link_word(PKG.implements) == Bilingual("落实条款", "implements")
    # a basis link the ontology does not name (or none) is shown as eli:based_on
    assert vocab.basis_link_word(None) == vocab.basis_link_word(URIRef("urn:x:unlabelled")) == Bilingual("依据", "based on")
    assert vocab.basis_link_word(PKG.implementsPolicy).zh == "落实"


def test_a_drafts_citation_states_the_property_its_words_mean():
    from policykg.namespaces import ELI, PKG

    # the ingest's citation relations (data/ingest/citations.toml) → what the draft states; the evaluation reads
    # the same pairs backwards
    assert vocab.citation_relation_properties() == {"based_on": ELI.based_on, "implements": PKG.implementsPolicy}
