"""The Weihai case: the two evaluated documents, the evaluation report, the evaluation and its areas.

Writes data/cases/weihai-2023/documents.ttl and evaluation.ttl. What the sources leave open stays open:
威政发〔2023〕5号's text is not shipped, so it has no stated basis (eli:based_on) and its issuer rests only on the
research note's observation about the 威政发 code; 威政字〔2023〕40号 states no publication or effective date and
no validity; the report declares four dimensions but has sections for two, so only two assessments exist.
"""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import DCTERMS

from case_common import EVALUATION, PKG, REPORT, Facts, Sources, below, date, integer, organ, zh
from case_directives import ACTION_PLAN, GUOFA_18, GUOKEFACHUANG_370, GUOKEFAQU_5, LUZHENGFA_38
from policykg.identifiers import doc_iri
from policykg.namespaces import CODE, ELI

OPINION = doc_iri("威政发〔2023〕5号")
PLAN = doc_iri("威政字〔2023〕40号")
EVALUATED = (OPINION, PLAN)
SEED = "seed-000"
# The section of the report where the implementation results are told, and its joint attribution.
SECTION_2_2 = "(二)文件实施情况及效果"
JOINT = "《意见》和《方案》出台以来"

AREAS = [  # (number, heading as written, English label)
    (1, "自主创新能力不断增强", "Area 1: independent innovation capacity keeps growing"),
    (2, "产业集群效应更加凸显", "Area 2: industrial clusters have a stronger effect"),
    (3, "创新平台布局显著优化", "Area 3: innovation platforms markedly better laid out"),
    (4, "科技交流合作持续深化", "Area 4: S&T exchange and cooperation keep deepening"),
    (5, "创新创业人才加速集聚", "Area 5: innovative and entrepreneurial talent gathers faster"),
    (6, "成果转化服务体系不断完善", "Area 6: services for commercialising results keep improving"),
]


def area_iri(n: int):
    return below(REPORT, f"area-{n}")


def area_anchor(n: int) -> str:
    """The heading that opens area *n* in the report (unique in the seed)."""
    return f"{n}.{AREAS[n - 1][1]}。"


def joint_attribution(f: Facts, node, prop) -> None:
    """The report evaluates both documents jointly: 《意见》和《方案》出台以来……"""
    for doc in EVALUATED:
        f.add(node, prop, doc)
    f.derive(node, SEED, JOINT, anchor=SECTION_2_2, attests=(prop,))


