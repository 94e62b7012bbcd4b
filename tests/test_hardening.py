"""Hostile and careless input on the command line (issue 14): one line, exit 2, nothing fetched, nothing left behind.

The endpoint's side of the same promises is in test_serve_hardening.py.
"""

from __future__ import annotations

import http.server
import io
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import zipfile
from pathlib import Path

import pytest

from policykg import limits
from policykg.serialize import atomic_write_bytes, sweep_stale_temps

FIX = Path(__file__).parent / "fixtures" / "check"
DRAFTS = FIX / "drafts"
AS_OF = "2026-11-26"
RULEBOOK = ("--data", str(FIX / "registry"), "--shapes", str(FIX / "shapes"), "--checks", str(FIX / "checks"))
SRC = Path(__file__).resolve().parents[1] / "src"


def one_line_error(r, *needles: str) -> str:
    assert r.exit_code == 2, (r.exit_code, r.stdout[-400:], r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("policykg: error: ") and "Traceback" not in r.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


# ---------------------------------------------------------------- 1. no SERVICE, no FROM: a trap server hears nothing


class Trap:
    """An HTTP server on loopback that records every request it gets (and answers a valid SPARQL result)."""

    def __init__(self):
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self):
                hits.append((self.command, self.path))
                body = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"urn:leak"}}]}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _any

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def trap():
    t = Trap()
    yield t
    t.close()


