"""Build the article-level registry of laws and regulations: data/registry/laws/<short title>-<version date>.ttl.

Each data/sources/laws/<short title>(<version date>).md becomes one law document (pkg:Statute,
pkg:AdministrativeRegulation or pkg:LocalRegulation) with one pkg:Provision per article (第N条). Every fact carries
an excerpt of a shipped source (docs/decisions/0003-provenance.md); what no source states is left out.

    python tools/build_laws.py            # regenerate data/registry/laws/
    python tools/build_laws.py --check    # exit 1 if the checked-in Turtle differs from what the builder makes

Rules for the header facts (the lines before <!-- INFO END -->, parsed by policykg.ingest.lawmd):
- eli:passed_by and the class come from the organ of the latest version line (通过/公布/修正/修订). Without such a
  line, the research note's LawRefBook path (LRB:行政法规/…) is the only evidence of the form; a 行政法规 is then
  attributed to 国务院 with 立法法 第七十二条 (国务院根据宪法和法律，制定行政法规。) as the second excerpt.
- eli:date_publication and pkg:docNumber only from a line dated on the version date (the date in the file name);
  the original's 公布 date and order number are not facts about a later version.
- eli:first_date_entry_in_force from a header 施行 line that directly follows the version's own line, or from the
  text's clause 本法自…起施行 when its date is not before the version date: an amended text that keeps the
  original's clause states an earlier date (立法法 2023 keeps 2000-07-01) and is left out; a date on or after the
  version date can only be when this version's text took effect. Conflicting dates stop the build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from policykg.errors import PolicyKGError  # noqa: E402
from policykg.identifiers import title_slug  # noqa: E402
from policykg.ingest.lawmd import LawFormatError, LawText, VersionEvent, parse_law_markdown  # noqa: E402
from policykg.load import parse_turtle_into  # noqa: E402
from policykg.namespaces import CODE, DOC, ELI, ORG_ID, PKG, SRC, bind_prefixes  # noqa: E402
from policykg.provenance import add_excerpt, read_source, sha256_of  # noqa: E402
from policykg.serialize import write_turtle  # noqa: E402

FILE_NAME_RE = re.compile(r"^(?P<stem>[^()（）]+)\((?P<date>\d{4}-\d{2}-\d{2})\)\.md$")
VERSION_ACTIONS = ("通过", "公布", "修正", "修订")
README_VERSION_SENTENCE = "The date in each file name is the date of the version."
LIFA_ART_72 = "国务院根据宪法和法律，制定行政法规。"  # 立法法 第七十二条: who makes 行政法规

# English renderings of the titles (labels only; the Chinese title is the fact). (full title, short title)
ENGLISH_TITLES: dict[str, tuple[str, str]] = {
    "优化营商环境条例": ("Regulations on Optimizing the Business Environment",
                 "Regulations on Optimizing the Business Environment"),
    "促进科技成果转化法": ("Law of the PRC on Promoting the Transformation of Scientific and Technological Achievements",
                  "Law on Promoting the Transformation of S&T Achievements"),
    "公平竞争审查条例": ("Regulations on Fair Competition Review", "Regulations on Fair Competition Review"),
    "地方各级人民代表大会和地方各级人民政府组织法": (
        "Organic Law of the PRC on the Local People's Congresses and Local People's Governments at Various Levels",
        "Organic Law of Local People's Congresses and Governments"),
    "威海市精致城市建设条例": ("Regulations of Weihai Municipality on Refined City Construction",
                    "Weihai Refined City Construction Regulations"),
    "山东省优化营商环境条例": ("Regulations of Shandong Province on Optimizing the Business Environment",
                    "Shandong Business Environment Regulations"),
    "山东省促进科技成果转化条例": (
        "Regulations of Shandong Province on Promoting the Transformation of Scientific and Technological Achievements",
        "Shandong Regulations on Transforming S&T Achievements"),
    "山东省各级人民代表大会常务委员会规范性文件备案审查规定": (
        "Provisions of Shandong Province on the Filing and Review of Normative Documents by the Standing Committees "
        "of the People's Congresses at All Levels",
        "Shandong Provisions on Filing and Review of Normative Documents"),
    "政府信息公开条例": ("Regulations of the PRC on the Disclosure of Government Information",
                 "Regulations on Government Information Disclosure"),
    "法规规章备案审查条例": ("Regulations on the Filing and Review of Regulations and Rules",
                   "Regulations on Filing and Review of Regulations and Rules"),
    "科学技术进步法": ("Law of the PRC on Scientific and Technological Progress",
                "Law on Scientific and Technological Progress"),
    "立法法": ("Legislation Law of the PRC", "Legislation Law"),
    "行政处罚法": ("Administrative Penalty Law of the PRC", "Administrative Penalty Law"),
    "行政复议法": ("Administrative Reconsideration Law of the PRC", "Administrative Reconsideration Law"),
    "行政强制法": ("Administrative Coercion Law of the PRC", "Administrative Coercion Law"),
    "行政许可法": ("Administrative Licensing Law of the PRC", "Administrative Licensing Law"),
    "规章制定程序条例": ("Regulations on the Procedures for the Formulation of Rules",
                 "Regulations on Rule-Making Procedures"),
    "重大行政决策程序暂行条例": ("Interim Regulations on Major Administrative Decision-Making Procedures",
                     "Interim Regulations on Major Administrative Decision-Making"),
}

NATIONAL_LEGISLATURES = ("全国人民代表大会", "全国人民代表大会常务委员会")


@dataclass(frozen=True)
class Source:
    """A shipped source text: its src: node and content."""

    node: URIRef
    text: str


@dataclass(frozen=True)
class LawFile:
    path: Path
    stem: str
    version_date: dt.date

    @property
    def slug(self) -> str:
        return f"{self.stem}-{self.version_date.isoformat()}"

    @property
    def iri(self) -> URIRef:
        return DOC[self.slug]


class Sources:
    """The source texts described in data/sources.ttl, read on demand."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.graph = Graph()
        parse_turtle_into(self.graph, self.data_dir / "sources.ttl")
        self._cache: dict[URIRef, Source] = {}

    def get(self, node: URIRef) -> Source:
        if node not in self._cache:
            local = self.graph.value(node, PKG.localPath)
            if local is None:
                raise PolicyKGError(f"source {node} is not described in sources.ttl (run tools/build_sources.py)")
            path = self.data_dir / str(local)
            if not path.is_file():
                raise PolicyKGError(f"source text {path} of {node} not found")
            try:
                self._cache[node] = Source(node, read_source(path))
            except UnicodeDecodeError as exc:
                raise PolicyKGError(f"{path}: not UTF-8 (byte {exc.start}); convert it, e.g. iconv -f GB18030 "
                                    "-t UTF-8") from None
        return self._cache[node]


