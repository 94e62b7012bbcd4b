"""The offline HTML viewer: one self-contained file that headless Chromium, with networking off, draws."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser import decode_png, needs_chromium, pixel_stats, run_chromium
from conftest import requires_tool, run_cli
from policykg.export import build_view, read_model
from policykg.export.html import _json_for_script
from policykg.resources import resource_dir
from policykg.store import open_store

FIXTURE = Path(__file__).parent / "fixtures" / "export" / "weihai"
BUNDLED_CASE = resource_dir("data") / "cases" / "weihai-2023"
D = "https://w3id.org/policykg/doc/"
REPORT = D + "idx-11371000004359096D-2025-03372"

pytestmark = requires_tool("dot")


@pytest.fixture(scope="module")
def trace_html(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("viewer") / "trace.html"
    result = run_cli("export", "--data", str(FIXTURE), "--view", "trace", "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return out


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(text: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(text)
    return parser.tags


def payload(text: str) -> dict:
    m = re.search(r'<script type="application/json" id="pkg-data">(.*?)</script>', text, re.S)
    return json.loads(m.group(1))


# ---------------------------------------------------------------- the file


def test_viewer_is_one_file_without_network_references(trace_html):
    text = trace_html.read_text(encoding="utf-8")
    tags = tags_of(text)
    for tag, attrs in tags:
        for name in ("src", "href", "xlink:href", "action", "data", "poster", "srcset"):
            value = attrs.get(name) or ""
            assert not re.match(r"\s*(https?:)?//", value), (tag, name, value)
    assert not [a for t, a in tags if t == "script" and "src" in a]  # no external scripts
    assert not [t for t, _ in tags if t in ("link", "iframe", "img", "object", "embed")]
    assert "@import" not in text and not re.search(r"url\(\s*['\"]?(https?:)?//", text)
    assert "http-equiv=\"Content-Security-Policy\"" in text and "default-src 'none'" in text


def test_csp_allows_exactly_the_inline_script(trace_html):
    text = trace_html.read_text(encoding="utf-8")
    declared = re.search(r"script-src '(sha256-[^']+)'", text).group(1)
    scripts = re.findall(r"<script>(.*?)</script>", text, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode()
    assert declared == f"sha256-{digest}"


@pytest.mark.slow
def test_viewer_carries_nodes_edges_attributes_and_quotes(trace_html):
    text = trace_html.read_text(encoding="utf-8")
    data = payload(text)
    view = build_view(read_model(open_store([FIXTURE])), "trace")
    assert [n["iri"] for n in data["nodes"]] == list(view.graph.nodes)
    assert len(data["edges"]) == view.graph.number_of_edges()
    # the inline SVG has one drawn node per data node, with the same ids
    svg_ids = re.findall(r'<g id="(n\d+)" class="node"', text)
    assert sorted(svg_ids) == sorted(n["id"] for n in data["nodes"])
    result = next(n for n in data["nodes"] if n["iri"] == f"{REPORT}/result-02")
    assert result["label"] == "国家高新技术企业超1700家" and result["attrs"]["value"] == 1700.0
    assert result["quotes"][0]["quote"] == "国家高新技术企业超1700家,较“十三五”末增加986家"
    assert result["quotes"][0]["source"] == "src:seed-000"
    plan = next(n for n in data["nodes"] if n["iri"] == D + "威政字-2023-40")
    assert plan["number"] == "威政字〔2023〕40号" and plan["attrs"]["level"] == "市"
    assert data["fields"]["number"] == ["发文字号", "document number (wenhao)"]


def test_embedded_json_cannot_close_its_script():
    text = _json_for_script({"label": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["label"] == "</script><script>alert(1)</script> & <!--"


# ---------------------------------------------------------------- in a browser


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
def test_chromium_draws_the_graph_offline(trace_html, tmp_path):
    shot = tmp_path / "shot.png"
    proc = run_chromium(tmp_path, f"--screenshot={shot}", trace_html.as_uri(), window="1400,1000", offline=True)
    assert proc.returncode == 0 and shot.is_file(), proc.stderr[-2000:]
    colours, inked = pixel_stats(shot.read_bytes())
    assert colours > 50, colours  # node fills, borders, text antialiasing, legend swatches
    assert 0.03 < inked < 0.9, inked
    # the canvas (left of the side panel) is not blank: the graph itself was drawn there
    width, height, rows = decode_png(shot.read_bytes())
    bpp = len(rows[0]) // width
    canvas = {rows[y][x * bpp:x * bpp + 3] for y in range(80, height - 10, 4) for x in range(10, width - 460, 4)}
    assert len(canvas) > 20


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
def test_chromium_runs_the_viewer_script(trace_html, tmp_path):
    url = trace_html.as_uri() + "#" + f"{REPORT}/result-03"
    proc = run_chromium(tmp_path, "--dump-dom", "--virtual-time-budget=3000", url, window="1400,1000", offline=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout.decode("utf-8")
    data = payload(trace_html.read_text(encoding="utf-8"))
    assert 'data-pkg-ready="true"' in dom
    assert f'data-pkg-nodes="{len(data["nodes"])}"' in dom
    assert len(re.findall(r'<g id="n\d+" class="node[^"]*" data-iri="', dom)) == len(data["nodes"])
    # the side panel shows the selected result, its quote, and its chains to directives
    panel = dom[dom.index('id="pkg-details"'):dom.index('id="pkg-legend"')]
    assert "累计实施“揭榜挂帅”项目26项" in panel
    assert "追溯到上位文件" in panel and "国科发创〔2016〕370号" in panel and "鲁政发〔2017〕38号" in panel
    assert "Chains to directives（3）" in panel  # 国科发创〔2016〕370号, 鲁政发〔2017〕38号, 国发〔2022〕18号


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
@pytest.mark.skipif(not BUNDLED_CASE.is_dir(), reason="bundled Weihai case not built yet")
def test_bundled_trace_viewer_draws_every_result(tmp_path):
    out = tmp_path / "trace.html"
    result = run_cli("export", "--view", "trace", "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    data = payload(out.read_text(encoding="utf-8"))
    results = [n for n in data["nodes"] if n["kind"] == "result"]
    shot = tmp_path / "shot.png"
    proc = run_chromium(tmp_path, f"--screenshot={shot}", out.as_uri(), window="1400,1000", offline=True)
    assert proc.returncode == 0 and shot.is_file(), proc.stderr[-2000:]
    colours, inked = pixel_stats(shot.read_bytes())
    assert colours > 50 and inked > 0.03
    dom = run_chromium(tmp_path, "--dump-dom", out.as_uri(), window="1400,1000", offline=True).stdout.decode("utf-8")
    drawn = set(re.findall(r'data-iri="([^"]+)"', dom))
    assert {n["iri"] for n in results} <= drawn and len(results) >= 20
