"""Start and stop a real `oxigraph serve-read-only` (PyPI `oxigraph`) on loopback for the endpoint tests."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path


def oxigraph_cli() -> str | None:
    """The `oxigraph` executable: next to this Python, or on PATH."""
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.is_file() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_answering(url: str, proc: subprocess.Popen, timeout: float, name: str) -> None:
    """Poll *url* until it answers; RuntimeError (with the server's last words) if *proc* exits or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            said = proc.stderr.read() if proc.stderr else b""
            said = said.decode("utf-8", "replace") if isinstance(said, bytes) else said
            raise RuntimeError(f"{name} exited: {said[-300:]}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start listening in time") from None
            time.sleep(0.2)


def stop(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """Terminate a server started by a test; kill it if it is still there after *grace* seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def oxigraph_endpoint(location: Path, timeout: float = 30.0):
    """Serve the pyoxigraph store at *location* read-only; yield the SPARQL query URL."""
    exe = oxigraph_cli()
    if exe is None:
        raise RuntimeError("the oxigraph CLI is not installed (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen([exe, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_until_answering(url + "?query=ASK%7B%7D", proc, timeout, "oxigraph")
        yield url
    finally:
        stop(proc)
