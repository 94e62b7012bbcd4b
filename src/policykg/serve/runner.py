"""Running a query for the endpoint: in a child process, under a time limit, in a lane that matches its cost.

- **Everything that costs time happens in the child**: parsing the SPARQL text (a 150 KB filter takes rdflib a
  minute to parse), binding its parameters and evaluating it. The child is forked from the server and shares the
  loaded graph copy-on-write; at the time limit it is killed (SIGKILL), so no query, and no parse, outlives it.
- **Admission by estimated cost**, so cheap queries are not starved by expensive ones. The runner remembers the
  CPU time each query text last used (the graph is read-only, so the same text costs the same again). Three
  lanes:

  - *fast* (``fast_slots`` at a time): texts known to be cheap — e.g. the page's saved queries after their
    first run. One whose last run (same text, same parameter values) used under ``IN_PROCESS_CPU`` runs in the
    server process itself, without a fork: it costs the same again, as the graph is read-only;
  - *new* (``new_slots``): texts not seen before, so a burst of unknown queries cannot take the fast slots;
  - *slow* (``slow_slots`` running, at the lowest CPU priority): texts known to be expensive wait here before
    they start, and a fast or new query that has used ``fast_budget`` seconds of CPU moves here (CPU, not
    wall-clock time: on a busy machine a cheap query waits for the CPU but uses little of it). While the slow
    slots are taken, a moved query is stopped (SIGSTOP) until one frees. At most ``slow_queue`` queries wait
    in the slow lane; beyond that an expensive query is refused at once (HTTP 503) rather than hold a thread.

  Every query, in any lane and while it waits, is cut at the time limit counted from its arrival.
- A result cap: longer results are cut and marked truncated.
- Fork safety: before its first query the child lets the store reopen what cannot cross fork() (a store folder's
  RocksDB handle, ``OxigraphStore.after_fork``); an endpoint store opens a new HTTP connection per query anyway.

Where ``os.fork`` is missing the query runs in a thread and the request is answered at the limit, but the thread
cannot be stopped (and there are no lanes).
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import struct
import threading
import time
import warnings
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import cast

from rdflib import Graph

from .. import queries as Q
from ..errors import PolicyKGError
from ..namespaces import bind_prefixes
from ..store import Store

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
DEFAULT_FAST_SLOTS = 4
DEFAULT_SLOW_SLOTS = 1
DEFAULT_SLOW_QUEUE = 16
DEFAULT_NEW_SLOTS = 2
COST_MEMORY = 1024  # query texts whose last cost is remembered
DEFAULT_FAST_BUDGET = 0.25  # CPU seconds a query may use in the fast lane


class QueryRefused(Exception):
    """A request the endpoint will not run; carries the HTTP status and a one-line reason."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = " ".join(message.split())


@dataclass
class Outcome:
    result: Q.QueryResult
    truncated: bool
    elapsed: float
    query: Q.SavedQuery | None = None  # the parsed query (when the runner parsed it)
    bindings: dict = field(default_factory=dict)
    lane: str = "fast"


@dataclass(frozen=True)
class Job:
    """What the child does: parse *text* (unless *query* is given), bind *values* (or use *bindings*), evaluate."""

    query: Q.SavedQuery | None = None
    text: str | None = None
    name: str = "query"
    values: dict | None = None  # string parameter values, bound in the child (the query's own #+ params)
    bindings: dict = field(default_factory=dict)


def parse_or_refuse(text: str, name: str) -> Q.SavedQuery:
    try:
        return Q.parse(text, name=name)
    except PolicyKGError as exc:
        status = 403 if "UPDATE is refused" in str(exc) else 413 if "over the limit" in str(exc) else 400
        raise QueryRefused(status, str(exc)) from None


def bind_or_refuse(query: Q.SavedQuery, values, store: Store) -> dict:
    if not isinstance(values, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in values.items()):
        raise QueryRefused(400, "params must be an object of strings")
    values = {k: v for k, v in values.items() if v != ""}  # an empty form field means "not given"
    try:
        return Q.bind(query, values, store)
    except PolicyKGError as exc:
        raise QueryRefused(400, str(exc)) from None


#: CPU seconds under which a query text that parsed in a child is parsed once more in the server, to be inherited
#: already translated by later children (policykg.sparql_guard memo)
CHEAP_PARSE = 0.15
#: CPU seconds under which a query (same text, same parameter values) runs again in the server process itself
IN_PROCESS_CPU = 0.05


