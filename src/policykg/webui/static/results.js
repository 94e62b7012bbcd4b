// policykg query page — results: a table sortable by any column, and the describe view of a node (its names,
// its status, its links) that opens when an IRI is clicked. Plain JavaScript, no libraries.
(function () {
  "use strict";

  const collator = new Intl.Collator("zh-Hans-CN", { numeric: true, sensitivity: "base" });
  const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

  function cellText(term, labels) {
    if (!term) return "";
    return term.type === "uri" ? labels[term.value] || term.value : term.value;
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

  /** Compare two display texts: numbers as numbers, the rest in Chinese collation (numbers inside text too). */
  function compare(a, b) {
    if (a === b) return 0;
    if (a === "") return 1;  // empty cells last in both directions
    if (b === "") return -1;
    if (NUMERIC.test(a) && NUMERIC.test(b)) return parseFloat(a) - parseFloat(b);
    return collator.compare(a, b);
  }

  /** A <table class="result"> of SPARQL JSON bindings whose headers sort the rows (asc, then desc). */
  function table(vars, rows, labels) {
    const t = document.createElement("table");
    t.className = "result";
    const head = t.createTHead().insertRow();
    const body = t.createTBody();
    const data = rows.map((row) => ({ row, texts: vars.map((v) => cellText(row[v], labels)) }));
    function draw(order) {
      body.textContent = "";
      for (const { row } of order) {
        const tr = body.insertRow();
        for (const v of vars) tr.appendChild(cell(row[v], labels));
      }
    }
    vars.forEach((v, i) => {
      const th = document.createElement("th");
      th.setAttribute("aria-sort", "none");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = v;
      button.title = "点击排序 / click to sort";
      button.addEventListener("click", () => {
        const dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        for (const other of head.children) other.setAttribute("aria-sort", "none");
        th.setAttribute("aria-sort", dir);
        const sign = dir === "ascending" ? 1 : -1;
        const sorted = data.slice().sort((x, y) => {
          const a = x.texts[i], b = y.texts[i];
          if (a === "" || b === "") return compare(a, b);  // empties stay last
          return sign * compare(a, b);
        });
        draw(sorted);
      });
      th.appendChild(button);
      head.appendChild(th);
    });
    draw(data);
    return t;
  }

  // ---- the describe view ------------------------------------------------------------------------------------
  // Which properties name a node (shown first), by their local name.
  const NAME_PROPS = ["docNumber", "title", "label", "prefLabel", "altLabel", "shortTitle", "name", "number"];
  /** The node's 文号, else its Chinese label or title, else any label (the rows of its own properties). */
  function ownName(rows) {
    const own = rows.filter((r) => r.direction.value === "out" && r.value.type !== "uri");
    for (const local of NAME_PROPS) {
      const found = own.filter((r) => localName(r.property.value) === local);
      const zh = found.find((r) => (r.value["xml:lang"] || "").startsWith("zh")) || found[0];
      if (zh) return zh.value.value;
    }
    return "";
  }
  function localName(iri) {
    return iri.replace(/^.*[#/]/, "");
  }

  /**
   * Fill *panel* with the description of *iri* from the rows of the describe-node query
   * (?direction out|in|status, ?property, ?value). *open(iri)* is called when a linked node is clicked.
   */
  function describe(panel, iri, rows, labels, open) {
    panel.textContent = "";
    const head = document.createElement("header");
    const h = document.createElement("h3");
    h.textContent = labels[iri] || ownName(rows) || localName(iri) || iri;
    const code = document.createElement("code");
    code.className = "node-iri";
    code.textContent = iri;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "close";
    close.textContent = "关闭 Close";
    close.addEventListener("click", () => { panel.hidden = true; panel.dispatchEvent(new Event("closed")); });
    head.append(h, close);
    panel.append(head, code);

    const status = rows.find((r) => r.direction.value === "status");
    const p = document.createElement("p");
    p.className = "node-status";
    p.textContent = "效力状态 Status: ";
    const s = document.createElement("strong");
    s.textContent = status && status.value ? cellText(status.value, labels)
      : status ? "不可知（没有日期）/ unknown (no dates)" : "不适用（不是文件）/ not a document";
    p.appendChild(s);
    panel.appendChild(p);

    const names = [], props = [], out = [], incoming = [];
    for (const r of rows) {
      const dir = r.direction.value;
      if (dir === "status" || dir === "self") continue;
      const local = localName(r.property.value);
      if (dir === "in") incoming.push(r);
      else if (r.value.type === "uri") out.push(r);
      else if (NAME_PROPS.includes(local)) names.push(r);
      else props.push(r);
    }
    section(panel, "名称 Names", names, labels, open, false);
    section(panel, "属性 Properties", props, labels, open, false);
    section(panel, "关联 Links", out, labels, open, false);
    section(panel, "被关联 Linked from", incoming, labels, open, true);
    panel.hidden = false;
  }

  function section(panel, caption, rows, labels, open, reverse) {
    if (!rows.length) return;
    const h = document.createElement("h4");
    h.textContent = `${caption} (${rows.length})`;
    const dl = document.createElement("table");
    dl.className = "describe";
    const body = dl.createTBody();
    for (const r of rows) {
      const tr = body.insertRow();
      const prop = tr.insertCell();
      prop.className = "prop";
      prop.textContent = (reverse ? "← " : "") + (labels[r.property.value] || localName(r.property.value));
      prop.title = r.property.value;
      const val = tr.insertCell();
      if (r.value.type === "uri") {
        const a = document.createElement("a");
        a.href = "?describe=" + encodeURIComponent(r.value.value);
        a.className = "iri";
        a.textContent = labels[r.value.value] || r.value.value;
        a.title = r.value.value;
        a.addEventListener("click", (ev) => { ev.preventDefault(); open(r.value.value); });
        val.appendChild(a);
      } else {
        val.textContent = r.value.value;
        if (r.value["xml:lang"]) {
          const l = document.createElement("span");
          l.className = "lang";
          l.textContent = "@" + r.value["xml:lang"];
          val.appendChild(l);
        }
      }
    }
    panel.append(h, dl);
  }

  window.PolicyKGResults = { table, describe, compare };
})();