def law_files(data_dir: Path) -> list[LawFile]:
    """Every law transcription under data/sources/laws, sorted by file name."""
    folder = Path(data_dir) / "sources" / "laws"
    files: list[LawFile] = []
    for path in sorted(folder.glob("*.md")):
        if path.name == "README.md":
            continue
        m = FILE_NAME_RE.match(path.name)
        if m is None:
            raise PolicyKGError(f"{path.name}: expected '<short title>(<YYYY-MM-DD>).md'")
        try:
            date = dt.date.fromisoformat(m["date"])
        except ValueError:
            raise PolicyKGError(f"{path.name}: {m['date']} is not a date") from None
        files.append(LawFile(path, m["stem"], date))
    if not files:
        raise PolicyKGError(f"no law texts in {folder}")
    return files


def _latest(events: list[VersionEvent]) -> VersionEvent | None:
    """The latest event by date; among equal dates the later line."""
    best: VersionEvent | None = None
    for ev in events:
        if best is None or ev.date >= best.date:
            best = ev
    return best


def _lrb_path(legal_rules: Source, law: LawFile) -> str | None:
    """The research note's LawRefBook path for this file (e.g. LRB:行政法规/公平竞争审查条例(2024-06-06).md)."""
    m = re.search(r"LRB:[^`\s]*/" + re.escape(f"{law.stem}({law.version_date.isoformat()}).md"), legal_rules.text)
    return m.group(0) if m else None


