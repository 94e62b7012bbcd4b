// policykg query page: the saved queries, their parameters (bound on the server), running, downloads, links.
// The editor is sparql-editor.js, the result table and the describe view results.js. Plain JavaScript.
(function () {
  "use strict";

  const saved = JSON.parse(document.getElementById("saved-data").textContent);
  const byName = new Map(saved.map((q) => [q.name, q]));
  const editorEl = document.getElementById("editor");
  const paramsForm = document.getElementById("params");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const panel = document.getElementById("describe");
  const title = document.getElementById("query-title");
  const summary = document.getElementById("query-summary");
  const linkBox = document.getElementById("share-link");
  const DESCRIBE_QUERY = "describe-node";
  const PARAM_RE = /^#\+\s*params:\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(([^)]*)\)\s*(?:[—–:\-]+\s*(.*))?$/;
  const HINTS = {
    "iri": "IRI, e.g. doc:威政字-2023-40",
    "docnumber-or-iri": "文号 or IRI, e.g. 国科发创〔2016〕370号",
    "date": "YYYY-MM-DD",
    "integer": "integer",
    "string": "text",
  };
  let current = null;  // the saved query shown, or null once the text was edited

  // ---- the editor: prefixes known from the saved queries, local names from the graph -----------------------
  const knownPrefixes = {};
  for (const q of saved) Object.assign(knownPrefixes, PolicyKGEditor.declaredPrefixes(q.text));
  let vocabulary = null;
  function loadVocabulary() {
    if (!vocabulary) {
      const text = "SELECT DISTINCT ?term WHERE { { ?s ?term ?o } UNION { ?s a ?term } } ORDER BY ?term";
      vocabulary = postJson("/api/run", { query: text, params: {} })
        .then((r) => (r.ok ? r.json() : { sparql: { results: { bindings: [] } }, labels: {} }))
        .then((doc) => doc.sparql.results.bindings.map((b) => ({ term: b.term.value, label: (doc.labels || {})[b.term.value] })))
        .catch(() => []);
    }
    return vocabulary;
  }
  const editor = PolicyKGEditor.attach(editorEl, {
    knownPrefixes,
    vocabulary: () => loadVocabulary(),
    onRun: () => run(),
  });
  editorEl.addEventListener("input", () => {
    scheduleParams();
    if (current && editorEl.value !== current.text) current = null;
    updateLink();
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
    for (const p of declaredParams(editorEl.value)) {
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
      input.addEventListener("input", updateLink);
      label.appendChild(caption);
      label.appendChild(input);
      paramsForm.appendChild(label);
    }
  }
  let paramTimer = null;
  function scheduleParams() {
    clearTimeout(paramTimer);
    paramTimer = setTimeout(() => { renderParams(); updateLink(); }, 300);
  }

  // ---- saved queries --------------------------------------------------------------------------------------
  function choose(name) {
    const q = byName.get(name);
    if (!q) return;
    current = q;
    editorEl.value = q.text;
    title.textContent = q.name;
    summary.textContent = `${q.summary_zh} / ${q.summary_en}` + (q.check ? ` — ${q.severity}` : "");
    paramsForm.textContent = "";
    renderParams();
    editor.refresh();
    for (const b of document.querySelectorAll(".saved-query")) {
      b.classList.toggle("active", b.dataset.name === name);
    }
    results.textContent = "";
    setStatus("", "");
    updateLink();
  }
  for (const b of document.querySelectorAll(".saved-query")) {
    b.addEventListener("click", () => choose(b.dataset.name));
  }

  // ---- links: ?q=NAME&PARAM=VALUE&run=1 (a saved query), ?query=TEXT (edited text), ?describe=IRI ----------
  function shareUrl() {
    const link = new URLSearchParams();
    if (current) link.set("q", current.name);
    else link.set("query", editorEl.value);
    for (const [k, v] of Object.entries(currentValues())) if (v.trim() !== "") link.set(k, v);
    link.set("run", "1");
    return window.location.pathname + "?" + link.toString();  // same host: a path, never an absolute URL
  }
  function updateLink() {
    const href = shareUrl();
    linkBox.href = href;
    linkBox.textContent = decodeURIComponent(href.replace(/\+/g, " "));
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
  function postJson(url, body) {
    return fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  }
  function post(format) {
    const url = "/api/run" + (format ? "?format=" + encodeURIComponent(format) : "");
    return postJson(url, { query: editorEl.value, params: nonEmpty(currentValues()) });
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
    showResult(await response.json());
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
      pre.innerHTML = PolicyKGEditor.highlight(doc.turtle);
      results.appendChild(pre);
      setStatus(`${doc.triples} triples · ${doc.elapsed_ms} ms${more}`, "ok");
      return;
    }
    const rows = doc.sparql.results.bindings;
    results.appendChild(PolicyKGResults.table(doc.sparql.head.vars, rows, doc.labels || {}));
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

  // ---- the describe view: click an IRI in a result --------------------------------------------------------
  async function openDescribe(iri, push) {
    const q = byName.get(DESCRIBE_QUERY);
    if (!q) return;
    panel.hidden = false;
    panel.textContent = "载入中 loading…";
    let doc;
    try {
      const response = await postJson("/api/run", { query: q.text, params: { node: iri } });
      if (!response.ok) { panel.textContent = `HTTP ${response.status}: ${await errorText(response)}`; return; }
      doc = await response.json();
    } catch (e) {
      panel.textContent = "无法连接服务器 / cannot reach the server";
      return;
    }
    const rows = doc.sparql.results.bindings;
    PolicyKGResults.describe(panel, iri, rows, doc.labels || {}, (next) => openDescribe(next, true));
    if (push) {
      const link = new URLSearchParams(window.location.search);
      link.set("describe", iri);
      history.pushState({ describe: iri }, "", "?" + link.toString());
    }
  }
  results.addEventListener("click", (ev) => {
    const td = ev.target.closest("td.iri");
    if (td && td.title) openDescribe(td.title, true);
  });
  panel.addEventListener("closed", () => {
    const link = new URLSearchParams(window.location.search);
    link.delete("describe");
    history.pushState({}, "", "?" + link.toString());
  });
  window.addEventListener("popstate", () => {
    const iri = new URLSearchParams(window.location.search).get("describe");
    if (iri) openDescribe(iri, false); else panel.hidden = true;
  });

  // ---- start ------------------------------------------------------------------------------------------------
  document.getElementById("endpoint-url").textContent = new URL("/sparql", window.location.href).href;
  const link = new URLSearchParams(window.location.search);
  const wanted = link.get("q");
  const first = wanted && byName.has(wanted) ? wanted
    : title.textContent && byName.has(title.textContent) ? title.textContent : (saved[0] || {}).name;
  if (first) choose(first); else editor.refresh();
  if (!wanted && link.has("query")) {
    current = null;
    editorEl.value = link.get("query");
    title.textContent = "";
    summary.textContent = "";
    for (const b of document.querySelectorAll(".saved-query")) b.classList.remove("active");
    renderParams();
    editor.refresh();
  }
  for (const input of paramsForm.querySelectorAll("input")) {
    if (link.has(input.name)) input.value = link.get(input.name);
  }
  updateLink();
  if (link.has("run")) run();
  if (link.has("describe")) openDescribe(link.get("describe"), false);
})();
