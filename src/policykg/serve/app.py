"""The endpoint's web application: routes, the query page, and serving it with uvicorn."""

from __future__ import annotations

import json
from importlib import resources as importlib_resources
from pathlib import Path
from urllib.parse import parse_qsl

from rdflib import URIRef

from .. import limits
from .. import queries as Q
from ..errors import PolicyKGError
from ..namespaces import bind_prefixes
from ..render import pages
from ..store import Store
from .protocol import negotiate, serialise, service_description
from .runner import (
    DEFAULT_MAX_ROWS,
    DEFAULT_TIMEOUT,
    LimitedRunner,
    Outcome,
    QueryRefused,
)
from .security import SecureApp, allowed_hosts


def max_request_bytes() -> int:
    """The largest request body read: the query cap (policykg.limits ``query``) plus room for the JSON around it."""
    return limits.limit("query") + 64 * 1024


def webui_dir() -> Path:
    return Path(str(importlib_resources.files("policykg") / "webui"))


def create_app(store: Store, *, timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS,
               library: list[Q.SavedQuery] | None = None, host: str = "127.0.0.1", allow_hosts=(),
               runner: LimitedRunner | None = None):
    """The application: ``/sparql`` (protocol), ``/api/…`` (saved queries), ``/`` (UI), behind :class:`SecureApp`.

    *host* is the address listened on and *allow_hosts* further names: together with the loopback names they
    are the Host headers answered (policykg.serve.security). The Starlette app itself is ``app.app``.
    """
    import anyio
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import (
        HTMLResponse,
        JSONResponse,
        PlainTextResponse,
        Response,
    )
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    runner = runner if runner is not None else LimitedRunner(store, timeout=timeout, max_rows=max_rows)
    # queries wait in threads of their own: a burst of them never takes the threads other requests need
    limiter = anyio.CapacityLimiter(64)

    async def in_thread(fn, *args, **kwargs):
        return await anyio.to_thread.run_sync(lambda: fn(*args, **kwargs), limiter=limiter)
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
                   "X-PolicyKG-Result-Cap": str(max_rows),
                   "X-PolicyKG-Lane": outcome.lane}  # where it ran: in-process, fast, new or slow (runner)
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
        body = await _read_body(request)
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
            # parsed in the worker, under the time limit; the answer's type follows the form found there
            outcome = await in_thread(runner.run, query_text, name="query")
            media = negotiate(request.headers.get("accept"), outcome.result.form, request.query_params.get("format"))
            return answer(outcome, media)
        except QueryRefused as exc:
            return refused(exc)

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
            media = negotiate(request.headers.get("accept"), query.form, request.query_params.get("format"))
            outcome = await in_thread(runner.run, query, values=values)  # bound in the worker
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
            fmt = request.query_params.get("format")
            # parsed and bound (by the text's own #+ params header) in the worker, under the time limit
            outcome = await in_thread(runner.run, text, name="editor", values=payload.get("params", {}))
            bindings = outcome.bindings
            result = outcome.result
            if fmt:
                media = negotiate(None, result.form, fmt)
                return answer(outcome, media)
            if result.form in ("CONSTRUCT", "DESCRIBE"):
                bind_prefixes(result.graph)
                doc = {"form": result.form, "turtle": result.graph.serialize(format="turtle"),
                       "triples": len(result.graph)}
            else:
                doc = {"form": result.form, "sparql": json.loads(Q.to_json(result))}
                names = await in_thread(labels)
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
    inner = Starlette(routes=routes)
    inner.state.runner = runner
    app = SecureApp(inner, allowed_hosts(host, allow_hosts))
    app.state = inner.state
    return app


async def _read_body(request) -> bytes:
    """The request body, refused (413) as soon as it passes :func:`max_request_bytes` — never read whole first."""
    cap = max_request_bytes()
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise QueryRefused(413, f"request too large (limit {cap} bytes; POLICYKG_MAX_QUERY sets the query cap)")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise QueryRefused(413, f"request too large (limit {cap} bytes; POLICYKG_MAX_QUERY sets the query cap)")
        chunks.append(chunk)
    return b"".join(chunks)


async def _json_body(request) -> dict:
    body = await _read_body(request)
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
    """The UI page (render/templates/webui.html) with the saved queries written in (in the DOM without scripts)."""
    first = next((q for q in saved if q.name == DEFAULT_QUERY), saved[0] if saved else None)
    data = json.dumps([query_entry(q) for q in saved], ensure_ascii=False).replace("</", "<\\/")
    return pages.render_page(
        "webui.html",
        saved=saved,
        saved_json=pages.Markup(data),
        initial_query=first.text if first else "SELECT * WHERE { ?s ?p ?o } LIMIT 10",
        initial_name=first.name if first else "",
        timeout=f"{timeout:g}",
        max_rows=max_rows,
    )


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
          max_rows: int = DEFAULT_MAX_ROWS, allow_hosts=(), fast_slots: int | None = None,
          slow_slots: int | None = None, echo=print) -> None:
    """Serve until interrupted."""
    import gc

    import uvicorn

    check_port_free(host, port)
    gc.collect()
    gc.freeze()  # the loaded graph is permanent: query workers forked from here never copy it to collect it
    lanes = {k: v for k, v in (("fast_slots", fast_slots), ("slow_slots", slow_slots)) if v is not None}
    runner = LimitedRunner(store, timeout=timeout, max_rows=max_rows, **lanes)
    app = create_app(store, timeout=timeout, max_rows=max_rows, host=host, allow_hosts=allow_hosts, runner=runner)
    shown = f"[{host}]" if ":" in host else host
    echo(f"policykg: SPARQL endpoint http://{shown}:{port}/sparql, UI http://{shown}:{port}/ "
         f"(read-only; time limit {timeout:g} s, at most {max_rows} rows) — Ctrl+C to stop")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)


__all__ = ["check_port_free", "create_app", "query_entry", "render_page", "serve", "webui_dir"]
