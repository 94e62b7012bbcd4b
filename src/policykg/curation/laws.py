"""data/registry/laws/<short title>-<version date>.ttl: the article-level registry of the shipped laws.

Each data/sources/laws/<short title>(<version date>).md becomes one law document (pkg:Statute,
pkg:AdministrativeRegulation or pkg:LocalRegulation) with one pkg:Provision per article (第N条). Every fact carries
an excerpt of a shipped source (docs/decisions/0003-provenance.md); what no source states is left out. The only
curated input is the English rendering of each title (data/curation/law-titles-en.tsv); the rest is read off
the texts by these rules.

Rules for the header facts (the lines before <!-- INFO END -->, parsed by policykg.ingest.lawmd):
- eli:passed_by and the class come from the organ of the latest version line (通过/公布/修正/修订). Without such a
  line, the research note's LawRefBook path (LRB:行政法规/…) is the only evidence of the form; a 行政法规 is then
  attributed to 国务院 with 立法法 第七十二条 (国务院根据宪法和法律，制定行政法规。) as the second excerpt.
- eli:date_publication and pkg:docNumber only from a line dated on the version date (the date in the file name);
  the original's 公布 date and order number are not facts about a later version.
- eli:first_date_entry_in_force as LawText.entry_into_force reads it (the rule registry import laws follows too):
  a header 施行 line that directly follows the version's own line, or the text's clause 本法自…起施行, each only
  when its date is not before the version date. Conflicting dates stop the build.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from ..errors import PolicyKGError
from ..identifiers import title_slug
from ..ingest.lawmd import VERSION_ACTIONS, LawFormatError, LawText, parse_law_markdown
from ..namespaces import CODE, DOC, ELI, ORG_ID, PKG, SRC, bind_prefixes
from ..provenance import add_excerpt, sha256_of
from ..serialize import turtle_bytes
from .schema import Reader
from .texts import SourceTexts

OUTPUT_DIR = "data/registry/laws"
TITLES = "law-titles-en.tsv"


@dataclass(frozen=True)
class Source:
    """A shipped source text: its src: node and content."""

    node: URIRef
    text: str


def _get(sources: SourceTexts, stem: str) -> Source:
    return Source(sources.iri(stem), sources.text(stem))


FILE_NAME_RE = re.compile(r"^(?P<stem>[^()（）]+)\((?P<date>\d{4}-\d{2}-\d{2})\)\.md$")
README_VERSION_SENTENCE = "The date in each file name is the date of the version."
LIFA_ART_72 = "国务院根据宪法和法律，制定行政法规。"  # 立法法 第七十二条: who makes 行政法规

NATIONAL_LEGISLATURES = ("全国人民代表大会", "全国人民代表大会常务委员会")


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


def _lrb_path(legal_rules: Source, law: LawFile) -> str | None:
    """The research note's LawRefBook path for this file (e.g. LRB:行政法规/公平竞争审查条例(2024-06-06).md)."""
    m = re.search(r"LRB:[^`\s]*/" + re.escape(f"{law.stem}({law.version_date.isoformat()}).md"), legal_rules.text)
    return m.group(0) if m else None


def build_law(law: LawFile, sources: SourceTexts, titles: dict[str, tuple[str, str]]) -> tuple[Graph, LawText]:
    """The graph of one law document and its articles; *titles*: stem → (English title, English short title)."""
    src_node = SRC[f"law-{law.slug}"]
    source = _get(sources, f"law-{law.slug}")
    recorded = sources.graph.value(src_node, PKG.sha256)
    if recorded is None or str(recorded) != sha256_of(law.path):
        raise PolicyKGError(f"{law.path.name} does not match the checksum of {src_node} in sources.ttl "
                            "(changed text? run python -m policykg.curation)")
    try:
        parsed = parse_law_markdown(source.text)
    except LawFormatError as exc:
        raise PolicyKGError(f"{law.path.name}: {exc}") from None
    problems = parsed.numbering_problems()
    if problems:
        raise PolicyKGError(f"{law.path.name}: irregular article numbering: {'; '.join(problems[:3])}")
    if title_slug(parsed.title.text) != law.stem:
        raise PolicyKGError(f"{law.path.name}: title {parsed.title.text!r} does not match the file name")
    if law.stem not in titles:
        raise PolicyKGError(f"{law.path.name}: no English title in data/curation/{TITLES}")
    en_title, en_short = titles[law.stem]

    g = Graph()
    bind_prefixes(g)
    doc = law.iri

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
    readme = _get(sources, "laws-readme")
    g.add((doc, ELI.version_date, Literal(law.version_date, datatype=XSD.date)))
    derive(doc, excerpt(README_VERSION_SENTENCE, 0, ELI.version_date, of=readme))

    # Legal form and issuer. The excerpt that names the organ also shows the form; it does not say
    # pkg:attests rdf:type, because rdf:type as an OWL individual breaks DL reasoning (HermiT via owlready2).
    latest = parsed.latest_version_event()
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
        legal_rules = _get(sources, "legal-rules")
        lrb = _lrb_path(legal_rules, law)
        folders = lrb.removeprefix("LRB:").split("/")[:-1] if lrb is not None else []
        if lrb is not None and "行政法规" in folders:
            g.add((doc, RDF.type, PKG.AdministrativeRegulation))
            g.add((doc, ELI.passed_by, ORG_ID["国务院"]))
            derive(doc, excerpt(lrb, 0, ELI.passed_by, of=legal_rules))
            lifa = _get(sources, "law-立法法-2023-03-13")
            derive(doc, excerpt(LIFA_ART_72, 0, ELI.passed_by, of=lifa))
        elif lrb is not None and "地方性法规" in folders:
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
    in_force = parsed.entry_into_force(law.version_date)
    if len(in_force) > 1:
        raise PolicyKGError(f"{law.path.name}: conflicting entry-into-force dates {sorted(map(str, in_force))}")
    for date, spans in in_force.items():
        g.add((doc, ELI.first_date_entry_in_force, Literal(date, datatype=XSD.date)))
        for span in spans:
            derive(doc, excerpt(span.text, span.start, ELI.first_date_entry_in_force))

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


def build_graphs(data_dir: Path, titles: dict[str, tuple[str, str]]) -> dict[str, Graph]:
    """Slug → graph for every law under *data_dir*/sources/laws."""
    sources = SourceTexts(data_dir)
    return {law.slug: build_law(law, sources, titles)[0] for law in law_files(data_dir)}


def english_titles(reader: Reader) -> dict[str, tuple[str, str]]:
    return {r["stem"]: (r["title_en"], r["short_title_en"]) for r in reader.tsv(TITLES)}


def build(reader: Reader) -> dict[str, bytes]:
    graphs = build_graphs(reader.root / "data", english_titles(reader))
    return {f"{OUTPUT_DIR}/{slug}.ttl": turtle_bytes(g) for slug, g in sorted(graphs.items())}
