/* policykg offline graph viewer: pan/zoom over the inline Graphviz SVG, search by 文号 or label, and a side panel
   with a node's attributes, provenance quotes and links. No network access, no libraries; data is read from the
   <script type="application/json" id="pkg-data"> block written by policykg export. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("pkg-data").textContent);
  var canvas = document.getElementById("pkg-canvas");
  var svg = canvas.querySelector("svg");
  var panel = document.getElementById("pkg-details");
  var input = document.getElementById("pkg-search-input");
  var results = document.getElementById("pkg-search-results");

  var nodes = {};
  var outgoing = {};
  var incoming = {};
  data.nodes.forEach(function (n) { nodes[n.id] = n; outgoing[n.id] = []; incoming[n.id] = []; });
  data.edges.forEach(function (e) { outgoing[e.source].push(e); incoming[e.target].push(e); });

  var nodeEls = {};
  var edgeEls = {};
  if (svg) {
    svg.querySelectorAll("g.node").forEach(function (el) {
      var n = nodes[el.id];
      if (!n) { return; }
      nodeEls[el.id] = el;
      el.setAttribute("data-iri", n.iri);
      el.setAttribute("tabindex", "0");
      var title = el.querySelector("title");
      if (title) { title.textContent = n.label + (n.label_en && n.label_en !== n.label ? " / " + n.label_en : ""); }
    });
    svg.querySelectorAll("g.edge").forEach(function (el) {
      edgeEls[el.id] = el;
      var e = findEdge(el.id);
      var title = el.querySelector("title");
      if (e && title) { title.textContent = nodes[e.source].label + " → " + e.label + " → " + nodes[e.target].label; }
    });
  }

  function findEdge(id) {
    for (var i = 0; i < data.edges.length; i++) { if (data.edges[i].id === id) { return data.edges[i]; } }
    return null;
  }

  /* ---------- pan and zoom: the SVG viewBox is the camera ---------- */
  var base = null;
  var view = null;
  if (svg) {
    var vb = svg.viewBox.baseVal;
    base = { x: vb.x, y: vb.y, w: vb.width, h: vb.height };
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    view = copy(base);
  }

  function copy(b) { return { x: b.x, y: b.y, w: b.w, h: b.h }; }
  function apply() { svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" ")); }
  function fit() { if (svg) { view = copy(base); apply(); } }

  function toSvg(clientX, clientY) {
    var pt = svg.createSVGPoint();
    pt.x = clientX; pt.y = clientY;
    var m = svg.getScreenCTM();
    return m ? pt.matrixTransform(m.inverse()) : { x: view.x + view.w / 2, y: view.y + view.h / 2 };
  }

  function zoom(factor, cx, cy) {
    if (!svg) { return; }
    var nw = view.w * factor;
    if (nw < base.w / 60 || nw > base.w * 8) { return; }
    view.x = cx - (cx - view.x) * factor;
    view.y = cy - (cy - view.y) * factor;
    view.w = nw;
    view.h = view.h * factor;
    apply();
  }

  function zoomCentre(factor) { zoom(factor, view.x + view.w / 2, view.y + view.h / 2); }

  function centreOn(el) {
    // about one screen pixel per SVG unit, so labels are readable; never wider than the whole graph
    var r = el.getBoundingClientRect();
    var c = toSvg(r.left + r.width / 2, r.top + r.height / 2);
    var w = Math.min(base.w, Math.max(canvas.clientWidth, 400));
    var ratio = canvas.clientHeight / Math.max(canvas.clientWidth, 1);
    view = { x: c.x - w / 2, y: c.y - (w * ratio) / 2, w: w, h: w * ratio };
    apply();
  }

  var drag = null;
  if (svg) {
    canvas.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var p = toSvg(ev.clientX, ev.clientY);
      zoom(ev.deltaY > 0 ? 1.15 : 1 / 1.15, p.x, p.y);
    }, { passive: false });
    canvas.addEventListener("pointerdown", function (ev) {
      if (ev.button !== 0) { return; }
      var m = svg.getScreenCTM();
      drag = { x: ev.clientX, y: ev.clientY, view: copy(view), scale: m ? 1 / m.a : 1, moved: false };
      canvas.setPointerCapture(ev.pointerId);
    });
    canvas.addEventListener("pointermove", function (ev) {
      if (!drag) { return; }
      var dx = ev.clientX - drag.x;
      var dy = ev.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) { return; }
      drag.moved = true;
      canvas.classList.add("pkg-dragging");
      view.x = drag.view.x - dx * drag.scale;
      view.y = drag.view.y - dy * drag.scale;
      apply();
    });
    canvas.addEventListener("pointerup", function (ev) {
      var wasDrag = drag && drag.moved;
      drag = null;
      canvas.classList.remove("pkg-dragging");
      if (wasDrag) { return; }
      var target = ev.target.closest ? ev.target.closest("g.node") : null;
      if (target && nodes[target.id]) { select(target.id, false); }
    });
    svg.addEventListener("keydown", function (ev) {
      var target = ev.target.closest ? ev.target.closest("g.node") : null;
      if (target && ev.key === "Enter") { select(target.id, false); }
    });
  }
  document.getElementById("pkg-zoom-in").addEventListener("click", function () { zoomCentre(1 / 1.3); });
  document.getElementById("pkg-zoom-out").addEventListener("click", function () { zoomCentre(1.3); });
  document.getElementById("pkg-zoom-fit").addEventListener("click", fit);
  document.addEventListener("keydown", function (ev) {
    if (ev.target === input) { return; }
    if (ev.key === "/") { ev.preventDefault(); input.focus(); }
    else if (ev.key === "+" || ev.key === "=") { zoomCentre(1 / 1.3); }
    else if (ev.key === "-") { zoomCentre(1.3); }
    else if (ev.key === "0") { fit(); }
    else if (ev.key === "Escape") { clearSelection(); }
  });

  /* ---------- selection and the side panel ---------- */
  var selected = null;

  function clearSelection() {
    selected = null;
    Object.keys(nodeEls).forEach(function (id) { nodeEls[id].classList.remove("pkg-selected", "pkg-dim"); });
    Object.keys(edgeEls).forEach(function (id) { edgeEls[id].classList.remove("pkg-dim", "pkg-hot"); });
  }

  function select(id, centre) {
    var n = nodes[id];
    if (!n) { return; }
    selected = id;
    var near = {};
    near[id] = true;
    outgoing[id].forEach(function (e) { near[e.target] = true; });
    incoming[id].forEach(function (e) { near[e.source] = true; });
    Object.keys(nodeEls).forEach(function (k) {
      nodeEls[k].classList.toggle("pkg-selected", k === id);
      nodeEls[k].classList.toggle("pkg-dim", !near[k]);
    });
    data.edges.forEach(function (e) {
      var el = edgeEls[e.id];
      if (!el) { return; }
      var hot = e.source === id || e.target === id;
      el.classList.toggle("pkg-hot", hot);
      el.classList.toggle("pkg-dim", !hot);
    });
    if (centre && nodeEls[id]) { centreOn(nodeEls[id]); }
    renderPanel(n);
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function fieldName(key) {
    var f = data.fields[key];
    return f ? (f[0] === f[1] ? f[0] : f[0] + " " + f[1]) : key;
  }

  function nodeLink(id) {
    var a = el("a", nodes[id].label, "pkg-node-link");
    a.setAttribute("role", "button");
    a.setAttribute("tabindex", "0");
    a.addEventListener("click", function () { select(id, true); });
    a.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { select(id, true); } });
    return a;
  }

  function renderPanel(n) {
    panel.textContent = "";
    panel.appendChild(el("h2", n.label));
    var sub = [n.attrs.type_label, n.label_en !== n.label ? n.label_en : ""].filter(Boolean).join(" · ");
    panel.appendChild(el("p", sub, "pkg-sub"));

    panel.appendChild(el("h3", "属性 Attributes"));
    var table = el("table");
    data.order.forEach(function (key) {
      if (!(key in n.attrs) || data.hidden.indexOf(key) >= 0) { return; }
      var tr = el("tr");
      tr.appendChild(el("th", fieldName(key)));
      tr.appendChild(el("td", n.attrs[key]));
      table.appendChild(tr);
    });
    panel.appendChild(table);

    if (n.quotes.length) {
      panel.appendChild(el("h3", "原文出处 Provenance"));
      n.quotes.forEach(function (q) {
        panel.appendChild(el("blockquote", q.quote));
        var where = q.source_label + "（" + q.source + "，字符 " + q.start + "–" + q.end + "）";
        if (q.attests.length) { where += " · 佐证 " + q.attests.join("、"); }
        panel.appendChild(el("cite", where));
      });
    }

    var chains = directiveChains(n.id);
    if (chains.length) {
      panel.appendChild(el("h3", "追溯到上位文件 Chains to directives（" + chains.length + "）"));
      var ol = el("ol", null, "pkg-chains");
      chains.forEach(function (chain) {
        var li = el("li");
        chain.forEach(function (step, i) {
          if (i > 0) { li.appendChild(el("span", " → " + step.edge.label + " → ", "pkg-rel")); }
          li.appendChild(i === 0 ? el("strong", nodes[step.node].label) : nodeLink(step.node));
        });
        ol.appendChild(li);
      });
      panel.appendChild(ol);
    }

    [["出链 Links out", outgoing[n.id], "target"], ["入链 Links in", incoming[n.id], "source"]].forEach(function (group) {
      if (!group[1].length) { return; }
      panel.appendChild(el("h3", group[0] + "（" + group[1].length + "）"));
      var ul = el("ul", null, "pkg-links");
      group[1].forEach(function (e) {
        var li = el("li");
        li.appendChild(el("span", e.label + " ", "pkg-rel"));
        li.appendChild(nodeLink(e[group[2]]));
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    });
  }

  /* ---------- chains to directives: shortest paths along the arrows to a document others rest on ---------- */
  var BASIS = ["eli:based_on", "pkg:implementsPolicy", "pkg:assessedConformityWith"];
  var directives = {};
  data.edges.forEach(function (e) { if (BASIS.indexOf(e.relation) >= 0) { directives[e.target] = true; } });

  function directiveChains(start) {
    var prev = {};
    prev[start] = null;
    var queue = [start];
    var found = [];
    while (queue.length) {
      var id = queue.shift();
      if (id !== start && directives[id]) { found.push(id); continue; }
      outgoing[id].forEach(function (e) {
        if (!(e.target in prev)) { prev[e.target] = e; queue.push(e.target); }
      });
    }
    return found.map(function (id) {
      var chain = [];
      for (var cur = id; cur !== null && cur !== undefined; cur = prev[cur] ? prev[cur].source : null) {
        chain.unshift({ node: cur, edge: prev[cur] });
        if (cur === start) { break; }
      }
      // each step's edge is the one arriving at it; shift so a step shows the edge that left the previous node
      return chain.map(function (step, i) { return { node: step.node, edge: i > 0 ? chain[i].edge : null }; });
    });
  }

  /* ---------- search by 文号, label or IRI ---------- */
  function norm(s) {
    return String(s || "").toLowerCase().replace(/[\s〔〕\[\]［］()（）【】《》〈〉"“”'‘’]/g, "");
  }
  var index = data.nodes.map(function (n) {
    return {
      id: n.id,
      keys: [n.number, n.label, n.label_en, n.attrs.title, n.attrs.short_title, n.iri].filter(Boolean).map(norm)
    };
  });
  var active = -1;
  var hits = [];

  function search(q) {
    var nq = norm(q);
    if (!nq) { return []; }
    var scored = [];
    index.forEach(function (entry) {
      var best = 9;
      entry.keys.forEach(function (k) {
        if (k === nq) { best = Math.min(best, 0); }
        else if (k.indexOf(nq) === 0) { best = Math.min(best, 1); }
        else if (k.indexOf(nq) > 0) { best = Math.min(best, 2); }
      });
      if (best < 9) { scored.push([best, nodes[entry.id].label, entry.id]); }
    });
    scored.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
    return scored.slice(0, 40).map(function (s) { return s[2]; });
  }

  function showResults() {
    results.textContent = "";
    Object.keys(nodeEls).forEach(function (k) { nodeEls[k].classList.remove("pkg-match"); });
    if (!input.value.trim()) { results.hidden = true; return; }
    if (!hits.length) {
      results.appendChild(el("li", "无匹配 No match", "pkg-none"));
    }
    hits.forEach(function (id, i) {
      var n = nodes[id];
      var li = el("li", n.label);
      li.appendChild(el("small", n.attrs.type_label || ""));
      if (i === active) { li.className = "active"; }
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(id); });
      results.appendChild(li);
      if (nodeEls[id]) { nodeEls[id].classList.add("pkg-match"); }
    });
    results.hidden = false;
  }

  function choose(id) {
    results.hidden = true;
    Object.keys(nodeEls).forEach(function (k) { nodeEls[k].classList.remove("pkg-match"); });
    select(id, true);
  }

  input.addEventListener("input", function () { hits = search(input.value); active = hits.length ? 0 : -1; showResults(); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown") { ev.preventDefault(); if (hits.length) { active = (active + 1) % hits.length; showResults(); } }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); if (hits.length) { active = (active - 1 + hits.length) % hits.length; showResults(); } }
    else if (ev.key === "Enter") { ev.preventDefault(); if (active >= 0 && hits[active]) { choose(hits[active]); } }
    else if (ev.key === "Escape") { input.value = ""; hits = []; showResults(); input.blur(); }
  });
  input.addEventListener("blur", function () { results.hidden = true; });
  input.addEventListener("focus", function () { if (input.value.trim()) { showResults(); } });

  /* ---------- ready ---------- */
  fit();
  var fromHash = decodeURIComponent((location.hash || "").slice(1));
  if (fromHash) {
    var found = data.nodes.filter(function (n) { return n.iri === fromHash || n.number === fromHash; })[0];
    if (found) { select(found.id, true); }
  }
  document.documentElement.setAttribute("data-pkg-ready", "true");
  document.documentElement.setAttribute("data-pkg-nodes", String(Object.keys(nodeEls).length));
})();
