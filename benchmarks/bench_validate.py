"""Full validation of a registry store: the oxigraph engine against plain pySHACL, same shapes, same enriched data.

For each size (a number of triples, or ``full``) the data is read from the store folder — the bundled graphs whole,
then the corpus graphs' triples subject by subject in the store's order until the size is reached — into an
in-memory pyoxigraph store, enriched there (``rulebook.inference.enrich_store``: ontology, inference rules to a
fixpoint, check context), and validated:

- ``oxigraph``: ``rulebook.oxigraph_engine`` on that store (the rule book compiled to SPARQL);
- ``pyshacl``: plain ``pyshacl.validate(graph, shacl_graph=rulebook.shapes, advanced=True, inference="none")`` on an
  rdflib graph holding the same enriched triples (the conversion is timed apart, not counted);
- ``pyshacl-ox``: the same pySHACL call handed the pyoxigraph store itself (pySHACL's Oxigraph-backed data graph).

The results are compared as multisets of (focus, source shape, path, value, severity, messages); every ratio is
measured in the same process. pySHACL gets a time limit per run (``--limit`` minutes); a run that exceeds it is
reported as such. ``--reference DIR`` reads a pySHACL report and timings written by an earlier run on the full
store (``--write-reference DIR``), for the one size plain pySHACL takes too long to repeat.

``--whole-check ROUNDS`` first times the whole-registry check of the store (``check --store DIR`` without drafts:
``check.run.run_check_store``) with each copy it can work in — ``checkpoint`` (a RocksDB checkpoint inside the
store folder, queried as the union of its graphs) and ``memory`` (every quad read into an in-memory store) — in
turns, each run in a child forked from this process (so each has its own peak RSS and CPU time), and compares
their JSON reports byte for byte. The store folder must be writable (use a copy of it).

    PYTHONPATH=src nice -n 10 python benchmarks/bench_validate.py --store /work/stores/national --sizes 100000 250000 500000
    PYTHONPATH=src nice -n 10 python benchmarks/bench_validate.py --store … --sizes full --engines oxigraph --reference DIR
    PYTHONPATH=src nice -n 10 python benchmarks/bench_validate.py --store COPY-OF-STORE --whole-check 2 --sizes
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import signal
import sys
import time
from collections import Counter
from pathlib import Path


AS_OF = dt.date(2026, 11, 26)
BUNDLED = "https://w3id.org/policykg/graph/bundled/"


class TimeLimit(Exception):
    pass


def _alarm(_signum, _frame):
    raise TimeLimit()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_subset(source, size: int | None):
    """(in-memory store, triples read): bundled graphs whole, then corpus triples subject by subject."""
    import pyoxigraph as ox

    from policykg.rulebook.inference import memory_copy

    if size is None:
        return memory_copy(source)
    store = ox.Store()
    graphs = sorted(source.named_graphs(), key=lambda g: (not g.value.startswith(BUNDLED), g.value))
    batch: list = []
    count, last_subject = 0, None
    for g in graphs:
        bundled = g.value.startswith(BUNDLED)
        for q in source.quads_for_pattern(None, None, None, g):
            if not bundled and count >= size and q.subject != last_subject:
                break
            batch.append(ox.Quad(q.subject, q.predicate, q.object))
            count += 1
            last_subject = q.subject
        else:
            continue
        break
    store.bulk_extend(batch)
    return store


def focus_evaluations(store, shapes) -> int:
    """How many (constraint, focus node) pairs the rule book checks on this data (pySHACL's unit of work)."""
    from policykg.rulebook.compiled import compiled

    total = 0
    seen: dict[str, int] = {}
    for c in compiled(shapes).constraints:
        start = c.query.index("{ SELECT DISTINCT ?this WHERE {")
        depth, i = 0, start
        while True:
            depth += {"{": 1, "}": -1}.get(c.query[i], 0)
            i += 1
            if depth == 0:
                break
        targets = c.query[start:i]
        if targets not in seen:
            rows = list(store.query("SELECT (COUNT(*) AS ?n) WHERE " + targets))
            seen[targets] = int(rows[0][0].value)
        total += seen[targets]
    return total


def whole_check(folder: Path, copy: str, rulebook) -> dict:
    """One whole-registry check of *folder* in a child process: stage times, the JSON report's hash and size,
    the child's peak RSS and CPU time."""
    import hashlib
    import pickle

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: check, report, exit without running the parent's cleanup
        code = 0
        try:
            os.close(read_end)
            from policykg.check.run import run_check_store
            from policykg.render import render
            from policykg.store import OxigraphStore

            marks: list[tuple[str, float]] = [("copy", time.perf_counter())]
            report = run_check_store(OxigraphStore.open(folder), as_of=AS_OF, rulebook=rulebook, copy=copy,
                                     progress=lambda name: marks.append((name.split()[1], time.perf_counter())))
            marks.append(("rendering", time.perf_counter()))
            text = render(report, "json")
            marks.append(("end", time.perf_counter()))
            data = text.encode("utf-8") if isinstance(text, str) else text
            stages = {a[0]: b[1] - a[1] for a, b in zip(marks, marks[1:])}
            out = {"stages": stages, "total": marks[-1][1] - marks[0][1], "sha": hashlib.sha256(data).hexdigest(),
                   "bytes": len(data), "findings": len(report.findings)}
            with os.fdopen(write_end, "wb") as fh:
                pickle.dump(out, fh)
        except BaseException as exc:  # noqa: BLE001 -- reported by the parent
            print(f"whole check ({copy}) failed: {exc!r}", file=sys.stderr, flush=True)
            code = 1
        os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        raw = fh.read()
    _pid, status, usage = os.wait4(pid, 0)
    if status != 0 or not raw:
        raise SystemExit(f"the {copy} check failed (status {status})")
    result = pickle.loads(raw)
    result.update(peak_mb=usage.ru_maxrss / 1024, cpu=usage.ru_utime + usage.ru_stime)
    return result


def run_whole_checks(folder: Path, rounds: int, rulebook, old_rules: Path | None) -> None:
    from policykg.rulebook.inference import load_rules
    from policykg.rulebook.model import RuleBook

    variants = [("checkpoint", "checkpoint", rulebook), ("memory", "memory", rulebook)]
    if old_rules is not None:  # the path before: in memory, with the inference rules as they were
        before = RuleBook(shapes=rulebook.shapes, queries=rulebook.queries, inference=load_rules(old_rules))
        variants.append(("memory, old rules", "memory", before))
    print(f"\n## whole-registry check of {folder} (run_check_store), {rounds} round(s), variants in turns"
          + (f"; old rules from {old_rules}" if old_rules else ""), flush=True)
    runs: dict[str, list[dict]] = {label: [] for label, _c, _r in variants}
    for i in range(rounds):
        for label, copy, book in (variants if i % 2 == 0 else variants[::-1]):
            load = os.getloadavg()[0]
            r = whole_check(folder, copy, book)
            runs[label].append(r)
            stages = ", ".join(f"{k} {v:.1f}" for k, v in r["stages"].items())
            print(f"  {label:18s} {r['total']:7.1f} s wall, {r['cpu']:6.1f} s CPU, peak RSS {r['peak_mb']:5.0f} MB, "
                  f"{r['findings']} findings, JSON {r['bytes']:,} bytes  [{stages}]  (load {load:.1f} before)",
                  flush=True)
    best = {k: min(v, key=lambda r: r["cpu"]) for k, v in runs.items()}
    same = len({r["sha"] for v in runs.values() for r in v}) == 1
    c = best["checkpoint"]
    for label, r in best.items():
        if label != "checkpoint":
            print(f"  least CPU: {label} {r['cpu']:.1f} s CPU / {r['total']:.1f} s wall vs checkpoint {c['cpu']:.1f} / "
                  f"{c['total']:.1f}: ×{r['cpu'] / c['cpu']:.1f} CPU, ×{r['total'] / c['total']:.1f} wall; peak RSS "
                  f"{r['peak_mb']:.0f} → {c['peak_mb']:.0f} MB", flush=True)
    print(f"  JSON reports byte-identical across all runs: {same}", flush=True)


def to_rdflib(store):
    from rdflib import Graph

    from policykg.namespaces import bind_prefixes
    from policykg.store.oxigraph import _from_ox

    g = Graph()
    bind_prefixes(g)
    for q in store:
        g.add((_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)))
    return g


