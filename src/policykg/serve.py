"""A read-only SPARQL 1.1 Protocol endpoint over the graph, with a browser UI for the saved queries.

HTTP is Starlette (served by uvicorn); the protocol layer is here because it must go through the Store
(docs/decisions/0007), enforce a time limit and a result cap, and bind saved-query parameters server-side —
none of which rdflib-endpoint's router offers. Implemented:

- SPARQL 1.1 Protocol §2.1 query operation: ``GET /sparql?query=…``, ``POST`` with
  ``application/x-www-form-urlencoded`` (``query=…``) or ``application/sparql-query``.
- §2.2 update operation: refused with HTTP 403 and a plain-text reason (the endpoint is read-only); a query that
  is really an update is refused the same way.
- Results by content negotiation (``Accept``): SPARQL 1.1 JSON (default), XML, CSV, TSV; Turtle, N-Triples,
  JSON-LD or RDF/XML for CONSTRUCT and DESCRIBE.
- A time limit: each query runs in a forked child process that is killed when the limit passes (HTTP 503);
  a result cap: longer results are cut and marked with ``X-PolicyKG-Truncated: true``.
- ``GET /`` a page (src/policykg/webui/) with an editor and the saved queries; ``POST /api/run`` runs the editor's
  text with the parameters its ``#+ params:`` header declares, bound as RDF terms on the server.
"""

from __future__ import annotations

import html
import json
import os
import pickle
import select
import signal
import threading
import time
import warnings
from dataclasses import dataclass
from importlib import resources as importlib_resources
from pathlib import Path
from urllib.parse import parse_qsl

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from . import queries as Q
from .errors import PolicyKGError
from .namespaces import bind_prefixes
from .store import Store

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = "http://www.w3.org/ns/formats/"

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
MAX_QUERY_BYTES = 200_000
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")

