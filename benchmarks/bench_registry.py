"""The national registry on a persistent store: import, draft check, saved queries, load, full validation.

Every figure is printed with the reference it is compared with, measured in the same run. Heavy parts run in
their own processes so each peak RSS is its own. The corpus is read from --corpus (a LawRefBook folder); the store
folders are made under --work (default: a temporary folder, removed at the end unless --keep).

    python benchmarks/bench_registry.py --corpus ../shared/corpus/lawrefbook            # everything
    python benchmarks/bench_registry.py --corpus … --only import check queries load validate
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
sys.path.insert(0, str(SRC))
ENV = dict(os.environ, PYTHONPATH=str(SRC))
DRAFTS = [ROOT / "tests" / "fixtures" / "check" / "drafts" / "violating.ttl",
          ROOT / "tests" / "fixtures" / "registry" / "synthetic-cites-lifa.txt"]
AS_OF = "2026-11-26"


# Peak RSS of this process image (VmHWM): ru_maxrss survives exec on Linux, so a child would report its parent's.
HWM = ("def hwm_kb():\n"
       "    for line in open('/proc/self/status'):\n"
       "        if line.startswith('VmHWM:'):\n"
       "            return int(line.split()[1])\n"
       "    return 0\n")


def cli(*args: str) -> tuple[float, float, str]:
    """(wall s, peak RSS MB, stdout) of `policykg ARGS` in a fresh process."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", HWM + "import sys;"
                           "sys.argv=['policykg']+sys.argv[1:];"
                           "import atexit;atexit.register(lambda: sys.stderr.write("
                           "'\\nPEAKRSS %d\\n' % hwm_kb()));"
                           "from policykg.cli.main import main; main()", *args],
                          env=ENV, capture_output=True, text=True)
    wall = time.perf_counter() - t
    peak = next((int(line.split()[1]) / 1024 for line in proc.stderr.splitlines() if line.startswith("PEAKRSS")), 0)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"policykg {' '.join(args)} failed: {proc.stderr[-500:]}")
    return wall, peak, proc.stdout


def du_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file()) / 2**20


def section(title: str) -> None:
    print(f"\n## {title}\n", flush=True)


# ---- import ---------------------------------------------------------------------------------------------------
def bench_import(corpus: Path, work: Path) -> None:
    section("Import of the whole corpus (policykg registry import laws)")
    national = work / "national"
    wall, peak, out = cli("registry", "import", "laws", str(corpus), "--store", str(national))
    print(out)
    print(f"import laws: {wall:.1f} s wall, peak RSS {peak:.0f} MB, store {du_mb(national):.0f} MB on disk")
    gen = (national / "CURRENT").read_text().strip()
    wall2, peak2, out2 = cli("registry", "import", "laws", str(corpus), "--store", str(national))
    same = (national / "CURRENT").read_text().strip() == gen
    print(f"second run: {wall2:.1f} s, peak RSS {peak2:.0f} MB, generation unchanged: {same} — {out2.splitlines()[-1]}")
    wall3, _p, _o = cli("registry", "import", "bundled", "--store", str(national))
    print(f"import bundled into the national store: {wall3:.1f} s")
    wall4, _p, _o = cli("registry", "import", "bundled", "--store", str(work / "bundled"))
    print(f"import bundled into an empty store: {wall4:.1f} s")
    wall5, peak5, out5 = cli("registry", "verify", "--store", str(national), "--sources", f"lawrefbook={corpus}")
    print(f"verify (with every quote against its source): {wall5:.1f} s, peak RSS {peak5:.0f} MB — "
          f"{out5.splitlines()[-1]}")
    _w, _p, stats = cli("registry", "stats", "--store", str(national))
    print(stats)


# ---- draft check ----------------------------------------------------------------------------------------------
WARM = HWM + r"""
import datetime as dt, hashlib, json, statistics, sys, time
from pathlib import Path
from policykg import check, RuleBook
from policykg.registry.resolve import registry_index
from policykg.store import OxigraphStore

store = OxigraphStore.open(Path(sys.argv[1]))
drafts = [Path(p) for p in sys.argv[2:]]
rulebook = RuleBook.load()
times, findings = [], None
for i in range(6):
    t = time.perf_counter()
    report = check(drafts, store, as_of=dt.date(2026, 11, 26), rulebook=rulebook, citations=registry_index(store))
    times.append(time.perf_counter() - t)
    f = sorted((x.rule.rule_id or "", str(x.focus.iri), str(x.value)) for x in report.findings)
    assert findings is None or f == findings
    findings = f
print(json.dumps({"first": times[0], "warm": statistics.median(times[1:]), "findings": len(findings),
                  "digest": hashlib.sha256(json.dumps(findings).encode()).hexdigest(),
                  "peak_mb": hwm_kb() / 1024}))
"""


