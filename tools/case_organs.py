"""Issuing organs the data names (data/registry/organs.ttl).

Each organ has its class, administrative level and an excerpt where a shipped source names it. The leadership
line (pkg:supervisedBy) is recorded only where public law states it — 地方组织法 第69条 (local governments answer
to the next higher administrative organ and obey the State Council) and 第73条(二) (a government leads its own
departments and the lower governments) — with dct:source on the article node and the article's words as excerpt.
No shipped source states whom the State Council ministries answer to, so they have no pkg:supervisedBy.
"""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import DCTERMS, SKOS

from case_common import DOC, PKG, Facts, Sources, below, organ
from policykg.namespaces import CODE

ORGANIC_LAW = DOC["地方各级人民代表大会和地方各级人民政府组织法-2022-03-11"]
ORGANIC_LAW_SRC = "law-地方各级人民代表大会和地方各级人民政府组织法-2022-03-11"
LIFA_SRC = "law-立法法-2023-03-13"
ART_69 = below(ORGANIC_LAW, "art-69")
ART_73 = below(ORGANIC_LAW, "art-73")
# The words of the two articles that state the leadership line.
ART_69_NEXT_LEVEL = "地方各级人民政府对本级人民代表大会和上一级国家行政机关负责并报告工作"
ART_69_STATE_COUNCIL = "全国地方各级人民政府都是国务院统一领导下的国家行政机关，都服从国务院"
ART_73_LEADS = "（二）领导所属各工作部门和下级人民政府的工作"

# name: (class, level, English label, jurisdiction, [(source stem, quote naming it, anchor)], short name).
# Short names are kept only where they are unambiguous nationwide (科技部), not for 市政府/市科技局.
ORGANS: dict[str, tuple] = {
    "全国人民代表大会": (PKG.Legislature, "central", "National People's Congress", None,
                  [(LIFA_SRC, "全国人民代表大会和全国人民代表大会常务委员会根据宪法规定行使国家立法权", None)], None),
    "全国人民代表大会常务委员会": (PKG.Legislature, "central", "Standing Committee of the National People's Congress", None,
                       [(LIFA_SRC, "全国人民代表大会和全国人民代表大会常务委员会根据宪法规定行使国家立法权", None)], None),
    "国务院": (PKG.Government, "state-council", "State Council", None,
            [(LIFA_SRC, "国务院根据宪法和法律，制定行政法规。", None),
             ("text-011", "《国务院关于支持山东深化新旧动能转换推动绿色低碳高质量发展的意见》", None)], None),
    "科学技术部": (PKG.Department, "state-council-department", "Ministry of Science and Technology", None,
              [("text-006", "发文机构: | 科技部 |", None),
               ("legal-rules", "It was issued jointly by the Ministry of Science and Technology (MOST) and the National "
                               "Development and Reform Commission (NDRC).", None)], "科技部"),
    "国家发展和改革委员会": (PKG.Department, "state-council-department", "National Development and Reform Commission", None,
                   [("text-007", "科技部\n国家发展改革委\n2016年12月1日", None),
                    ("legal-rules", "It was issued jointly by the Ministry of Science and Technology (MOST) and the "
                                    "National Development and Reform Commission (NDRC).", None)], "国家发展改革委"),
    "山东省人民代表大会常务委员会": (PKG.Legislature, "provincial", "Standing Committee of the Shandong Provincial People's Congress",
                        "山东省", [("law-山东省优化营商环境条例-2020-09-25", "山东省第十三届人民代表大会常务委员会第二十三次会议通过", None)],
                        None),
    "山东省人民政府": (PKG.Government, "provincial", "Shandong Provincial People's Government", "山东省",
                [("text-011", "《山东省人民政府关于印发山东省创新型省份建设实施方案的通知》(鲁政发〔2017〕38号)", None)], None),
    "威海市人民代表大会常务委员会": (PKG.Legislature, "municipal", "Standing Committee of the Weihai Municipal People's Congress",
                        "威海市", [("law-威海市精致城市建设条例-2020-09-28", "威海市第十七届人民代表大会常务委员会第二十七次会议通过", None)],
                        None),
    "威海市人民政府": (PKG.Government, "municipal", "Weihai Municipal People's Government", "威海市",
                [("text-011", "威海市人民政府\n2023年7月16日", None)], None),
    "威海市科学技术局": (PKG.Department, "municipal", "Weihai Municipal Science and Technology Bureau", "威海市",
                 [("seed-000", "发布单位: 威海市科学技术局", None),
                  ("seed-000", "市科技局牵头", None)], None),
}

# (organ, supervisor, [(law article, quote of the article)], [(stem, quote)] placing the organ under that supervisor)
SUPERVISION = [
    ("威海市科学技术局", "威海市人民政府", [(ART_73, ART_73_LEADS)],
     [("seed-000", "按照市政府政策性文件评估的部署要求,市科技局牵头")]),
    ("威海市人民政府", "山东省人民政府", [(ART_69, ART_69_NEXT_LEVEL), (ART_73, ART_73_LEADS)],
     [("text-011", "认真落实省委、省政府关于加快建设高水平创新型省份的部署要求")]),
    ("山东省人民政府", "国务院", [(ART_69, ART_69_STATE_COUNCIL)], []),
]

# Document-number codes a source ties to an organ (an observation, not a constraint: legal-rules.md says so).
DOC_NUMBER_CODES = {
    "威海市人民政府": [("威政发", "Weihai uses 威政发 for municipal-government normative documents"),
                ("威政字", "It uses 威政字 for a 方案 distribution notice")],
}


def build(sources: Sources) -> Facts:
    f = Facts(sources)
    for name, (cls, level, en, jurisdiction, namings, short) in sorted(ORGANS.items()):
        node = organ(name)
        f.typed(node, cls, name, en)
        f.add(node, PKG.adminLevel, CODE[f"level-{level}"])
        if jurisdiction:
            f.add(node, PKG.jurisdiction, Literal(jurisdiction, lang="zh"))
        if short:
            f.add(node, SKOS.altLabel, Literal(short, lang="zh"))
        for stem, quote, anchor in namings:
            f.derive(node, stem, quote, anchor=anchor)
    for name, supervisor, articles, placings in SUPERVISION:
        node = organ(name)
        f.add(node, PKG.supervisedBy, organ(supervisor))
        for article, quote in articles:
            f.add(node, DCTERMS.source, article)
            f.derive(node, ORGANIC_LAW_SRC, quote, attests=(PKG.supervisedBy,))
        for stem, quote in placings:
            f.derive(node, stem, quote, attests=(PKG.supervisedBy,))
    for name, codes in DOC_NUMBER_CODES.items():
        for code, quote in codes:
            f.add(organ(name), PKG.docNumberCode, Literal(code))
            f.derive(organ(name), "legal-rules", quote, attests=(PKG.docNumberCode,))
    return f


__all__ = ["build", "ORGANS", "ART_69", "ART_73"]
