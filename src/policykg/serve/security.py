"""HTTP hardening of the endpoint: a Host-header allow-list and security headers on every response.

- **Host allow-list.** A page on any web site can make a browser send requests to ``127.0.0.1:8000`` under a
  name it controls (DNS rebinding), and then read the answers as same-origin. Requests whose ``Host`` is not an
  allowed name are refused (HTTP 421) before any route runs. Allowed by default: the loopback names
  (``127.0.0.1``, ``localhost``, ``[::1]``) and the address the server listens on; more with
  ``policykg serve --allow-host NAME`` (``*`` allows any, for a server behind a proxy that checks the name).
- **Headers on every response** (pages, API answers, static files, errors): a Content-Security-Policy that
  lets the page load only its own scripts and styles and talk only to its own origin, and forbids framing;
  ``X-Content-Type-Options: nosniff``; ``X-Frame-Options: DENY``; ``Referrer-Policy: no-referrer``;
  ``Cross-Origin-Resource-Policy: same-origin``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.datastructures import State

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode("ascii")),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def host_name(header: str) -> str:
    """The name of a Host header without its port: ``[::1]:8000`` → ``::1``, ``Example.org.:80`` → ``example.org``."""
    value = header.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        return value[1:end] if end > 0 else value
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def allowed_hosts(listen_host: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """The loopback names, the address listened on (unless a wildcard), and *extra*."""
    names = set(LOOPBACK_HOSTS)
    if listen_host not in ("0.0.0.0", "::", ""):
        names.add(listen_host.strip("[]").lower().rstrip("."))
    names.update(host_name(h) if h != "*" else "*" for h in extra)
    return frozenset(names)


class SecureApp:
    """ASGI middleware: refuse unknown Host names (421), add the security headers to every response."""

    state: State  # the wrapped app's (serve.app sets it, so handlers and tests reach the runner the same way)

    def __init__(self, app, allowed: Iterable[str]):
        self.app = app
        self.allowed = frozenset(allowed)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        host = ""
        for key, value in scope.get("headers", ()):
            if key == b"host":
                host = value.decode("latin-1")
                break
        if "*" not in self.allowed and host_name(host) not in self.allowed:
            body = (f"Host {host!r} is not allowed: this endpoint answers to "
                    f"{', '.join(sorted(self.allowed))} (policykg serve --allow-host NAME adds a name)\n").encode()
            await send({"type": "http.response.start", "status": 421,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                    (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]})
            await send({"type": "http.response.body", "body": body})
            return

        async def send_secure(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", ())}
                headers = list(message.get("headers", ()))
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_secure)


__all__ = [
    "CONTENT_SECURITY_POLICY",
    "LOOPBACK_HOSTS",
    "SECURITY_HEADERS",
    "SecureApp",
    "allowed_hosts",
    "host_name",
    "is_loopback",
]