class LimitedRunner:
    """Run queries on a Store with a wall-clock limit, a cap on rows (or triples), and fast/slow lanes."""

    def __init__(self, store: Store, *, timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS,
                 max_parallel: int | None = None, fast_slots: int = DEFAULT_FAST_SLOTS,
                 slow_slots: int = DEFAULT_SLOW_SLOTS, slow_queue: int = DEFAULT_SLOW_QUEUE,
                 fast_budget: float = DEFAULT_FAST_BUDGET, new_slots: int = DEFAULT_NEW_SLOTS):
        if timeout <= 0:
            raise PolicyKGError("--timeout must be more than 0 seconds")
        if max_rows < 1:
            raise PolicyKGError("--max-rows must be at least 1")
        if max_parallel is not None:  # the former single-lane setting
            fast_slots = max_parallel
        if fast_slots < 1 or slow_slots < 1 or new_slots < 1 or slow_queue < slow_slots:
            raise PolicyKGError("lanes need at least one slot each and a slow queue no shorter than its slots")
        self.store = store
        self.timeout = float(timeout)
        self.max_rows = int(max_rows)
        self.fast_budget = min(float(fast_budget), self.timeout)
        self._fast = threading.BoundedSemaphore(fast_slots)
        self._new = threading.BoundedSemaphore(new_slots)
        self._costs: OrderedDict[str, float] = OrderedDict()
        self._slow = threading.BoundedSemaphore(slow_slots)
        self._slow_waiting = threading.BoundedSemaphore(slow_queue)
        self.counts = {"in-process": 0, "fast": 0, "new": 0, "slow": 0, "refused": 0, "stopped": 0}
        self._lock = threading.Lock()
        self._parse_cpu = 0.0  # set in the worker

    # -- public --------------------------------------------------------------------------------------------

    def run(self, query: Q.SavedQuery | str, bindings: dict | None = None, *, values: dict | None = None,
            name: str = "query") -> Outcome:
        """Run a parsed *query* with *bindings*, or parse the text *query* (and bind *values*) in the worker."""
        if isinstance(query, str):
            job = Job(text=query, name=name, values=values)
        else:
            job = Job(query=query, bindings=dict(bindings or {}), values=values)
        start = time.monotonic()
        deadline = start + self.timeout
        key = _cost_key(job)
        estimate = self.estimate(key)
        held: list = []
        try:
            if estimate is not None and estimate >= self.fast_budget:
                lane = "slow"  # known to be expensive: wait for a slow slot before forking
                self._enter_slow(deadline, held)
            else:
                lane = "fast" if estimate is not None else "new"
                sem = self._fast if lane == "fast" else self._new
                if not sem.acquire(timeout=max(0.0, deadline - time.monotonic())):
                    raise self._stopped(" while waiting for a free worker")
                held.append(sem)
            if lane == "fast" and estimate is not None and estimate < IN_PROCESS_CPU:  # (fast: estimated)
                value = self._in_process(job)
            elif hasattr(os, "fork"):
                value = self._in_child(job, start, held, lane, key)
            else:
                value = self._in_thread(job)
        finally:
            for sem in held:
                sem.release()
        result, truncated, parsed, bound, lane, cpu = value
        self._remember_cost(key, cpu)
        self._count(lane)
        return Outcome(result, truncated, time.monotonic() - start, parsed, bound, lane)

    def estimate(self, key: str) -> float | None:
        """CPU seconds the query text *key* used when it last ran (inf if it was cut), or None if never run."""
        with self._lock:
            return self._costs.get(key)

    def _remember_cost(self, key: str, cpu: float) -> None:
        with self._lock:
            self._costs[key] = cpu
            self._costs.move_to_end(key)
            while len(self._costs) > COST_MEMORY:
                self._costs.popitem(last=False)

    def _stopped(self, why: str = "") -> QueryRefused:
        self._count("stopped")
        return QueryRefused(503, f"query stopped: it exceeded the time limit of {self.timeout:g} s{why}")

    def _enter_slow(self, deadline: float, held: list) -> None:
        """Take a place in the slow lane's queue (refused when full) and wait for a slow slot until *deadline*."""
        if not self._slow_waiting.acquire(blocking=False):
            self._count("refused")
            raise QueryRefused(503, "the endpoint is busy: too many long queries are running; try again later "
                                    "or make the query cheaper")
        held.append(self._slow_waiting)
        if not self._slow.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise self._stopped(" while waiting behind other long queries")
        held.append(self._slow)

    # -- in the worker -------------------------------------------------------------------------------------

    def _work(self, job: Job):
        """Parse, bind, evaluate; cap the result. Runs in the child (or the thread)."""
        parse_start = time.process_time()
        query = job.query if job.query is not None else parse_or_refuse(job.text or "", job.name)
        self._parse_cpu = time.process_time() - parse_start
        bindings = dict(job.bindings)
        if job.values is not None:
            bindings = bind_or_refuse(query, job.values, self.store)
        try:
            result = Q.run(self.store, query, bindings)
        except PolicyKGError as exc:
            raise QueryRefused(400, str(exc)) from None
        truncated = False
        if result.form == "SELECT" and len(result.rows) > self.max_rows:
            result.rows = result.rows[: self.max_rows]
            truncated = True
        elif result.graph is not None and len(result.graph) > self.max_rows:
            capped = Graph()
            bind_prefixes(capped)
            for triple in sorted(result.graph)[: self.max_rows]:
                capped.add(triple)
            result.graph, truncated = capped, True
        return result, truncated, query, bindings

    def _in_child(self, job: Job, start: float, held: list, lane: str, key: str):
        read_fd, write_fd = os.pipe()
        with warnings.catch_warnings():
            # Python ≥ 3.12 warns that fork() in a threaded process may deadlock the child; the child only
            # evaluates the query and exits, and if it ever hangs the time limit kills it.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # child: work, send one pickled message, leave without running any cleanup
            status = 0
            try:
                gc.disable()  # a short-lived child: a full collection would touch (and copy) every shared page
                os.close(read_fd)
                try:
                    setup_cpu = _own_handles(self.store)
                    result, truncated, query, bindings = self._work(job)
                    if result.graph is not None:
                        result.graph = list(result.graph)  # triples pickle smaller than a Graph
                    payload = pickle.dumps(("ok", (result, truncated, query, bindings, self._parse_cpu,
                                                   setup_cpu)), protocol=pickle.HIGHEST_PROTOCOL)
                except QueryRefused as exc:
                    payload = pickle.dumps(("error", (exc.status, exc.message)))
                except PolicyKGError as exc:
                    payload = pickle.dumps(("error", (400, str(exc))))
                except RecursionError:
                    payload = pickle.dumps(("error", (400, "query failed: it is nested too deeply")))
                except MemoryError:
                    payload = pickle.dumps(("error", (503, "query failed: out of memory")))
                except BaseException as exc:  # noqa: BLE001 — report anything to the parent, never crash
                    payload = pickle.dumps(("error", (500, f"query failed: {type(exc).__name__}: {exc}")))
                # length first: the parent must not wait for end-of-file, because a sibling worker forked
                # meanwhile holds a copy of this pipe's write end (and may live until the time limit)
                view = memoryview(struct.pack("!Q", len(payload)) + payload)
                while view:
                    written = os.write(write_fd, view)
                    view = view[written:]
            except BaseException:  # noqa: BLE001
                status = 1
            finally:
                os._exit(status)
        os.close(write_fd)
        chunks: list[bytes] = []
        received, expected = 0, None
        deadline = start + self.timeout
        cpu = 0.0
        if lane == "slow":
            _renice(pid)
        try:
            while True:
                now = time.monotonic()
                if now >= deadline:
                    raise self._stopped()
                # in the fast lane, look at the child's CPU time every few ms: on a busy machine a cheap query
                # may take long in wall-clock time, but only an expensive one uses much CPU
                wake = deadline if lane == "slow" else min(deadline, now + _POLL)
                ready, _, _ = select.select([read_fd], [], [], max(0.0, wake - now))
                if ready:
                    chunk = os.read(read_fd, 1 << 16)
                    if not chunk:
                        break
                    chunks.append(chunk)
                    received += len(chunk)
                    if expected is None and received >= 8:
                        expected = 8 + struct.unpack("!Q", b"".join(chunks)[:8])[0]
                    if expected is not None and received >= expected:
                        break
                    continue
                if lane != "slow" and _cpu_seconds(pid, time.monotonic() - start) >= self.fast_budget:
                    # it has shown it is expensive: the next time this text comes it waits in the slow lane
                    self._remember_cost(key, float("inf"))
                    self._demote(pid, deadline, held, self._fast if lane == "fast" else self._new)
                    lane = "slow"
        finally:
            os.close(read_fd)
            cpu = _cpu_seconds(pid, time.monotonic() - start)  # the exited child's total, before it is reaped
            _reap(pid)
        if expected is None or received < expected:
            raise QueryRefused(500, "query failed: the worker process ended without an answer")
        kind, value = pickle.loads(b"".join(chunks)[8:expected])
        if kind == "error":
            status, message = value
            raise QueryRefused(status, message)
        result, truncated, query, bindings, parse_cpu, setup_cpu = value
        cpu = max(0.0, cpu - setup_cpu)  # the query's cost, not the child's reopening of the store
        if job.text is not None and parse_cpu < CHEAP_PARSE:
            # the text parsed cheaply in the child: parse it here too (bounded by what the child measured), so
            # the next children forked from this process find it translated and skip the parse
            try:
                Q.parse(job.text, name=job.name)
            except PolicyKGError:
                pass
        if isinstance(result.graph, list):
            graph = Graph()
            bind_prefixes(graph)
            for triple in result.graph:
                graph.add(triple)
            result.graph = graph
        return result, truncated, query, bindings, lane, cpu

    def _demote(self, pid: int, deadline: float, held: list, slot) -> None:
        """Move the child to the slow lane: free its slot, lowest priority, stopped until a slow slot frees."""
        held.remove(slot)
        slot.release()
        _renice(pid)
        if not self._slow_waiting.acquire(blocking=False):
            self._count("refused")
            raise QueryRefused(503, "the endpoint is busy: too many long queries are running; try again later "
                                    "or make the query cheaper")
        held.append(self._slow_waiting)
        if self._slow.acquire(blocking=False):
            held.append(self._slow)
            return
        _signal(pid, signal.SIGSTOP)
        left = deadline - time.monotonic()
        if left > 0 and self._slow.acquire(timeout=left):
            held.append(self._slow)
            _signal(pid, signal.SIGCONT)
        # else: the loop sees the deadline and the child is killed while stopped (SIGKILL works on it)

    def _in_process(self, job: Job):
        """Run a query known to be cheap right here: same text and values as a run that used under
        :data:`IN_PROCESS_CPU` of CPU — the graph is read-only, so it costs the same again. No fork, no pickle."""
        cpu_start = time.thread_time()
        try:
            result, truncated, query, bindings = self._work(job)
        except QueryRefused:
            raise
        except RecursionError:
            raise QueryRefused(400, "query failed: it is nested too deeply") from None
        except Exception as exc:  # noqa: BLE001
            raise QueryRefused(500, f"query failed: {type(exc).__name__}: {exc}") from None
        return result, truncated, query, bindings, "in-process", time.thread_time() - cpu_start

    def _in_thread(self, job: Job):
        box: dict = {}

        def work():
            try:
                box["value"] = self._work(job)
            except BaseException as exc:  # noqa: BLE001
                box["error"] = exc

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive():
            raise QueryRefused(503, f"query stopped: it exceeded the time limit of {self.timeout:g} s")
        if "error" in box:
            exc = box["error"]
            if isinstance(exc, QueryRefused):
                raise exc
            raise QueryRefused(400, str(exc) if isinstance(exc, PolicyKGError) else f"query failed: {exc}")
        return (*box["value"], "fast", 0.0)

    def _count(self, key: str) -> None:
        with self._lock:
            self.counts[key] += 1


