"""The Weihai case and the registry it needs (data/curation/case*.toml, case-*.tsv), every fact with an excerpt.

Writes data/registry/organs.ttl, data/registry/directives.ttl and data/cases/weihai-2023/{documents, evaluation,
measures, results, indicators}.ttl. The rules that turn the tables into nodes are here (IRIs numbered in order of
appearance, a joint attribution to both evaluated documents, a planned measure's text as its whole paragraph);
the facts, the quotes and the reasons for what is left out are in the curated files.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from ..errors import PolicyKGError
from ..namespaces import CODE, DOC, ORG_ID, PKG
from ..provenance import locate
from ..serialize import turtle_bytes
from .facts import Facts, below, decimal, integer, year, zh
from .nodes import describe, quote, ref
from .schema import CurationError, Reader, Row
from .curies import term
from .texts import SourceTexts

CASE_DIR = "data/cases/weihai-2023"
OUTPUTS = ("data/registry/organs.ttl", "data/registry/directives.ttl", f"{CASE_DIR}/documents.ttl",
           f"{CASE_DIR}/evaluation.ttl", f"{CASE_DIR}/measures.ttl", f"{CASE_DIR}/results.ttl",
           f"{CASE_DIR}/indicators.ttl")


class Case:
    """The case-wide facts of case.toml and the areas of case-areas.tsv."""

    def __init__(self, reader: Reader) -> None:
        c = reader.toml("case.toml")
        self.report = ref(c["report"])
        self.evaluation = ref(c["evaluation"])
        self.evaluated = tuple(ref(d) for d in c["evaluated"])
        self.source: str = c["source"]
        self.results_section: str = c["results_section"]
        self.joint_quote: str = c["joint_quote"]
        self.planned_section: str = c["planned_section"]
        self.areas = {a["number"]: a for a in reader.tsv("case-areas.tsv")}

    def area_iri(self, n: int) -> URIRef:
        return below(self.report, f"area-{n}")

    def area_anchor(self, n: int, where: str) -> str:
        """The heading that opens area *n* in the report (unique in the seed)."""
        if n not in self.areas:
            raise CurationError(f"{where}: no area {n} in case-areas.tsv")
        return f"{n}.{self.areas[n]['heading']}。"

    def joint_attribution(self, f: Facts, node: URIRef, prop: URIRef, where: str) -> None:
        """The report evaluates both documents jointly: 《意见》和《方案》出台以来……"""
        for doc in self.evaluated:
            f.add(node, prop, doc)
        self.derive(f, node, self.joint_quote, anchor=self.results_section, attests=(prop,), where=where)

    def derive(self, f: Facts, node: URIRef, text: str, *, anchor: str | None = None,
               attests: tuple[URIRef, ...] = (), where: str) -> URIRef:
        try:
            return f.derive(node, self.source, text, anchor=anchor, attests=attests)
        except PolicyKGError as exc:
            raise CurationError(f"{where}: {exc}") from None


def organs(reader: Reader, sources: SourceTexts) -> Facts:
    c = reader.toml("case-organs.toml")
    f = Facts(sources)
    names = {o["name"] for o in c["organ"]}
    for o in sorted(c["organ"], key=lambda o: o["name"]):
        where = f"case-organs.toml: organ {o['name']}"
        node = ORG_ID[o["name"]]
        f.typed(node, term(o["class"]), o["name"], o["label_en"])
        f.add(node, PKG.adminLevel, CODE[f"level-{o['level']}"])
        if "jurisdiction" in o:
            f.add(node, PKG.jurisdiction, Literal(o["jurisdiction"], lang="zh"))
        if "short" in o:
            f.add(node, SKOS.altLabel, Literal(o["short"], lang="zh"))
        for e in o["named"]:
            quote(f, node, e, where)
    for s in c.get("supervision", ()):
        where = f"case-organs.toml: supervision of {s['organ']}"
        for name in (s["organ"], s["supervisor"]):
            if name not in names:
                raise CurationError(f"{where}: {name!r} is not an [[organ]]")
        node = ORG_ID[s["organ"]]
        f.add(node, PKG.supervisedBy, ORG_ID[s["supervisor"]])
        for a in s["article"]:
            f.add(node, DCTERMS.source, ref(a["provision"]))
            quote(f, node, {"source": c["law_source"], "quote": a["quote"], "attests": ["pkg:supervisedBy"]}, where)
        for p in s.get("placing", ()):
            quote(f, node, {**p, "attests": ["pkg:supervisedBy"]}, where)
    for d in c.get("doc_number_code", ()):
        where = f"case-organs.toml: doc_number_code {d['code']}"
        if d["organ"] not in names:
            raise CurationError(f"{where}: {d['organ']!r} is not an [[organ]]")
        f.add(ORG_ID[d["organ"]], PKG.docNumberCode, Literal(d["code"]))
        quote(f, ORG_ID[d["organ"]], {"source": d["source"], "quote": d["quote"], "attests": ["pkg:docNumberCode"]},
              where)
    return f


def described(reader: Reader, sources: SourceTexts, name: str) -> Facts:
    f = Facts(sources)
    c = reader.toml(name)
    describe(f, c["node"], name, c.get("notes"))
    return f


def evaluation(reader: Reader, sources: SourceTexts, case: Case) -> Facts:
    f = described(reader, sources, "case-evaluation.toml")
    for n, a in sorted(case.areas.items()):
        where = f"case-areas.tsv: area {n}"
        node = case.area_iri(n)
        f.typed(node, PKG.ImplementationArea, f"{n}.{a['heading']}", a["label_en"])
        f.add(node, PKG.number, Literal(f"{n}."))
        f.add(node, PKG.ordinal, integer(n))
        f.add(node, PKG.heading, zh(a["heading"]))
        f.add(node, PKG.section, Literal(f"二(二){n}."))
        f.add(node, PKG.areaOf, case.evaluation)
        case.derive(f, node, case.area_anchor(n, where), attests=(PKG.heading,), where=where)
        case.joint_attribution(f, node, PKG.areaConcerns, where)
    return f


def measure_iri(case: Case, n: int) -> URIRef:
    return below(case.report, f"measure-{n:02d}")


def measures(reader: Reader, sources: SourceTexts, case: Case) -> tuple[Facts, dict[str, URIRef]]:
    f = Facts(sources)
    rows = reader.tsv("case-measures.tsv")
    by_key: dict[str, URIRef] = {}
    for n, m in enumerate(rows, 1):
        where = f"case-measures.tsv: measure {m['key']}"
        if m["key"] in by_key:
            raise CurationError(f"{where}: key listed twice")
        node = measure_iri(case, n)
        by_key[m["key"]] = node
        f.typed(node, PKG.Measure, m["label_zh"], m["label_en"])
        f.add(node, PKG.inArea, case.area_iri(m["area"]))
        case.derive(f, node, m["quote"], anchor=case.area_anchor(m["area"], where), attests=(PKG.inArea,), where=where)
        case.joint_attribution(f, node, PKG.measureOf, where)
    text = sources.text(case.source)
    for i, p in enumerate(reader.tsv("case-planned.tsv"), 1):
        where = f"case-planned.tsv: planned measure {p['number']}"
        node = measure_iri(case, len(rows) + i)
        f.typed(node, PKG.PlannedMeasure, p["heading"], p["label_en"])
        f.add(node, PKG.plannedIn, case.evaluation)
        f.add(node, PKG.number, Literal(p["number"]))
        f.add(node, PKG.ordinal, integer(i))
        f.add(node, PKG.heading, zh(p["heading"]))
        # The whole paragraph is the measure's content; it runs to the end of its line.
        try:
            start = locate(text, f"{p['number']}{p['heading']}。", after=locate(text, case.planned_section))
        except PolicyKGError as exc:
            raise CurationError(f"{where}: {exc}") from None
        end = text.find("\n", start)
        paragraph = text[start:end if end >= 0 else len(text)]
        f.add(node, PKG.text, zh(paragraph))
        case.derive(f, node, paragraph, anchor=case.planned_section, attests=(PKG.plannedIn, PKG.text), where=where)
        if ("implements" in p) != ("implements_quote" in p):
            raise CurationError(f"{where}: give implements and implements_quote together")
        if "implements" in p:
            f.add(node, PKG.implements, ref(p["implements"]))
            case.derive(f, node, p["implements_quote"], attests=(PKG.implements,), where=where)
    return f, by_key


def indicator_iri(slug: str) -> URIRef:
    return DOC[f"indicator/{slug}"]


def _figure(r: Row, where: str) -> bool:
    """Whether *r* is a quantitative result; refuses a half-given figure."""
    keys = ("value", "unit", "comparator", "indicator")
    given = [k for k in keys if k in r]
    if given and len(given) != len(keys):
        raise CurationError(f"{where}: a figure needs all of {', '.join(keys)}")
    if not given and "achievement" not in r:
        raise CurationError(f"{where}: neither a figure nor an achievement")
    return bool(given)


def results(reader: Reader, sources: SourceTexts, case: Case, measure_by_key: dict[str, URIRef]) -> tuple[Facts, Facts]:
    """Results graph and indicators graph."""
    c = reader.toml("case-results.toml")
    indicators_known = {i["slug"]: i for i in c["indicator"]}
    f, indicators = Facts(sources), Facts(sources)
    seen: set[str] = set()
    for n, r in enumerate(c["result"], 1):
        where = f"case-results.toml: result {n} ({r['label_zh'][:20]})"
        node = below(case.report, f"result-{n:02d}")
        anchor = case.results_section if "area" not in r else case.area_anchor(r["area"], where)
        quantitative = _figure(r, where)
        f.typed(node, PKG.QuantitativeResult if quantitative else PKG.QualitativeResult, r["label_zh"], r["label_en"])
        figure_attests = (PKG.value, PKG.unit, PKG.comparator) if quantitative else (PKG.achievementType,)
        ex = case.derive(f, node, r["quote"], anchor=anchor, attests=figure_attests, where=where)
        if quantitative:
            slug = r["indicator"]
            if slug not in indicators_known:
                raise CurationError(f"{where}: indicator {slug!r} is not an [[indicator]]")
            ind = indicators_known[slug]
            if ind["unit"] != r["unit"]:
                raise CurationError(f"{where}: unit {r['unit']!r} differs from its indicator's {ind['unit']!r}")
            f.add(node, PKG.value, decimal(r["value"]))
            f.add(node, PKG.unit, CODE[f"unit-{r['unit']}"])
            f.add(node, PKG.comparator, CODE[f"comparator-{r['comparator']}"])
            f.add(node, PKG.indicator, indicator_iri(slug))
            if slug not in seen:  # the indicator is attested by the first result that reports it
                seen.add(slug)
                i_node = indicator_iri(slug)
                label_zh = ind.get("label_zh", slug)
                indicators.typed(i_node, PKG.Indicator, label_zh, ind["label_en"])
                indicators.pref_label(i_node, label_zh, ind["label_en"])
                indicators.add(i_node, PKG.unit, CODE[f"unit-{ind['unit']}"])
                case.derive(indicators, i_node, r["quote"], anchor=anchor, attests=(PKG.unit,), where=where)
        for a in r.get("achievement", ()):
            f.add(node, PKG.achievementType, CODE[f"achievement-{a}"])
        if "period" in r:
            f.add(node, PKG.period, year(r["period"]))
        # a change is against a named baseline, a rank within a named scope; the figure's quote attests both
        for key, against, prop, against_prop, literal in (
                ("change", "baseline", PKG.changeValue, PKG.baselineLabel, decimal),
                ("rank", "rank_scope", PKG.rankPosition, PKG.rankScope, integer)):
            if key not in r:
                continue
            if against not in r:
                raise CurationError(f"{where}: {key} needs its {against}")
            f.add(node, prop, literal(r[key]))
            f.add(node, against_prop, zh(r[against]))
            f.add(ex, PKG.attests, prop)
        if r.get("cumulative"):
            f.add(node, PKG.cumulative, Literal(True))
        if "subject" in r:
            f.add(node, PKG.subject, zh(r["subject"]))
        if "area" in r:
            f.add(node, PKG.inArea, case.area_iri(r["area"]))
        for key in r.get("through", ()):
            if key not in measure_by_key:
                raise CurationError(f"{where}: through {key!r} is not a key of case-measures.tsv")
            f.add(node, PKG.achievedThrough, measure_by_key[key])
        if r.get("through"):
            f.add(ex, PKG.attests, PKG.achievedThrough)
        for q in r.get("quote_also", ()):
            case.derive(f, node, q["quote"], anchor=anchor, attests=tuple(term(a) for a in q["attests"]), where=where)
        if ("comment_zh" in r) != ("comment_en" in r):
            raise CurationError(f"{where}: give comment_zh and comment_en together")
        if "comment_zh" in r:
            f.comment(node, r["comment_zh"], r["comment_en"])
        f.add(node, PKG.reportedIn, case.report)
        case.joint_attribution(f, node, PKG.attributedTo, where)
    return f, indicators


def build(reader: Reader) -> dict[str, bytes]:
    sources = SourceTexts(reader.root / "data")
    case = Case(reader)
    measure_graph, by_key = measures(reader, sources, case)
    result_graph, indicator_graph = results(reader, sources, case, by_key)
    graphs = (organs(reader, sources), described(reader, sources, "case-directives.toml"),
              described(reader, sources, "case-documents.toml"), evaluation(reader, sources, case),
              measure_graph, result_graph, indicator_graph)
    return {rel: turtle_bytes(f.graph) for rel, f in zip(OUTPUTS, graphs)}