def remote_queries(url: str) -> dict[str, str]:
    return {
        "service": f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "service-silent-in-optional": f"SELECT * WHERE {{ ?s a ?c OPTIONAL {{ SERVICE SILENT <{url}/s> {{ ?s ?p ?o }} }} }}",
        "service-in-subselect": f"SELECT ?s WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}/q> {{ ?s ?p ?o }} }} }} }}",
        "service-in-exists": f"ASK {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}/e> {{ ?s ?p ?o }} }} }}",
        "from": f"SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }}",
        "from-named-file": "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    }


@pytest.mark.parametrize("kind", list(remote_queries("http://x")))
def test_query_verb_calls_no_one(policykg, trap, tmp_path, kind):
    rq = tmp_path / f"{kind}.rq"
    rq.write_text(remote_queries(trap.url)[kind], encoding="utf-8")
    line = one_line_error(policykg("query", str(rq), "--data", str(FIX / "registry")), str(rq))
    assert ("SERVICE is refused" if kind.startswith("service") else "FROM and FROM NAMED are refused") in line
    time.sleep(0.2)
    assert trap.hits == []


@pytest.mark.slow
def test_a_check_query_with_service_is_refused(policykg, trap, tmp_path):
    q = tmp_path / "leak-violation.rq"
    q.write_text(textwrap.dedent(f"""\
        #+ summary: 泄露 / leak
        #+ severity: Violation
        #+ source: pkg:PolicyDocument
        #+ message_zh: 泄露
        #+ message_en: leak
        #+ fix_zh: 无
        #+ fix_en: none
        #+ rule: leak
        SELECT ?focus WHERE {{ SERVICE <{trap.url}/sparql> {{ ?focus ?p ?o }} }}
        """), encoding="utf-8")
    r = policykg("check", "--data", str(FIX / "registry"), "--shapes", str(FIX / "shapes"), "--checks", str(q),
                 "--as-of", AS_OF)
    one_line_error(r, "SERVICE is refused")
    assert trap.hits == []


@pytest.mark.parametrize("text", [
    "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    "select * where {{ ?a ?b ?c .service silent<{url}/sparql>{{?s ?p ?o}} }}",
])
def test_the_persistent_backends_refuse_service(trap, tmp_path, text):
    """pyoxigraph and a SPARQL server evaluate SERVICE by calling its IRI: the store wrappers refuse the text first
    (check queries reach them without the algebra check of the query verb)."""
    import pyoxigraph

    from policykg.errors import PolicyKGError
    from policykg.store import OxigraphStore
    from policykg.store.endpoint import EndpointStore

    query = text.format(url=trap.url)
    for store in (OxigraphStore(pyoxigraph.Store(), "test"), EndpointStore(f"{trap.url}/sparql")):
        with pytest.raises(PolicyKGError, match="SERVICE is refused"):
            store.select(query)
    assert trap.hits == []


def test_service_as_a_name_or_in_a_string_is_not_a_service(trap):
    import pyoxigraph

    from policykg.store import OxigraphStore

    store = OxigraphStore(pyoxigraph.Store(), "test")
    names, rows = store.select('SELECT ?SERVICE WHERE { BIND("SERVICE <x> {}" AS ?SERVICE) } # SERVICE <y> {}')
    assert names == ["SERVICE"] and str(rows[0][0]) == "SERVICE <x> {}"


def test_rdflib_itself_is_disarmed(trap):
    """The net under the algebra check: a query reaching rdflib directly (as pySHACL's do) calls no one either."""
    from rdflib import Graph

    import policykg.sparql_guard  # noqa: F401

    g = Graph()
    with pytest.raises(Exception, match="SERVICE is refused"):
        list(g.query(f"SELECT * WHERE {{ SERVICE <{trap.url}/sparql> {{ ?s ?p ?o }} }}"))
    assert trap.hits == []


# ---------------------------------------------------------------- 2. what rdflib only warns about is an error


BAD_IRI = """@prefix pkg: <https://w3id.org/policykg/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<https://w3id.org/policykg/doc/a b> a pkg:PolicyDocument ;
    rdfs:label "有空格的IRI"@zh .
"""
ILL_TYPED = """@prefix pkg: <https://w3id.org/policykg/ns#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/policykg/doc/x> a pkg:PolicyDocument ;
    eli:date_document "2023-02-30"^^xsd:date .
"""


@pytest.fixture
def bad_data(tmp_path):
    def make(text: str) -> Path:
        folder = tmp_path / "data"
        folder.mkdir(exist_ok=True)
        (folder / "bad.ttl").write_text(text, encoding="utf-8")
        return folder
    return make


@pytest.mark.parametrize("verb", [
    ("check", "--as-of", AS_OF), ("query", "trace-results"), ("trace", "--all"), ("export", "--format", "graphml"),
    ("build",), ("build", "-o", "OUT"), ("query", "CONSTRUCT"),
])
def test_invalid_iri_is_one_line_with_file_and_line_in_every_verb(policykg, bad_data, tmp_path, verb):
    data = bad_data(BAD_IRI)
    args = [a.replace("OUT", str(tmp_path / "out.ttl")) for a in verb]
    if args[-1] == "CONSTRUCT":
        rq = tmp_path / "c.rq"
        rq.write_text("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", encoding="utf-8")
        args[-1] = str(rq)
    r = policykg(*args, "--data", str(data))
    one_line_error(r, "bad.ttl: line 4: invalid IRI <https://w3id.org/policykg/doc/a b>")
    assert not (tmp_path / "out.ttl").exists()


def test_invalid_iri_in_a_draft(policykg, tmp_path):
    draft = tmp_path / "draft.ttl"
    draft.write_text(BAD_IRI, encoding="utf-8")
    one_line_error(policykg("check", str(draft), *RULEBOOK, "--as-of", AS_OF), "draft.ttl: line 4: invalid IRI")


def test_ill_typed_literal_is_an_error(policykg, bad_data):
    r = policykg("build", "--data", str(bad_data(ILL_TYPED)))
    one_line_error(r, 'bad.ttl: line 5: "2023-02-30" is not a valid xsd:date')


def test_a_crash_is_exit_2_never_1(policykg, monkeypatch):
    from policykg.cli import build

    def boom(*a, **k):
        raise ValueError("something unforeseen")

    monkeypatch.setattr(build, "load_all", boom)
    one_line_error(policykg("build"), "internal error: ValueError: something unforeseen")


# ---------------------------------------------------------------- 3. a draft with no policy document


def test_draft_turtle_without_a_document_is_an_error(policykg, tmp_path):
    draft = tmp_path / "measures.ttl"
    draft.write_text("""@prefix pkg: <https://w3id.org/policykg/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/policykg/doc/x/measure-01> a pkg:Measure ; rdfs:label "一项举措"@zh .
""", encoding="utf-8")
    one_line_error(policykg("check", str(draft), *RULEBOOK, "--as-of", AS_OF), "states no policy document")


@pytest.mark.slow  # a text draft through the CLI, over 1 s
def test_draft_text_without_a_document_is_an_error(policykg, tmp_path):
    draft = tmp_path / "notes.txt"
    draft.write_text("今天天气很好。\n我们去公园散步，看了看湖边的柳树。\n", encoding="utf-8")
    one_line_error(policykg("check", str(draft), *RULEBOOK, "--as-of", AS_OF), "no policy document found")


@pytest.mark.slow
def test_a_draft_in_several_files_needs_the_document_in_one_of_them(policykg, tmp_path):
    measures = tmp_path / "measures.ttl"
    measures.write_text("""@prefix pkg: <https://w3id.org/policykg/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/policykg/doc/威测字-2024-7/measure-02> a pkg:Measure ; rdfs:label "另一项举措"@zh ;
    pkg:measureOf <https://w3id.org/policykg/doc/威测字-2024-7> .
""", encoding="utf-8")
    r = policykg("check", str(DRAFTS / "conforming.ttl"), str(measures), *RULEBOOK, "--as-of", AS_OF)
    assert r.exit_code in (0, 1), r.stderr


@pytest.mark.slow  # a text draft through the CLI
def test_a_real_draft_still_checks(policykg):
    r = policykg("check", str(DRAFTS / "conforming.ttl"), *RULEBOOK, "--as-of", AS_OF)
    assert r.exit_code == 0, r.stderr


# ---------------------------------------------------------------- 4. size caps for every reader


def docx_bytes(xml: bytes, declared: int | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", xml)
    data = buf.getvalue()
    if declared is not None:  # a lying header: claims a small size, inflates to more
        data = data.replace(len(xml).to_bytes(4, "little"), declared.to_bytes(4, "little"))
    return data


def big_document_xml(n_bytes: int) -> bytes:
    para = ('<w:p><w:r><w:t>' + "测" * 300 + '</w:t></w:r></w:p>').encode()
    body = para * (n_bytes // len(para) + 1)
    return (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            + body + b'</w:body></w:document>')


@pytest.mark.parametrize("lying", [False, True])
def test_docx_bomb_is_refused(policykg, tmp_path, monkeypatch, lying):
    monkeypatch.setenv("POLICYKG_MAX_DOCX_XML", "1M")
    xml = big_document_xml(3 << 20)
    path = tmp_path / "bomb.docx"
    path.write_bytes(docx_bytes(xml, declared=1000 if lying else None))
    assert path.stat().st_size < 100_000
    if lying:  # zipfile inflates no more than the declared size, and the CRC then fails: refused either way
        one_line_error(policykg("ingest", str(path)), "bomb.docx")
    else:
        one_line_error(policykg("ingest", str(path)), "bomb.docx: word/document.xml",
                       "over the limit of 1 MiB", "POLICYKG_MAX_DOCX_XML")


def test_html_and_text_files_are_capped(policykg, tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYKG_MAX_DRAFT_FILE", "64K")
    for name in ("big.html", "big.txt"):
        path = tmp_path / name
        path.write_text("<p>" + "政策" * 40_000 + "</p>", encoding="utf-8")
        one_line_error(policykg("ingest", str(path)), name, "over the limit of 64 KiB", "POLICYKG_MAX_DRAFT_FILE")


def minimal_pdf(text: str, *, break_xref: bool = False) -> bytes:
    """A one-page PDF with *text* in Helvetica (ASCII only), built by hand with a correct (or broken) xref."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
         b"/Resources << /Font << /F1 5 0 R >> >> >>"),
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off + (7 if break_xref else 0):010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref + (3 if break_xref else 0)}\n%%EOF\n".encode()
    return bytes(out)


def test_pdf_text_and_file_are_capped(policykg, tmp_path, monkeypatch):
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(minimal_pdf("Policy text " * 40))
    monkeypatch.setenv("POLICYKG_MAX_PDF_TEXT", "100")
    one_line_error(policykg("ingest", str(pdf)), "long.pdf: text extracted from the PDF", "POLICYKG_MAX_PDF_TEXT")
    monkeypatch.delenv("POLICYKG_MAX_PDF_TEXT")
    monkeypatch.setenv("POLICYKG_MAX_PDF", "100")
    one_line_error(policykg("ingest", str(pdf)), "long.pdf: PDF file", "POLICYKG_MAX_PDF")


def test_turtle_literal_cap(bad_data, monkeypatch):
    from rdflib import Graph

    from policykg.errors import PolicyKGError
    from policykg.load import parse_turtle_into

    monkeypatch.setenv("POLICYKG_MAX_LITERAL", "100")
    data = bad_data(('<https://w3id.org/policykg/doc/x> <http://www.w3.org/2000/01/rdf-schema#label> "短"@zh .\n'
                     '<https://w3id.org/policykg/doc/x> <http://www.w3.org/2000/01/rdf-schema#label> "')
                    + "长" * 200 + '"@zh .\n')
    with pytest.raises(PolicyKGError, match=r"bad.ttl: line 2: a literal of 200 characters .* POLICYKG_MAX_LITERAL"):
        parse_turtle_into(Graph(), data / "bad.ttl")


def test_query_text_cap(policykg, tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYKG_MAX_QUERY", "1K")
    rq = tmp_path / "long.rq"
    rq.write_text("SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(f"?o = {i}" for i in range(400)) + ") }")
    one_line_error(policykg("query", str(rq)), "long.rq: SPARQL query", "over the limit of 1 KiB")


def test_a_bad_cap_setting_is_one_line(policykg, monkeypatch):
    monkeypatch.setenv("POLICYKG_MAX_QUERY", "lots")
    one_line_error(policykg("query", "trace-results"), "POLICYKG_MAX_QUERY='lots'")


def test_caps_are_documented():
    doc = limits.__doc__
    for cap in limits.CAPS.values():
        assert cap.env in doc and f"``{cap.name}``" in doc


# ---------------------------------------------------------------- 5. atomic writes leave nothing behind


WRITER = """
import os, signal, sys, tempfile, time
from policykg import serialize
mode, target = sys.argv[1], sys.argv[2]
if mode == "slow":  # stop inside the write, after the temp file has data, and wait to be killed
    real = os.fsync
    def fsync(fd):
        print("writing", flush=True)
        time.sleep(30)
    os.fsync = fsync
elif mode == "int-in-mkstemp":  # Ctrl+C lands right inside the temp-file creation
    real_mkstemp = tempfile.mkstemp
    def mkstemp(*a, **k):
        out = real_mkstemp(*a, **k)
        os.kill(os.getpid(), signal.SIGINT)
        return out
    tempfile.mkstemp = mkstemp
try:
    serialize.atomic_write_bytes(target, b"new content " * 100000, parents=False)
except KeyboardInterrupt:
    sys.exit(130)
"""


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def run_writer(tmp_path: Path, mode: str) -> subprocess.Popen:
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    return subprocess.Popen([sys.executable, str(script), mode, str(tmp_path / "out" / "report.html")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONPATH=str(SRC)))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_the_write_leaves_the_old_file_and_no_temp(tmp_path, sig):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "report.html").write_text("old")
    proc = run_writer(tmp_path, "slow")
    assert proc.stdout.readline().strip() == "writing"
    assert len(temps(tmp_path / "out")) == 1  # the partial file exists while writing
    proc.send_signal(sig)
    proc.wait(timeout=20)
    assert proc.returncode in ((-signal.SIGTERM, 143) if sig == signal.SIGTERM else (130,)), proc.stderr.read()
    assert (tmp_path / "out" / "report.html").read_text() == "old"
    assert temps(tmp_path / "out") == []


def test_ctrl_c_inside_temp_creation_leaves_no_empty_temp(tmp_path):
    (tmp_path / "out").mkdir()
    proc = run_writer(tmp_path, "int-in-mkstemp")
    proc.wait(timeout=20)
    assert proc.returncode == 130, proc.stderr.read()
    assert temps(tmp_path / "out") == [] and not (tmp_path / "out" / "report.html").exists()


def test_a_killed_writers_temp_is_swept_by_the_next_write(tmp_path):
    (tmp_path / "out").mkdir()
    proc = run_writer(tmp_path, "slow")
    assert proc.stdout.readline().strip() == "writing"
    proc.kill()  # SIGKILL: nothing can clean up
    proc.wait(timeout=20)
    left = temps(tmp_path / "out")
    assert len(left) == 1
    old_style = tmp_path / "out" / ".report.html.k2j3h4.tmp"  # a name from before pids were in it, long abandoned
    old_style.write_text("x")
    os.utime(old_style, (time.time() - 3600, time.time() - 3600))
    other = tmp_path / "out" / f".other.html.{os.getppid()}.abc.tmp"  # another file's temp is not ours to sweep
    other.write_text("x")
    atomic_write_bytes(tmp_path / "out" / "report.html", b"fresh")
    assert (tmp_path / "out" / "report.html").read_bytes() == b"fresh"
    assert temps(tmp_path / "out") == [other.name]
    assert sweep_stale_temps(tmp_path / "out" / "report.html") == []


@pytest.mark.slow
def test_output_into_a_missing_folder_is_an_error(policykg, tmp_path):
    out = tmp_path / "no-such-folder" / "report.txt"
    one_line_error(policykg("check", str(DRAFTS / "conforming.ttl"), *RULEBOOK, "--as-of", AS_OF, "-o", str(out)),
                   "the folder", "does not exist")
    assert not out.parent.exists()


# ---------------------------------------------------------------- 6. deep but legitimate queries


@pytest.mark.slow
def test_a_query_of_200_triple_patterns_runs(policykg, tmp_path):
    rq = tmp_path / "deep.rq"
    patterns = " ".join(f"?d <https://w3id.org/policykg/ns#p{i}> ?o{i} ." for i in range(200))
    rq.write_text(f"SELECT (COUNT(*) AS ?n) WHERE {{ {patterns} }}", encoding="utf-8")
    r = policykg("query", str(rq), "--format", "csv", "--data", str(FIX / "registry"))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines() == ["n", "0"]


# ---------------------------------------------------------------- 9. the smaller points


def test_an_empty_query_file_is_called_empty(policykg, tmp_path):
    for text in ("", "\n\n", "# only a comment\n#+ summary: x\n"):
        rq = tmp_path / "empty.rq"
        rq.write_text(text, encoding="utf-8")
        line = one_line_error(policykg("query", str(rq)), "empty.rq: the query is empty")
        assert "UPDATE" not in line


@pytest.mark.slow
def test_pypdf_log_lines_stay_off_stderr(tmp_path):
    """In a real process (in-process, pytest's log capture would hide what reaches stderr)."""
    pdf = tmp_path / "crooked.pdf"
    pdf.write_bytes(minimal_pdf("Hello", break_xref=True))  # pypdf logs its repairs of the xref
    r = subprocess.run([sys.executable, "-m", "policykg.cli.main", "ingest", str(pdf)], capture_output=True,
                       text=True, env=dict(os.environ, PYTHONPATH=str(SRC)), timeout=120, check=False)
    assert r.returncode == 0 and "title: Hello" in r.stderr  # read despite the repairs …
    assert "startxref" not in r.stderr and "Object Streams" not in r.stderr  # … and pypdf's own lines are not shown


TITLE_WITH_ESCAPES = "测试\x1b[2J\x1b[1;1H\x1b]0;pwned\x07方案\x1b[31m"


def draft_with_title(tmp_path: Path, title: str) -> Path:
    text = (DRAFTS / "conforming.ttl").read_text(encoding="utf-8")
    escaped = title.encode("unicode_escape").decode("ascii").replace("\\x", "\\u00")
    text = text.replace("测试市人民政府关于落实测试工作的实施方案", escaped)
    path = tmp_path / "draft.ttl"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.slow
def test_terminal_escapes_are_stripped_from_the_text_report(policykg, tmp_path):
    draft = draft_with_title(tmp_path, TITLE_WITH_ESCAPES)
    for fmt in ("text", "markdown"):
        r = policykg("check", str(draft), *RULEBOOK, "--as-of", AS_OF, "--format", fmt)
        assert r.exit_code in (0, 1), r.stderr
        assert "\x1b" not in r.stdout and "\x07" not in r.stdout
    r = policykg("query", "trace-results", "--data", str(FIX / "registry"), "--data", str(draft))
    assert "\x1b" not in r.stdout


def test_no_nul_in_the_html_report(policykg, tmp_path):
    draft = draft_with_title(tmp_path, "测试\x00方案\x0b")
    r = policykg("check", str(draft), *RULEBOOK, "--as-of", AS_OF, "--format", "html")
    assert r.exit_code in (0, 1), r.stderr
    assert "\x00" not in r.stdout and "\x0b" not in r.stdout