def documents(sources: Sources) -> Facts:
    f = Facts(sources)

    f.typed(OPINION, PKG.PolicyDocument, "威政发〔2023〕5号", "Weizhengfa [2023] No. 5")
    f.add(OPINION, DCTERMS.title, zh("关于强化科技创新支撑国家创新型城市建设的实施意见"))
    f.add(OPINION, PKG.shortTitle, zh("《意见》"))
    f.add(OPINION, PKG.docNumber, Literal("威政发〔2023〕5号"))
    f.add(OPINION, PKG.genre, CODE["genre-opinion"])
    f.add(OPINION, PKG.instrumentForm, CODE["form-implementing-opinion"])
    f.derive(OPINION, SEED, "《关于强化科技创新支撑国家创新型城市建设的实施意见》(威政发〔2023〕5号,以下简称《意见》)",
             attests=(DCTERMS.title, PKG.docNumber, PKG.shortTitle, PKG.genre, PKG.instrumentForm))
    f.add(OPINION, ELI.passed_by, organ("威海市人民政府"))
    f.derive(OPINION, "legal-rules", "Weihai uses 威政发 for municipal-government normative documents",
             attests=(ELI.passed_by,))
    f.comment(OPINION, "原文未随数据分发：制定机关仅据研究笔记对“威政发”代字的观察；其依据（eli:based_on）、日期与有效期均无来源，故缺省。",
              "The text is not shipped: the issuer rests only on the research note's observation about the 威政发 "
              "code; its bases (eli:based_on), dates and validity have no source and are left out.")

    f.typed(PLAN, PKG.PolicyDocument, "威政字〔2023〕40号", "Weizhengzi [2023] No. 40")
    f.add(PLAN, DCTERMS.title, zh("威海市人民政府关于印发威海市建设国家创新型城市实施方案的通知"))
    f.add(PLAN, PKG.docNumber, Literal("威政字〔2023〕40号"))
    f.add(PLAN, PKG.genre, CODE["genre-notice"])
    f.add(PLAN, PKG.instrumentForm, CODE["form-implementation-plan"])
    f.derive(PLAN, "text-011", "威海市人民政府关于印发威海市建设国家创新型城市实施方案的通知\n威政字〔2023〕40号",
             attests=(DCTERMS.title, PKG.docNumber, PKG.genre, PKG.instrumentForm))
    f.add(PLAN, PKG.shortTitle, zh("《方案》"))
    f.derive(PLAN, SEED, "《威海市建设国家创新型城市实施方案》(威政字〔2023〕40号,以下简称《方案》)",
             attests=(PKG.shortTitle, PKG.docNumber))
    f.add(PLAN, ELI.passed_by, organ("威海市人民政府"))
    f.add(PLAN, ELI.date_document, date("2023-07-16"))
    f.derive(PLAN, "text-011", "威海市人民政府\n2023年7月16日", attests=(ELI.passed_by, ELI.date_document))
    f.add(PLAN, ELI.based_on, GUOKEFACHUANG_370)
    f.add(PLAN, ELI.based_on, LUZHENGFA_38)
    f.derive(PLAN, "text-011", "根据《科技部国家发展改革委关于印发建设创新型城市工作指引的通知》(国科发创〔2016〕370号)"
                               "及《山东省人民政府关于印发山东省创新型省份建设实施方案的通知》(鲁政发〔2017〕38号)",
             attests=(ELI.based_on,))
    f.add(PLAN, PKG.implementsPolicy, GUOFA_18)
    f.derive(PLAN, "text-011", "落实《国务院关于支持山东深化新旧动能转换推动绿色低碳高质量发展的意见》(国发〔2022〕18号)",
             attests=(PKG.implementsPolicy,))
    f.comment(PLAN, "“(此件公开发布)”是公开属性标注，不是日期；来源未载公开发布日期、施行日期与有效期，故缺省。",
              "“(此件公开发布)” marks the document as public; it is not a date. No source states a publication "
              "date, an effective date or a validity period, so they are left out.")

    f.typed(REPORT, PKG.EvaluationReport,
            "威海市科学技术局关于《关于强化科技创新支撑国家创新型城市建设的实施意见》等2个文件实施后评估情况的报告",
            "Weihai S&T Bureau report on the post-implementation evaluation of the Opinion and the Plan (2025)")
    title = "威海市科学技术局关于《关于强化科技创新支撑国家创新型城市建设的实施意见》等2个文件实施后评估情况的报告"
    f.add(REPORT, DCTERMS.title, zh(title))
    f.add(REPORT, PKG.genre, CODE["genre-report"])
    f.add(REPORT, PKG.instrumentForm, CODE["form-evaluation-report"])
    f.derive(REPORT, SEED, title, attests=(DCTERMS.title, PKG.genre, PKG.instrumentForm))
    f.add(REPORT, PKG.indexNumber, Literal("11371000004359096D/2025-03372"))
    f.derive(REPORT, SEED, "索引号: 11371000004359096D/2025-03372", attests=(PKG.indexNumber,))
    f.add(REPORT, ELI.passed_by, organ("威海市科学技术局"))
    f.derive(REPORT, SEED, "发布单位: 威海市科学技术局", attests=(ELI.passed_by,))
    f.add(REPORT, ELI.date_document, date("2025-12-05"))
    f.derive(REPORT, SEED, "成文日期: 2025-12-05", attests=(ELI.date_document,))
    for cited in (GUOKEFAQU_5, GUOKEFACHUANG_370):
        f.add(REPORT, ELI.cites, cited)
    f.add(REPORT, ELI.cites, ACTION_PLAN)
    f.comment(REPORT, "网页“文号”栏为空，故无 pkg:docNumber。",
              "The page's 文号 field is empty, so there is no pkg:docNumber.")
    return f


