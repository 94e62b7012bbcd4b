"""A read-only SPARQL 1.1 Protocol endpoint over the graph, with a browser UI for the saved queries.

HTTP is Starlette (served by uvicorn); the protocol layer is here because it must go through the Store
(docs/decisions/0007), enforce a time limit and a result cap, and bind saved-query parameters server-side —
none of which rdflib-endpoint's router offers. Implemented:

- SPARQL 1.1 Protocol §2.1 query operation: ``GET /sparql?query=…``, ``POST`` with
  ``application/x-www-form-urlencoded`` (``query=…``) or ``application/sparql-query``.
- §2.2 update operation: refused with HTTP 403 and a plain-text reason (the endpoint is read-only); a query that
  is really an update is refused the same way. ``SERVICE`` and ``FROM``/``FROM NAMED`` are refused (400): the
  endpoint reads only its graph and calls no one (policykg.sparql_guard).
- Results by content negotiation (``Accept``): SPARQL 1.1 JSON (default), XML, CSV, TSV; Turtle, N-Triples,
  JSON-LD or RDF/XML for CONSTRUCT and DESCRIBE.
- A time limit that covers parsing too, and fast/slow lanes so cheap queries are not starved by expensive ones
  (:mod:`policykg.serve.runner`); a result cap: longer results are cut and marked ``X-PolicyKG-Truncated: true``.
- A Host-header allow-list and security headers (CSP, nosniff, frame options) on every response
  (:mod:`policykg.serve.security`).
- ``GET /`` a page (render/templates/webui.html, scripts in webui/static/) with an editor and the saved queries; ``POST /api/run`` runs the editor's
  text with the parameters its ``#+ params:`` header declares, bound as RDF terms on the server.

Modules: ``runner`` (worker processes, lanes, limits), ``protocol`` (negotiation, serialisation, service
description), ``security`` (Host check, headers), ``app`` (routes, page, uvicorn).
"""

from __future__ import annotations

from .app import check_port_free, create_app, query_entry, render_page, serve, webui_dir
from .protocol import (
           FORMAT_PARAM,
           GRAPH_TYPES,
           RESULT_TYPES,
           negotiate,
           serialise,
           service_description,
)
from .runner import (
           DEFAULT_MAX_ROWS,
           DEFAULT_TIMEOUT,
           LimitedRunner,
           Outcome,
           QueryRefused,
)
from .security import LOOPBACK_HOSTS, SecureApp, allowed_hosts, is_loopback

__all__ = [
           "DEFAULT_MAX_ROWS",
           "DEFAULT_TIMEOUT",
           "FORMAT_PARAM",
           "GRAPH_TYPES",
           "LOOPBACK_HOSTS",
           "RESULT_TYPES",
           "LimitedRunner",
           "Outcome",
           "QueryRefused",
           "SecureApp",
           "allowed_hosts",
           "check_port_free",
           "create_app",
           "is_loopback",
           "negotiate",
           "query_entry",
           "render_page",
           "serialise",
           "serve",
           "service_description",
           "webui_dir",
]
