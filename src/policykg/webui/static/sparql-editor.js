// policykg query page — the SPARQL editor: a textarea with a highlighted copy of its text drawn underneath,
// line numbers, and completion of keywords, prefixes and the terms of the graph. Plain JavaScript, no libraries.
(function () {
  "use strict";

  // SPARQL 1.1 keywords (Query §19.8) and built-in functions (§17.4); upper case, matched case-insensitively.
  const KEYWORDS = [
    "BASE", "PREFIX", "SELECT", "DISTINCT", "REDUCED", "AS", "CONSTRUCT", "DESCRIBE", "ASK", "FROM", "NAMED",
    "WHERE", "ORDER", "BY", "ASC", "DESC", "LIMIT", "OFFSET", "VALUES", "OPTIONAL", "GRAPH", "SERVICE", "SILENT",
    "BIND", "UNDEF", "MINUS", "UNION", "FILTER", "EXISTS", "NOT", "IN", "GROUP", "HAVING", "a", "true", "false",
  ];
  const FUNCTIONS = [
    "STR", "LANG", "LANGMATCHES", "DATATYPE", "BOUND", "IRI", "URI", "BNODE", "RAND", "ABS", "CEIL", "FLOOR",
    "ROUND", "CONCAT", "STRLEN", "UCASE", "LCASE", "ENCODE_FOR_URI", "CONTAINS", "STRSTARTS", "STRENDS",
    "STRBEFORE", "STRAFTER", "YEAR", "MONTH", "DAY", "HOURS", "MINUTES", "SECONDS", "TIMEZONE", "TZ", "NOW",
    "UUID", "STRUUID", "MD5", "SHA1", "SHA256", "SHA384", "SHA512", "COALESCE", "IF", "STRLANG", "STRDT",
    "SAMETERM", "ISIRI", "ISURI", "ISBLANK", "ISLITERAL", "ISNUMERIC", "REGEX", "SUBSTR", "REPLACE", "COUNT",
    "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT", "SEPARATOR",
  ];
  const KEYWORD_SET = new Set(KEYWORDS.map((k) => k.toUpperCase()));
  const FUNCTION_SET = new Set(FUNCTIONS);

  // One token pattern per kind, tried in this order at each position.
  const PN_CHARS = "A-Za-z0-9_\\u00B7\\u00C0-\\uFFFF\\-";
  const TOKEN_RULES = [
    ["comment", /#[^\n]*/y],
    ["string", /"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?/y],
    ["iri", /<[^<>"{}|^`\\\s]*>/y],
    ["var", new RegExp(`[?$][${PN_CHARS}]+`, "y")],
    ["pname", new RegExp(`(?:[A-Za-z][${PN_CHARS}.]*)?:(?:[${PN_CHARS}%.:]*[${PN_CHARS}%:])?`, "y")],
    ["lang", /@[A-Za-z]+(?:-[A-Za-z0-9]+)*/y],
    ["number", /[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/y],
    ["word", /[A-Za-z_][A-Za-z0-9_]*/y],
    ["space", /\s+/y],
  ];

  /** Split SPARQL text into [kind, text] tokens; keywords and functions are told apart from other words. */
  function tokenize(text) {
    const out = [];
    let pos = 0;
    while (pos < text.length) {
      let matched = null;
      for (const [kind, re] of TOKEN_RULES) {
        re.lastIndex = pos;
        const m = re.exec(text);
        if (m && m[0].length) { matched = [kind, m[0]]; break; }
      }
      if (!matched) matched = ["punct", text[pos]];
      if (matched[0] === "word") {
        const up = matched[1].toUpperCase();
        matched[0] = matched[1] === "a" || KEYWORD_SET.has(up) ? "keyword" : FUNCTION_SET.has(up) ? "function" : "word";
      }
      out.push(matched);
      pos += matched[1].length;
    }
    return out;
  }

  function escapeHtml(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  /** The text as HTML with one span per significant token (class tok-KIND). */
  function highlight(text) {
    let html = "";
    for (const [kind, t] of tokenize(text)) {
      html += kind === "space" || kind === "punct" || kind === "word" ? escapeHtml(t)
        : `<span class="tok-${kind}">${escapeHtml(t)}</span>`;
    }
    return html + "\n";  // a final newline keeps the last (empty) line as tall as the textarea's
  }

  /** PREFIX declarations of a text, as {prefix: namespace}. */
  function declaredPrefixes(text) {
    const out = {};
    const re = /^\s*PREFIX\s+([A-Za-z][\w.\-]*)?:\s*<([^>\s]*)>/gim;
    let m;
    while ((m = re.exec(text))) out[m[1] || ""] = m[2];
    return out;
  }

  /**
   * Attach the editor behaviour to a textarea.
   * options.knownPrefixes: {prefix: namespace} offered even when the text does not declare them;
   * options.vocabulary(namespace) → Promise of [{term, label}] for the local names of a namespace;
   * options.onRun(): Ctrl+Enter.
   */
  function attach(editor, options) {
    const box = editor.closest(".editor");
    const gutter = box.querySelector(".gutter");
    const shade = box.querySelector(".highlight");
    const popup = document.createElement("ul");
    popup.className = "completions";
    popup.setAttribute("role", "listbox");
    popup.hidden = true;
    box.appendChild(popup);
    let items = [];
    let active = 0;
    let replaceFrom = 0;

    function refresh() {
      const n = editor.value.split("\n").length;
      let numbers = "";
      for (let i = 1; i <= n; i++) numbers += i + "\n";
      gutter.textContent = numbers;
      shade.innerHTML = highlight(editor.value);
      syncScroll();
    }
    function syncScroll() {
      gutter.scrollTop = editor.scrollTop;
      shade.scrollTop = editor.scrollTop;
      shade.scrollLeft = editor.scrollLeft;
    }

    // ---- completion -------------------------------------------------------------------------------------
    function tokenAtCaret() {
      const before = editor.value.slice(0, editor.selectionStart);
      const tokens = tokenize(before);
      return tokens.length ? tokens[tokens.length - 1] : ["space", ""];
    }
    function allPrefixes() {
      return Object.assign({}, options.knownPrefixes || {}, declaredPrefixes(editor.value));
    }
    async function candidates(explicit) {
      const before = editor.value.slice(0, editor.selectionStart);
      const [kind] = tokenAtCaret();
      if (kind === "comment" || kind === "string" || kind === "iri" || kind === "var") return null;
      const prefixes = allPrefixes();
      // after PREFIX: whole declarations
      const decl = /PREFIX\s+([A-Za-z][\w.\-]*)?$/i.exec(before);
      if (decl) {
        const word = decl[1] || "";
        return { from: before.length - word.length, list: Object.entries(prefixes)
          .filter(([p]) => p.startsWith(word))
          .map(([p, ns]) => ({ insert: `${p}: <${ns}>`, label: `${p}:`, detail: ns })) };
      }
      const pname = new RegExp(`([A-Za-z][\\w.\\-]*)?:([${PN_CHARS}]*)$`).exec(before);
      if (pname) {
        const prefix = pname[1] || "";
        const local = pname[2];
        const ns = prefixes[prefix];
        if (ns === undefined || !options.vocabulary) return null;
        const terms = await options.vocabulary(ns);
        return { from: before.length - local.length, prefix, namespace: ns, list: terms
          .filter((t) => t.term.startsWith(ns) && t.term.slice(ns.length).startsWith(local))
          .map((t) => ({ insert: t.term.slice(ns.length), label: `${prefix}:${t.term.slice(ns.length)}`,
                         detail: t.label || "" })) };
      }
      const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(before);
      if (!word && !explicit) return null;
      const w = word ? word[0] : "";
      if (!explicit && w.length < 2) return null;
      const up = w.toUpperCase();
      const list = [];
      for (const k of KEYWORDS.concat(FUNCTIONS)) {
        if (k.toUpperCase().startsWith(up) && k.toUpperCase() !== up) {
          list.push({ insert: k === "a" ? k : k.toUpperCase(), label: k, detail: FUNCTION_SET.has(k) ? "函数 function" : "关键字 keyword" });
        }
      }
      for (const [p, ns] of Object.entries(prefixes)) {
        if (p.startsWith(w)) list.push({ insert: `${p}:`, label: `${p}:`, detail: ns, prefix: p, namespace: ns });
      }
      return { from: before.length - w.length, list };
    }
    async function openCompletion(explicit) {
      const found = await candidates(explicit);
      if (!found || !found.list.length) { closeCompletion(); return; }
      items = found.list.slice(0, 50).map((it) => Object.assign({ prefix: found.prefix, namespace: found.namespace }, it));
      replaceFrom = found.from;
      active = 0;
      popup.textContent = "";
      items.forEach((it, i) => {
        const li = document.createElement("li");
        li.setAttribute("role", "option");
        const name = document.createElement("span");
        name.className = "c-name";
        name.textContent = it.label;
        const detail = document.createElement("span");
        detail.className = "c-detail";
        detail.textContent = it.detail || "";
        li.append(name, detail);
        li.addEventListener("mousedown", (ev) => { ev.preventDefault(); active = i; accept(); });
        popup.appendChild(li);
      });
      place();
      popup.hidden = false;
      mark();
    }
    function closeCompletion() { popup.hidden = true; items = []; }
    function mark() {
      [...popup.children].forEach((li, i) => li.classList.toggle("active", i === active));
      const li = popup.children[active];
      if (li) li.scrollIntoView({ block: "nearest" });
    }
    function place() {
      const before = editor.value.slice(0, editor.selectionStart);
      const lines = before.split("\n");
      const style = getComputedStyle(editor);
      const ctx = document.createElement("canvas").getContext("2d");
      ctx.font = `${style.fontSize} ${style.fontFamily}`;
      const lineHeight = parseFloat(style.lineHeight) || 19;
      const x = ctx.measureText(lines[lines.length - 1]).width + parseFloat(style.paddingLeft) - editor.scrollLeft;
      const y = lines.length * lineHeight + parseFloat(style.paddingTop) - editor.scrollTop;
      popup.style.left = `${editor.offsetLeft + Math.max(0, x)}px`;
      popup.style.top = `${editor.offsetTop + y + 2}px`;
    }
    /** Put the chosen item in; a prefixed name whose prefix the text does not declare gets its PREFIX line. */
    function accept() {
      const it = items[active];
      if (!it) return;
      const caret = editor.selectionStart;
      editor.setRangeText(it.insert, replaceFrom, caret, "end");
      if (it.prefix !== undefined && it.namespace && !(it.prefix in declaredPrefixes(editor.value))) {
        const line = `PREFIX ${it.prefix}: <${it.namespace}>\n`;
        const at = prefixInsertPoint(editor.value);
        const end = editor.selectionStart;
        editor.setRangeText(line, at, at, "preserve");
        editor.setSelectionRange(end + line.length, end + line.length);
      }
      closeCompletion();
      editor.dispatchEvent(new Event("input"));
      if (it.insert.endsWith(":")) openCompletion(false);
    }
    /** After the leading comment block and the PREFIX lines already there. */
    function prefixInsertPoint(text) {
      let at = 0;
      for (const line of text.split("\n")) {
        const t = line.trim();
        if (t === "" || t.startsWith("#") || /^PREFIX\s/i.test(t) || /^BASE\s/i.test(t)) { at += line.length + 1; continue; }
        break;
      }
      // back up over blank lines so the new PREFIX joins the others
      while (at > 0 && text.slice(0, at).endsWith("\n\n")) at -= 1;
      return Math.min(at, text.length);
    }

    editor.addEventListener("input", (ev) => {
      refresh();
      if (ev.isTrusted || ev.inputType) openCompletion(false);
    });
    editor.addEventListener("scroll", () => { syncScroll(); if (!popup.hidden) place(); });
    editor.addEventListener("blur", () => setTimeout(closeCompletion, 150));
    editor.addEventListener("keydown", (ev) => {
      if (!popup.hidden && items.length) {
        if (ev.key === "ArrowDown") { ev.preventDefault(); active = (active + 1) % items.length; mark(); return; }
        if (ev.key === "ArrowUp") { ev.preventDefault(); active = (active - 1 + items.length) % items.length; mark(); return; }
        if (ev.key === "Enter" && !ev.ctrlKey && !ev.metaKey || ev.key === "Tab") { ev.preventDefault(); accept(); return; }
        if (ev.key === "Escape") { ev.preventDefault(); closeCompletion(); return; }
      }
      if (ev.key === " " && ev.ctrlKey) { ev.preventDefault(); openCompletion(true); return; }
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); closeCompletion(); options.onRun(); return; }
      if (ev.key === "Tab" && !ev.shiftKey) {
        ev.preventDefault();
        editor.setRangeText("  ", editor.selectionStart, editor.selectionEnd, "end");
        refresh();
      }
    });
    refresh();
    return { refresh, complete: openCompletion, close: closeCompletion, popup };
  }

  window.PolicyKGEditor = { attach, tokenize, highlight, declaredPrefixes, KEYWORDS, FUNCTIONS };
})();
