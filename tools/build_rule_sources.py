"""Build data/registry/rule-sources.ttl: the provisions that mandate rules but are not in the shipped law texts.

The rule book (shapes/) cites a provision for every rule via dct:source. Articles of the laws in
data/sources/laws/ are cited directly (data/registry/laws/). The provisions below are known only through the
research notes (data/sources/reference/legal-rules.md): their text is not available, so each gets no pkg:text
but a pkg:summary that quotes the notes verbatim, as an excerpt of src:legal-rules, and the evidence status the
notes give it ([A]/[B]/[C]/UNCONFIRMED; a mixed tag such as [B/C] takes the weaker one). Documents get only the
facts the notes state (文号, title, dates), each with its excerpt.

IRIs follow docs/decisions/0002: ``<doc>/art-<N>`` for articles; ``<doc>/art-<N>-item-<M>`` for an item (项) of
an article; ``<doc>/sec-<number>`` for a numbered section of a standard; ``<doc>/item-<N>`` for the N-th of the
continuously numbered parts （一）（二）… of a notice, or the N-th indicator of an indicator system.

Run: ``python tools/build_rule_sources.py`` (writes the file atomically; fails on any quote not in the notes).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from policykg.namespaces import CODE, DOC, ELI, PKG, SRC, bind_prefixes  # noqa: E402
from policykg.provenance import add_excerpt, read_source  # noqa: E402
from policykg.serialize import write_turtle  # noqa: E402

NOTES = ROOT / "data" / "sources" / "reference" / "legal-rules.md"
OUT = ROOT / "data" / "registry" / "rule-sources.ttl"
SOURCE = SRC["legal-rules"]


@dataclass(frozen=True)
class Fact:
    """A property of a document and the quote of the notes that states it."""

    prop: URIRef
    value: Literal
    quote: str


@dataclass(frozen=True)
class Document:
    slug: str
    form: URIRef
    label_zh: str
    label_en: str
    evidence: str
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class Provision:
    doc: str
    local: str
    number: str
    label_zh: str
    label_en: str
    evidence: str
    rule_ids: tuple[str, ...]
    summary: str  # verbatim from the notes
    ordinal: int | None = None
    comment: tuple[str, str] | None = field(default=None)


def _date(text: str) -> Literal:
    return Literal(text, datatype=XSD.date)


DOCUMENTS = (
    Document(
        "山东省人民政府令-238", PKG.LocalGovernmentRule, "山东省行政程序规定", "Shandong Provisions on Administrative Procedure", "B",
        (
            Fact(DCTERMS.title, Literal("山东省行政程序规定", lang="zh"), "《山东省行政程序规定》 (山东省人民政府令第238号, 2011)"),
            Fact(PKG.docNumber, Literal("山东省人民政府令第238号"), "《山东省行政程序规定》 (山东省人民政府令第238号, 2011)"),
        ),
    ),
    Document(
        "山东省人民政府令-353", PKG.LocalGovernmentRule, "山东省行政规范性文件制定和监督管理办法",
        "Shandong Measures on the Formulation and Supervision of Administrative Normative Documents", "B",
        tuple(
            Fact(prop, value, "《山东省行政规范性文件制定和监督管理办法》 (山东省人民政府令第353号, published 2023-12-09, in force 2024-02-01)")
            for prop, value in (
                (DCTERMS.title, Literal("山东省行政规范性文件制定和监督管理办法", lang="zh")),
                (PKG.docNumber, Literal("山东省人民政府令第353号")),
                (ELI.date_publication, _date("2023-12-09")),
                (ELI.first_date_entry_in_force, _date("2024-02-01")),
            )
        ),
    ),
    Document(
        "GB-T-9704-2012", PKG.TechnicalStandard, "GB/T 9704-2012", "GB/T 9704-2012", "B",
        (
            Fact(ELI.date_publication, _date("2012-06-29"), "The standard was issued 2012-06-29 and took effect 2012-07-01."),
            Fact(ELI.first_date_entry_in_force, _date("2012-07-01"), "The standard was issued 2012-06-29 and took effect 2012-07-01."),
        ),
    ),
    Document(
        "中办发-2012-14", PKG.PolicyDocument, "党政机关公文处理工作条例", "Regulations on the Handling of Official Documents of Party and Government Organs", "C",
        (
            Fact(DCTERMS.title, Literal("党政机关公文处理工作条例", lang="zh"), "《党政机关公文处理工作条例》 (中办发〔2012〕14号)"),
            Fact(PKG.docNumber, Literal("中办发〔2012〕14号"), "《党政机关公文处理工作条例》 (中办发〔2012〕14号)"),
            Fact(ELI.first_date_entry_in_force, _date("2012-07-01"),
                 "中办发〔2012〕14号, jointly issued by the CPC General Office and the State Council General Office in April 2012, in force 2012-07-01."),
        ),
    ),
    Document(
        "国办发-2018-37", PKG.PolicyDocument, "国办发〔2018〕37号", "Guobanfa [2018] No. 37", "B",
        (
            Fact(PKG.docNumber, Literal("国办发〔2018〕37号"), "**R-DEF-03: Issue dates of 国办发〔2018〕37号.**"),
            Fact(ELI.date_document, _date("2018-05-16"), "成文日期 is 2018-05-16"),
            Fact(ELI.date_publication, _date("2018-05-31"), "发布日期 is 2018-05-31"),
        ),
    ),
    Document(
        "法治政府建设示范指标体系", PKG.PolicyDocument, "法治政府建设示范指标体系", "Indicator system for model law-based government", "B",
        (Fact(DCTERMS.title, Literal("法治政府建设示范指标体系", lang="zh"), "the 法治政府建设示范指标体系, indicator 24"),),
    ),
    Document(
        "国科创函-2017-3", PKG.PolicyDocument, "国科创函〔2017〕3号", "Guokechuanghan [2017] No. 3", "C",
        (Fact(PKG.docNumber, Literal("国科创函〔2017〕3号"), "**R-IC-02: Evaluating the pilot cities (国科创函〔2017〕3号) [C].**"),),
    ),
    Document(
        "威海市规范性文件标识", PKG.Document, "威海市行政规范性文件标识（登记号）", "Weihai normative-document registration id",
        "UNCONFIRMED",
    ),
    Document(
        "大连市行政规范性文件后评估暂行办法", PKG.Document, "大连市行政规范性文件后评估暂行办法",
        "Dalian Interim Measures for the Post-Evaluation of Administrative Normative Documents", "C",
        (Fact(DCTERMS.title, Literal("大连市行政规范性文件后评估暂行办法", lang="zh"), "《大连市行政规范性文件后评估暂行办法》, 第2条"),),
    ),
)

PROVISIONS = (
    Provision(
        "山东省人民政府令-238", "art-53", "第五十三条", "山东省行政程序规定 第53条", "Shandong Provisions on Administrative Procedure, art. 53",
        "B", ("R-SD-03", "R-SD-04"),
        "A normative document must state its validity period and its effective date.\n"
        "- The validity period is **3 to 5 years**.\n"
        "- For a document marked 暂行 or 试行, it is **1 to 2 years**.\n"
        "- On expiry the document lapses automatically.\n"
        "- Its effective date must be **at least 30 days after publication**. Exceptions: where not applying it at once "
        "would hamper the implementation of higher law, or would harm national security or the public interest.",
        ordinal=53,
    ),
    Provision(
        "山东省人民政府令-353", "art-3", "第三条", "山东省行政规范性文件制定和监督管理办法 第3条",
        "Shandong Measures on Administrative Normative Documents, art. 3", "B", ("R-DEF-01", "R-DEF-02"),
        "A document is a normative document when all four of the following hold:\n\n"
        "1. It is issued by an administrative organ, or by an organisation that a law or regulation authorises to manage public affairs.\n"
        "2. It is made under statutory authority and procedure, and it is published.\n"
        "3. It affects the rights and obligations of citizens, legal persons or other organisations.\n"
        "4. It is generally binding and is applied repeatedly over a period of time.",
        ordinal=3,
    ),
    Provision(
        "山东省人民政府令-353", "art-5", "第五条", "山东省行政规范性文件制定和监督管理办法 第5条",
        "Shandong Measures on Administrative Normative Documents, art. 5", "B", ("R-SD-02",),
        "1. people's governments at every level;\n"
        "2. the working departments of county-level and higher governments;\n"
        "3. the dispatched organs and dispatched agencies of county-level and higher governments;\n"
        "4. organisations authorised by law or regulation.",
        ordinal=5,
    ),
    Provision(
        "GB-T-9704-2012", "sec-7.2.5", "7.2.5", "GB/T 9704-2012 §7.2.5", "GB/T 9704-2012 §7.2.5", "B", ("R-FMT-02",),
        "- The year and serial number use Arabic numerals.\n"
        "- The year is written in full and enclosed in hexagonal brackets 〔〕.\n"
        "- The serial number takes no 第 and no leading zeros (1 is not written 01).\n"
        "- 号 is appended.",
    ),
    Provision(
        "中办发-2012-14", "art-8", "第八条", "党政机关公文处理工作条例 第8条",
        "Regulations on the Handling of Official Documents, art. 8", "C", ("R-FMT-07",),
        "决议, 决定, 命令(令), 公报, 公告, 通告, 意见, 通知, 通报, 报告, 请示, 批复, 议案, 函, 纪要.",
        ordinal=8,
        comment=("研究笔记标注为 [B/C]（第8条开头见于官方页面，完整列表来自二手来源），按较弱者取 C。",
                 "The notes tag this [B/C] (the beginning of art. 8 from an official page, the full list from a secondary source); the weaker tag, C, is kept."),
    ),
    Provision(
        "中办发-2012-14", "art-9-item-5", "第九条（五）", "党政机关公文处理工作条例 第9条（五）",
        "Regulations on the Handling of Official Documents, art. 9(5)", "C", ("R-FMT-01",),
        "A document number consists of the issuing organ's code (发文机关代字), the year and a serial number. Source: 条例, 第9条(五).",
    ),
    Provision(
        "中办发-2012-14", "art-9-item-7", "第九条（七）", "党政机关公文处理工作条例 第9条（七）",
        "Regulations on the Handling of Official Documents, art. 9(7)", "C", ("R-FMT-06",),
        "A title consists of the issuing organ's name, the matter (事由) and the genre (文种). Source: 条例, 第9条(七) [C].",
    ),
    Provision(
        "中办发-2012-14", "art-9-item-12", "第九条（十二）", "党政机关公文处理工作条例 第9条（十二）",
        "Regulations on the Handling of Official Documents, art. 9(12)", "C", ("R-FMT-05",),
        "The 成文日期 is the date of adoption at a meeting, or the date the organ's head signed. For a joint document, "
        "it is the date the **last** signing organ's head signed. Source: 条例, 第9条(十二) [C].",
    ),
    Provision(
        "国办发-2018-37", "item-1", "（一）", "国办发〔2018〕37号（一）严禁越权发文", "Guobanfa [2018] No. 37, part (1)", "B",
        ("R-ND-01",),
        "A normative document must not be issued in the name of a department's internal unit (内设机构).",
        ordinal=1,
    ),
    Provision(
        "国办发-2018-37", "item-2", "（二）", "国办发〔2018〕37号（二）严控发文数量", "Guobanfa [2018] No. 37, part (2)", "B",
        ("R-HIER-04",),
        "37号 (二) speaks of 「法律、法规、规章和上级文件」 [B].",
        ordinal=2,
    ),
    Provision(
        "国办发-2018-37", "item-6", "（六）", "国办发〔2018〕37号（六）严格审核把关", "Guobanfa [2018] No. 37, part (6)", "B",
        ("R-ND-12",),
        "A document that has not had a legality review, or that failed it, must not go to collective deliberation.",
        ordinal=6,
    ),
    Provision(
        "法治政府建设示范指标体系", "item-24", "指标24", "法治政府建设示范指标体系 指标24",
        "Indicator system for model law-based government, indicator 24", "B", ("R-ND-14",),
        "- **General rule:** at least **7 working days**. This applies to normative documents that significantly affect "
        "rights and obligations or that touch people's vital interests.\n"
        "- **Market-related documents:** at least **30 days** for documents closely related to market entities' "
        "production and business.",
        ordinal=24,
    ),
    Provision(
        "国科创函-2017-3", "report-contents", "自总结评估报告内容", "国科创函〔2017〕3号 自总结评估报告内容",
        "Guokechuanghan [2017] No. 3, contents of the self-evaluation report", "C", ("R-IC-02",),
        "Each city wrote a **self-evaluation report** (自总结评估报告) against its plan, the 370号 guideline and the "
        "indicator system. The report covers:\n"
        "  - the overall situation and overall evaluation;\n"
        "  - completion of targets and indicators;\n"
        "  - implementation of key tasks;\n"
        "  - implementation of organisational and support measures;\n"
        "  - experience, problems and suggestions.",
        comment=("研究笔记未给出该要求在文件中的条款编号。", "The notes do not give the part of the letter that sets this requirement."),
    ),
    Provision(
        "威海市规范性文件标识", "pattern", "登记号格式", "威海市规范性文件标识（登记号）的格式",
        "Format of the Weihai normative-document registration id", "UNCONFIRMED", ("R-WH-03",),
        "- Observed values: `WHCR-2015-0010139` (威政发〔2015〕31号) and `WHCR-2020-0010009` (威政发〔2020〕13号).\n"
        "- Pattern: `^WHCR-\\d{4}-\\d{7}$`.",
        comment=("格式系从威海市政府文件库两份文件的“规范性文件标识”栏观察所得（研究笔记 R-WH-03），未找到公布该编号规则的文件"
                 "（2026-12-01 检索公开存档网页15次）；编号各位的含义亦未核实，故证据等级为未核实。",
                 "The format is read off the registration-id field of two documents in the Weihai document library "
                 "(notes R-WH-03); no published rule stating it was found (15 searches of stored public pages, "
                 "2026-12-01), and what the digits mean is unconfirmed, so the evidence is UNCONFIRMED."),
    ),
    Provision(
        "大连市行政规范性文件后评估暂行办法", "art-2", "第二条", "大连市行政规范性文件后评估暂行办法 第2条",
        "Dalian Interim Measures for the Post-Evaluation of Normative Documents, art. 2", "C", ("R-PIE-06",),
        "It defines post-evaluation as evaluating drafting quality, implementation performance and problems after a "
        "period in force, as the basis for keeping, amending or repealing the document.",
        ordinal=2,
    ),
)

NO_TEXT = (
    "条文原文不可得；pkg:summary 为研究笔记（legal-rules.md）的原话转述。",
    "The provision's text is not available; pkg:summary quotes the research notes (legal-rules.md).",
)


def build(text: str) -> Graph:
    """The rule-source graph; PolicyKGError if a quote is not in *text* (the notes)."""
    g = Graph()
    bind_prefixes(g)
    for d in DOCUMENTS:
        node = DOC[d.slug]
        g.add((node, RDF.type, d.form))
        g.add((node, RDFS.label, Literal(d.label_zh, lang="zh")))
        g.add((node, RDFS.label, Literal(d.label_en, lang="en")))
        g.add((node, PKG.evidenceStatus, CODE[f"evidence-{d.evidence}"]))
        for fact in d.facts:
            g.add((node, fact.prop, fact.value))
            g.add((node, PROV.wasDerivedFrom, add_excerpt(g, SOURCE, text, fact.quote, attests=(fact.prop,))))
    for p in PROVISIONS:
        node = URIRef(f"{DOC[p.doc]}/{p.local}")
        g.add((node, RDF.type, PKG.Provision))
        g.add((node, PKG.provisionOf, DOC[p.doc]))
        g.add((node, PKG.number, Literal(p.number)))
        if p.ordinal is not None:
            g.add((node, PKG.ordinal, Literal(p.ordinal)))
        g.add((node, RDFS.label, Literal(p.label_zh, lang="zh")))
        g.add((node, RDFS.label, Literal(p.label_en, lang="en")))
        g.add((node, PKG.summary, Literal(p.summary)))
        g.add((node, PROV.wasDerivedFrom, add_excerpt(g, SOURCE, text, p.summary, attests=(PKG.summary,))))
        g.add((node, PKG.evidenceStatus, CODE[f"evidence-{p.evidence}"]))
        for rule_id in p.rule_ids:
            g.add((node, PKG.ruleId, Literal(rule_id)))
        for zh, en in (NO_TEXT, p.comment) if p.comment else (NO_TEXT,):
            g.add((node, RDFS.comment, Literal(zh, lang="zh")))
            g.add((node, RDFS.comment, Literal(en, lang="en")))
    return g


def main() -> None:
    write_turtle(build(read_source(NOTES)), OUT)


if __name__ == "__main__":
    main()