RESULT_TYPES = {  # media type → serialiser name, for SELECT and ASK
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {  # media type → rdflib format, for CONSTRUCT and DESCRIBE
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
FORMAT_PARAM = {  # ?format= shortcut (browser downloads) → media type
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}


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


# -------------------------------------------------------------------------------------------------------------
# Running a query under a time limit and a result cap
# -------------------------------------------------------------------------------------------------------------


class LimitedRunner:
    """Run queries on a Store with a wall-clock limit and a cap on rows (or triples).

    Each query is evaluated in a child process forked from the server, so a runaway query is stopped for real
    (SIGKILL) without touching the server; the child shares the loaded graph copy-on-write. Where ``os.fork`` is
    missing the query runs in a thread and the request is answered at the limit, but the thread cannot be
    stopped.
    """

    def __init__(self, store: Store, *, timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS,
                 max_parallel: int = 4):
        if timeout <= 0:
            raise PolicyKGError("--timeout must be more than 0 seconds")
        if max_rows < 1:
            raise PolicyKGError("--max-rows must be at least 1")
        self.store = store
        self.timeout = float(timeout)
        self.max_rows = int(max_rows)
        self._slots = threading.BoundedSemaphore(max_parallel)

    def run(self, query: Q.SavedQuery, bindings: dict | None = None) -> Outcome:
        if not self._slots.acquire(timeout=self.timeout):
            raise QueryRefused(503, "the endpoint is busy: too many queries are running; try again")
        try:
            start = time.monotonic()
            runner = self._in_child if hasattr(os, "fork") else self._in_thread
            result, truncated = runner(query, bindings or {})
            return Outcome(result, truncated, time.monotonic() - start)
        finally:
            self._slots.release()

    def _evaluate(self, query: Q.SavedQuery, bindings: dict) -> tuple[Q.QueryResult, bool]:
        result = Q.run(self.store, query, bindings)
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
        return result, truncated

    def _in_child(self, query: Q.SavedQuery, bindings: dict) -> tuple[Q.QueryResult, bool]:
        read_fd, write_fd = os.pipe()
        with warnings.catch_warnings():
            # Python ≥ 3.12 warns that fork() in a threaded process may deadlock the child; the child only
            # evaluates the query and exits, and if it ever hangs the time limit kills it.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # child: evaluate, send one pickled message, leave without running any cleanup
            status = 0
            try:
                os.close(read_fd)
                try:
                    result, truncated = self._evaluate(query, bindings)
                    if result.graph is not None:
                        result.graph = list(result.graph)  # triples pickle smaller than a Graph
                    payload = pickle.dumps(("ok", result, truncated), protocol=pickle.HIGHEST_PROTOCOL)
                except PolicyKGError as exc:
                    payload = pickle.dumps(("error", str(exc), False))
                except BaseException as exc:  # noqa: BLE001 — report anything to the parent, never crash
                    payload = pickle.dumps(("error", f"query failed: {type(exc).__name__}: {exc}", False))
                view = memoryview(payload)
                while view:
                    written = os.write(write_fd, view)
                    view = view[written:]
            except BaseException:  # noqa: BLE001
                status = 1
            finally:
                os._exit(status)
        os.close(write_fd)
        chunks: list[bytes] = []
        deadline = time.monotonic() + self.timeout
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise QueryRefused(503, f"query stopped: it exceeded the time limit of {self.timeout:g} s")
                ready, _, _ = select.select([read_fd], [], [], left)
                if not ready:
                    continue
                chunk = os.read(read_fd, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            os.close(read_fd)
            _reap(pid)
        if not chunks:
            raise QueryRefused(500, "query failed: the worker process ended without an answer")
        kind, value, truncated = pickle.loads(b"".join(chunks))
        if kind == "error":
            raise QueryRefused(400, value)
        if isinstance(value.graph, list):
            graph = Graph()
            bind_prefixes(graph)
            for triple in value.graph:
                graph.add(triple)
            value.graph = graph
        return value, truncated

    def _in_thread(self, query: Q.SavedQuery, bindings: dict) -> tuple[Q.QueryResult, bool]:
        box: dict = {}

        def work():
            try:
                box["value"] = self._evaluate(query, bindings)
            except BaseException as exc:  # noqa: BLE001
                box["error"] = exc

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive():
            raise QueryRefused(503, f"query stopped: it exceeded the time limit of {self.timeout:g} s")
        if "error" in box:
            exc = box["error"]
            raise QueryRefused(400, str(exc) if isinstance(exc, PolicyKGError) else f"query failed: {exc}")
        return box["value"]


def _reap(pid: int) -> None:
    """Kill the child if it is still running and collect it, so no zombie is left."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass


# -------------------------------------------------------------------------------------------------------------
# Content negotiation and serialisation
# -------------------------------------------------------------------------------------------------------------


def _accepted(accept: str | None) -> list[tuple[float, int, str]]:
    """Media ranges of an Accept header, best first (RFC 9110 §12.5.1; ties keep the header's order)."""
    ranges = []
    for i, part in enumerate((accept or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, i, media))
    return sorted(ranges)


def negotiate(accept: str | None, form: str, fmt: str | None = None) -> str:
    """The media type to answer with; QueryRefused(406) when the client accepts none we can write."""
    offered = GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
    default = "text/turtle" if offered is GRAPH_TYPES else "application/sparql-results+json"
    if fmt:
        media = FORMAT_PARAM.get(fmt.lower())
        if media is None or media not in offered:
            raise QueryRefused(406, f"format {fmt!r} is not available for a {form} query "
                                    f"(use {', '.join(k for k, v in FORMAT_PARAM.items() if v in offered)})")
        return media
    for _, _, media in _accepted(accept):
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            if media == "text/*" and offered is RESULT_TYPES:
                return "text/csv"
            return default
    raise QueryRefused(406, f"none of the accepted types ({accept}) can carry a {form} result; "
                            f"use one of {', '.join(offered)}")


def serialise(result: Q.QueryResult, media: str) -> bytes:
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        bind_prefixes(result.graph)
        return result.graph.serialize(format=GRAPH_TYPES[media], encoding="utf-8")
    kind = RESULT_TYPES[media]
    text = {"json": Q.to_json, "xml": Q.to_xml, "csv": Q.to_csv, "tsv": Q.to_tsv}[kind](result)
    return text.encode("utf-8")


def service_description(endpoint: str) -> Graph:
    """SPARQL 1.1 Service Description of this endpoint (what it answers, in which formats)."""
    g = Graph()
    g.bind("sd", SD)
    svc = URIRef(endpoint + "#service")
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, URIRef(endpoint)))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    for media in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        g.add((svc, SD.resultFormat, URIRef(FORMATS_NS + media)))
    g.add((svc, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
           Literal("policykg read-only SPARQL endpoint: SPARQL UPDATE is refused.", lang="en")))
    return g


# -------------------------------------------------------------------------------------------------------------
# The web application
# -------------------------------------------------------------------------------------------------------------


def webui_dir() -> Path:
    return Path(str(importlib_resources.files("policykg") / "webui"))


def create_app(store: Store, *, timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS,
               library: list[Q.SavedQuery] | None = None):
    """The Starlette application: ``/sparql`` (protocol), ``/api/…`` (saved queries), ``/`` (UI)."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    runner = LimitedRunner(store, timeout=timeout, max_rows=max_rows)
    saved = library if library is not None else Q.discover()
    by_name = {q.name: q for q in saved}
    page = render_page(saved, timeout=timeout, max_rows=max_rows)
    names_cache: dict = {}

    def labels() -> dict:
        if "labels" not in names_cache:
            names_cache["labels"] = {str(k): v for k, v in Q.labels(store).items()}
        return names_cache["labels"]

    def refused(exc: QueryRefused) -> Response:
        return PlainTextResponse(exc.message + "\n", status_code=exc.status)

    def answer(outcome: Outcome, media: str) -> Response:
        headers = {"X-PolicyKG-Elapsed-Ms": f"{outcome.elapsed * 1000:.0f}",
                   "X-PolicyKG-Result-Cap": str(max_rows)}
        if outcome.truncated:
            headers["X-PolicyKG-Truncated"] = "true"
        body = serialise(outcome.result, media)
        return Response(body, media_type=media + ("; charset=utf-8" if media.startswith("text/") else ""),
                        headers=headers)

    async def read_query(request: Request) -> tuple[str | None, str | None]:
        """(query, update) from a protocol request (SPARQL 1.1 Protocol §2.1.1–2.1.3, §2.2)."""
        params = request.query_params
        if any(k in params for k in ("default-graph-uri", "named-graph-uri", "using-graph-uri",
                                     "using-named-graph-uri")):
            raise QueryRefused(400, "dataset parameters are not supported: this endpoint serves one graph")
        if request.method == "GET":
            return params.get("query"), params.get("update")
        body = await request.body()
        if len(body) > MAX_QUERY_BYTES:
            raise QueryRefused(413, f"request too large (limit {MAX_QUERY_BYTES} bytes)")
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            return None, body.decode("utf-8", "replace")
        if ctype == "application/sparql-query":
            return body.decode("utf-8", "replace"), None
        if ctype == "application/x-www-form-urlencoded":
            form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
            if any(k in form for k in ("default-graph-uri", "named-graph-uri", "using-graph-uri")):
                raise QueryRefused(400, "dataset parameters are not supported: this endpoint serves one graph")
            return form.get("query"), form.get("update")
        if not body:
            return params.get("query"), params.get("update")
        raise QueryRefused(415, f"unsupported content type {ctype!r}: send application/sparql-query or "
                                f"application/x-www-form-urlencoded")

    def parse_or_refuse(text: str, name: str) -> Q.SavedQuery:
        try:
            return Q.parse(text, name=name)
        except PolicyKGError as exc:
            status = 403 if "UPDATE is refused" in str(exc) else 400
            raise QueryRefused(status, str(exc)) from None

    async def sparql(request: Request) -> Response:
        try:
            query_text, update = await read_query(request)
            if update is not None:
                raise QueryRefused(403, "SPARQL UPDATE is refused: this endpoint is read-only")
            if not query_text:
                accept = request.headers.get("accept", "")
                if "text/html" in accept:
                    return HTMLResponse(page)
                sd = service_description(str(request.url.replace(query="")))
                if "text/turtle" in accept:
                    return Response(sd.serialize(format="turtle"), media_type="text/turtle")
                return Response(sd.serialize(format="xml"), media_type="application/rdf+xml")
            query = await run_in_threadpool(parse_or_refuse, query_text, "query")
            media = negotiate(request.headers.get("accept"), query.form, request.query_params.get("format"))
            outcome = await run_in_threadpool(runner.run, query, {})
            return answer(outcome, media)
        except QueryRefused as exc:
            return refused(exc)

    def bind_or_refuse(query: Q.SavedQuery, values: dict) -> dict:
        if not isinstance(values, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                   for k, v in values.items()):
            raise QueryRefused(400, "params must be an object of strings")
        values = {k: v for k, v in values.items() if v != ""}  # an empty form field means "not given"
        try:
            return Q.bind(query, values, store)
        except PolicyKGError as exc:
            raise QueryRefused(400, str(exc)) from None

    async def run_saved(request: Request) -> Response:
        """GET or POST /api/queries/NAME — the saved query NAME with its parameters bound server-side."""
        try:
            name = request.path_params["name"]
            query = by_name.get(name)
            if query is None:
                raise QueryRefused(404, f"unknown saved query {name!r}")
            if request.method == "POST":
                payload = await _json_body(request)
                values = payload.get("params", {})
            else:
                values = {k: v for k, v in request.query_params.items() if k != "format"}
            bindings = await run_in_threadpool(bind_or_refuse, query, values)
            media = negotiate(request.headers.get("accept"), query.form, request.query_params.get("format"))
            outcome = await run_in_threadpool(runner.run, query, bindings)
            return answer(outcome, media)
        except QueryRefused as exc:
            return refused(exc)

    async def run_editor(request: Request) -> Response:
        """POST /api/run {"query": text, "params": {...}} — the UI's run button.

        The parameters are those the text's own ``#+ params:`` header declares. The answer is the SPARQL JSON
        result plus display labels, or, with ``?format=``, the result file itself.
        """
        try:
            payload = await _json_body(request)
            text = payload.get("query")
            if not isinstance(text, str) or not text.strip():
                raise QueryRefused(400, "no query given")
            query = await run_in_threadpool(parse_or_refuse, text, "editor")
            bindings = await run_in_threadpool(bind_or_refuse, query, payload.get("params", {}))
            fmt = request.query_params.get("format")
            outcome = await run_in_threadpool(runner.run, query, bindings)
            if fmt:
                media = negotiate(None, query.form, fmt)
                return answer(outcome, media)
            result = outcome.result
            if result.form in ("CONSTRUCT", "DESCRIBE"):
                bind_prefixes(result.graph)
                doc = {"form": result.form, "turtle": result.graph.serialize(format="turtle"),
                       "triples": len(result.graph)}
            else:
                doc = {"form": result.form, "sparql": json.loads(Q.to_json(result))}
                names = await run_in_threadpool(labels)
                doc["labels"] = {str(t): names[str(t)] for row in result.rows for t in row
                                 if isinstance(t, URIRef) and str(t) in names}
            doc.update(truncated=outcome.truncated, cap=max_rows, elapsed_ms=round(outcome.elapsed * 1000),
                       bound={k: str(v) for k, v in bindings.items()})
            return JSONResponse(doc)
        except QueryRefused as exc:
            return JSONResponse({"error": exc.message}, status_code=exc.status)

    async def list_saved(request: Request) -> Response:
        return JSONResponse([query_entry(q) for q in saved])

    async def index(request: Request) -> Response:
        return HTMLResponse(page)

    routes = [
        Route("/", index, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/api/queries", list_saved, methods=["GET"]),
        Route("/api/queries/{name:path}", run_saved, methods=["GET", "POST"]),
        Route("/api/run", run_editor, methods=["POST"]),
        Mount("/static", app=StaticFiles(directory=str(webui_dir() / "static")), name="static"),
    ]
    app = Starlette(routes=routes)
    app.state.runner = runner
    return app


async def _json_body(request) -> dict:
    body = await request.body()
    if len(body) > MAX_QUERY_BYTES:
        raise QueryRefused(413, f"request too large (limit {MAX_QUERY_BYTES} bytes)")
    try:
        payload = json.loads(body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise QueryRefused(400, "the request body is not JSON") from None
    if not isinstance(payload, dict):
        raise QueryRefused(400, "the request body must be a JSON object")
    return payload


def query_entry(q: Q.SavedQuery) -> dict:
    """What the UI needs to show and run a saved query."""
    return {
        "name": q.name,
        "summary_zh": q.summary_zh,
        "summary_en": q.summary_en,
        "description": q.description,
        "form": q.form,
        "check": q.is_check,
        "severity": q.header.get("severity"),
        "params": [{"name": p.name, "type": p.type, "required": p.required, "default": p.default,
                    "description": p.description} for p in q.params],
        "text": q.text,
    }


DEFAULT_QUERY = "trace-results"


def render_page(saved: list[Q.SavedQuery], *, timeout: float, max_rows: int) -> str:
    """The UI page: the template with the saved queries written in (so they are in the DOM without scripts)."""
    template = (webui_dir() / "index.html").read_text(encoding="utf-8")
    first = next((q for q in saved if q.name == DEFAULT_QUERY), saved[0] if saved else None)
    items = []
    for q in saved:
        cls = "check" if q.is_check else "saved"
        items.append(
            f'<li class="{cls}"><button type="button" class="saved-query" data-name="{html.escape(q.name)}"'
            f' title="{html.escape(q.description)}">'
            f'<span class="q-name">{html.escape(q.name)}</span>'
            f'<span class="q-summary">{html.escape(q.summary_zh)}</span>'
            f'<span class="q-summary-en">{html.escape(q.summary_en)}</span></button></li>')
    data = json.dumps([query_entry(q) for q in saved], ensure_ascii=False).replace("</", "<\\/")
    values = {
        "{{saved_list}}": "\n".join(items),
        "{{saved_json}}": data,
        "{{initial_query}}": html.escape(first.text if first else "SELECT * WHERE { ?s ?p ?o } LIMIT 10"),
        "{{initial_name}}": html.escape(first.name if first else ""),
        "{{timeout}}": f"{timeout:g}",
        "{{max_rows}}": str(max_rows),
    }
    for key, value in values.items():
        template = template.replace(key, value)
    return template


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def check_port_free(host: str, port: int) -> None:
    """Fail with one line when the address cannot be bound (port in use, unknown host)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise PolicyKGError(f"--host {host}: unknown host") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            raise PolicyKGError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def serve(store: Store, *, host: str = "127.0.0.1", port: int = 8000, timeout: float = DEFAULT_TIMEOUT,
          max_rows: int = DEFAULT_MAX_ROWS, echo=print) -> None:
    """Serve until interrupted."""
    import uvicorn

    check_port_free(host, port)
    app = create_app(store, timeout=timeout, max_rows=max_rows)
    shown = f"[{host}]" if ":" in host else host
    echo(f"policykg: SPARQL endpoint http://{shown}:{port}/sparql, UI http://{shown}:{port}/ "
         f"(read-only; time limit {timeout:g} s, at most {max_rows} rows) — Ctrl+C to stop")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


__all__ = ["LimitedRunner", "QueryRefused", "create_app", "negotiate", "serialise", "service_description",
           "render_page", "serve", "is_loopback", "check_port_free", "DEFAULT_TIMEOUT", "DEFAULT_MAX_ROWS"]