_POLL = 0.02  # seconds between looks at a fast-lane child's CPU time
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int, wall: float) -> float:
    """CPU seconds the child *pid* has used (user + system, from /proc); its wall-clock time where /proc is missing."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, IndexError, ValueError):
        return wall


def _own_handles(store: Store) -> float:
    """In the forked child: let the store replace what it must not use across fork() (a RocksDB handle is
    reopened read-only, store.OxigraphStore.after_fork); the CPU seconds that took."""
    after_fork = getattr(store, "after_fork", None)
    if after_fork is None:
        return 0.0
    start = time.process_time()
    after_fork()
    return time.process_time() - start


def _cost_key(job: Job) -> str:
    """What a cost estimate is kept for: the query text, and the parameter values when there are any."""
    text = job.text if job.text is not None else cast(Q.SavedQuery, job.query).text  # Runner.run sets one of them
    if job.values:
        return text + "\0" + repr(sorted(job.values.items()) if isinstance(job.values, dict) else job.values)
    if job.bindings:
        return text + "\0" + "\0".join(f"{k}={v.n3()}" for k, v in sorted(job.bindings.items()))
    return text


def _renice(pid: int) -> None:
    try:
        os.setpriority(os.PRIO_PROCESS, pid, 19)
    except (OSError, AttributeError):
        pass


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _reap(pid: int) -> None:
    """Kill the child if it is still running and collect it, so no zombie is left."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass


__all__ = [
    "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT",
    "LimitedRunner",
    "Outcome",
    "QueryRefused",
    "bind_or_refuse",
    "parse_or_refuse",
]
