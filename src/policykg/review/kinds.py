"""The kind of a finding — legality problem, finding to verify, procedure record missing, data gap — read from
data/review/findings.toml (a file a reviewer can read and change), and the order of the report."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from ..resources import resource_dir

KINDS: tuple[str, ...] = ("legality", "verify", "procedure", "data-gap")
KINDS_FILE = "review/findings.toml"


@dataclass(frozen=True)
class KindLabel:
    zh: str
    en: str
    zh_note: str
    en_note: str


@dataclass(frozen=True)
class KindBook:
    defaults: dict[str, str]
    rules: dict[str, dict]
    labels: dict[str, KindLabel]


@lru_cache(maxsize=1)
def kind_book() -> KindBook:
    with open(resource_dir("data") / KINDS_FILE, "rb") as fh:
        data = tomllib.load(fh)
    labels = {k: KindLabel(v["zh"], v["en"], v.get("zh_note", ""), v.get("en_note", ""))
              for k, v in data["labels"].items()}
    for entry in data.get("rules", {}).values():
        for key in ("kind", "in_draft"):
            if key in entry and entry[key] not in KINDS:
                raise ValueError(f"{KINDS_FILE}: unknown kind {entry[key]!r}")
    return KindBook(dict(data["defaults"]), dict(data.get("rules", {})), labels)


def rule_name(rule_iri: str) -> str:
    """The shape's or check query's name: the last segment of its IRI."""
    return rule_iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def kind_of(severity: str, rule_iri: str, *, in_draft: bool = False) -> str:
    """The kind of a finding of *severity* under the rule *rule_iri*; a Violation is always a legality problem."""
    book = kind_book()
    if severity == "Violation":
        return "legality"
    entry = book.rules.get(rule_name(rule_iri), {})
    if in_draft and "in_draft" in entry:
        return entry["in_draft"]
    return entry.get("kind") or book.defaults.get(severity, "verify")


def why_of(rule_iri: str) -> str | None:
    """The file's reason for a rule's kind (Chinese), if it gives one."""
    return kind_book().rules.get(rule_name(rule_iri), {}).get("why")


def label(kind: str) -> KindLabel:
    return kind_book().labels[kind]


def title_of(rule_iri: str) -> tuple[str, str] | None:
    """The problem a finding of this rule reports, (zh, en), e.g. 举措未关联到上位文件的条款 / Measure linked to no
    provision; None for a rule the file does not name (the report falls back to the rule's label)."""
    entry = kind_book().rules.get(rule_name(rule_iri), {})
    if "title_zh" in entry:
        return entry["title_zh"], entry.get("title_en") or entry["title_zh"]
    return None


def near_of(rule_iri: str) -> tuple[str, ...]:
    """Full IRIs of the properties whose sentence shows where what the rule misses belongs (``near`` in the file)."""
    from ..namespaces import PREFIXES

    out = []
    for name in kind_book().rules.get(rule_name(rule_iri), {}).get("near", []):
        prefix, _, local = name.partition(":")
        out.append(str(PREFIXES[prefix]) + local if prefix in PREFIXES else name)
    return tuple(out)