def run_pyshacl(data, shapes, limit_min: float):
    import pyshacl

    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(int(limit_min * 60))
    t0 = time.perf_counter()
    try:
        _conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, advanced=True, inference="none",
                                                    inplace=True, abort_on_first=False)
    except TimeLimit:
        return None, time.perf_counter() - t0
    finally:
        signal.alarm(0)
    return report, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, required=True, help="a store folder (policykg registry import …)")
    ap.add_argument("--sizes", nargs="*", default=["100000", "250000", "500000"])
    ap.add_argument("--whole-check", type=int, default=0, metavar="ROUNDS",
                    help="time the whole-registry check in a checkpoint and in memory, ROUNDS times each")
    ap.add_argument("--old-rules", type=Path, help="with --whole-check: also time the in-memory check with the "
                    "inference rules of this folder (the rules before a change)")
    ap.add_argument("--engines", nargs="+", default=["oxigraph", "pyshacl", "pyshacl-ox"])
    ap.add_argument("--limit", type=float, default=30.0, help="minutes per pySHACL run")
    ap.add_argument("--reference", type=Path, help="a folder written by --write-reference (full size only); an "
                    "enriched.nt there (the data enriched by rulebook.inference.enrich) is compared with this run's")
    ap.add_argument("--write-reference", type=Path, help="write the full-size pySHACL report and time here")
    args = ap.parse_args()

    from rdflib import Graph

    from policykg.registry.persist import StoreDir
    from policykg.rulebook.inference import enrich_store
    from policykg.rulebook.model import RuleBook
    from policykg.rulebook.engines import result_signatures
    from policykg.rulebook.oxigraph_engine import OxigraphEngine
    from policykg.namespaces import PREFIXES

    print(f"# bench_validate {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC — {platform.node()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}; load average {os.getloadavg()[0]:.1f} "
          "at start (shared machine)", flush=True)
    rulebook = RuleBook.load()
    shapes = rulebook.shapes
    if args.whole_check:
        run_whole_checks(args.store, args.whole_check, rulebook, args.old_rules)
    source = StoreDir(args.store).open_read()
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    for size_arg in args.sizes:
        size = None if size_arg == "full" else int(size_arg)
        t0 = time.perf_counter()
        store = read_subset(source, size)
        t_read = time.perf_counter() - t0
        raw = len(store)
        t0 = time.perf_counter()
        enrich_store(store, as_of=AS_OF, rules=rulebook.inference)
        t_enrich = time.perf_counter() - t0
        print(f"\n## {size_arg}: {raw:,} triples read in {t_read:.1f} s, enriched in the store to {len(store):,} "
              f"in {t_enrich:.1f} s; {focus_evaluations(store, shapes):,} (constraint, focus node) pairs",
              flush=True)
        found: dict[str, Counter] = {}
        times: dict[str, float] = {}
        if "oxigraph" in args.engines:
            t0 = time.perf_counter()
            report = OxigraphEngine().validate_store(store, shapes, prefixes=prefixes)
            times["oxigraph"] = time.perf_counter() - t0
            found["oxigraph"] = result_signatures(report)
            print(f"  oxigraph    validate {times['oxigraph']:9.2f} s  {sum(found['oxigraph'].values())} results  "
                  f"(peak RSS so far {peak_mb():.0f} MB)", flush=True)
        if "pyshacl-ox" in args.engines:
            report, elapsed = run_pyshacl(store, shapes, args.limit)
            times["pyshacl-ox"] = elapsed
            if report is None:
                print(f"  pyshacl-ox  validate > {args.limit:.0f} min (time limit; stopped)", flush=True)
            else:
                found["pyshacl-ox"] = result_signatures(report)
                print(f"  pyshacl-ox  validate {elapsed:9.2f} s  {sum(found['pyshacl-ox'].values())} results",
                      flush=True)
        if "pyshacl" in args.engines:
            t0 = time.perf_counter()
            graph = to_rdflib(store)
            t_conv = time.perf_counter() - t0
            if "oxigraph" in times:  # the load of a shared machine drifts: time the engine again beside pySHACL
                t0 = time.perf_counter()
                OxigraphEngine().validate_store(store, shapes, prefixes=prefixes)
                again = time.perf_counter() - t0
                print(f"  oxigraph    validate {again:9.2f} s  (again, just before pySHACL; load average "
                      f"{os.getloadavg()[0]:.1f})", flush=True)
                times["oxigraph"] = max(times["oxigraph"], again)
            report, elapsed = run_pyshacl(graph, shapes, args.limit)
            times["pyshacl"] = elapsed
            print(f"  (load average {os.getloadavg()[0]:.1f} after pySHACL)", flush=True)
            if report is None:
                print(f"  pyshacl     validate > {args.limit:.0f} min (time limit; stopped)", flush=True)
            else:
                found["pyshacl"] = result_signatures(report)
                print(f"  pyshacl     validate {elapsed:9.2f} s  {sum(found['pyshacl'].values())} results  "
                      f"(rdflib graph built in {t_conv:.1f} s, not counted; peak RSS {peak_mb():.0f} MB)",
                      flush=True)
                if args.write_reference and size is None:
                    args.write_reference.mkdir(parents=True, exist_ok=True)
                    report.serialize(args.write_reference / "pyshacl-report.nt", format="nt", encoding="utf-8")
                    (args.write_reference / "timings.json").write_text(json.dumps({"pyshacl_validate": elapsed}))
            del graph
        if args.reference and size is None and (args.reference / "enriched.nt").is_file():
            import pyoxigraph as ox

            theirs = ox.Store()
            theirs.bulk_load(path=str(args.reference / "enriched.nt"), format=ox.RdfFormat.N_TRIPLES)
            missing = sum(1 for q in theirs if q not in store)
            print(f"  enriched data of the reference run (rdflib enrich): {len(theirs):,} triples, "
                  f"{missing:,} of them not in this run's enriched store (of {len(store):,})", flush=True)
            del theirs
        if args.reference and size is None and (args.reference / "pyshacl-report.nt").is_file():
            ref = Graph().parse(args.reference / "pyshacl-report.nt", format="nt")
            found["pyshacl (reference run)"] = result_signatures(ref)
            times["pyshacl (reference run)"] = json.loads(
                (args.reference / "timings.json").read_text())["pyshacl_validate"]
            print(f"  pyshacl     validate {times['pyshacl (reference run)']:9.2f} s  "
                  f"{sum(found['pyshacl (reference run)'].values())} results  (an earlier run, another process)")
        if "oxigraph" in times:
            for name, t in times.items():
                if name == "oxigraph":
                    continue
                ratio = f"×{t / times['oxigraph']:.1f}" if name in found else f"> ×{t / times['oxigraph']:.0f}"
                same = found[name] == found["oxigraph"] if name in found else None
                print(f"  {name} / oxigraph: {ratio}; identical results: {same}", flush=True)
                if same is False:
                    a, b = found[name], found["oxigraph"]
                    print(f"    only {name}: {list((a - b).elements())[:3]}\n    only oxigraph: "
                          f"{list((b - a).elements())[:3]}")
        del store
    print(f"\npeak RSS {peak_mb():.0f} MB; load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
