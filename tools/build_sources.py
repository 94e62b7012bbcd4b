"""Describe every shipped source text in data/sources.ttl (URL, local path, checksum).

Run after adding a file under data/sources/. The stems named here are the src: IRIs other builders cite.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from policykg.namespaces import PKG, SRC, bind_prefixes  # noqa: E402
from policykg.provenance import sha256_of  # noqa: E402
from policykg.serialize import write_turtle  # noqa: E402

DATA = ROOT / "data"

FIXED = {
    "seed/000_a338d5221d2dbc76.txt": ("seed-000", "威海市科学技术局《关于〈关于强化科技创新支撑国家创新型城市建设的实施意见〉等2个文件实施后评估情况的报告》网页原文",
                                      "Weihai S&T bureau post-implementation evaluation report, web page text",
                                      "http://www.weihai.gov.cn/art/2025/12/5/art_59370_5995346.html"),
    "laws/README.md": ("laws-readme", "法律法规全文说明（版本日期与出处）", "README of the law texts (version dates, origin)", None),
    "reference/legal-rules.md": ("legal-rules", "合法性与一致性规则研究笔记（山东/威海）", "Research notes on legality and consistency rules (Shandong/Weihai)", None),
}


def main() -> None:
    g = Graph()
    bind_prefixes(g)
    for path in sorted((DATA / "sources").rglob("*")):
        if not path.is_file() or (path.name == "README.md" and path.parent.name != "laws"):
            continue
        rel = path.relative_to(DATA / "sources").as_posix()
        text = path.read_text(encoding="utf-8")
        if rel in FIXED:
            stem, zh, en, url = FIXED[rel]
        elif rel.startswith("texts/"):
            num = path.name.split("_")[0]
            stem = f"text-{num}"
            url = re.search(r"^SOURCE: (\S+)", text, re.M).group(1)
            title = re.search(r"^TITLE: (.+)$", text, re.M).group(1)
            zh, en = f"{title}（公开网页副本）", f"Public web copy {num}"
        elif rel.startswith("laws/"):
            m = re.match(r"(.+)\((\d{4}-\d{2}-\d{2})\)\.md$", path.name)
            stem = f"law-{m.group(1)}-{m.group(2)}"
            zh, en = f"{m.group(1)}（{m.group(2)}版）全文", f"Full text of {m.group(1)} ({m.group(2)} version)"
            url = None  # the notes cite LawRefBook paths, not URLs; the commit is recorded below
        else:
            raise SystemExit(f"no description for {rel}")
        node = SRC[stem]
        g.add((node, RDF.type, PKG.SourceText))
        g.add((node, RDFS.label, Literal(zh, lang="zh")))
        g.add((node, RDFS.label, Literal(en, lang="en")))
        g.add((node, PKG.localPath, Literal(f"sources/{rel}")))
        g.add((node, PKG.sha256, Literal(sha256_of(path))))
        if url:
            g.add((node, DCTERMS.source, URIRef(url)))
        if rel.startswith("laws/"):
            g.add((node, DCTERMS.description, Literal(
                "LawRefBook/Laws 仓库 commit 2f4c5c23716267af9dbebbbbd6cbbf732b101981 的官方文本转录", lang="zh")))
            g.add((node, DCTERMS.description, Literal(
                "Transcription of the official text, LawRefBook/Laws commit 2f4c5c23716267af9dbebbbbd6cbbf732b101981", lang="en")))
    write_turtle(g, DATA / "sources.ttl")


if __name__ == "__main__":
    main()
