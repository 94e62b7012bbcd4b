"""Generate ontology/codelists.ttl from the tables below (run once; the Turtle is the checked-in artefact)."""
from pathlib import Path

SCHEMES = {
    "genre": ("公文文种", "document genre", "党政机关公文处理工作条例 第8条 的15种文种。", "The 15 genres of the 公文 regulation, art. 8.", [
        ("resolution", "决议", "resolution"), ("decision", "决定", "decision"), ("order", "命令（令）", "order"),
        ("communique", "公报", "communiqué"), ("announcement", "公告", "announcement"), ("notice-public", "通告", "public notice"),
        ("opinion", "意见", "opinion"), ("notice", "通知", "notice"), ("bulletin", "通报", "bulletin"),
        ("report", "报告", "report"), ("request", "请示", "request for instructions"), ("reply", "批复", "reply"),
        ("motion", "议案", "motion"), ("letter", "函", "letter"), ("minutes", "纪要", "minutes")]),
    "form": ("文件形式", "instrument form", "正文或所印发附件的形式。", "Form of the text or of the attachment it distributes.", [
        ("implementing-opinion", "实施意见", "implementing opinion"), ("implementation-plan", "实施方案", "implementation plan"),
        ("work-guideline", "工作指引", "work guideline"), ("measures", "办法", "measures"), ("provisions", "规定", "provisions"),
        ("action-plan", "行动计划", "action plan"), ("plan", "规划", "plan"), ("detailed-rules", "细则", "detailed rules"),
        ("regulation", "条例", "regulation"), ("law", "法", "law"), ("evaluation-report", "评估报告", "evaluation report")]),
    "level": ("行政层级", "administrative level", "制定机关的层级。", "Level of the issuing organ.", [
        ("central", "中央", "central"), ("state-council", "国务院", "State Council"),
        ("state-council-department", "国务院部门", "State Council department"), ("provincial", "省", "provincial"),
        ("municipal", "市", "municipal"), ("county", "县", "county"), ("township", "乡", "township")]),
    "status": ("效力状态", "in-force status", "文件的效力状态；与 ELI 的 InForce 表对应。", "Status of a document; matched to ELI's InForce table.", [
        ("not-yet-in-force", "尚未生效", "not yet in force"), ("in-force", "现行有效", "in force"),
        ("expired", "已失效", "expired"), ("repealed", "已废止", "repealed"), ("amended", "已修改", "amended")]),
    "conclusion": ("评估结论", "evaluation conclusion", "实施后评估对文件的处理建议。", "What an evaluation recommends for the document.", [
        ("continue", "继续执行", "continue"), ("amend", "修改", "amend"), ("repeal", "废止", "repeal"),
        ("renew", "延期（重新登记）", "extend (re-register)")]),
    "validity-decision": ("有效期处理", "validity decision", "评估对有效期的处理意见。", "What an evaluation decides on the validity period.", [
        ("none-for-now", "暂不设置有效期", "no validity period for now"), ("set", "设置有效期", "set a validity period"),
        ("extend", "延长有效期", "extend the validity period"), ("keep", "维持有效期", "keep the validity period")]),
    "review-outcome": ("合法性审核结论", "legality-review outcome", "合法性审核意见的结论用语；pkg:outcome 与其中文标签相同时规则据以判断审核是否通过。",
                       "Words of a legality review's conclusion; the rules read pkg:outcome as this outcome when it equals the Chinese label.", [
        ("lawful", "合法", "lawful"), ("lawful-after-changes", "修改后合法", "lawful after changes"), ("unlawful", "不合法", "unlawful")]),
    "dimension": ("评估维度", "evaluation dimension", "实施后评估的维度。", "Dimensions of a post-implementation evaluation.", [
        ("legality", "合法规范性", "legality and conformity"), ("implementation", "政策措施落实情况", "implementation of measures"),
        ("effects", "经济社会效益", "economic and social effects"), ("problems", "存在的问题", "problems")]),
    "comparator": ("比较词", "comparator", "量化成效的比较词。", "Qualifier of a reported figure.", [
        ("over", "超", "over"), ("exceeding", "超过", "exceeding"), ("reached", "达到", "reached"),
        ("broke-through", "突破", "broke through"), ("about", "约", "about"), ("at-least", "以上", "or more"),
        ("more-than-yu", "余", "more than (余)"), ("more-than-duo", "多", "more than (多)"), ("around", "左右", "around"),
        ("exactly", "（确数）", "exactly")]),
    "unit": ("计量单位", "unit", "量化成效与指标的单位。", "Units of results and indicators.", [
        ("enterprise", "家", "enterprises / organisations"), ("item", "项", "items"), ("person", "人", "persons"),
        ("percent", "%", "per cent"), ("ten-thousand-yuan", "万元", "10,000 yuan"), ("count", "个", "count"),
        ("unit-ge", "个（集群等）", "clusters"), ("country-region", "个国家和地区", "countries and regions"),
        ("department", "个部门", "departments"), ("service", "项服务", "services"), ("rank", "名", "rank position")]),
    "evidence": ("证据等级", "evidence status", "legal-rules.md 的证据等级。", "Evidence tags of the legal-rules notes.", [
        ("A", "A：全文已读", "A: official text read in full"), ("B", "B：官方页面摘录", "B: read in an official page excerpt"),
        ("C", "C：二手来源", "C: secondary source"), ("UNCONFIRMED", "未核实", "UNCONFIRMED")]),
    "imposes": ("设定事项", "restricted matter", "规范性文件不得自行设定的事项。", "Matters a normative document may not set on its own.", [
        ("licence", "设定行政许可", "sets an administrative licence"), ("licence-condition", "增设行政许可条件", "adds licence conditions"),
        ("penalty", "设定行政处罚", "sets an administrative penalty"), ("coercive-measure", "设定行政强制措施", "sets an administrative coercive measure"),
        ("restricts-rights", "减损市场主体合法权益", "reduces market entities' rights"), ("adds-obligations", "增加市场主体义务", "adds market entities' obligations"),
        ("entry-exit-condition", "设置市场准入和退出条件", "sets market entry or exit conditions")]),
    "achievement": ("成效类型", "achievement type", "定性成效的类型。", "Kinds of qualitative result.", [
        ("award", "获评/获奖", "award or title"), ("selection", "入选", "selected / listed"), ("launch", "发射/投产", "launch or commissioning"),
        ("approval", "获批", "approval"), ("construction", "开工/建设", "construction started"), ("establishment", "建成/设立", "established"),
        ("breakthrough", "技术突破", "technical breakthrough")]),
    "review": ("审核状态", "review state", "程序从原文提取的事实在人工核实前后的状态。",
               "State of a fact a program read from a source text, before and after a person checks it.", [
        ("extracted", "已提取（待核实）", "extracted, not yet confirmed"), ("confirmed", "已核实", "confirmed by a reviewer"),
        ("rejected", "已否定", "rejected by a reviewer")]),
}


def esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"')


def main() -> None:
    out = ["@prefix code: <https://w3id.org/policykg/code/> .", "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
           "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .", "@prefix owl: <http://www.w3.org/2002/07/owl#> .",
           "# SKOS code lists of policykg. Generated by tools/gen_codelists.py; edit the table there.", ""]
    for scheme, (zh, en, dzh, den, concepts) in SCHEMES.items():
        out.append(f"code:{scheme} a skos:ConceptScheme , owl:NamedIndividual ;")
        out.append(f'    skos:prefLabel "{esc(zh)}"@zh , "{esc(en)}"@en ; rdfs:label "{esc(zh)}"@zh , "{esc(en)}"@en ;')
        out.append(f'    skos:definition "{esc(dzh)}"@zh , "{esc(den)}"@en .')
        out.append("")
        for i, (cid, czh, cen) in enumerate(concepts, 1):
            out.append(f"code:{scheme}-{cid} a skos:Concept , owl:NamedIndividual ; skos:inScheme code:{scheme} ; skos:topConceptOf code:{scheme} ;")
            out.append(f'    skos:notation "{i}" ; skos:prefLabel "{esc(czh)}"@zh , "{esc(cen)}"@en ; rdfs:label "{esc(czh)}"@zh , "{esc(cen)}"@en .')
        out.append("")
    Path(__file__).resolve().parent.parent.joinpath("ontology", "codelists.ttl").write_text("\n".join(out), encoding="utf-8")


if __name__ == "__main__":
    main()
