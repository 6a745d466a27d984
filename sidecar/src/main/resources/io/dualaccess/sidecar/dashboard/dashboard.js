// The dashboard: polls /status and /api/series and draws them. Every value from the server goes
// through textContent (SQL and diffs are data, never markup).
(function () {
  "use strict";

  var params = new URLSearchParams(location.search);
  var refreshMs = Math.max(500, Number(params.get("refresh")) || 2000);

  function el(id) { return document.getElementById(id); }
  function text(id, v) { el(id).textContent = v === null || v === undefined ? "–" : String(v); }

  function size() {
    var w = Math.max(320, Math.min(720, (window.innerWidth - 140) / 2));
    return { width: w, height: 240 };
  }

  var comparisons = new uPlot(Object.assign(size(), {
    series: [
      {},
      { label: "compared", stroke: "#2563eb", width: 2, scale: "n" },
      { label: "mismatched", stroke: "#dc2626", width: 2, scale: "n" },
      { label: "mismatch rate", stroke: "#f59e0b", width: 2, scale: "rate", dash: [6, 4],
        value: function (u, v) { return v === null ? "–" : (v * 100).toFixed(2) + " %"; } }
    ],
    axes: [
      {},
      { scale: "n", label: "per interval" },
      { scale: "rate", side: 1, grid: { show: false }, label: "rate",
        values: function (u, vals) { return vals.map(function (v) { return (v * 100).toFixed(0) + "%"; }); } }
    ],
    scales: { x: { time: true }, rate: { range: [0, 1] } }
  }), [[], [], [], []], el("chart-comparisons"));

  var latency = new uPlot(Object.assign(size(), {
    series: [
      {},
      { label: "A", stroke: "#059669", width: 2, spanGaps: true },
      { label: "B", stroke: "#7c3aed", width: 2, spanGaps: true }
    ],
    axes: [{}, { label: "ms" }],
    scales: { x: { time: true } }
  }), [[], [], []], el("chart-latency"));

  // Exposed for people poking at the page (and for the browser test).
  window.dualaccessDashboard = { comparisons: comparisons, latency: latency, refreshes: 0 };

  function get(path) {
    return fetch(path, { cache: "no-store" }).then(function (r) {
      if (!r.ok) { throw new Error(path + ": HTTP " + r.status); }
      return r.json();
    });
  }

  function renderStatus(s) {
    text("runtime", s.runtime);
    text("phase", s.phase);
    text("reads", s.reads);
    text("writes", s.writes);
    var c = s.comparisons || {};
    var compared = (c.match || 0) + (c.mismatch || 0) + (c.transient || 0);
    text("mismatches", c.mismatch || 0);
    el("mismatches").className = "value" + ((c.mismatch || 0) > 0 ? " bad" : "");
    text("compared", compared);
    text("queue", s.shadow.active ? s.shadow.queue_depth : "–");
    text("breaker", s.breaker.active ? s.breaker.state : "not mirroring");
    text("dropped", (s.dropped.events || 0) + (s.dropped.shadow_reads || 0));
    text("timeouts", s.dropped.timeouts || 0);
    text("berrors", c.b_error || 0);
    text("journal", s.journal.entries);

    // Tables are rebuilt only when their content changes, so a reader can select text in them.
    var tablesKey = JSON.stringify(s.tables || {});
    if (tablesKey !== lastTables) {
      lastTables = tablesKey;
      renderTables(s);
    }
    var topKey = JSON.stringify(s.top_mismatches || []);
    if (topKey !== lastTop) {
      lastTop = topKey;
      renderTop(s);
    }
  }

  var lastTables = null;
  var lastTop = null;

  function renderTables(s) {
    var tbody = el("tables").querySelector("tbody");
    tbody.textContent = "";
    var names = Object.keys(s.tables || {}).sort();
    names.forEach(function (name) {
      var t = s.tables[name];
      var tr = document.createElement("tr");
      [name, t.phase, t.reads, t.writes].forEach(function (v) {
        var td = document.createElement("td");
        td.textContent = v === null || v === undefined ? "–" : v;
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    el("no-tables").hidden = names.length > 0;
  }

  function renderTop(s) {
    var top = el("top").querySelector("tbody");
    top.textContent = "";
    (s.top_mismatches || []).forEach(function (m) {
      var tr = document.createElement("tr");
      tr.className = "top-row";
      var count = document.createElement("td");
      count.textContent = m.count;
      var fp = document.createElement("td");
      fp.className = "fp";
      fp.textContent = m.fingerprint;
      var tables = document.createElement("td");
      tables.textContent = (m.latest.tables || []).join(", ");
      var diff = document.createElement("td");
      var pre = document.createElement("pre");
      pre.textContent = m.latest.diff ? JSON.stringify(m.latest.diff, null, 1)
        : "A " + JSON.stringify(m.latest.a) + "\nB " + JSON.stringify(m.latest.b);
      diff.appendChild(pre);
      [count, fp, tables, diff].forEach(function (td) { tr.appendChild(td); });
      top.appendChild(tr);
    });
    el("no-top").hidden = (s.top_mismatches || []).length > 0;
  }

  function renderSeries(d) {
    comparisons.setData([d.t, d.compared, d.mismatched, d.mismatch_rate]);
    latency.setData([d.t, d.a_ms, d.b_ms]);
  }

  function refresh() {
    Promise.all([get("status"), get("api/series")]).then(function (r) {
      renderStatus(r[0]);
      renderSeries(r[1]);
      el("error").hidden = true;
      text("updated", "updated " + new Date().toLocaleTimeString());
      window.dualaccessDashboard.refreshes++;
    }).catch(function (e) {
      el("error").hidden = false;
      el("error").textContent = String(e.message || e);
    }).then(function () {
      setTimeout(refresh, refreshMs);
    });
  }

  window.addEventListener("resize", function () {
    comparisons.setSize(size());
    latency.setSize(size());
  });

  refresh();
})();
