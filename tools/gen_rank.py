"""Generate ontology/rank.ttl: the rank tiers and the sourced relations between them.

The order is partial: relations are listed with the article that establishes them; pairs with no listed
relation are incomparable and a basis between them is a finding for human review (legal-rules §5).
"""
from pathlib import Path

L = "https://w3id.org/policykg/doc/"
LIFA = L + "立法法-2023-03-13/"
ZUZHI = L + "地方各级人民代表大会和地方各级人民政府组织法-2022-03-11/"
FUYI = L + "行政复议法-2023-09-01/"

# tier id: (zh, en, legal form class, organ level concept or None, organ class or None)
TIERS = {
    "statute": ("法律", "statutes", "Statute", None, None),
    "admin-regulation": ("行政法规", "administrative regulations", "AdministrativeRegulation", None, None),
    "provincial-local-regulation": ("省级地方性法规", "provincial local regulations", "LocalRegulation", "provincial", None),
    "municipal-local-regulation": ("设区的市地方性法规", "municipal local regulations", "LocalRegulation", "municipal", None),
    "departmental-rule": ("部门规章", "departmental rules", "DepartmentalRule", None, None),
    "provincial-government-rule": ("省级政府规章", "provincial government rules", "LocalGovernmentRule", "provincial", None),
    "municipal-government-rule": ("设区的市政府规章", "municipal government rules", "LocalGovernmentRule", "municipal", None),
    "state-council-document": ("国务院政策文件", "State Council policy documents", "PolicyDocument", "state-council", "Government"),
    "state-council-department-document": ("国务院部门规范性文件", "State Council department documents", "PolicyDocument", "state-council-department", "Department"),
    "provincial-government-document": ("省人民政府规范性文件", "provincial government documents", "PolicyDocument", "provincial", "Government"),
    "provincial-department-document": ("省政府部门规范性文件", "provincial department documents", "PolicyDocument", "provincial", "Department"),
    "municipal-government-document": ("市人民政府规范性文件", "municipal government documents", "PolicyDocument", "municipal", "Government"),
    "municipal-department-document": ("市政府部门规范性文件", "municipal department documents", "PolicyDocument", "municipal", "Department"),
    "county-government-document": ("县级人民政府规范性文件", "county government documents", "PolicyDocument", "county", "Government"),
    "county-department-document": ("县级政府部门规范性文件", "county department documents", "PolicyDocument", "county", "Department"),
}