def bench_check(work: Path) -> None:
    section("Draft check against the bundled registry and against the national store")
    stores = {"bundled store": work / "bundled", "national store": work / "national"}
    for draft in DRAFTS:
        print(f"draft {draft.name}:")
        wall, peak, _ = cli("check", str(draft), "--as-of", AS_OF)
        print(f"  cold CLI, bundled files in memory (today's default): {wall:.2f} s, peak {peak:.0f} MB")
        cold = {}
        for name, folder in stores.items():
            wall, peak, out = cli("check", str(draft), "--as-of", AS_OF, "--store", str(folder), "--format", "json")
            cold[name] = (wall, json.loads(out)["findings"])
            print(f"  cold CLI, {name}: {wall:.2f} s, peak {peak:.0f} MB, {len(cold[name][1])} findings")
        print(f"  cold ratio national/bundled store: ×{cold['national store'][0] / cold['bundled store'][0]:.2f}; "
              f"identical findings: {cold['national store'][1] == cold['bundled store'][1]}")
    warm = {}
    for name, folder in stores.items():
        proc = subprocess.run([sys.executable, "-c", WARM, str(folder), *map(str, DRAFTS)], env=ENV,
                              capture_output=True, text=True)
        if proc.returncode:
            raise SystemExit(proc.stderr[-800:])
        warm[name] = json.loads(proc.stdout.strip().splitlines()[-1])
        w = warm[name]
        print(f"warm in-process, both drafts, {name}: first {w['first']:.2f} s, then median {w['warm']:.2f} s; "
              f"peak RSS {w['peak_mb']:.0f} MB; {w['findings']} findings")
    b, n = warm["bundled store"], warm["national store"]
    print(f"warm ratio national/bundled: ×{n['warm'] / b['warm']:.2f}; identical findings: {n['digest'] == b['digest']}")


# ---- saved queries --------------------------------------------------------------------------------------------
QUERIES = ("trace-results", "uncovered-provisions")


