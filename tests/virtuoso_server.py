"""Start and stop a real OpenLink Virtuoso (Debian `virtuoso-opensource`) on loopback with a throw-away database.

The data goes in with Virtuoso's bulk loader (``ld_dir`` + ``rdf_loader_run``) from an N-Quads file, one named graph
per source as the store folder keeps them; Virtuoso's /sparql answers over all graphs when a query names none.
"""

from __future__ import annotations

import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

from oxigraph_server import free_port, stop, wait_until_answering

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")
VSP = Path("/var/lib/virtuoso-opensource-7/vsp")  # the package's HTTP root (Debian layout)


def virtuoso_installed() -> bool:
    return VIRTUOSO is not None and ISQL is not None


def _ini(db: Path, sql_port: int, http_port: int, data: Path) -> str:
    return f"""[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
CaseMode = 2
DirsAllowed = ., {data}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {VSP}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
"""


@contextmanager
def virtuoso_endpoint(nquads: Path, workdir: Path, timeout: float = 120.0):
    """Virtuoso on loopback with *nquads* bulk-loaded into a new database under *workdir*; yield its /sparql URL."""
    if not virtuoso_installed():
        raise RuntimeError("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    db, data = workdir / "db", nquads.parent
    db.mkdir(parents=True)
    sql_port, http_port = free_port(), free_port()
    ini = db / "virtuoso.ini"
    ini.write_text(_ini(db, sql_port, http_port, data), encoding="utf-8")
    proc = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(ini)], cwd=db,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        wait_until_answering(url + "?query=ASK%7B%7D", proc, timeout, "virtuoso")
        # (the test counts the loaded quads; the loader reports a bad file only in its load_list table)
        load = f"ld_dir('{data}', '{nquads.name}', 'urn:policykg:unnamed'); rdf_loader_run(); checkpoint;"
        done = subprocess.run([ISQL, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={load}"],
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0 or "Error" in done.stdout + done.stderr:
            raise RuntimeError(f"virtuoso bulk load failed: {(done.stdout + done.stderr)[-300:]}")
        yield url
    finally:
        stop(proc, 30)
