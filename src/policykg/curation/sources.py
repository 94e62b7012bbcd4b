"""data/sources.ttl: every shipped source text under data/sources/ with its local path, checksum and URL.

A text under texts/ describes itself (its SOURCE: and TITLE: lines); a law under laws/ is named
<short title>(<version date>).md and carries the LawRefBook commit of data/curation/sources.toml; any other file
needs a [[source]] entry there. The stems are the src: IRIs the other builders cite.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from ..namespaces import PKG, SRC, bind_prefixes
from ..provenance import sha256_of
from ..serialize import turtle_bytes
from .schema import CurationError, Reader

OUTPUT = "data/sources.ttl"
_LAW_NAME = re.compile(r"(.+)\((\d{4}-\d{2}-\d{2})\)\.md$")


def build(reader: Reader) -> dict[str, bytes]:
    curated = reader.toml("sources.toml")
    named = {s["path"]: s for s in curated.get("source", [])}
    laws = curated["laws"]
    data = reader.root / "data"
    g = Graph()
    bind_prefixes(g)
    for path in sorted((data / "sources").rglob("*")):
        if not path.is_file() or (path.name == "README.md" and path.parent.name != "laws"):
            continue
        rel = path.relative_to(data / "sources").as_posix()
        url: str | None
        if rel in named:
            entry = named[rel]
            stem, zh, en, url = entry["stem"], entry["label_zh"], entry["label_en"], entry.get("url")
        elif rel.startswith("texts/"):
            text = path.read_text(encoding="utf-8")
            num = path.name.split("_")[0]
            source_line = re.search(r"^SOURCE: (\S+)", text, re.M)
            title_line = re.search(r"^TITLE: (.+)$", text, re.M)
            if source_line is None or title_line is None:
                raise CurationError(f"data/sources/{rel}: no SOURCE: or TITLE: line")
            stem, url = f"text-{num}", source_line.group(1)
            zh, en = f"{title_line.group(1)}（公开网页副本）", f"Public web copy {num}"
        elif rel.startswith("laws/"):
            m = _LAW_NAME.match(path.name)
            if m is None:
                raise CurationError(f"data/sources/{rel}: expected '<short title>(<YYYY-MM-DD>).md'")
            stem = f"law-{m.group(1)}-{m.group(2)}"
            zh, en = f"{m.group(1)}（{m.group(2)}版）全文", f"Full text of {m.group(1)} ({m.group(2)} version)"
            url = None  # the notes cite LawRefBook paths, not URLs; the commit is in the description
        else:
            raise CurationError(f"data/sources/{rel}: no description (add a [[source]] to data/curation/sources.toml)")
        node = SRC[stem]
        g.add((node, RDF.type, PKG.SourceText))
        g.add((node, RDFS.label, Literal(zh, lang="zh")))
        g.add((node, RDFS.label, Literal(en, lang="en")))
        g.add((node, PKG.localPath, Literal(f"sources/{rel}")))
        g.add((node, PKG.sha256, Literal(sha256_of(path))))
        if url:
            g.add((node, DCTERMS.source, URIRef(url)))
        if rel.startswith("laws/"):
            g.add((node, DCTERMS.description, Literal(laws["description_zh"], lang="zh")))
            g.add((node, DCTERMS.description, Literal(laws["description_en"], lang="en")))
    missing = sorted(set(named) - {p.relative_to(data / "sources").as_posix()
                                   for p in (data / "sources").rglob("*") if p.is_file()})
    if missing:
        raise CurationError(f"sources.toml: [[source]] {missing[0]} is not a file under data/sources/")
    return {OUTPUT: turtle_bytes(g)}