def _time(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def bench_queries(work: Path) -> None:
    import pyoxigraph as ox

    from policykg import queries as Q
    from policykg.registry.persist import StoreDir
    from policykg.store import MemoryStore, OxigraphStore

    section("Saved trace and coverage queries: rdflib in memory, the store, raw pyoxigraph")
    memory = MemoryStore.from_files()
    for name, folder in (("bundled", work / "bundled"), ("national", work / "national")):
        store = OxigraphStore.open(folder)
        raw = StoreDir(folder).open_read()
        repeat = 3 if name == "bundled" else 1
        for qname in QUERIES:
            q = Q.load(qname)
            text = q.text
            t_store = _time(lambda: Q.run(store, q, Q.bind(q, {}, store)), repeat)
            t_raw = _time(lambda: [tuple(s) for s in raw.query(text, use_default_graph_as_union=True)], repeat)
            rows = len(Q.run(store, q, Q.bind(q, {}, store)).rows)
            line = f"{name:8} {qname:22} store {t_store * 1000:8.1f} ms  raw pyoxigraph {t_raw * 1000:8.1f} ms " \
                   f"(store/raw ×{t_store / t_raw:.2f})  rows {rows}"
            if name == "bundled":
                t_mem = _time(lambda: Q.run(memory, q, Q.bind(q, {}, memory)))
                mem_rows = len(Q.run(memory, q, Q.bind(q, {}, memory)).rows)
                line += f"  rdflib {t_mem * 1000:8.1f} ms (rdflib/store ×{t_mem / t_store:.1f}, rows {mem_rows})"
            print(line, flush=True)
        del raw, store


# ---- load -----------------------------------------------------------------------------------------------------
def bench_load(work: Path) -> None:
    import pyoxigraph as ox
    from rdflib import Dataset, Graph

    from policykg import resources
    from policykg.load import load_all
    from policykg.registry.persist import StoreDir

    section("Load: rdflib against pyoxigraph")
    files = resources.ontology_files() + resources.data_files()
    t_rdflib = _time(lambda: load_all(), 2)
    t_plain = _time(lambda: [Graph().parse(p, format="turtle") for p in files], 2)

    def ox_load():
        st = ox.Store()
        for p in files:
            st.load(path=str(p), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(p.resolve().as_uri()))
    t_ox = _time(ox_load, 3)
    print(f"bundled files ({len(files)}): policykg load_all (rdflib) {t_rdflib:.2f} s, plain rdflib {t_plain:.2f} s, "
          f"pyoxigraph {t_ox:.3f} s → rdflib/pyoxigraph ×{t_plain / t_ox:.1f}")
    nq = work / "national.nq"
    raw = StoreDir(work / "national").open_read()
    t_dump = _time(lambda: raw.dump(output=str(nq), format=ox.RdfFormat.N_QUADS), 1)
    lines = nq.read_text(encoding="utf-8").splitlines(keepends=True)
    sample = work / "sample.nq"
    sample.write_text("".join(lines[:300_000]), encoding="utf-8")
    t_rd = _time(lambda: Dataset().parse(sample, format="nquads"), 1)
    t_ox2 = _time(lambda: ox.Store().bulk_load(path=str(sample), format=ox.RdfFormat.N_QUADS), 2)
    t_oxall = _time(lambda: ox.Store(str(work / f"reload-{time.time_ns()}")).bulk_load(
        path=str(nq), format=ox.RdfFormat.N_QUADS), 1)
    print(f"national N-Quads ({len(lines)} quads, dump {t_dump:.1f} s): first 300,000 quads rdflib {t_rd:.1f} s, "
          f"pyoxigraph {t_ox2:.2f} s → ×{t_rd / t_ox2:.1f}; all quads bulk-loaded on disk in {t_oxall:.1f} s")


# ---- full validation ------------------------------------------------------------------------------------------
VALIDATE = HWM + r"""
import datetime as dt, json, sys, time
from pathlib import Path
from policykg import check, RuleBook
from policykg.store import OxigraphStore
engine = sys.argv[2]
store = OxigraphStore.open(Path(sys.argv[1]))
t = time.perf_counter()
graph = store.graph()
t_load = time.perf_counter() - t
rulebook = RuleBook.load()
if engine == "policykg":
    t = time.perf_counter()
    report = check([], store, as_of=dt.date(2026, 11, 26), rulebook=rulebook)
    found = sorted(str(f.focus.iri) for f in report.findings if f.rule.kind != "query")
else:
    import pyshacl
    from rdflib.namespace import SH
    from policykg.rulebook.inference import enrich
    t = time.perf_counter()
    data = enrich(graph, as_of=dt.date(2026, 11, 26))
    conforms, results, _text = pyshacl.validate(data, shacl_graph=rulebook.shapes, advanced=True, inference="none")
    found = sorted(str(results.value(r, SH.focusNode)) for r in results.subjects(SH.resultSeverity, None))
elapsed = time.perf_counter() - t
print(json.dumps({"load": t_load, "validate": elapsed, "triples": len(graph), "results": len(found), "found": found,
                  "peak_mb": hwm_kb() / 1024}))
"""


def bench_validate(work: Path, which: list[str]) -> None:
    section("Full validation: the project's engine against plain pySHACL on the same shapes and data")
    for name in which:
        folder = work / name
        row = {}
        for engine in ("policykg", "pyshacl"):
            proc = subprocess.run([sys.executable, "-c", VALIDATE, str(folder), engine], env=ENV,
                                  capture_output=True, text=True)
            if proc.returncode:
                print(f"{name} {engine}: failed: {proc.stderr[-400:]}")
                break
            row[engine] = json.loads(proc.stdout.strip().splitlines()[-1])
            r = row[engine]
            print(f"{name:8} {engine:9} {r['triples']} triples: validate {r['validate']:.1f} s "
                  f"(reading the store {r['load']:.1f} s), {r['results']} SHACL results, "
                  f"peak {r['peak_mb']:.0f} MB", flush=True)
        if len(row) == 2:
            print(f"{name:8} pySHACL/policykg ×{row['pyshacl']['validate'] / row['policykg']['validate']:.1f}; "
                  f"identical results (focus node of every SHACL result, with multiplicity): "
                  f"{row['pyshacl']['found'] == row['policykg']['found']}")
            from collections import Counter
            a, b = Counter(row['pyshacl']['found']), Counter(row['policykg']['found'])
            if a != b:
                print(f"  only pySHACL: {sorted((a - b).items())[:5]}; only policykg: {sorted((b - a).items())[:5]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--only", nargs="+", default=["import", "check", "queries", "load", "validate"])
    ap.add_argument("--validate-stores", nargs="+", default=["bundled"])
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="pk-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"# bench_registry {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC — {platform.node()}, "
          f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"load average {os.getloadavg()[0]:.1f} at start (shared machine)")
    try:
        if "import" in args.only:
            bench_import(args.corpus, work)
        if "check" in args.only:
            bench_check(work)
        if "queries" in args.only:
            bench_queries(work)
        if "load" in args.only:
            bench_load(work)
        if "validate" in args.only:
            bench_validate(work, args.validate_stores)
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
