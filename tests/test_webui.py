"""The query page's editor and results in headless Chromium: highlighting, completion, sorting, describe, links.

The editor and the table are driven in a small harness page that loads the real scripts from the package; the
describe view and the links run against `policykg serve` (the server fixture of test_serve).
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from pathlib import Path

import pytest

from browser import needs_chromium, run_chromium
from test_serve import server  # noqa: F401  (the fixture)

STATIC = Path(__file__).parents[1] / "src" / "policykg" / "webui" / "static"
README = Path(__file__).parents[1] / "README.md"
TEMPLATES = Path(__file__).parents[1] / "src" / "policykg" / "render" / "templates"

HARNESS = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<div class="editor"><pre class="gutter"></pre><div class="code"><pre class="highlight"></pre>
<textarea id="editor"></textarea></div></div>
<div id="table"></div><pre id="out"></pre>
<script src="{static}/sparql-editor.js"></script>
<script src="{static}/results.js"></script>
<script>
(async function () {{
  const out = {{}};
  const ed = document.getElementById("editor");
  const api = PolicyKGEditor.attach(ed, {{
    knownPrefixes: {{ pkg: "https://w3id.org/policykg/ns#", eli: "http://data.europa.eu/eli/ontology#" }},
    vocabulary: async () => [{{ term: "https://w3id.org/policykg/ns#docNumber", label: "文号" }},
                              {{ term: "https://w3id.org/policykg/ns#measureOf", label: "举措所属文件" }}],
    onRun: () => {{}},
  }});
  ed.value = 'SELECT ?d WHERE {{ ?d pkg:docNumber "威政字〔2023〕40号"@zh . }} # note';
  api.refresh();
  out.highlight = document.querySelector("pre.highlight").innerHTML;
  // keyword completion: "SEL" → SELECT
  ed.value = "SEL"; ed.setSelectionRange(3, 3); await api.complete(false);
  out.keyword = [...api.popup.querySelectorAll(".c-name")].map((n) => n.textContent);
  // a prefix the text does not declare: "pk" → pkg:, then the local names, and the PREFIX line is added
  ed.value = "SELECT * WHERE {{ ?s pk"; ed.setSelectionRange(ed.value.length, ed.value.length);
  await api.complete(false);
  out.prefix = [...api.popup.querySelectorAll(".c-name")].map((n) => n.textContent);
  ed.dispatchEvent(new KeyboardEvent("keydown", {{ key: "Enter" }}));
  await new Promise((r) => setTimeout(r, 50));
  out.afterPrefix = ed.value;
  out.local = [...api.popup.querySelectorAll(".c-name")].map((n) => n.textContent);
  ed.value = ed.value + "mea"; ed.setSelectionRange(ed.value.length, ed.value.length);
  await api.complete(false);
  ed.dispatchEvent(new KeyboardEvent("keydown", {{ key: "Tab" }}));
  out.afterLocal = ed.value;
  // the table sorts numbers as numbers, text in Chinese collation, empty cells last
  const rows = [["b", "10"], ["a", "9"], ["c", ""], ["d", "100"]].map(([k, n]) => ({{
    k: {{ type: "literal", value: k }}, n: n ? {{ type: "literal", value: n }} : undefined }}));
  const t = PolicyKGResults.table(["k", "n"], rows, {{}});
  document.getElementById("table").appendChild(t);
  const col = (i) => [...t.tBodies[0].rows].map((r) => r.cells[i].textContent);
  out.initial = col(0);
  t.tHead.rows[0].cells[1].querySelector("button").click();
  out.asc = col(1); out.ascSort = t.tHead.rows[0].cells[1].getAttribute("aria-sort");
  t.tHead.rows[0].cells[1].querySelector("button").click();
  out.desc = col(1);
  document.getElementById("out").textContent = JSON.stringify(out);
}})();
</script></body></html>
"""


def harness_result(tmp_path: Path) -> dict:
    page = tmp_path / "harness.html"
    page.write_text(HARNESS.format(static=STATIC.as_uri()), encoding="utf-8")
    done = run_chromium(tmp_path, "--allow-file-access-from-files", "--virtual-time-budget=3000", "--dump-dom",
                        page.as_uri(), text=True)
    m = re.search(r'<pre id="out">(.*?)</pre>', done.stdout, re.S)
    assert m and m[1], done.stderr[-2000:]
    return json.loads(html.unescape(m[1]))


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
def test_editor_highlights_completes_and_the_table_sorts(tmp_path):
    out = harness_result(tmp_path)
    hl = out["highlight"]
    assert '<span class="tok-keyword">SELECT</span>' in hl
    assert '<span class="tok-var">?d</span>' in hl
    assert '<span class="tok-pname">pkg:docNumber</span>' in hl
    assert '<span class="tok-string">"威政字〔2023〕40号"</span><span class="tok-lang">@zh</span>' in hl
    assert '<span class="tok-comment"># note</span>' in hl
    assert out["keyword"][0] == "SELECT"
    assert "pkg:" in out["prefix"]
    # choosing pkg: declared it at the top and offered the graph's terms of that namespace
    assert out["afterPrefix"].startswith("PREFIX pkg: <https://w3id.org/policykg/ns#>\n")
    assert out["afterPrefix"].endswith("?s pkg:")
    assert out["local"] == ["pkg:docNumber", "pkg:measureOf"]
    assert out["afterLocal"].endswith("?s pkg:measureOf")
    assert out["afterLocal"].count("PREFIX pkg:") == 1
    assert out["initial"] == ["b", "a", "c", "d"]
    assert out["asc"] == ["9", "10", "100", ""] and out["ascSort"] == "ascending"
    assert out["desc"] == ["100", "10", "9", ""]


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
def test_describe_view_shows_names_status_and_links(server, tmp_path):  # noqa: F811
    base, _ = server
    url = base + "/?" + urllib.parse.urlencode({"describe": "https://w3id.org/policykg/doc/测省发-2020-7"})
    dom = run_chromium(tmp_path, "--virtual-time-budget=6000", "--dump-dom", url, text=True).stdout
    panel = re.search(r'<aside id="describe"[^>]*>(.*?)</aside>', dom, re.S)
    assert panel, "no describe panel"
    body = panel[1]
    assert "<h3>测省发〔2020〕7号</h3>" in body
    assert "效力状态 Status: <strong>" in body
    assert "https://w3id.org/policykg/doc/测省发-2020-7" in body


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
def test_results_have_sort_buttons_and_the_page_links_to_itself(server, tmp_path):  # noqa: F811
    base, _ = server
    url = base + "/?" + urllib.parse.urlencode({"q": "basis-chain", "document": "测市发〔2021〕9号", "run": "1"})
    dom = run_chromium(tmp_path, "--virtual-time-budget=5000", "--dump-dom", url, text=True).stdout
    assert '<th aria-sort="none"><button type="button" class="sort"' in dom
    link = re.search(r'<a id="share-link" href="([^"]+)"', dom)
    assert link and "q=basis-chain" in link[1] and "run=1" in link[1]
    assert "document=" in link[1]
    # the highlighted copy of the query is drawn under the editor
    assert '<pre class="highlight" id="highlight" aria-hidden="true"><span class="tok-comment">' in dom


def test_links_are_documented_in_the_page_and_the_readme():
    page = (TEMPLATES / "webui.html").read_text(encoding="utf-8")
    readme = README.read_text(encoding="utf-8")
    for text in (page, readme):
        assert "?q=" in text and "run=1" in text and "describe=" in text
