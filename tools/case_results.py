"""Measures, results and indicators the Weihai evaluation report states.

Writes data/cases/weihai-2023/measures.ttl, results.ttl and indicators.ttl. The tables below are read off the
report (data/sources/seed/000_…txt) in order of appearance; IRIs number them in that order.

Rules the tables follow:
- a measure is something the report says was carried out (or, in section 四, is planned); it belongs to both
  evaluated documents because the report treats them jointly (《意见》和《方案》出台以来). No source names a
  provision of 国科发创〔2016〕370号 that a measure implements, so no implemented measure has pkg:implements;
  only planned measure (一) links to a document, the 13-industry action plan (根据…部署).
- a result is a figure, rank or achievement the report states; pkg:achievedThrough is given only where the same
  sentence states the measure and the result is what that measure works on (梯次培育工程 → 高新技术企业数;
  技术转移人才培训 → 技术经理人, but not → 技术转移服务机构). Where a sentence only lists parallel achievements
  (area 3: 核电国家科技重大专项高效实施, 科研基地开工建设, 国和一号…并网发电 …) no link is drawn.
- pkg:period only where the text names the year (the 2024年 that opens the 二(二) summary sentence governs the
  four results of that sentence); the four summary results belong to no area.
- comparators and units are the code-list concepts matching the words: 超→over, 超过→exceeding, 达到/达→reached,
  余→more-than-yu, 多→more-than-duo, no qualifier→exactly; 家→enterprise, 项→item, 人/名 (persons)→person.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from case_common import EVALUATION, PKG, REPORT, Facts, Sources, below, decimal, integer, year, zh
from case_directives import ACTION_PLAN, ACTION_PLAN_TITLE
from case_weihai import SECTION_2_2, SEED, area_anchor, area_iri, joint_attribution
from policykg.namespaces import CODE, DOC
from policykg.provenance import locate

PLANNED_SECTION = "四、下步工作打算"


@dataclass(frozen=True)
class Measure:
    key: str            # short handle used by the result table
    area: int
    label_zh: str
    label_en: str
    quote: str          # verbatim, found after the area heading


MEASURES = [
    Measure("tiered-cultivation", 1, "大力实施科技型企业梯次培育工程", "Tiered cultivation programme for S&T enterprises",
            "大力实施科技型企业梯次培育工程"),
    Measure("joint-research-mechanism", 1, "健全“企业出题、政府选题、高校解题、市场化应用”的协同攻关机制",
            "Joint research mechanism: enterprises pose problems, government selects, universities solve, market applies",
            "健全“企业出题、政府选题、高校解题、市场化应用”的协同攻关机制"),
    Measure("open-competition", 1, "探索“揭榜制”等新型科研攻关组织形式",
            "New ways of organising research such as open competition for mandates (揭榜制)",
            "探索“揭榜制”等新型科研攻关组织形式"),
    Measure("industry-upgrading", 2, "持续推动传统产业转型升级、新兴产业发展壮大、未来产业前瞻布局",
            "Upgrading traditional industries, growing emerging ones, positioning future ones",
            "持续推动传统产业转型升级、新兴产业发展壮大、未来产业前瞻布局"),
    Measure("key-clusters", 2, "培育打造了一批重点产业集群", "Cultivated a batch of key industrial clusters",
            "按照主导产业突出、竞争优势显著、专业化集聚度高的原则,培育打造了一批重点产业集群"),
    Measure("nuclear-major-project", 3, "核电国家科技重大专项高效实施",
            "National major S&T project on nuclear power carried out efficiently", "核电国家科技重大专项高效实施"),
    Measure("nuclear-future", 3, "“核动未来”科技示范工程深入推进",
            "'Nuclear-powered future' S&T demonstration project advanced", "“核动未来”科技示范工程深入推进"),
    Measure("iur-integration", 4, "加强产学研融合", "Closer industry-university-research integration", "加强产学研融合"),
    Measure("needs-and-results-lists", 4, "常态化挖掘梳理“企业技术需求清单”、“高校科技成果清单”",
            "Regular lists of enterprises' technology needs and of universities' S&T results",
            "常态化挖掘梳理“企业技术需求清单”、“高校科技成果清单”"),
    Measure("guide-cooperation", 4, "引导企业与高校、科研机构密切合作",
            "Guiding enterprises to cooperate closely with universities and research institutes",
            "引导企业与高校、科研机构密切合作"),
    Measure("matchmaking-events", 4, "组织举办科技合作名校直通车、院士专家行等对接活动",
            "Matchmaking events such as the 'direct train to leading universities' and academician and expert tours",
            "组织举办科技合作名校直通车、院士专家行等对接活动"),
    Measure("talent-platforms", 4, "搭建国际人才交流对接平台", "International talent exchange and matchmaking platforms",
            "搭建国际人才交流对接平台"),
    Measure("conferences", 4, "持续提升中日科技创新合作大会、中韩创新大赛、中欧膜产业技术创新合作大会等影响力",
            "Raising the profile of the China-Japan S&T cooperation conference, the China-Korea innovation contest "
            "and the China-EU membrane industry conference",
            "持续提升中日科技创新合作大会、中韩创新大赛、中欧膜产业技术创新合作大会等影响力"),
    Measure("cjk-centre", 4, "积极参与国家战略——中日韩创新合作中心建设",
            "Taking part in building the China-Japan-Korea innovation cooperation centre (a national strategy)",
            "积极参与国家战略——中日韩创新合作中心建设"),
    Measure("foreign-talent-services", 5, "分层分类为来威海创新创业的高层次外国人才提供服务",
            "Tiered services for high-level foreign talent coming to Weihai, provided jointly by many departments",
            "联合29个部门,分层分类为来威海创新创业的高层次外国人才提供出入境、工作许可和居留、产业对接等24项服务"),
    Measure("vice-president-model", 5, "积极探索科技副总、协同创新工程师、科技专员选聘模式",
            "Selection model for S&T vice-presidents, collaborative innovation engineers and S&T commissioners",
            "积极探索科技副总、协同创新工程师、科技专员选聘模式"),
    Measure("talent-to-enterprises", 5, "从高校科研院所选聘科技人才到企业",
            "Placing S&T talent from universities and institutes in enterprises (government platform, enterprise "
            "choice, two-way matching)",
            "通过“政府搭台、企业选聘、双向匹配”机制,从高校科研院所选聘科技人才到企业"),
    Measure("pilot-management", 6, "加强科技成果转化中试示范跟踪管理",
            "Closer follow-up of pilot-scale demonstration for commercialising results", "加强科技成果转化中试示范跟踪管理"),
    Measure("transfer-training", 6, "依托省级技术转移人才培养基地加强技术转移人才培训",
            "Technology-transfer training at the provincial technology-transfer talent base",
            "依托省级技术转移人才培养基地加强技术转移人才培训"),
]

PLANNED = [  # (number as written, heading, English label)
    ("(一)", "加大关键核心技术攻关力度", "Step up research on key core technologies"),
    ("(二)", "持续强化企业主体地位", "Keep strengthening enterprises as the main innovators"),
    ("(三)", "增强源头创新供给能力", "Strengthen the supply of original innovation"),
    ("(四)", "优化人才引育用留发展", "Better attraction, training, use and retention of talent"),
    ("(五)", "加快科技成果转移转化", "Speed up the transfer and commercialisation of S&T results"),
]


@dataclass(frozen=True)
class Indicator:
    slug: str
    label_zh: str
    label_en: str
    unit: str


@dataclass(frozen=True)
class Result:
    area: int | None     # None: the 二(二) summary sentence, which belongs to no area
    label_zh: str
    label_en: str
    quote: str           # the figure in context, verbatim, first occurrence after the area heading
    value: int | None = None
    unit: str | None = None
    comparator: str | None = None
    indicator: Indicator | None = None
    achievement: tuple[str, ...] = ()
    period: str | None = None
    change: int | None = None
    baseline: str | None = None
    rank: int | None = None
    rank_scope: str | None = None
    cumulative: bool = False
    subject: str | None = None
    through: tuple[str, ...] = ()
    comment: tuple[str, str] | None = None
    extra_quotes: tuple[tuple[str, tuple[URIRef, ...]], ...] = field(default=())

    @property
    def quantitative(self) -> bool:
        return self.value is not None


def ind(slug: str, en: str, unit: str, label_zh: str | None = None) -> Indicator:
    return Indicator(slug, label_zh or slug, en, unit)


YEAR_2024 = (("科技创新综合实力显著增强,2024年,", (PKG.period,)),)

RESULTS = [
    # 二(二) summary sentence (no area)
    Result(None, "全市高新技术产业产值占规模以上工业总产值比重超73%稳居全省第一",
           "High-tech industry share of output above designated size over 73%, first in the province (2024)",
           "2024年,全市高新技术产业产值占规模以上工业总产值比重超73%稳居全省第一",
           value=73, unit="percent", comparator="over", period="2024", rank=1, rank_scope="全省", subject="全市",
           indicator=ind("高新技术产业产值占规模以上工业总产值比重",
                         "share of high-tech industry in the output of industry above designated size", "percent")),
    Result(None, "每万家企业法人主体中高新技术企业数量全省第2",
           "High-tech enterprises per 10,000 legal-person enterprises: 2nd in the province (2024)",
           "每万家企业法人主体中高新技术企业数量全省第2",
           value=2, unit="rank", comparator="exactly", period="2024", rank=2, rank_scope="全省",
           indicator=ind("每万家企业法人主体中高新技术企业数量全省排名",
                         "provincial rank in high-tech enterprises per 10,000 legal-person enterprises", "rank"),
           extra_quotes=YEAR_2024),
    Result(None, "每万家企业法人主体中科技型中小企业数量全省第1",
           "S&T-based SMEs per 10,000 legal-person enterprises: 1st in the province (2024)",
           "每万家企业法人主体中科技型中小企业数量全省第1",
           value=1, unit="rank", comparator="exactly", period="2024", rank=1, rank_scope="全省",
           indicator=ind("每万家企业法人主体中科技型中小企业数量全省排名",
                         "provincial rank in S&T-based SMEs per 10,000 legal-person enterprises", "rank"),
           extra_quotes=YEAR_2024),
    Result(None, "文登区获评山东省科技创新强县", "Wendeng District named a Shandong S&T innovation county (2024)",
           "文登区获评山东省科技创新强县", achievement=("award",), period="2024", subject="文登区",
           extra_quotes=YEAR_2024),
    # 1. 自主创新能力不断增强
    Result(1, "国家高新技术企业超1700家,较“十三五”末增加986家",
           "National high-tech enterprises: over 1,700, up 986 on the end of the 13th Five-Year Plan",
           "国家高新技术企业超1700家,较“十三五”末增加986家",
           value=1700, unit="enterprise", comparator="over", change=986, baseline="“十三五”末",
           indicator=ind("国家高新技术企业数量", "number of national high-tech enterprises", "enterprise"),
           through=("tiered-cultivation",)),
    Result(1, "国家科技型中小企业入库企业2024年达到2980家,较“十三五”末增加1844家",
           "Registered national S&T-based SMEs reached 2,980 in 2024, up 1,844 on the end of the 13th Five-Year Plan",
           "国家科技型中小企业入库企业2024年达到2980家,较“十三五”末增加1844家",
           value=2980, unit="enterprise", comparator="reached", period="2024", change=1844, baseline="“十三五”末",
           indicator=ind("国家科技型中小企业入库企业数量", "number of registered national S&T-based SMEs", "enterprise"),
           through=("tiered-cultivation",)),
    Result(1, "累计实施“揭榜挂帅”项目26项", "Open-competition (揭榜挂帅) projects carried out: 26 in total",
           "累计实施“揭榜挂帅”项目26项", value=26, unit="item", comparator="exactly", cumulative=True,
           indicator=ind("揭榜挂帅项目数量", "number of open-competition (揭榜挂帅) projects", "item",
                         "“揭榜挂帅”项目数量"),
           through=("open-competition",)),
    Result(1, "通遥一体化卫星星座“威海壹号”成功发射",
           "'Weihai-1', China's first integrated communication and remote-sensing constellation for maritime "
           "target detection, launched",
           "国内首个面向海洋目标探测识别的通遥一体化卫星星座“威海壹号”成功发射", achievement=("launch",)),
    Result(1, "星地星间激光通信技术达到国际先进水平",
           "Satellite-ground and inter-satellite laser communication at an internationally advanced level",
           "星地星间激光通信技术达到国际先进水平", achievement=("breakthrough",)),
    Result(1, "威高“妙手”腔镜手术机器人系统、拓展纤维高强高模碳纤维入选山东省十大科技创新成果",
           "Weigao 'Miaoshou' endoscopic surgical robot and Tuozhan high-strength high-modulus carbon fibre "
           "among Shandong's ten major S&T innovation achievements",
           "威高“妙手”腔镜手术机器人系统、拓展纤维高强高模碳纤维入选山东省十大科技创新成果", achievement=("selection",)),
    # 2. 产业集群效应更加凸显
    Result(2, "环翠区碳纤维产业集群、文登区商用车关键零部件产业集群入选国家中小企业特色产业集群",
           "Huancui carbon-fibre cluster and Wendeng commercial-vehicle parts cluster listed as national "
           "distinctive SME industrial clusters",
           "环翠区碳纤维产业集群、文登区商用车关键零部件产业集群入选国家中小企业特色产业集群",
           achievement=("selection",), through=("key-clusters",)),
    Result(2, "高端电子信息制造、先进装备与智能制造2个产业集群入选山东省支柱型雁阵集群",
           "2 clusters (high-end electronics, advanced equipment and intelligent manufacturing) listed as "
           "Shandong pillar 'wild-goose' clusters",
           "高端电子信息制造、先进装备与智能制造2个产业集群入选山东省支柱型雁阵集群",
           value=2, unit="unit-ge", comparator="exactly",
           indicator=ind("山东省支柱型雁阵集群数量", "number of Shandong pillar 'wild-goose' clusters", "unit-ge"),
           through=("key-clusters",)),
    Result(2, "培育4个山东省战略性新兴产业集群", "4 Shandong strategic emerging industry clusters cultivated",
           "培育高新区新一代信息技术产业集群、乳山市海上风电高端装备产业集群等4个山东省战略性新兴产业集群",
           value=4, unit="unit-ge", comparator="exactly",
           indicator=ind("山东省战略性新兴产业集群数量", "number of Shandong strategic emerging industry clusters",
                         "unit-ge"),
           through=("key-clusters",)),
    # 3. 创新平台布局显著优化
    Result(3, "清华大学先进核能技术科研基地开工建设",
           "Construction of Tsinghua University's advanced nuclear energy research base started",
           "清华大学先进核能技术科研基地开工建设", achievement=("construction",)),
    Result(3, "“国和一号”示范工程1号机组实现满功率并网发电",
           "Unit 1 of the 'Guohe One' demonstration project generating at full power on the grid",
           "“国和一号”示范工程1号机组实现满功率并网发电", achievement=("launch",)),
    Result(3, "全球首座第四代核电站华能石岛湾高温气冷堆商运投产",
           "Huaneng Shidao Bay high-temperature gas-cooled reactor, the world's first fourth-generation nuclear "
           "plant, in commercial operation",
           "全球首座第四代核电站华能石岛湾高温气冷堆商运投产", achievement=("launch",)),
    Result(3, "华能石岛湾高温气冷堆入选2023年度中国十大科技进展新闻",
           "Shidao Bay reactor among China's top ten S&T news of 2023",
           "华能石岛湾高温气冷堆商运投产并入选2023年度中国十大科技进展新闻", achievement=("selection",),
           period="2023"),
    Result(3, "“1+4+N”创新平台支撑体系成型起势",
           "'1+4+N' innovation platform system led by the Guo Yonghuai Institute has taken shape",
           "以郭永怀高等技术研究院(威海市产业技术研究院)为龙头的“1+4+N”创新平台支撑体系成型起势",
           achievement=("establishment",)),
    Result(3, "体系成员达到30家", "Members of the '1+4+N' system reached 30", "体系成员达到30家",
           value=30, unit="enterprise", comparator="reached",
           indicator=ind("1+4+N创新平台支撑体系成员数量", "number of members of the '1+4+N' platform system",
                         "enterprise", "“1+4+N”创新平台支撑体系成员数量")),
    Result(3, "延伸设立创新机构160余家", "Over 160 innovation institutions set up as extensions",
           "延伸设立创新机构160余家", value=160, unit="enterprise", comparator="more-than-yu",
           indicator=ind("延伸设立创新机构数量", "number of innovation institutions set up as extensions", "enterprise")),
    Result(3, "累计开展关键核心技术攻关314项", "Key core technology research projects: 314 in total",
           "累计开展关键核心技术攻关314项、成果转化243项", value=314, unit="item", comparator="exactly", cumulative=True,
           indicator=ind("关键核心技术攻关项目数量", "number of key core technology research projects", "item")),
    Result(3, "累计开展成果转化243项", "Commercialisation projects: 243 in total",
           "累计开展关键核心技术攻关314项、成果转化243项", value=243, unit="item", comparator="exactly", cumulative=True,
           indicator=ind("成果转化项目数量", "number of commercialisation projects", "item")),
    Result(3, "全市省级以上创新平台总数500多家", "Provincial-level and higher innovation platforms: more than 500",
           "全市省级以上创新平台总数500多家", value=500, unit="enterprise", comparator="more-than-duo", subject="全市",
           indicator=ind("省级以上创新平台数量", "number of provincial-level and higher innovation platforms",
                         "enterprise")),
    Result(3, "国家级创新平台30家", "National-level innovation platforms: 30",
           "全市省级以上创新平台总数500多家,其中国家级30家", value=30, unit="enterprise", comparator="exactly",
           subject="全市",
           indicator=ind("国家级创新平台数量", "number of national-level innovation platforms", "enterprise")),
    # 4. 科技交流合作持续深化
    Result(4, "达成产学研合作200余项", "Over 200 industry-university-research cooperation agreements",
           "组织举办科技合作名校直通车、院士专家行等对接活动,达成产学研合作200余项", value=200, unit="item",
           comparator="more-than-yu",
           indicator=ind("产学研合作项目数量", "number of industry-university-research cooperation projects", "item"),
           through=("iur-integration", "needs-and-results-lists", "guide-cooperation", "matchmaking-events")),
    Result(4, "与30多个国家和地区开展国际人才交流合作",
           "International talent exchange with more than 30 countries and regions",
           "与30多个国家和地区开展国际人才交流合作", value=30, unit="country-region", comparator="more-than-duo",
           indicator=ind("国际人才交流合作国家和地区数量",
                         "number of countries and regions in international talent exchange", "country-region"),
           through=("talent-platforms", "conferences")),
    Result(4, "促成合作百余项", "Over a hundred cooperation projects brought about",
           "与30多个国家和地区开展国际人才交流合作,促成合作百余项", value=100, unit="item", comparator="more-than-yu",
           indicator=ind("国际人才交流促成合作项目数量",
                         "number of cooperation projects from international talent exchange", "item"),
           through=("talent-platforms", "conferences"),
           comment=("原文为“百余项”：数值记为100，比较词为“余”（100有余，不足200）。",
                    "The text says 百余项 (a hundred-odd): recorded as value 100 with the comparator 余 "
                    "(more than 100, fewer than 200).")),
    Result(4, "争取到建设两基地之一的威海基地",
           "Won the Weihai base, one of the two bases of the China-Japan-Korea innovation cooperation centre",
           "争取到建设两基地之一的威海基地", achievement=("approval",), through=("cjk-centre",)),
    # 5. 创新创业人才加速集聚
    Result(5, "获批外国人才服务保障综合配套改革试点",
           "Approved as a pilot for comprehensive reform of services for foreign talent",
           "获批外国人才服务保障综合配套改革试点", achievement=("approval",)),
    Result(5, "打造全省首家山东省外国专家驿站", "Built the province's first Shandong foreign experts' station",
           "打造全省首家山东省外国专家驿站", achievement=("establishment",)),
    Result(5, "联合29个部门", "29 departments joined in serving foreign talent", "联合29个部门",
           value=29, unit="department", comparator="exactly",
           indicator=ind("联合服务外国人才的部门数量", "number of departments jointly serving foreign talent",
                         "department"),
           through=("foreign-talent-services",)),
    Result(5, "提供出入境、工作许可和居留、产业对接等24项服务",
           "24 services for foreign talent (entry and exit, work permits and residence, industry matchmaking)",
           "提供出入境、工作许可和居留、产业对接等24项服务", value=24, unit="service", comparator="exactly",
           indicator=ind("外国人才服务事项数量", "number of services offered to foreign talent", "service"),
           through=("foreign-talent-services",)),
    Result(5, "搭建起外国人才技术引进、使用、交流、合作的综合服务平台",
           "Comprehensive service platform for foreign talent built",
           "搭建起外国人才技术引进、使用、交流、合作的综合服务平台", achievement=("establishment",),
           through=("foreign-talent-services",)),
    Result(5, "累计选派304名科技人才挂任企业科技副总、协同创新工程师、科技专员",
           "304 S&T professionals seconded to enterprises as S&T vice-presidents, engineers and commissioners in total",
           "累计选派304名科技人才挂任企业科技副总、协同创新工程师、科技专员", value=304, unit="person",
           comparator="exactly", cumulative=True,
           indicator=ind("选派挂任企业科技副总等科技人才数量",
                         "number of S&T professionals seconded to enterprises", "person"),
           through=("vice-president-model", "talent-to-enterprises")),
    # 6. 成果转化服务体系不断完善
    Result(6, "全市市级以上中试示范基地达到12家", "Municipal-level and higher pilot-scale demonstration bases reached 12",
           "全市市级以上中试示范基地达到12家", value=12, unit="enterprise", comparator="reached", subject="全市",
           indicator=ind("市级以上中试示范基地数量", "number of municipal-level and higher pilot demonstration bases",
                         "enterprise"),
           through=("pilot-management",)),
    Result(6, "开展二次开发、工艺改进、小批量试生产等中试服务80余项", "Over 80 pilot-scale services provided",
           "开展二次开发、工艺改进、小批量试生产等中试服务80余项", value=80, unit="item", comparator="more-than-yu",
           indicator=ind("中试服务项目数量", "number of pilot-scale services", "item"),
           through=("pilot-management",)),
    Result(6, "服务合同额超过2000万元", "Service contracts worth more than 20 million yuan",
           "服务合同额超过2000万元", value=2000, unit="ten-thousand-yuan", comparator="exceeding",
           indicator=ind("中试服务合同额", "contract value of pilot-scale services", "ten-thousand-yuan"),
           through=("pilot-management",)),
    Result(6, "全市技术经理人达253人", "Technology managers reached 253", "全市技术经理人达253人",
           value=253, unit="person", comparator="reached", subject="全市",
           indicator=ind("技术经理人数量", "number of technology managers", "person"),
           through=("transfer-training",)),
    Result(6, "省级技术转移服务机构达到7家", "Provincial technology-transfer service institutions reached 7",
           "省级技术转移服务机构达到7家", value=7, unit="enterprise", comparator="reached",
           indicator=ind("省级技术转移服务机构数量", "number of provincial technology-transfer service institutions",
                         "enterprise")),
]


def measure_iri(n: int) -> URIRef:
    return below(REPORT, f"measure-{n:02d}")


def result_iri(n: int) -> URIRef:
    return below(REPORT, f"result-{n:02d}")


def indicator_iri(slug: str) -> URIRef:
    return DOC[f"indicator/{slug}"]


def measures(sources: Sources) -> tuple[Facts, dict[str, URIRef]]:
    f = Facts(sources)
    by_key: dict[str, URIRef] = {}
    for n, m in enumerate(MEASURES, 1):
        node = measure_iri(n)
        by_key[m.key] = node
        f.typed(node, PKG.Measure, m.label_zh, m.label_en)
        f.add(node, PKG.inArea, area_iri(m.area))
        f.derive(node, SEED, m.quote, anchor=area_anchor(m.area), attests=(PKG.inArea,))
        joint_attribution(f, node, PKG.measureOf)
    text = sources.text(SEED)
    for i, (number, heading, en) in enumerate(PLANNED, 1):
        node = measure_iri(len(MEASURES) + i)
        f.typed(node, PKG.PlannedMeasure, heading, en)
        f.add(node, PKG.plannedIn, EVALUATION)
        f.add(node, PKG.number, Literal(number))
        f.add(node, PKG.ordinal, integer(i))
        f.add(node, PKG.heading, zh(heading))
        # The whole paragraph is the measure's content; it runs to the end of its line.
        start = locate(text, f"{number}{heading}。", after=locate(text, PLANNED_SECTION))
        end = text.find("\n", start)
        paragraph = text[start:end if end >= 0 else len(text)]
        f.add(node, PKG.text, zh(paragraph))
        f.derive(node, SEED, paragraph, anchor=PLANNED_SECTION, attests=(PKG.plannedIn, PKG.text))
        if number == "(一)":  # 根据省13大产业科技创新行动计划(2025-2027)部署的产业发展方向……
            f.add(node, PKG.implements, ACTION_PLAN)
            f.derive(node, SEED, f"根据{ACTION_PLAN_TITLE}部署的产业发展方向", attests=(PKG.implements,))
    return f, by_key


def results(sources: Sources, measure_by_key: dict[str, URIRef]) -> tuple[Facts, Facts]:
    """Results graph and indicators graph."""
    f = Facts(sources)
    indicators = Facts(sources)
    seen: dict[str, Indicator] = {}
    for n, r in enumerate(RESULTS, 1):
        node = result_iri(n)
        anchor = SECTION_2_2 if r.area is None else area_anchor(r.area)
        f.typed(node, PKG.QuantitativeResult if r.quantitative else PKG.QualitativeResult, r.label_zh, r.label_en)
        figure_attests = (PKG.value, PKG.unit, PKG.comparator) if r.quantitative else (PKG.achievementType,)
        ex = f.derive(node, SEED, r.quote, anchor=anchor, attests=figure_attests)
        if r.quantitative:
            f.add(node, PKG.value, decimal(r.value))
            f.add(node, PKG.unit, CODE[f"unit-{r.unit}"])
            f.add(node, PKG.comparator, CODE[f"comparator-{r.comparator}"])
            f.add(node, PKG.indicator, indicator_iri(r.indicator.slug))
            if r.indicator.slug not in seen:
                seen[r.indicator.slug] = r.indicator
                i_node = indicator_iri(r.indicator.slug)
                indicators.typed(i_node, PKG.Indicator, r.indicator.label_zh, r.indicator.label_en)
                indicators.pref_label(i_node, r.indicator.label_zh, r.indicator.label_en)
                indicators.add(i_node, PKG.unit, CODE[f"unit-{r.indicator.unit}"])
                indicators.derive(i_node, SEED, r.quote, anchor=anchor, attests=(PKG.unit,))
            assert r.indicator.unit == r.unit, f"unit of {r.label_zh} differs from its indicator's"
        for a in r.achievement:
            f.add(node, PKG.achievementType, CODE[f"achievement-{a}"])
        if r.period:
            f.add(node, PKG.period, year(r.period))
        if r.change is not None:
            f.add(node, PKG.changeValue, decimal(r.change))
            f.add(node, PKG.baselineLabel, zh(r.baseline))
            f.add(ex, PKG.attests, PKG.changeValue)
        if r.rank is not None:
            f.add(node, PKG.rankPosition, integer(r.rank))
            f.add(node, PKG.rankScope, zh(r.rank_scope))
            f.add(ex, PKG.attests, PKG.rankPosition)
        if r.cumulative:
            f.add(node, PKG.cumulative, Literal(True))
        if r.subject:
            f.add(node, PKG.subject, zh(r.subject))
        if r.area is not None:
            f.add(node, PKG.inArea, area_iri(r.area))
        for key in r.through:
            f.add(node, PKG.achievedThrough, measure_by_key[key])
        if r.through:
            f.add(ex, PKG.attests, PKG.achievedThrough)
        for quote, attests in r.extra_quotes:
            f.derive(node, SEED, quote, anchor=anchor, attests=attests)
        if r.comment:
            f.comment(node, *r.comment)
        f.add(node, PKG.reportedIn, REPORT)
        joint_attribution(f, node, PKG.attributedTo)
    return f, indicators


__all__ = ["MEASURES", "PLANNED", "RESULTS", "measures", "results", "measure_iri", "result_iri", "indicator_iri"]