def build_law(law: LawFile, sources: Sources) -> tuple[Graph, LawText]:
    """The graph of one law document and its articles."""
    src_node = SRC[f"law-{law.slug}"]
    source = sources.get(src_node)
    recorded = sources.graph.value(src_node, PKG.sha256)
    if recorded is None or str(recorded) != sha256_of(law.path):
        raise PolicyKGError(f"{law.path.name} does not match the checksum of {src_node} in sources.ttl "
                            "(changed text? run tools/build_sources.py)")
    try:
        parsed = parse_law_markdown(source.text)
    except LawFormatError as exc:
        raise PolicyKGError(f"{law.path.name}: {exc}") from None
    problems = parsed.numbering_problems()
    if problems:
        raise PolicyKGError(f"{law.path.name}: irregular article numbering: {'; '.join(problems[:3])}")
    if title_slug(parsed.title.text) != law.stem:
        raise PolicyKGError(f"{law.path.name}: title {parsed.title.text!r} does not match the file name")
    if law.stem not in ENGLISH_TITLES:
        raise PolicyKGError(f"{law.path.name}: no English title in tools/build_laws.py ENGLISH_TITLES")
    en_title, en_short = ENGLISH_TITLES[law.stem]

    g = Graph()
    bind_prefixes(g)
    doc = law.iri
    text = source.text

    def excerpt(span_text: str, start: int, *attests: URIRef, of: Source = source) -> URIRef:
        node = add_excerpt(g, of.node, of.text, span_text, after=start, attests=attests)
        if of is source and not str(node).endswith(f"/chars-{start}-{start + len(span_text)}"):
            raise PolicyKGError(f"{law.path.name}: excerpt at {start} landed elsewhere")  # parser/offset bug
        return node

    def derive(subject: URIRef, node: URIRef) -> None:
        g.add((subject, PROV.wasDerivedFrom, node))

    # Title, labels, version.
    g.add((doc, DCTERMS.title, Literal(parsed.title.text, lang="zh")))
    g.add((doc, RDFS.label, Literal(law.stem, lang="zh")))
    g.add((doc, RDFS.label, Literal(en_title, lang="en")))
    g.add((doc, PKG.evidenceStatus, CODE["evidence-A"]))
    derive(doc, excerpt(parsed.title.text, parsed.title.start, DCTERMS.title))
    readme = sources.get(SRC["laws-readme"])
    g.add((doc, ELI.version_date, Literal(law.version_date, datatype=XSD.date)))
    derive(doc, excerpt(README_VERSION_SENTENCE, 0, ELI.version_date, of=readme))

    # Legal form and issuer. The excerpt that names the organ also shows the form; it does not say
    # pkg:attests rdf:type, because rdf:type as an OWL individual breaks DL reasoning (HermiT via owlready2).
    version_lines = [e for e in parsed.events if e.action in VERSION_ACTIONS]
    latest = _latest(version_lines)
    if latest is not None and latest.organ is not None:
        organ = latest.organ
        if organ in NATIONAL_LEGISLATURES:
            cls = PKG.Statute
        elif organ == "国务院":
            cls = PKG.AdministrativeRegulation
        elif organ.endswith(("人民代表大会常务委员会", "人民代表大会")):
            cls = PKG.LocalRegulation
        else:  # the parser names only the organs above
            raise PolicyKGError(f"{law.path.name}: unknown issuing organ {organ!r}")
        g.add((doc, RDF.type, cls))
        g.add((doc, ELI.passed_by, ORG_ID[organ]))
        derive(doc, excerpt(latest.text, latest.start, ELI.passed_by))
    else:
        legal_rules = sources.get(SRC["legal-rules"])
        lrb = _lrb_path(legal_rules, law)
        folders = lrb.removeprefix("LRB:").split("/")[:-1] if lrb is not None else []
        if "行政法规" in folders:
            g.add((doc, RDF.type, PKG.AdministrativeRegulation))
            g.add((doc, ELI.passed_by, ORG_ID["国务院"]))
            derive(doc, excerpt(lrb, 0, ELI.passed_by, of=legal_rules))
            lifa = sources.get(SRC["law-立法法-2023-03-13"])
            derive(doc, excerpt(LIFA_ART_72, 0, ELI.passed_by, of=lifa))
        elif "地方性法规" in folders:
            g.add((doc, RDF.type, PKG.LocalRegulation))  # the organ is not stated: no eli:passed_by
            derive(doc, excerpt(lrb, 0, of=legal_rules))
        else:
            g.add((doc, RDF.type, PKG.Document))  # form not stated by any source

    # Facts of this version: lines dated on the version date.
    own = [e for e in parsed.events if e.date == law.version_date and e.action in VERSION_ACTIONS]
    for ev in own:
        if ev.action == "公布":
            g.add((doc, ELI.date_publication, Literal(ev.date, datatype=XSD.date)))
            derive(doc, excerpt(ev.text, ev.start, ELI.date_publication))
        if ev.order_number:
            g.add((doc, PKG.docNumber, Literal(ev.order_number)))
            derive(doc, excerpt(ev.text, ev.start, PKG.docNumber))

    # Entry into force of this version.
    in_force: dict[dt.date, list[tuple[str, int]]] = {}
    events = list(parsed.events)
    for i, ev in enumerate(events):
        if ev.action == "施行" and i > 0 and events[i - 1].date == law.version_date \
                and events[i - 1].action in VERSION_ACTIONS:
            in_force.setdefault(ev.date, []).append((ev.text, ev.start))
    clause = parsed.in_force_clause()
    if clause is not None and clause[0] >= law.version_date:
        in_force.setdefault(clause[0], []).append((clause[1].text, clause[1].start))
    if len(in_force) > 1:
        raise PolicyKGError(f"{law.path.name}: conflicting entry-into-force dates {sorted(map(str, in_force))}")
    for date, quotes in in_force.items():
        g.add((doc, ELI.first_date_entry_in_force, Literal(date, datatype=XSD.date)))
        for quote, start in quotes:
            derive(doc, excerpt(quote, start, ELI.first_date_entry_in_force))

    # Articles.
    for art in parsed.articles:
        node = URIRef(f"{doc}/art-{art.key}")
        g.add((node, RDF.type, PKG.Provision))
        g.add((node, PKG.provisionOf, doc))
        g.add((node, ELI.is_part_of, doc))
        g.add((node, PKG.number, Literal(art.number)))
        g.add((node, PKG.ordinal, Literal(art.ordinal, datatype=XSD.integer)))
        g.add((node, PKG.text, Literal(art.text)))
        g.add((node, PKG.evidenceStatus, CODE["evidence-A"]))
        en_number = f"art. {art.ordinal}" + (f"-{art.sub}" if art.sub else "")
        g.add((node, RDFS.label, Literal(f"{law.stem} {art.number}", lang="zh")))
        g.add((node, RDFS.label, Literal(f"{en_short}, {en_number}", lang="en")))
        derive(node, excerpt(art.text, art.start, PKG.text))
        derive(node, excerpt(art.number, art.marker_start, PKG.number, PKG.ordinal))
        if art.heading is not None:
            g.add((node, PKG.heading, Literal(art.heading, lang="zh")))
            for h in art.headings:
                derive(node, excerpt(h.raw, h.start, PKG.heading))
    return g, parsed