# (higher, lower, source provision IRI, evidence)
ABOVE = [
    ("statute", "admin-regulation", LIFA + "art-99", "A"),
    ("statute", "provincial-local-regulation", LIFA + "art-99", "A"),
    ("statute", "municipal-local-regulation", LIFA + "art-99", "A"),
    ("statute", "departmental-rule", LIFA + "art-99", "A"),
    ("admin-regulation", "provincial-local-regulation", LIFA + "art-99", "A"),
    ("admin-regulation", "municipal-local-regulation", LIFA + "art-99", "A"),
    ("admin-regulation", "departmental-rule", LIFA + "art-99", "A"),
    ("admin-regulation", "provincial-government-rule", LIFA + "art-99", "A"),
    ("admin-regulation", "municipal-government-rule", LIFA + "art-99", "A"),
    ("provincial-local-regulation", "provincial-government-rule", LIFA + "art-100", "A"),
    ("provincial-local-regulation", "municipal-government-rule", LIFA + "art-100", "A"),
    ("municipal-local-regulation", "municipal-government-rule", LIFA + "art-100", "A"),
    ("provincial-government-rule", "municipal-government-rule", LIFA + "art-100", "A"),
    # Normative documents rank below rules (R-HIER-02): 行政复议法 第13条 subjects them, not rules, to review.
    ("departmental-rule", "state-council-department-document", FUYI + "art-13", "A"),
    ("provincial-government-rule", "provincial-government-document", FUYI + "art-13", "A"),
    ("municipal-government-rule", "municipal-government-document", FUYI + "art-13", "A"),
    ("admin-regulation", "state-council-document", FUYI + "art-13", "UNCONFIRMED"),
    # Local governments obey the State Council (地方组织法 第69条第2款).
    ("state-council-document", "provincial-government-document", ZUZHI + "art-69", "A"),
    # A government leads its departments and lower governments (地方组织法 第73条(二)(三)).
    ("provincial-government-document", "provincial-department-document", ZUZHI + "art-73", "A"),
    ("provincial-government-document", "municipal-government-document", ZUZHI + "art-73", "A"),
    ("municipal-government-document", "municipal-department-document", ZUZHI + "art-73", "A"),
    ("municipal-government-document", "county-government-document", ZUZHI + "art-73", "A"),
    ("county-government-document", "county-department-document", ZUZHI + "art-73", "A"),
    # Not settled by any stored source (R-HIER-03): kept as unconfirmed, outside pkg:ranksAbove.
    ("state-council-document", "state-council-department-document", None, "UNCONFIRMED"),
    ("state-council-department-document", "provincial-department-document", None, "UNCONFIRMED"),
    ("provincial-department-document", "municipal-department-document", None, "UNCONFIRMED"),
]
EQUAL = [
    ("departmental-rule", "provincial-government-rule", LIFA + "art-102", "A"),
    ("departmental-rule", "municipal-government-rule", LIFA + "art-102", "A"),
]


def main() -> None:
    out = [
        "@prefix pkg: <https://w3id.org/policykg/ns#> .",
        "@prefix code: <https://w3id.org/policykg/code/> .",
        "@prefix rank: <https://w3id.org/policykg/rank/> .",
        "@prefix dct: <http://purl.org/dc/terms/> .",
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "",
        "# Rank of legal effect as a partial order (legal-rules §5). Generated by tools/gen_rank.py.",
        "# Tiers are matched to documents by legal form, organ level and organ class (ontology/rules/effect-rank.rq).",
        "",
    ]
    for tid, (zh, en, form, level, oclass) in TIERS.items():
        parts = [f"rank:{tid} a pkg:RankTier , owl:NamedIndividual", f'rdfs:label "{zh}"@zh , "{en}"@en', f"pkg:tierForm pkg:{form}"]
        if level:
            parts.append(f"pkg:tierLevel code:level-{level}")
        if oclass:
            parts.append(f"pkg:tierOrganClass pkg:{oclass}")
        out.append(" ;\n    ".join(parts) + " .")
    out.append("")
    for hi, lo, src, ev in ABOVE:
        parts = [f"rank:{hi}--above--{lo} a pkg:RankRelation , owl:NamedIndividual",
                 f'rdfs:label "{TIERS[hi][0]} 高于 {TIERS[lo][0]}"@zh , "{TIERS[hi][1]} rank above {TIERS[lo][1]}"@en',
                 f"pkg:higherTier rank:{hi}", f"pkg:lowerTier rank:{lo}", f"pkg:evidenceStatus code:evidence-{ev}"]
        if src:
            parts.append(f"dct:source <{src}>")
        out.append(" ;\n    ".join(parts) + " .")
    for a, b, src, ev in EQUAL:
        parts = [f"rank:{a}--equal--{b} a pkg:RankRelation , owl:NamedIndividual",
                 f'rdfs:label "{TIERS[a][0]} 与 {TIERS[b][0]} 效力等同"@zh , "{TIERS[a][1]} rank equal to {TIERS[b][1]}"@en',
                 f"pkg:equalTier rank:{a} , rank:{b}", f"pkg:evidenceStatus code:evidence-{ev}", f"dct:source <{src}>"]
        out.append(" ;\n    ".join(parts) + " .")
    Path(__file__).resolve().parent.parent.joinpath("ontology", "rank.ttl").write_text("\n".join(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
