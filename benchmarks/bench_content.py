"""Precision and recall of the content rule book on the labelled clause set (tests/corpus/clauses/).

Every clause of tests/corpus/clauses/clauses.tsv was labelled by hand with the categories it falls in (README
there); this script applies policykg.content.classify (any certainty counts as a hit) and prints, per category and
per split (each split, then "tuned" = the splits the rule book was tuned on, TUNED below, and "all"), the labelled
positives, true and false positives, precision and recall, then every error with its clause. A split not in TUNED
is unseen: its figures are the honest estimate on new text (tests/corpus/clauses/README.md). It also times the classifier against a reference run of plain substring search over the
same clauses in the same process.

    PYTHONPATH=src python benchmarks/bench_content.py [--split dev|heldout|all] [--errors]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

from policykg.content import classify, load_categories

TUNED = ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5")  # heldout5 tuned on in round 6
CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "clauses" / "clauses.tsv"


def read_corpus(path: Path = CORPUS) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    for r in rows:
        r["gold"] = set() if r["labels"] == "-" else set(r["labels"].split(","))
    return rows


def evaluate(rows: list[dict], slugs: list[str]) -> tuple[dict, list[tuple]]:
    stats = {s: {"pos": 0, "tp": 0, "fp": 0} for s in slugs}
    errors: list[tuple] = []
    for r in rows:
        hits = {h.category.slug: h for h in classify(r["text"])}
        for s in slugs:
            gold, pred = s in r["gold"], s in hits
            stats[s]["pos"] += gold
            stats[s]["tp"] += gold and pred
            stats[s]["fp"] += pred and not gold
            if gold != pred:
                errors.append((s, "FP" if pred else "FN", r["id"], r["split"], hits[s].matched if pred else "",
                               r["text"]))
    return stats, errors


def ratio(num: int, den: int) -> str:
    return f"{num / den:.3f}" if den else "  n/a"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default=None, help="one split of the corpus (dev, heldout, heldout2 …) or all")
    ap.add_argument("--errors", action="store_true", help="list every error (default: listed for 'all')")
    args = ap.parse_args(argv)
    rows = read_corpus()
    slugs = [c.slug for c in load_categories()]
    negatives = sum(1 for r in rows if not r["gold"])
    names = sorted({r["split"] for r in rows})
    print(f"labelled clauses: {len(rows)} (negatives {negatives}; "
          + ", ".join(f"{n} {sum(r['split'] == n for r in rows)}" for n in names) + ")")
    splits = [args.split] if args.split else names + ["tuned", "all"]
    worst = 1.0
    all_errors: list[tuple] = []
    for split in splits:
        if split == "all":
            part = rows
        elif split == "tuned":  # the parts the patterns were tuned on (tests/corpus/clauses/README.md)
            part = [r for r in rows if r["split"] in TUNED]
        else:
            part = [r for r in rows if r["split"] == split]
        stats, errors = evaluate(part, slugs)
        print(f"\n[{split}] {len(part)} clauses")
        print(f"  {'category':<20} {'pos':>4} {'tp':>4} {'fp':>4} {'P':>6} {'R':>6}")
        for s in slugs:
            st = stats[s]
            p, r = ratio(st["tp"], st["tp"] + st["fp"]), ratio(st["tp"], st["pos"])
            print(f"  {s:<20} {st['pos']:>4} {st['tp']:>4} {st['fp']:>4} {p:>6} {r:>6}")
            if split == "all":
                for v in (p, r):
                    if v.strip() != "n/a":
                        worst = min(worst, float(v))
        if split == "all" or args.errors:
            all_errors = errors
    if all_errors:
        print(f"\nerrors ({len(all_errors)}):")
        for s, kind, rid, split, matched, text in sorted(all_errors):
            print(f"  {kind} {s:<18} {rid:<12} {split:<7} {('«' + matched + '» ') if matched else ''}{text}")
    # speed: the classifier against plain substring search for one word per category, same clauses, same process
    texts = [r["text"] for r in rows]
    t0 = time.perf_counter()
    for _ in range(5):
        for t in texts:
            classify(t)
    t_cls = (time.perf_counter() - t0) / 5
    words = ["罚款", "许可", "查封", "收费", "取消", "指定", "外地", "奖励", "企业", "施行"]
    t0 = time.perf_counter()
    for _ in range(5):
        for t in texts:
            [w in t for w in words]
    t_ref = (time.perf_counter() - t0) / 5
    print(f"\nspeed: {len(texts) / t_cls:,.0f} clauses/s ({t_cls * 1000:.1f} ms for the set); "
          f"reference substring scan {t_ref * 1000:.2f} ms; ratio {t_cls / t_ref:.0f}x")
    print(f"worst per-category P or R on all: {worst:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
