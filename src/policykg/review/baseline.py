"""Review rounds: compare this check with the JSON report of the previous one (``--baseline PREVIOUS.json``).

Each finding of this round is ``new`` or ``unchanged`` (its stable id was in the previous report); each finding
of the previous report whose id is gone is ``fixed`` and listed too, as the previous report described it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import PolicyKGError

SINCE = ("new", "unchanged", "fixed")


@dataclass(frozen=True)
class FixedFinding:
    """A finding of the previous round that this round no longer has, as the previous report named it."""

    id: str
    severity: str
    kind: str | None
    rule_id: str | None
    title_zh: str
    title_en: str
    subject_zh: str
    subject_en: str
    value_zh: str = ""
    value_en: str = ""

    @property
    def what_zh(self) -> str:
        """The subject, and the value when there is one (the basis a finding was about …)."""
        return f"{self.subject_zh}（{self.value_zh}）" if self.value_zh else self.subject_zh

    @property
    def what_en(self) -> str:
        return f"{self.subject_en} ({self.value_en})" if self.value_en else self.subject_en


@dataclass(frozen=True)
class Baseline:
    """The previous round: where it was read from, its date, and its findings by id."""

    path: str
    as_of: str | None
    findings: dict[str, dict]


def load_baseline(path: Path) -> Baseline:
    """Read a previous ``policykg check --format json`` report; PolicyKGError (one line) if it is not one."""
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PolicyKGError(f"{path}: no such file (--baseline wants the JSON report of the previous check)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PolicyKGError(f"{path}: not a JSON report of policykg check ({exc.__class__.__name__})") from None
    if not isinstance(doc, dict) or doc.get("schema") != "policykg-check-report":
        raise PolicyKGError(f"{path}: not a JSON report of policykg check (run check --format json to make one)")
    findings = doc.get("findings")
    if not isinstance(findings, list) or any(not isinstance(f, dict) for f in findings):
        raise PolicyKGError(f"{path}: the report's findings are not a list of objects")
    if any(not isinstance(f.get("id"), str) for f in findings):
        raise PolicyKGError(f"{path}: its findings have no ids (an older policykg made it); check again without "
                            "--baseline to start the rounds")
    # a report made with --baseline lists fixed findings too: they are not part of that round
    current = {f["id"]: f for f in findings if f.get("since_baseline") != "fixed"}
    return Baseline(str(path), doc.get("as_of") if isinstance(doc.get("as_of"), str) else None, current)


def _text(obj, *keys: str) -> str:
    for k in keys:
        obj = obj.get(k) if isinstance(obj, dict) else None
    return obj if isinstance(obj, str) else ""


def compare(ids: list[str], baseline: Baseline) -> tuple[dict[str, str], tuple[FixedFinding, ...]]:
    """(since per id of this round, the previous round's findings that are gone)."""
    since = {i: ("unchanged" if i in baseline.findings else "new") for i in ids}
    present = set(ids)
    fixed = []
    for fid, f in baseline.findings.items():
        if fid in present:
            continue
        fixed.append(FixedFinding(
            id=fid,
            severity=_text(f, "severity") or "Warning",
            kind=_text(f, "kind") or None,
            rule_id=_text(f, "rule", "id") or None,
            title_zh=_text(f, "title", "zh") or _text(f, "rule", "label", "zh"),
            title_en=_text(f, "title", "en") or _text(f, "rule", "label", "en"),
            subject_zh=_text(f, "focus", "name", "zh"),
            subject_en=_text(f, "focus", "name", "en"),
            value_zh=_text(f, "value", "text", "zh"),
            value_en=_text(f, "value", "text", "en"),
        ))
    fixed.sort(key=lambda x: (x.rule_id or "", x.id))
    return since, tuple(fixed)
