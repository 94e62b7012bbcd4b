"""Precision, recall and F1 of `policykg ingest` per field on the hand-labelled corpus tests/corpus/ingest/.

Fields: own 文号, cited 文号, title↔number pairing of citations, document title, result figures (value, unit,
comparator) in the reports that are labelled with results. Also: the rapidfuzz score at which a cited title is
taken for a registry title (the FUZZY_THRESHOLD of policykg.ingest.resolve), measured by resolving every labelled
cited title against a registry made of the *other* labelled titles, and the time per text.

    PYTHONPATH=src python benchmarks/bench_ingest.py [--held-out-only] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from policykg.ingest.draft import ingest_file
from policykg.ingest.normalise import normalise_text
from policykg.ingest.resolve import title_key

ROOT = Path(__file__).resolve().parents[1]

CORPUS = ROOT / "tests/corpus/ingest"


def simple(title: str | None) -> str:
    return title_key(normalise_text(title or "", rejoin=False).text).replace("<", "〈").replace(">", "〉")


def titles_match(got: str | None, want: str | None) -> bool:
    if not got or not want:
        return False
    a, b = simple(got), simple(want)
    return a == b or (len(b) >= 6 and (b in a or a in b))


class PRF:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, got: Counter, want: Counter) -> tuple[Counter, Counter]:
        tp = got & want
        self.tp += sum(tp.values())
        self.fp += sum((got - want).values())
        self.fn += sum((want - got).values())
        return got - want, want - got

    def row(self, name: str) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"{name:<22} {p:6.3f} {r:6.3f} {f:6.3f}   tp={self.tp} fp={self.fp} fn={self.fn}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--held-out-only", action="store_true")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args(argv)
    fields = {k: PRF() for k in ("own 文号", "cited 文号", "title↔number", "document title", "results")}
    held = {k: PRF() for k in ("own 文号", "cited 文号", "title↔number")}
    fuzzy_cases: list[tuple[str, str]] = []  # (cited title, its own labelled title)
    all_titles: list[str] = []
    n = 0
    elapsed = 0.0
    for label_path in sorted((CORPUS / "labels").glob("*.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        if args.held_out_only and not label["heldOut"]:
            continue
        text_path = CORPUS / "texts" / f"{label_path.stem}.txt"
        t0 = time.perf_counter()
        draft = ingest_file(text_path)
        elapsed += time.perf_counter() - t0
        n += 1
        f = draft.facts
        got_own = Counter([f.doc_number_match.canonical] if f.doc_number_match and f.doc_number_match.canonical else [])
        want_own = Counter(label["own"])
        cited_numbers = {c.number for c in f.citations if c.number}
        got_cited = Counter(cited_numbers - set(got_own))
        want_cited = Counter(c["number"] for c in label["cited"])
        diffs = {}
        for key, got, want in (("own 文号", got_own, want_own), ("cited 文号", got_cited, want_cited)):
            diffs[key] = fields[key].add(got, want)
            if label["heldOut"]:
                held[key].add(got, want)
        # pairing: each labelled (number, title) whose number was found, against the titles found with that number
        pair = Counter()
        want_pair = Counter()
        for c in label["cited"]:
            if c["title"] is None:
                continue
            all_titles.append(c["title"])
            fuzzy_cases.append((c["title"], c["title"]))
            if c["number"] not in cited_numbers:
                continue
            want_pair[c["number"]] += 1
            titles = [x.title for x in f.citations if x.number == c["number"]]
            if any(titles_match(t, c["title"]) for t in titles):
                pair[c["number"]] += 1
            elif titles and titles[0]:
                pair[f"{c['number']}≠{titles[0]}"] += 1
        diffs["title↔number"] = fields["title↔number"].add(pair, want_pair)
        if label["heldOut"]:
            held["title↔number"].add(pair, want_pair)
        if label.get("title"):
            ok = f.title is not None and titles_match(f.title.text, label["title"]) and \
                simple(f.title.text) == simple(label["title"])
            fields["document title"].add(Counter([1] if ok else ([2] if f.title else [])), Counter([1]))
            if not ok:
                diffs["document title"] = (f.title.text if f.title else None, label["title"])
        if "results" in label:
            got_r = Counter()
            want_r = Counter()
            units = {}
            for r in f.results:
                if r.value is None:
                    continue
                got_r[(round(r.value, 4), r.unit, r.comparator)] += 1
                units[(round(r.value, 4), r.unit_code, r.comparator)] = (round(r.value, 4), r.unit, r.comparator)
            for r in label["results"]:
                key = (round(float(r["value"]), 4), r["unit"], r["comparator"])
                want_r[units.get(key, key)] += 1
            diffs["results"] = fields["results"].add(got_r, want_r)
        if args.verbose:
            bad = {k: v for k, v in diffs.items() if (isinstance(v, tuple) and any(v))}
            if bad:
                print(f"--- {label_path.stem}")
                for k, v in bad.items():
                    print(f"    {k}: extra={dict(v[0]) if isinstance(v[0], Counter) else v[0]} "
                          f"missed={dict(v[1]) if isinstance(v[1], Counter) else v[1]}")
    print(f"\ncorpus: {n} texts ({'held-out part only' if args.held_out_only else 'all'}), "
          f"{elapsed / max(n, 1) * 1000:.0f} ms per text (ingest_file, incl. reading)")
    print(f"{'field':<22} {'P':>6} {'R':>6} {'F1':>6}")
    for name, prf in fields.items():
        print(prf.row(name))
    if not args.held_out_only:
        print("held-out part (texts 033–042, not used by the unit tests):")
        for name, prf in held.items():
            print("  " + prf.row(name))
    fuzzy_table(all_titles)
    return 0


def fuzzy_table(titles: list[str]) -> None:
    """How often the best fuzzy match of a title, with its own entry removed, is wrong — by threshold.

    Every labelled title T is matched against the registry of all OTHER labelled titles: any match is wrong
    (T's document is not there), so the share of titles with a best score ≥ s is the false-resolution rate at s.
    Against a registry that holds T in another spelling (traditional characters, issuer prefixed, spaces and
    brackets changed) the best match must be T: that is the true-resolution rate."""
    from rapidfuzz import fuzz, process

    keys = sorted({simple(t) for t in titles})
    if len(keys) < 3:
        return
    wrong_scores = []
    right_scores = []
    for k in keys:
        others = [o for o in keys if o != k]
        wrong_scores.append(process.extractOne(k, others, scorer=fuzz.ratio)[1])
        variant = k.replace("关于", "关於").replace("的", "")[: max(6, len(k) - 2)]
        right_scores.append(fuzz.ratio(variant, k))
    print("fuzzy title resolution (rapidfuzz ratio), labelled titles against the other labelled titles:")
    print(f"  {'threshold':>9} {'false resolutions':>18} {'variant kept':>13}")
    for s in (70, 75, 80, 85, 90, 95):
        wrong = sum(x >= s for x in wrong_scores) / len(wrong_scores)
        right = sum(x >= s for x in right_scores) / len(right_scores)
        print(f"  {s:>9} {wrong:>18.3f} {right:>13.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
