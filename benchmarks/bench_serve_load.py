"""A bounded load on `policykg serve`, on loopback only: are cheap queries starved by expensive ones?

Starts `policykg serve` on 127.0.0.1 (a free port, the bundled data) and sends it, from this process:

1. reference: 300 simple SELECTs at concurrency 16, alone;
2. load: 2,000 simple SELECTs at concurrency 16 interleaved with 50 expensive queries (a triple cross product
   the time limit must cut) at concurrency 8, all started together.

Prints throughput, p50/p95/p99/max of the simple queries (and the ratio to the reference run), errors by kind,
how every expensive query ended, and the server's memory (its process plus query workers: idle, peak, after).
Acceptance (issue 14): no error on a simple query, their p99 under 1 s, every expensive query cut by the time
limit with its message, memory back to idle.

Traffic goes to 127.0.0.1 and nowhere else.

    python benchmarks/bench_serve_load.py                 # time limit 5 s
    python benchmarks/bench_serve_load.py --timeout 10 --simple 2000 --expensive 50
"""

from __future__ import annotations

import argparse
import http.client
import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only, by design
SIMPLE = ("PREFIX pkg: <https://w3id.org/policykg/ns#> "
          "SELECT ?d ?n WHERE { ?d pkg:docNumber ?n } ORDER BY ?n LIMIT 20")
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(port: int, timeout: float) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-m", "policykg.cli.main", "serve", "--host", HOST, "--port", str(port),
                             "--timeout", str(timeout)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            status, _ = request(port, SIMPLE)
            if status == 200:
                return proc
        except OSError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"server did not start: {proc.stderr.read().decode()}")
        time.sleep(0.3)
    proc.kill()
    raise SystemExit("server did not start in 120 s")


def request(port: int, query: str, conn: http.client.HTTPConnection | None = None, read_timeout: float = 60):
    """(status, body) of a form POST of *query* to /sparql on loopback."""
    own = conn is None
    conn = conn or http.client.HTTPConnection(HOST, port, timeout=read_timeout)
    try:
        conn.request("POST", "/sparql", body=urllib.parse.urlencode({"query": query}),
                     headers={"Content-Type": "application/x-www-form-urlencoded",
                              "Accept": "application/sparql-results+json"})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        if own:
            conn.close()


def rss_kib(pid: int) -> int:
    """Memory of *pid* and its children (the query workers), in KiB: the sum of their proportional set sizes
    (PSS: pages shared copy-on-write between the server and a worker are counted once, not per process)."""
    total = 0
    for p in [pid, *children(pid)]:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
        except OSError:
            pass
    return total


def children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            text = Path(f"/proc/{pid}/task/{task}/children").read_text().split()
            out += [int(c) for c in text]
    except OSError:
        pass
    return out


