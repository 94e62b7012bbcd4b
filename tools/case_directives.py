"""Higher-level documents of the Weihai case (data/registry/directives.ttl).

Each document carries what its sources state and nothing more: title, 文号 as written, issuer(s), dates where a
source gives them, and — where a text is shipped — its body paragraphs as provisions. Titles and numbers of
国发〔2022〕18号 and 鲁政发〔2017〕38号 are known only from the citation in 威政字〔2023〕40号; their texts are not
shipped, so they have no provisions. The provincial 13-industry action plan is known only by the name the
evaluation report gives it: no number, no issuer, no date.
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS

from case_common import DOC, PKG, Facts, Sources, below, date, integer, organ
from policykg.identifiers import doc_iri, title_slug
from policykg.provenance import locate
from policykg.namespaces import CODE, ELI

# Pinyin in brackets that the mirror of 国科发区〔2022〕5号 injected after characters, e.g. 創(chuàng).
# Only lower-case Latin letters with tone marks match, so bracketed Chinese such as (城市名單見附件) stays.
PINYIN_NOISE = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")

NORMALISATION_ZH = ("pkg:text 为摘录原文去除镜像网站插入的带括号汉语拼音注音（如“創(chuàng)”→“創”）后的文本；"
                    "字符保持原样（繁体），未作简繁转换，未作其他改动。")
NORMALISATION_EN = ("pkg:text is the excerpt with the bracketed pinyin the mirror site injected removed "
                    "(e.g. 創(chuàng) → 創); the characters are kept as they are (traditional), not converted to "
                    "simplified, and nothing else is changed.")
TRUNCATED_ZH = "存储的网页副本在本段中途截断，本段原文不完整。"
TRUNCATED_EN = "The stored web copy ends inside this paragraph; its text is incomplete."

GUOKEFAQU_5 = doc_iri("国科发区〔2022〕5号")
GUOKEFACHUANG_370 = doc_iri("国科发创〔2016〕370号")
GUOKEFACHUANG_111 = doc_iri("国科发创〔2016〕111号")
GUOFA_18 = doc_iri("国发〔2022〕18号")
LUZHENGFA_38 = doc_iri("鲁政发〔2017〕38号")
ACTION_PLAN_TITLE = "省13大产业科技创新行动计划(2025-2027)"
ACTION_PLAN = DOC[title_slug(ACTION_PLAN_TITLE)]


def strip_pinyin(text: str) -> str:
    """Remove the injected bracketed pinyin, keep every other character."""
    return PINYIN_NOISE.sub("", text)


def body_paragraphs(text: str, after: str, before: str | None) -> list[str]:
    """Non-empty lines (leading/trailing blanks removed) between the unique markers *after* and *before*."""
    start = locate(text, after) + len(after)
    end = locate(text, before, after=start) if before is not None else len(text)
    return [line.strip() for line in text[start:end].split("\n") if line.strip()]


def _document(f: Facts, node: URIRef, number: str | None, en: str, *, genre: str | None, form: str | None,
              label_zh: str | None = None) -> None:
    f.typed(node, PKG.PolicyDocument, label_zh or number, en)
    if number:
        f.add(node, PKG.docNumber, Literal(number))
    if genre:
        f.add(node, PKG.genre, CODE[f"genre-{genre}"])
    if form:
        f.add(node, PKG.instrumentForm, CODE[f"form-{form}"])


def _title(f: Facts, node: URIRef, title: str) -> None:
    f.add(node, DCTERMS.title, Literal(title, lang="zh"))


def _provision(f: Facts, doc: URIRef, node: URIRef, ordinal: int, stem: str, raw: str, *, anchor: str,
               label_zh: str, label_en: str, text: str | None = None, truncated: bool = False,
               heading: str | None = None) -> None:
    f.typed(node, PKG.Provision, label_zh, label_en)
    f.add(node, PKG.provisionOf, doc)
    f.add(node, PKG.ordinal, integer(ordinal))
    f.add(node, PKG.text, Literal(text if text is not None else raw))
    if heading:
        f.add(node, PKG.heading, Literal(heading, lang="zh"))
    f.derive(node, stem, raw, anchor=anchor, attests=(PKG.text,))
    if truncated:
        f.comment(node, TRUNCATED_ZH, TRUNCATED_EN)


def guokefaqu_5(f: Facts) -> int:
    doc = GUOKEFAQU_5
    _document(f, doc, "国科发区〔2022〕5号", "Guokefaqu [2022] No. 5", genre="notice", form=None)
    _title(f, doc, "科技部关于支持新一批城市开展创新型城市建设的通知")
    f.add(doc, ELI.passed_by, organ("科学技术部"))
    f.derive(doc, "seed-000", "《科技部关于支持新一批城市开展创新型城市建设的通知》(国科发区〔2022〕5号)",
             attests=(DCTERMS.title, PKG.docNumber, ELI.passed_by, PKG.genre))
    f.derive(doc, "text-009", "來源:科技部", attests=(ELI.passed_by,))
    text = f.sources.text("text-009")
    addressee = "有關(guān)省、自治區(qū)科技廳:"
    paras = body_paragraphs(text, addressee, None)
    for i, raw in enumerate(paras, 1):
        node = below(doc, f"para-{i}")
        _provision(f, doc, node, i, "text-009", raw, anchor=addressee, text=strip_pinyin(raw),
                   label_zh=f"国科发区〔2022〕5号 第{i}段", label_en=f"Guokefaqu [2022] No. 5, para. {i}",
                   truncated=(i == len(paras) and not raw.endswith("。")))
        f.comment(node, NORMALISATION_ZH, NORMALISATION_EN)
    return len(paras)


def guokefachuang_370(f: Facts) -> int:
    doc = GUOKEFACHUANG_370
    _document(f, doc, "国科发创〔2016〕370号", "Guokefachuang [2016] No. 370", genre="notice", form="work-guideline")
    _title(f, doc, "科技部 国家发展改革委关于印发建设创新型城市工作指引的通知")
    f.derive(doc, "seed-000", "《科技部 国家发展改革委关于印发建设创新型城市工作指引的通知》(国科发创〔2016〕370号)",
             attests=(DCTERMS.title, PKG.docNumber, PKG.genre, PKG.instrumentForm))
    f.derive(doc, "text-011", "《科技部国家发展改革委关于印发建设创新型城市工作指引的通知》(国科发创〔2016〕370号)",
             attests=(PKG.docNumber,))
    for name in ("科学技术部", "国家发展和改革委员会"):
        f.add(doc, ELI.passed_by, organ(name))
    f.add(doc, PKG.leadIssuer, organ("科学技术部"))  # first in the signature block
    signature = "科技部\n国家发展改革委\n2016年12月1日"
    f.add(doc, ELI.date_document, date("2016-12-01"))
    f.derive(doc, "text-007", signature, attests=(ELI.passed_by, PKG.leadIssuer, ELI.date_document))
    text = f.sources.text("text-007")
    addressee = "各省、自治区、直辖市及计划单列市科技厅(委、局)、发展改革委,新疆生产建设兵团科技局、发展改革委:"
    paras = body_paragraphs(text, addressee, signature)
    for i, raw in enumerate(paras, 1):
        _provision(f, doc, below(doc, f"para-{i}"), i, "text-007", raw, anchor=addressee,
                   label_zh=f"国科发创〔2016〕370号 第{i}段", label_en=f"Guokefachuang [2016] No. 370, para. {i}")
    # The distributed guideline follows the signature; the stored copy breaks off inside its first paragraph.
    heading = "建设创新型城市工作指引"
    guideline_anchor = f"{signature}\n{heading}\n"
    guideline = body_paragraphs(text, guideline_anchor, None)
    for i, raw in enumerate(guideline, 1):
        _provision(f, doc, below(doc, f"guideline/para-{i}"), i, "text-007", raw, anchor=guideline_anchor,
                   heading=heading, truncated=(i == len(guideline) and not raw.endswith("。")),
                   label_zh=f"国科发创〔2016〕370号《建设创新型城市工作指引》第{i}段",
                   label_en=f"Guokefachuang [2016] No. 370, Guideline for building innovative cities, para. {i}")
    return len(paras) + len(guideline)


def guokefachuang_111(f: Facts) -> int:
    doc = GUOKEFACHUANG_111
    _document(f, doc, "国科发创〔2016〕111号", "Guokefachuang [2016] No. 111", genre="notice", form="work-guideline")
    _title(f, doc, "科技部关于印发建设创新型省份工作指引的通知")
    f.derive(doc, "text-006", "标 题: | 科技部关于印发建设创新型省份工作指引的通知 |",
             attests=(DCTERMS.title, PKG.genre, PKG.instrumentForm))
    f.add(doc, PKG.indexNumber, Literal("306-32-2016-138"))
    f.derive(doc, "text-006", "索 引 号: | 306-32-2016-138 |", attests=(PKG.indexNumber,))
    f.add(doc, ELI.passed_by, organ("科学技术部"))
    f.derive(doc, "text-006", "发文机构: | 科技部 |", attests=(ELI.passed_by,))
    f.add(doc, ELI.date_document, date("2016-04-12"))
    f.derive(doc, "text-006", "成文日期: | 2016年04月12日 |", attests=(ELI.date_document,))
    f.add(doc, ELI.date_publication, date("2016-04-14"))
    f.derive(doc, "text-006", "发布日期: | 2016年04月14日 |", attests=(ELI.date_publication,))
    f.derive(doc, "text-006", "发文字号: | 国科发创〔2016〕111号 |", attests=(PKG.docNumber,))
    text = f.sources.text("text-006")
    addressee = "各省、自治区、直辖市及计划单列市科技厅(委、局),新疆生产建设兵团科技局:"
    paras = body_paragraphs(text, addressee, "科 技 部\n2016年4月12日")
    for i, raw in enumerate(paras, 1):
        _provision(f, doc, below(doc, f"para-{i}"), i, "text-006", raw, anchor=addressee,
                   label_zh=f"国科发创〔2016〕111号 第{i}段", label_en=f"Guokefachuang [2016] No. 111, para. {i}")
    return len(paras)


def cited_only(f: Facts) -> None:
    """Documents known only from a citation: title, number and issuer as the citing text gives them."""
    _document(f, GUOFA_18, "国发〔2022〕18号", "Guofa [2022] No. 18", genre="opinion", form=None)
    _title(f, GUOFA_18, "国务院关于支持山东深化新旧动能转换推动绿色低碳高质量发展的意见")
    f.add(GUOFA_18, ELI.passed_by, organ("国务院"))
    f.derive(GUOFA_18, "text-011", "《国务院关于支持山东深化新旧动能转换推动绿色低碳高质量发展的意见》(国发〔2022〕18号)",
             attests=(DCTERMS.title, PKG.docNumber, ELI.passed_by, PKG.genre))

    _document(f, LUZHENGFA_38, "鲁政发〔2017〕38号", "Luzhengfa [2017] No. 38", genre="notice", form="implementation-plan")
    _title(f, LUZHENGFA_38, "山东省人民政府关于印发山东省创新型省份建设实施方案的通知")
    f.add(LUZHENGFA_38, ELI.passed_by, organ("山东省人民政府"))
    f.derive(LUZHENGFA_38, "text-011", "《山东省人民政府关于印发山东省创新型省份建设实施方案的通知》(鲁政发〔2017〕38号)",
             attests=(DCTERMS.title, PKG.docNumber, ELI.passed_by, PKG.genre, PKG.instrumentForm))

    _document(f, ACTION_PLAN, None, "Provincial S&T innovation action plan for the 13 major industries (2025-2027)",
              genre=None, form="action-plan", label_zh=ACTION_PLAN_TITLE)
    _title(f, ACTION_PLAN, ACTION_PLAN_TITLE)
    f.derive(ACTION_PLAN, "seed-000", f"根据{ACTION_PLAN_TITLE}部署的产业发展方向",
             attests=(DCTERMS.title, PKG.instrumentForm))
    f.comment(ACTION_PLAN, "评估报告仅以此名称提及本文件；其文号、制定机关和日期均无来源，故缺省。",
              "The evaluation report names this document only by this title; its number, issuer and dates have "
              "no source and are left out.")


def build(sources: Sources) -> tuple[Facts, int]:
    """The directive registry and the number of provisions it holds."""
    f = Facts(sources)
    provisions = guokefaqu_5(f) + guokefachuang_370(f) + guokefachuang_111(f)
    cited_only(f)
    return f, provisions


__all__ = ["build", "strip_pinyin", "GUOKEFAQU_5", "GUOKEFACHUANG_370", "GUOKEFACHUANG_111", "GUOFA_18",
           "LUZHENGFA_38", "ACTION_PLAN", "ACTION_PLAN_TITLE"]
