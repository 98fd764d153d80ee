// Live nominations tracker: keeps the server-rendered counts table, region table, CLP list and
// chart up to date through the live client (static/js/live.js, loaded first). Without
// JavaScript the page is complete as rendered.
(function () {
  "use strict";
  var script = document.currentScript;
  var stateNode = document.getElementById("nominations-state");
  if (!script || !stateNode || !window.WebSocket || !window.Live) return;
  var state = JSON.parse(stateNode.textContent);
  var statusLine = document.getElementById("nominations-status");
  var SVG = "http://www.w3.org/2000/svg";
  var LABEL = 190, PLOT = 420, ROW = 26, BAR = 18, TOP = 24; // as ballots/nominations/chart.py

  function el(tag, attrs, text, ns) {
    var node = ns ? document.createElementNS(SVG, tag) : document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function sorted() {
    return state.candidates.slice().sort(function (a, b) { return b.clps - a.clps || a.name.localeCompare(b.name); });
  }

  function renderCounts(rows) {
    var body = document.getElementById("counts-body");
    if (!body) return;
    rows.forEach(function (c) {
      var row = body.querySelector('tr[data-candidate="' + c.id + '"]');
      if (!row) return;
      row.querySelector('[data-field="clps"]').textContent = c.clps;
      var q = row.querySelector('[data-field="qualified"]');
      q.textContent = "";
      if (c.qualified) q.appendChild(el("strong", {}, "Yes")); else q.textContent = "Not yet";
      body.appendChild(row); // keep the table in count order
    });
    var regions = document.getElementById("regions-body");
    if (!regions) return;
    rows.forEach(function (c) {
      var row = regions.querySelector('tr[data-candidate="' + c.id + '"]');
      if (!row) return;
      row.querySelectorAll("[data-region]").forEach(function (cell) {
        cell.textContent = c.by_region[cell.getAttribute("data-region")] || "";
      });
      regions.appendChild(row);
    });
  }

  function renderChart(rows) {
    var svg = document.getElementById("nominations-chart");
    if (!svg) return;
    var needed = parseInt(svg.getAttribute("data-needed"), 10) || 0;
    var max = Math.max.apply(null, rows.map(function (r) { return r.clps; }).concat([needed, 1]));
    var bars = svg.querySelector("g.bars");
    bars.textContent = "";
    rows.forEach(function (r, i) {
      var y = TOP + i * ROW, width = Math.round(PLOT * r.clps / max * 10) / 10;
      var g = el("g", { "data-candidate": r.id }, undefined, true);
      g.appendChild(el("text", { x: LABEL - 6, y: y + BAR - 4, "text-anchor": "end", "class": "bar-label" }, r.name, true));
      g.appendChild(el("rect", { x: LABEL, y: y, width: width, height: BAR, stroke: "#1b1b1b",
        fill: r.qualified ? "url(#qualified-hatch)" : "#8c8c8c" }, undefined, true));
      g.appendChild(el("text", { x: LABEL + 6, dx: width, y: y + BAR - 4, "class": "bar-value" },
        r.clps + (r.qualified ? " \u2713 qualified" : (needed && !r.withdrawn && needed > r.clps ? " (needs " + (needed - r.clps) + " more)" : "")), true));
      bars.appendChild(g);
    });
    var line = svg.querySelector("g.threshold line"), label = svg.querySelector("g.threshold text");
    if (line && needed) {
      var x = LABEL + Math.round(PLOT * needed / max * 10) / 10;
      line.setAttribute("x1", x); line.setAttribute("x2", x); label.setAttribute("x", x);
    }
    var desc = svg.querySelector("desc");
    if (desc) desc.textContent = rows.map(function (r) { return r.name + ": " + r.clps + (r.qualified ? ", qualified" : "") + "."; }).join(" ");
  }

  function renderClp(clp) {
    var body = document.getElementById("clps-body");
    if (!body) return;
    var only = body.getAttribute("data-region-filter");
    if (only && clp.region !== only) return;
    var empty = body.querySelector("tr.empty");
    if (empty) empty.remove();
    var row = body.querySelector('tr[data-clp="' + clp.slug + '"]');
    if (!clp.candidates.length) { if (row) row.remove(); return; }
    var fresh = el("tr", { "data-clp": clp.slug });
    fresh.appendChild(el("th", { scope: "row" }, clp.name));
    fresh.appendChild(el("td", { "data-label": "Region" }, clp.region_label));
    fresh.appendChild(el("td", { "data-label": "Nominees" }, clp.candidates.map(function (c) { return c.name; }).join("; ")));
    fresh.appendChild(el("td", { "data-label": "Meeting" }, clp.meeting_date + " (" + clp.method_label + ")"));
    if (row) { body.replaceChild(fresh, row); return; }
    var after = Array.prototype.find.call(body.rows, function (r) { return r.cells[0].textContent.localeCompare(clp.name) > 0; });
    body.insertBefore(fresh, after || null);
  }

  function render() {
    var rows = sorted();
    renderCounts(rows);
    renderChart(rows);
    var n = document.getElementById("clps-nominated");
    if (n) n.textContent = state.clps_nominated;
  }

  function apply(event) {
    var byId = {};
    event.candidates.forEach(function (c) { byId[c.id] = c; });
    state.candidates = state.candidates.map(function (c) { return byId[c.id] || c; });
    if (event.clps_nominated !== undefined) state.clps_nominated = event.clps_nominated;
    render();
    if (event.clp) renderClp(event.clp);
    var names = event.candidates.map(function (c) {
      return c.name + " " + c.clps + (c.qualified ? " (qualified)" : "");
    });
    var who = event.clp ? event.clp.name + " changed its nominations" : "An affiliate's nomination was recorded";
    statusLine.textContent = "Updated: " + who + ". Now " + names.join("; ") + ".";
  }

  Live.connect({
    path: script.getAttribute("data-socket"),
    onSnapshot: function (snapshot) {
      state = snapshot.state; render();
      (state.clps || []).forEach(renderClp);
      statusLine.textContent = "Live: counts update as nominations arrive.";
    },
    onEvent: function (event) {
      if (event.type === "nomination.changed" || event.type === "nomination.affiliate") { apply(event); }
    },
    onStatus: function (status) {
      if (status.state === "reconnecting") { statusLine.textContent = "Live updates paused; reconnecting…"; }
      if (status.state === "stopped") { statusLine.textContent = status.reason + " The counts shown are as of page load."; }
    }
  });
})();