class Pool:
    """*concurrency* threads, each with one keep-alive connection, running *n* copies of *query*."""

    def __init__(self, port: int, query: str, n: int, concurrency: int):
        self.port, self.query = port, query
        self.jobs: queue.Queue = queue.Queue()
        for _ in range(n):
            self.jobs.put(None)
        self.results: list[tuple[int, float, bytes]] = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._work, daemon=True) for _ in range(concurrency)]

    def _work(self):
        conn = http.client.HTTPConnection(HOST, self.port, timeout=120)
        while True:
            try:
                self.jobs.get_nowait()
            except queue.Empty:
                break
            start = time.monotonic()
            try:
                status, body = request(self.port, self.query, conn)
            except (OSError, http.client.HTTPException) as exc:
                status, body = -1, str(exc).encode()
                conn.close()
                conn = http.client.HTTPConnection(HOST, self.port, timeout=120)
            with self.lock:
                self.results.append((status, time.monotonic() - start, body))
        conn.close()

    def start(self):
        self.started = time.monotonic()
        for t in self.threads:
            t.start()

    def join(self):
        for t in self.threads:
            t.join()
        self.elapsed = time.monotonic() - self.started


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def describe(name: str, pool: Pool) -> dict:
    times = [d for s, d, _ in pool.results if s == 200]
    errors: dict = {}
    for s, _, body in pool.results:
        if s != 200:
            key = f"{s} {body.decode('utf-8', 'replace').strip()[:70]}"
            errors[key] = errors.get(key, 0) + 1
    out = {"n": len(pool.results), "ok": len(times), "throughput": len(pool.results) / pool.elapsed,
           "p50": pct(times, 50), "p95": pct(times, 95), "p99": pct(times, 99), "max": max(times, default=0),
           "errors": errors}
    print(f"  {name}: {out['n']} in {pool.elapsed:.1f} s = {out['throughput']:.1f} req/s; "
          f"p50 {out['p50'] * 1000:.0f} ms, p95 {out['p95'] * 1000:.0f} ms, p99 {out['p99'] * 1000:.0f} ms, "
          f"max {out['max'] * 1000:.0f} ms; errors {sum(errors.values())}")
    for key, count in errors.items():
        print(f"      {count} × {key}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--timeout", type=float, default=5.0, help="the server's time limit (s)")
    ap.add_argument("--simple", type=int, default=2000)
    ap.add_argument("--simple-concurrency", type=int, default=16)
    ap.add_argument("--expensive", type=int, default=50)
    ap.add_argument("--expensive-concurrency", type=int, default=8)
    args = ap.parse_args()

    port = free_port()
    print(f"policykg serve on {HOST}:{port} (bundled data, time limit {args.timeout:g} s); "
          f"load {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores before the run")
    proc = start_server(port, args.timeout)
    try:
        for _ in range(20):  # warm-up: first queries build caches in the server
            request(port, SIMPLE)
        time.sleep(1.0)
        idle = rss_kib(proc.pid)

        print("reference — simple queries alone:")
        ref_pool = Pool(port, SIMPLE, 300, args.simple_concurrency)
        ref_pool.start()
        ref_pool.join()
        ref = describe("simple", ref_pool)

        print(f"load — {args.simple} simple at concurrency {args.simple_concurrency} with {args.expensive} "
              f"expensive at concurrency {args.expensive_concurrency}:")
        peak = [rss_kib(proc.pid)]
        sampling = threading.Event()

        def sample():
            while not sampling.is_set():
                peak.append(rss_kib(proc.pid))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        heavy = Pool(port, EXPENSIVE, args.expensive, args.expensive_concurrency)
        simple = Pool(port, SIMPLE, args.simple, args.simple_concurrency)
        heavy.start()
        simple.start()
        simple.join()
        heavy.join()
        sampling.set()
        sampler.join()
        s = describe("simple", simple)
        describe("expensive", heavy)
        cut = sum(1 for st, _, body in heavy.results if st == 503 and b"time limit" in body)
        time.sleep(2.0)
        after = rss_kib(proc.pid)
        print(f"  expensive cut by the time limit: {cut}/{len(heavy.results)} "
              f"(durations {min(d for _, d, _ in heavy.results):.1f}–{max(d for _, d, _ in heavy.results):.1f} s)")
        print(f"  memory (server + workers, PSS): idle {idle / 1024:.0f} MiB, peak {max(peak) / 1024:.0f} MiB, "
              f"after {after / 1024:.0f} MiB ({(after - idle) / 1024:+.0f} MiB vs idle)")
        print(f"  ratio p99 under load / alone: {s['p99'] / ref['p99']:.1f}×; "
              f"throughput under load / alone: {s['throughput'] / ref['throughput']:.2f}")
        checks = {
            "no error on simple queries": not s["errors"],
            "simple p99 < 1 s": s["p99"] < 1.0,
            "every expensive query cut by the time limit": cut == len(heavy.results) == args.expensive,
            "memory back to idle (within 10 %)": after <= idle * 1.10,
        }
        for name, ok in checks.items():
            print(f"  {'PASS' if ok else 'FAIL'}  {name}")
        print(f"load average after the run: {os.getloadavg()[0]:.2f}")
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
