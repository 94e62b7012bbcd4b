"""Stage costs of `policykg check` on the bundled data, and the SHACL engines available behind policykg.check.run.

    python benchmarks/bench_engines.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

AS_OF = dt.date(2026, 11, 26)


def timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from policykg.rulebook.inference import enrich
    from policykg.load import data_paths, load_files
    from policykg.render import FORMATS, render
    from policykg.check.run import run_check
    from policykg.load import load_files as _load
    from policykg.resources import shape_files
    from policykg.rulebook.engines import engine_names, get_engine

    n = args.repeat
    t_load, data = timed(lambda: load_files(data_paths(None)), n)
    t_shapes, shapes = timed(lambda: _load(shape_files()), n)
    t_enrich, enriched = timed(lambda: enrich(data, as_of=AS_OF), n)
    print(f"bundled data: {len(data)} triples; enriched: {len(enriched)} triples; shapes graph: {len(shapes)} triples")
    print(f"  load data      {t_load:7.2f} s")
    print(f"  load shapes    {t_shapes:7.2f} s")
    print(f"  enrich         {t_enrich:7.2f} s")

    reference = None
    for name in engine_names():
        try:
            engine = get_engine(name)
            t_val, report = timed(lambda: engine.validate(enriched, shapes), n)
        except Exception as exc:  # an engine that is not installed is reported, not fatal
            print(f"  validate [{name}]  not available: {' '.join(str(exc).split())[:80]}")
            continue
        results = len(list(report.subjects(predicate=None, object=None)))
        reference = reference or t_val
        print(f"  validate [{name:<14}] {t_val:7.2f} s   ×{reference / t_val:5.2f} vs first engine   ({results} report subjects)")

    t_check, rep = timed(lambda: run_check(data, as_of=AS_OF), n)
    print(f"  run_check (all stages) {t_check:7.2f} s, {len(rep.findings)} findings")
    for fmt in FORMATS:
        t_r, text = timed(lambda: render(rep, fmt), n)
        print(f"  render {fmt:<9} {t_r * 1000:8.1f} ms  {len(text.encode('utf-8')):>8} bytes")


if __name__ == "__main__":
    main()
