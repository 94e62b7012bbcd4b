"""The labelled corpus of real texts (tests/corpus/ingest): own 文号, cited 文号 with titles, document titles.

Only the texts NOT marked heldOut are used here; the held-out part (033–042) is measured by
benchmarks/bench_ingest.py alone. Labels were written by hand from the texts (see the corpus README).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policykg.ingest.draft import ingest_file
from policykg.ingest.normalise import normalise_text
from policykg.ingest.resolve import title_key

CORPUS = Path(__file__).parent / "corpus" / "ingest"
LABELS = sorted(p for p in (CORPUS / "labels").glob("*.json") if not json.loads(p.read_text("utf-8"))["heldOut"])


def simple(title: str) -> str:
    return title_key(normalise_text(title, rejoin=False).text).replace("<", "〈").replace(">", "〉")


def test_corpus_is_big_enough_and_has_a_held_out_part():
    all_labels = list((CORPUS / "labels").glob("*.json"))
    texts = list((CORPUS / "texts").glob("*.txt"))
    assert len(all_labels) == len(texts) >= 40
    held = [p for p in all_labels if json.loads(p.read_text("utf-8"))["heldOut"]]
    assert len(held) >= 8
    for p in all_labels:
        assert json.loads(p.read_text("utf-8"))["source"].startswith("http")


@pytest.mark.parametrize("label_path", LABELS, ids=lambda p: p.stem)
def test_labelled_text(label_path):
    label = json.loads(label_path.read_text("utf-8"))
    draft = ingest_file(CORPUS / "texts" / f"{label_path.stem}.txt")
    f = draft.facts
    own = [f.doc_number_match.canonical] if f.doc_number_match else []
    assert own == label["own"]
    cited = {c.number for c in f.citations if c.number} - set(own)
    assert cited == {c["number"] for c in label["cited"]}
    for c in label["cited"]:
        if c["title"]:
            titles = [simple(x.title) for x in f.citations if x.number == c["number"] and x.title]
            assert any(simple(c["title"]) in t or t in simple(c["title"]) for t in titles), (c, titles)
    if label.get("title"):
        assert f.title is not None and simple(f.title.text) == simple(label["title"])
    for c in f.citations:  # every quote stands verbatim at its offsets in the file's text
        o = f.original(c.span)
        assert draft.text[o.start:o.end] == o.text