def evaluation(sources: Sources) -> Facts:
    f = Facts(sources)
    ev = EVALUATION
    f.typed(ev, PKG.Evaluation, "《意见》《方案》实施后评估", "Post-implementation evaluation of the Opinion and the Plan")
    for doc in EVALUATED:
        f.add(ev, PKG.evaluates, doc)
    f.add(ev, PKG.evaluator, organ("威海市科学技术局"))
    f.derive(ev, SEED, "市科技局牵头对《关于强化科技创新支撑国家创新型城市建设的实施意见》(威政发〔2023〕5号,以下简称《意见》)、"
                       "《威海市建设国家创新型城市实施方案》(威政字〔2023〕40号,以下简称《方案》)2个文件实施后情况开展了评估",
             attests=(PKG.evaluates, PKG.evaluator))
    f.derive(ev, SEED, "市科技局对《意见》和《方案》合并开展了评估工作", attests=(PKG.evaluates, PKG.evaluator))
    f.add(ev, PKG.evaluationReport, REPORT)
    f.add(ev, PKG.evaluationDate, date("2025-12-05"))
    f.derive(ev, SEED, "成文日期: 2025-12-05", attests=(PKG.evaluationDate,))
    for dim in ("legality", "implementation", "effects", "problems"):
        f.add(ev, PKG.declaresDimension, CODE[f"dimension-{dim}"])
    f.derive(ev, SEED, "围绕政策实施的合法规范性、政策措施落实情况、取得的经济社会效益、存在的问题等方面进行了全面评估",
             attests=(PKG.declaresDimension,))
    for doc in (GUOKEFAQU_5, GUOKEFACHUANG_370):
        f.add(ev, PKG.assessedConformityWith, doc)
    f.derive(ev, SEED, "符合《科技部关于支持新一批城市开展创新型城市建设的通知》(国科发区〔2022〕5号)、"
                       "《科技部 国家发展改革委关于印发建设创新型城市工作指引的通知》(国科发创〔2016〕370号)等文件规定",
             attests=(PKG.assessedConformityWith,))
    f.add(ev, PKG.conclusion, CODE["conclusion-continue"])
    f.add(ev, PKG.validityDecision, CODE["validity-decision-none-for-now"])
    f.derive(ev, SEED, "因此建议以上两个文件继续执行,暂不设置有效期", attests=(PKG.conclusion, PKG.validityDecision))
    rationale = "鉴于科技部尚未对国家创新型城市建设进行验收,同时科技创新工作是一项复杂的系统性工程,需要持续推进"
    f.add(ev, PKG.rationale, zh(rationale))
    f.derive(ev, SEED, rationale, attests=(PKG.rationale,))
    f.comment(ev, "报告在第一部分声明四个评估维度，但只有“二(一)”（合法性和规范性）与“二(二)”（实施情况及效果）两节，"
                  "没有“存在的问题”一节；故只有两个维度评估节点。",
              "Section 一 declares four dimensions, but the report has sections only for 二(一) (legality) and "
              "二(二) (implementation and effects); there is no problems section, so there are two assessments.")

    legality = below(REPORT, "assessment-legality")
    f.add(ev, PKG.hasAssessment, legality)
    f.typed(legality, PKG.DimensionAssessment, "二(一)文件的合法性和规范性", "Section 2(1): legality and conformity")
    f.add(legality, PKG.dimension, CODE["dimension-legality"])
    f.add(legality, PKG.section, Literal("二(一)"))
    f.add(legality, PKG.heading, zh("文件的合法性和规范性"))
    finding = ("经评估,《意见》和《方案》不存在与法律、法规、规章以及上级政策文件规定相抵触的情况,符合《科技部关于支持新一批城市开展"
               "创新型城市建设的通知》(国科发区〔2022〕5号)、《科技部 国家发展改革委关于印发建设创新型城市工作指引的通知》"
               "(国科发创〔2016〕370号)等文件规定,契合国家、省、市关于科技创新工作的部署要求,文件规范合法。")
    f.add(legality, PKG.finding, zh(finding))
    f.derive(legality, SEED, "(一)文件的合法性和规范性", attests=(PKG.dimension, PKG.heading))
    f.derive(legality, SEED, finding, attests=(PKG.finding,))

    implementation = below(REPORT, "assessment-implementation")
    f.add(ev, PKG.hasAssessment, implementation)
    f.typed(implementation, PKG.DimensionAssessment, "二(二)文件实施情况及效果",
            "Section 2(2): implementation and effects")
    f.add(implementation, PKG.dimension, CODE["dimension-implementation"])
    f.add(implementation, PKG.dimension, CODE["dimension-effects"])
    f.add(implementation, PKG.section, Literal("二(二)"))
    f.add(implementation, PKG.heading, zh("文件实施情况及效果"))
    finding = "创新驱动发展战略深入实施,创新主体创新活力充分激发,科技创新综合实力显著增强"
    f.add(implementation, PKG.finding, zh(finding))
    f.derive(implementation, SEED, SECTION_2_2, attests=(PKG.dimension, PKG.heading))
    f.derive(implementation, SEED, finding, attests=(PKG.finding,))

    for n, heading, en in AREAS:
        node = area_iri(n)
        f.typed(node, PKG.ImplementationArea, f"{n}.{heading}", en)
        f.add(node, PKG.number, Literal(f"{n}."))
        f.add(node, PKG.ordinal, integer(n))
        f.add(node, PKG.heading, zh(heading))
        f.add(node, PKG.section, Literal(f"二(二){n}."))
        f.add(node, PKG.areaOf, ev)
        f.derive(node, SEED, area_anchor(n), attests=(PKG.heading,))
        joint_attribution(f, node, PKG.areaConcerns)
    return f


__all__ = ["documents", "evaluation", "OPINION", "PLAN", "EVALUATED", "AREAS", "area_iri", "area_anchor",
           "joint_attribution", "SEED", "SECTION_2_2", "JOINT"]
