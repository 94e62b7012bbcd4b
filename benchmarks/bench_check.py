"""How the pre-publication check scales with the registry.

A draft (the Weihai case files) is checked against the bundled registry replicated K times (the law registry
copied under fresh IRIs), once with the whole registry in the validated graph (--registry-scope full) and once with
the part the draft reaches (bounded). Each configuration runs in a fresh process so peak memory is its own.

    python benchmarks/bench_check.py            # K = 1, 4, 16
    python benchmarks/bench_check.py --k 1 8
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from rdflib import Graph, URIRef

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "data" / "cases" / "weihai-2023"
AS_OF = dt.date(2026, 11, 26)


def replicated_registry(k: int) -> Graph:
    from policykg.check.drafts import registry_paths
    from policykg.load import load_files

    base = load_files(registry_paths())
    if k == 1:
        return base
    laws = load_files(sorted((ROOT / "data" / "registry" / "laws").glob("*.ttl")))
    prefix = "https://w3id.org/policykg/doc/"

    def rename(term, i):
        if isinstance(term, URIRef) and str(term).startswith(prefix):
            head, _, rest = str(term)[len(prefix):].partition("/")
            return URIRef(f"{prefix}{head}-copy{i}" + (f"/{rest}" if rest else ""))
        return term

    for i in range(1, k):
        for s, p, o in laws:
            base.add((rename(s, i), p, rename(o, i)))
    return base


def one(k: int, scope: str) -> dict:
    from policykg.check.drafts import draft_context, draft_focus
    from policykg.rulebook.model import RuleBook
    from policykg.store import MemoryStore
    from policykg.load import load_files
    from policykg.check.run import run_check

    t0 = time.perf_counter()
    registry = replicated_registry(k)
    drafts = [load_files([p]) for p in sorted(CASE.glob("*.ttl"))]
    t1 = time.perf_counter()
    graph = draft_context(MemoryStore(registry), drafts, RuleBook.load(), scope=scope)
    focus = draft_focus(graph, drafts)
    t2 = time.perf_counter()
    report = run_check(graph, as_of=AS_OF, focus=focus)
    t3 = time.perf_counter()
    return {
        "k": k, "scope": scope, "registry_triples": len(registry), "validated_triples": len(graph),
        "load_s": t1 - t0, "scope_s": t2 - t1, "check_s": t3 - t2, "findings": len(report.findings),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--k", type=int, nargs="+", default=[1, 4, 16])
    ap.add_argument("--one", nargs=2, metavar=("K", "SCOPE"))
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(int(args.one[0]), args.one[1])))
        return
    rows = []
    for k in args.k:
        for scope in ("full", "bounded"):
            out = subprocess.run([sys.executable, __file__, "--one", str(k), scope], capture_output=True, text=True,
                                 check=True)
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"{'K':>3} {'scope':<8} {'registry':>9} {'validated':>9} {'load s':>7} {'scope s':>7} {'check s':>7} "
          f"{'findings':>8} {'peak MB':>8}")
    for r in rows:
        print(f"{r['k']:>3} {r['scope']:<8} {r['registry_triples']:>9} {r['validated_triples']:>9} {r['load_s']:>7.2f} "
              f"{r['scope_s']:>7.2f} {r['check_s']:>7.2f} {r['findings']:>8} {r['peak_rss_mb']:>8.0f}")
    base = {r["scope"]: r for r in rows if r["k"] == args.k[0]}
    print("\nratios against K =", args.k[0])
    for r in rows:
        b = base[r["scope"]]
        print(f"  K={r['k']:<3} {r['scope']:<8} check time ×{r['check_s'] / b['check_s']:.2f}   "
              f"validated triples ×{r['validated_triples'] / b['validated_triples']:.2f}")
    same = {r["k"]: r["findings"] for r in rows if r["scope"] == "full"} == \
        {r["k"]: r["findings"] for r in rows if r["scope"] == "bounded"}
    print(f"\nsame number of findings in both scopes at every K: {same}")


if __name__ == "__main__":
    main()