def build_graphs(data_dir: Path) -> dict[str, Graph]:
    """Slug → graph for every law under *data_dir*/sources/laws."""
    sources = Sources(data_dir)
    return {law.slug: build_law(law, sources)[0] for law in law_files(data_dir)}


def write_graphs(graphs: dict[str, Graph], out_dir: Path) -> None:
    """Write one Turtle file per law and remove files of laws no longer shipped."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for slug, g in sorted(graphs.items()):
        write_turtle(g, out_dir / f"{slug}.ttl")
    for stale in sorted(out_dir.glob("*.ttl")):
        if stale.stem not in graphs:
            stale.unlink()


def differences(graphs: dict[str, Graph], out_dir: Path) -> list[str]:
    """Files in *out_dir* that are missing, extra, or not isomorphic to what the builder makes."""
    out_dir = Path(out_dir)
    found: list[str] = []
    for slug, g in sorted(graphs.items()):
        path = out_dir / f"{slug}.ttl"
        if not path.is_file():
            found.append(f"{path.name}: missing")
            continue
        on_disk = Graph()
        parse_turtle_into(on_disk, path)
        if not isomorphic(on_disk, g):
            found.append(f"{path.name}: differs from the builder's output")
    for extra in sorted(out_dir.glob("*.ttl")):
        if extra.stem not in graphs:
            found.append(f"{extra.name}: not produced by the builder")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="data folder (holds sources.ttl)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: <data>/registry/laws)")
    parser.add_argument("--check", action="store_true", help="compare with the files in --out instead of writing")
    args = parser.parse_args(argv)
    out = args.out if args.out is not None else args.data / "registry" / "laws"
    try:
        graphs = build_graphs(args.data)
        if args.check:
            diff = differences(graphs, out)
            for line in diff:
                print(line)
            return 1 if diff else 0
        write_graphs(graphs, out)
    except PolicyKGError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    articles = sum(1 for g in graphs.values() for _ in g.subjects(RDF.type, PKG.Provision))
    print(f"{len(graphs)} law documents, {articles} articles → {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
