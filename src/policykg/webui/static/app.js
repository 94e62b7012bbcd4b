// policykg query page: a textarea editor with line numbers, the saved queries, parameters bound on the server.
// Plain browser JavaScript, no libraries.
(function () {
  "use strict";

  const saved = JSON.parse(document.getElementById("saved-data").textContent);
  const byName = new Map(saved.map((q) => [q.name, q]));
  const editor = document.getElementById("editor");
  const gutter = document.getElementById("line-numbers");
  const paramsForm = document.getElementById("params");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const title = document.getElementById("query-title");
  const summary = document.getElementById("query-summary");
  const PARAM_RE = /^#\+\s*params:\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(([^)]*)\)\s*(?:[—–:\-]+\s*(.*))?$/;
  const HINTS = {
    "iri": "IRI, e.g. doc:威政字-2023-40",
    "docnumber-or-iri": "文号 or IRI, e.g. 国科发创〔2016〕370号",
    "date": "YYYY-MM-DD",
    "integer": "integer",
    "string": "text",
  };

  // ---- editor -------------------------------------------------------------------------------------------
  function renumber() {
    const n = editor.value.split("\n").length;
    let text = "";
    for (let i = 1; i <= n; i++) text += i + "\n";
    gutter.textContent = text;
    gutter.scrollTop = editor.scrollTop;
  }
  editor.addEventListener("input", () => { renumber(); scheduleParams(); });
  editor.addEventListener("scroll", () => { gutter.scrollTop = editor.scrollTop; });
  editor.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      run();
    } else if (ev.key === "Tab" && !ev.shiftKey) {
      ev.preventDefault();
      const s = editor.selectionStart, e = editor.selectionEnd;
      editor.setRangeText("  ", s, e, "end");
      renumber();
    }
  });

  // ---- parameters: the fields follow the #+ params: lines of the text -----------------------------------
  function declaredParams(text) {
    const out = [];
    for (const line of text.split("\n")) {
      const t = line.trim();
      if (t && !t.startsWith("#")) break;
      const m = PARAM_RE.exec(t);
      if (!m) continue;
      const opts = m[2].split(",").map((o) => o.trim()).filter(Boolean);
      const def = opts.find((o) => o.startsWith("default "));
      out.push({ name: m[1], type: opts[0] || "string", required: opts.includes("required"),
                 default: def ? def.slice(8).trim() : null, description: (m[3] || "").trim() });
    }
    return out;
  }
  function currentValues() {
    const values = {};
    for (const input of paramsForm.querySelectorAll("input")) values[input.name] = input.value;
    return values;
  }
  function renderParams() {
    const keep = currentValues();
    paramsForm.textContent = "";
    for (const p of declaredParams(editor.value)) {
      const label = document.createElement("label");
      const caption = document.createElement("span");
      caption.textContent = `${p.name} (${p.type})`;
      if (p.required) {
        const star = document.createElement("span");
        star.className = "req";
        star.textContent = " *";
        caption.appendChild(star);
      }
      const input = document.createElement("input");
      input.name = p.name;
      input.type = "text";
      input.placeholder = p.default ? `默认 default: ${p.default}` : HINTS[p.type] || "";
      input.title = p.description || HINTS[p.type] || "";
      input.value = keep[p.name] || "";
      input.addEventListener("keydown", (ev) => { if (ev.key === "Enter") { ev.preventDefault(); run(); } });
      label.appendChild(caption);
      label.appendChild(input);
      paramsForm.appendChild(label);
    }
  }
  let paramTimer = null;
  function scheduleParams() {
    clearTimeout(paramTimer);
    paramTimer = setTimeout(renderParams, 300);
  }

  // ---- saved queries --------------------------------------------------------------------------------------
  function choose(name) {
    const q = byName.get(name);
    if (!q) return;
    editor.value = q.text;
    title.textContent = q.name;
    summary.textContent = `${q.summary_zh} / ${q.summary_en}` + (q.check ? ` — ${q.severity}` : "");
    paramsForm.textContent = "";
    renderParams();
    renumber();
    for (const b of document.querySelectorAll(".saved-query")) {
      b.classList.toggle("active", b.dataset.name === name);
    }
    results.textContent = "";
    setStatus("", "");
  }
  for (const b of document.querySelectorAll(".saved-query")) {
    b.addEventListener("click", () => choose(b.dataset.name));
  }

  // ---- running --------------------------------------------------------------------------------------------
  function setStatus(text, kind) {
    status.textContent = text;
    status.className = "status" + (kind ? " " + kind : "");
  }
  function nonEmpty(values) {
    const out = {};
    for (const [k, v] of Object.entries(values)) if (v.trim() !== "") out[k] = v;
    return out;
  }
  async function post(format) {
    const url = "/api/run" + (format ? "?format=" + encodeURIComponent(format) : "");
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ query: editor.value, params: nonEmpty(currentValues()) }),
    });
  }
  async function errorText(response) {
    const text = await response.text();
    try { return JSON.parse(text).error || text; } catch (e) { return text; }
  }
  async function run() {
    setStatus("运行中 running…", "");
    results.textContent = "";
    let response;
    try {
      response = await post(null);
    } catch (e) {
      setStatus("无法连接服务器 / cannot reach the server", "error");
      return;
    }
    if (!response.ok) {
      setStatus(`HTTP ${response.status}: ${await errorText(response)}`, "error");
      return;
    }
    const doc = await response.json();
    showResult(doc);
  }
  function cell(term, labels) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      td.className = "iri";
      td.textContent = labels[term.value] || term.value;
      td.title = term.value;
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) {
        const s = document.createElement("span");
        s.className = "lang";
        s.textContent = "@" + term["xml:lang"];
        td.appendChild(s);
      }
    }
    return td;
  }
  function showResult(doc) {
    const more = doc.truncated ? ` — 已截断 truncated at ${doc.cap} rows` : "";
    if (doc.form === "ASK") {
      results.textContent = doc.sparql.boolean ? "true — 是" : "false — 否";
      setStatus(`${doc.elapsed_ms} ms`, "ok");
      return;
    }
    if (doc.form === "CONSTRUCT" || doc.form === "DESCRIBE") {
      const pre = document.createElement("pre");
      pre.className = "graph";
      pre.textContent = doc.turtle;
      results.appendChild(pre);
      setStatus(`${doc.triples} triples · ${doc.elapsed_ms} ms${more}`, "ok");
      return;
    }
    const vars = doc.sparql.head.vars;
    const rows = doc.sparql.results.bindings;
    const table = document.createElement("table");
    table.className = "result";
    const head = table.createTHead().insertRow();
    for (const v of vars) {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const v of vars) tr.appendChild(cell(row[v], doc.labels || {}));
    }
    results.appendChild(table);
    setStatus(`${rows.length} 行 rows · ${doc.elapsed_ms} ms${more}`, doc.truncated ? "error" : "ok");
  }
  async function download(format) {
    setStatus("下载中 downloading…", "");
    const response = await post(format);
    if (!response.ok) {
      setStatus(`HTTP ${response.status}: ${await errorText(response)}`, "error");
      return;
    }
    const blob = await response.blob();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `${title.textContent.replace(/[^\w\-]+/g, "_") || "query"}.${format}`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setStatus("", "");
  }
  document.getElementById("run").addEventListener("click", run);
  for (const b of document.querySelectorAll(".download")) {
    b.addEventListener("click", () => download(b.dataset.format));
  }

  // ---- start ------------------------------------------------------------------------------------------------
  document.getElementById("endpoint-url").textContent = new URL("/sparql", window.location.href).href;
  // A link such as /?q=impact-of-change&directive=国科发创〔2016〕370号&run=1 opens (and runs) a saved query.
  const link = new URLSearchParams(window.location.search);
  const wanted = link.get("q");
  const first = wanted && byName.has(wanted) ? wanted
    : title.textContent && byName.has(title.textContent) ? title.textContent : (saved[0] || {}).name;
  if (first) choose(first); else renumber();
  for (const input of paramsForm.querySelectorAll("input")) {
    if (link.has(input.name)) input.value = link.get(input.name);
  }
  if (link.has("run")) run();
})();
