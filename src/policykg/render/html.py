"""HTML: one self-contained page (inline CSS, no script, no external URL of any kind) that opens offline.

The verdict and the counts by kind first, then the findings in the order a reviewer acts on them — legality
problems, findings to verify, missing procedure records — each on the draft's own sentence; the data gaps in one
collapsed section (one line per kind, each opening to its list); the findings fixed since the previous round; a
status card per document relied on; the provisions quoted. Links are in-page anchors only: each provision to its
text (#prov-N), each document to its card (#doc-…). A print stylesheet puts the 文号 and the date in a running
header and numbers the pages.

The page is the template render/templates/check-report.html (policykg.render.pages); this module gathers what it
shows and numbers the in-page anchors.
"""

from __future__ import annotations

from ..check.report import CheckReport, Finding, LegalSource, Value, variable_label
from .common import (
    KIND_ORDER,
    baseline_line,
    excerpt_line,
    headline,
    kind_label,
    kind_note,
    kind_sections,
    review_scope_documents,
    review_verdict,
    rules_line,
    scope,
    severity_line,
    since_label,
)
from .pages import Markup, escape, render_page

COLOURS = {
    "legality": ("#a4161a", "#fdecea"),
    "verify": ("#8a5300", "#fff4e0"),
    "procedure": ("#5b3a99", "#f1ecfa"),
    "data-gap": ("#55606e", "#f1f3f5"),
}


def kind_style(kind: str) -> str:
    fg, bg = COLOURS.get(kind, ("#555", "#f3f3f3"))
    return f"--sev: {fg}; --bg: {bg};"


class _Links:
    """Anchors of the page: provisions (#prov-N, numbered in order of first citation) and document cards.

    The template asks for a provision's anchor where it cites it, so the numbers follow the reading order.
    """

    def __init__(self, report: CheckReport):
        self.cards = {c.iri: c.anchor for c in report.cards}
        self.provisions: dict[str, tuple[int, LegalSource]] = {}

    def provision(self, src: LegalSource) -> str:
        if src.iri not in self.provisions:
            self.provisions[src.iri] = (len(self.provisions) + 1, src)
        return f"prov-{self.provisions[src.iri][0]}"

    def quoted(self) -> list[tuple[int, LegalSource]]:
        """The provisions cited so far that have a text to show, by number."""
        return sorted(((n, src) for n, src in self.provisions.values() if src.quote), key=lambda x: x[0])

    def document(self, iri: str, text: str) -> Markup:
        """*text* linked to the document's status card when it has one."""
        anchor = self.cards.get(iri)
        return Markup(f'<a href="#{escape(anchor)}">{escape(text)}</a>') if anchor else escape(text)

    def carded_mentions(self, f: Finding) -> list[tuple[str, str, Value]]:
        """The documents a finding concerns or names that have a status card: (label zh, label en, value)."""
        mentioned: list[tuple[str, str, Value]] = []
        if f.value is not None and f.value.node is not None:
            mentioned.append(("所涉", "concerns", f.value))
        mentioned += [(*variable_label(name), v) for name, v in f.details if v.node is not None]
        return [(zh, en, v) for zh, en, v in mentioned if v.node is not None and v.node.iri in self.cards]


def running_header(report: CheckReport) -> str:
    numbers = review_scope_documents(report)
    head = "、".join(numbers[:3]) + (" 等" if len(numbers) > 3 else "")
    return f"{head + ' · ' if head else ''}合法性审核报告 · 基准日 {report.as_of.isoformat()}"


def render(report: CheckReport) -> str:
    from ..review.kinds import why_of

    links = _Links(report)
    worst = next((k for k in KIND_ORDER if report.kind_counts[k] and k != "data-gap"), "data-gap")
    # a CSS string inside <style> (no HTML escaping applies there): escape quotes, backslashes and "<"
    css_running = running_header(report).replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    sections = [(kind, groups, n) for kind, groups in kind_sections(report)
                if (n := sum(len(fs) for _, fs in groups))]
    return render_page(
        "check-report.html",
        report=report,
        as_of=report.as_of.isoformat(),
        running_css=Markup(f'"{css_running}"'),
        head=headline(report),
        verdict=review_verdict(report),
        worst=worst if report.findings else "data-gap",
        kinds=KIND_ORDER,
        baseline=baseline_line(report),
        sections=sections,
        scope=scope(report),
        rules=rules_line(report),
        severity=severity_line(report),
        links=links,
        document_link=links.document,
        carded_mentions=links.carded_mentions,
        kind_style=kind_style,
        kind_label=kind_label,
        kind_note=kind_note,
        since_label=since_label,
        excerpt_line=excerpt_line,
        why_of=why_of,
    )
