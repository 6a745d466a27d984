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

  // Phase changes from /api/series, drawn as labelled vertical lines on both charts.
  var phaseMarks = [];
  function drawPhases(u) {
    if (!phaseMarks.length) { return; }
    var ctx = u.ctx;
    var top = u.bbox.top;
    var height = u.bbox.height;
    ctx.save();
    ctx.strokeStyle = "#6b21a8";
    ctx.fillStyle = "#6b21a8";
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
    ctx.font = (11 * devicePixelRatio) + "px system-ui, sans-serif";
    phaseMarks.forEach(function (m) {
      var min = u.scales.x.min;
      var max = u.scales.x.max;
      if (min === null || max === null || m.t < min || m.t > max) { return; }
      var x = Math.round(u.valToPos(m.t, "x", true));
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
      var label = (m.table ? m.table + ": " : "") + m.phase;
      ctx.fillText(label.length > 30 ? label.slice(0, 29) + "\u2026" : label, x + 4 * devicePixelRatio, top + 12 * devicePixelRatio);
    });
    ctx.restore();
  }

  var comparisons = new uPlot(Object.assign(size(), {
    hooks: { draw: [drawPhases] },
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
    hooks: { draw: [drawPhases] },
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
    // Problems: any outcome after which B may differ from A, not only mismatches.
    var problems = (c.mismatch || 0) + (c.b_error || 0) + (c.timeout || 0);
    text("problems", problems);
    el("problems").className = "value" + (problems > 0 ? " bad" : "");
    el("mismatches").className = "value" + ((c.mismatch || 0) > 0 ? " bad" : "");
    text("compared", compared);
    text("queue", s.shadow.active ? s.shadow.queue_depth : "–");
    text("breaker", s.breaker.active ? s.breaker.state : "not mirroring");
    text("dropped", (s.dropped.events || 0) + (s.dropped.shadow_reads || 0) + (s.dropped.http || 0));
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
    var pathsKey = JSON.stringify(s.by_path || []);
    if (pathsKey !== lastPaths) {
      lastPaths = pathsKey;
      renderPaths(s);
    }
    renderSync(s.sync || []);
    var httpKey = JSON.stringify(s.http || {});
    if (httpKey !== lastHttp) {
      lastHttp = httpKey;
      renderHttp(s.http || {});
    }
  }

  var lastTables = null;
  var lastTop = null;
  var lastPaths = null;
  var lastHttp = null;

  function ms(t) {
    if (!t || t.p50 === null || t.p50 === undefined) { return "–"; }
    return t.p50.toFixed(1) + " / " + t.p99.toFixed(1);
  }

  // The sync from A's change log: one row per sync, its lag against the bound phase changes wait for.
  function renderSync(syncs) {
    el("sync").hidden = syncs.length === 0;
    var tbody = el("sync-table").querySelector("tbody");
    tbody.textContent = "";
    syncs.forEach(function (y) {
      var tr = document.createElement("tr");
      tr.className = "sync-row";
      cell(tr, y.name, "fp");
      cell(tr, y.state + (y.snapshotting ? " (snapshot)" : ""), "state");
      var lag = cell(tr, y.lag_ms < 0 ? "unknown" : y.lag_ms, "num lag"
        + (y.lag_ms < 0 || y.lag_ms >= y.phase_change_lag_ms ? " bad" : ""));
      lag.title = "phase changes wait until the lag is below " + y.phase_change_lag_ms + " ms";
      cell(tr, (y.lag_p50_ms === null ? "–" : y.lag_p50_ms.toFixed(0)) + " / "
        + (y.lag_p99_ms === null ? "–" : y.lag_p99_ms.toFixed(0)), "num percentiles");
      cell(tr, y.position || "–", "fp position");
      cell(tr, y.snapshot_rows, "num snapshot");
      cell(tr, y.events, "num events");
      cell(tr, y.transactions, "num transactions");
      var errors = cell(tr, y.errors, "num errors" + (y.errors > 0 ? " bad" : ""));
      if (y.last_error) { errors.title = y.last_error; }
      tbody.appendChild(tr);
    });
  }

  // HTTP shadowing: one row per route, then (when it has any) its latest mismatches with the JSON
  // path and both values, and its latest failure.
  function renderHttp(h) {
    var routes = h.routes || [];
    el("http").hidden = !h.active && routes.length === 0;
    text("http-summary", h.active
      ? "candidate " + h.candidate + (h.primary_twin ? " · primary twin " + h.primary_twin : "")
        + " · queue " + h.queue + " · dropped " + h.dropped + " · breaker " + h.breaker
      : "not shadowing now (events from an earlier configuration)");
    var tbody = el("http-routes").querySelector("tbody");
    tbody.textContent = "";
    routes.forEach(function (r) {
      var tr = document.createElement("tr");
      tr.className = "http-route";
      cell(tr, r.route, "fp");
      cell(tr, r.match, "num match");
      cell(tr, r.mismatch, "num mismatch" + (r.mismatch > 0 ? " bad" : ""));
      cell(tr, r.dropped, "num dropped");
      var errors = cell(tr, r.errors, "num errors" + (r.errors > 0 ? " bad" : ""));
      errors.title = Object.keys(r.outcomes || {}).map(function (o) { return o + " " + r.outcomes[o]; }).join(", ");
      cell(tr, r.skipped, "num skipped");
      cell(tr, ms(r.latency_ms.a), "num ms-a");
      cell(tr, ms(r.latency_ms.b), "num ms-b");
      cell(tr, (r.noise || []).join(", ") || "–", "noise");
      tbody.appendChild(tr);
      if ((r.latest || []).length === 0 && !r.last_failure) { return; }
      var more = document.createElement("tr");
      more.className = "http-latest";
      var td = document.createElement("td");
      td.colSpan = 9;
      (r.latest || []).forEach(function (e) { td.appendChild(httpDiff(e)); });
      if (r.last_failure) {
        var f = document.createElement("div");
        f.className = "http-failure muted";
        var fe = r.last_failure;
        f.textContent = "latest failure: " + fe.outcome + " " + (fe.http && fe.http.path ? fe.http.path : fe.sql) + " "
          + ago(fe.ts) + (fe.b && fe.b.error ? " · " + fe.b.error : "");
        td.appendChild(f);
      }
      more.appendChild(td);
      tbody.appendChild(more);
    });
  }

  // One mismatching exchange: what was asked, both statuses, then path, primary and candidate values.
  function httpDiff(e) {
    var h = e.http || {};
    var box = document.createElement("div");
    box.className = "http-event";
    var head = document.createElement("div");
    head.className = "diff-head";
    var status = h.status || {};
    head.textContent = h.method + " " + h.path + " · " + ago(e.ts) + " · status " + status.a + " / " + status.b
      + " · " + h.differences + (h.differences === 1 ? " difference" : " differences")
      + (h.noise && h.noise.length ? " · noise discounted: " + h.noise.join(", ") : "")
      + (e.request && e.request.id ? " · request " + e.request.id : "");
    box.appendChild(head);
    var table = document.createElement("table");
    table.className = "diff-table";
    var thead = document.createElement("thead");
    var htr = document.createElement("tr");
    ["path", "primary", "candidate"].forEach(function (x) { var th = document.createElement("th"); th.textContent = x; htr.appendChild(th); });
    thead.appendChild(htr);
    table.appendChild(thead);
    var tbody = document.createElement("tbody");
    (h.diff || []).forEach(function (d) {
      var tr = document.createElement("tr");
      cell(tr, d.path, "col");
      cell(tr, "a" in d ? shown(d.a) : "(not logged)", "va");
      cell(tr, "b" in d ? shown(d.b) : "(not logged)", "vb");
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    box.appendChild(table);
    if (h.differences > (h.diff || []).length) {
      var note = document.createElement("div");
      note.className = "muted rules";
      note.textContent = (h.differences - (h.diff || []).length) + " more not kept";
      box.appendChild(note);
    }
    return box;
  }

  function cell(tr, v, cls) {
    var td = document.createElement("td");
    td.textContent = v === null || v === undefined ? "–" : String(v);
    if (cls) { td.className = cls; }
    tr.appendChild(td);
    return td;
  }

  function renderPaths(s) {
    var tbody = el("paths").querySelector("tbody");
    tbody.textContent = "";
    (s.by_path || []).forEach(function (p) {
      var tr = document.createElement("tr");
      cell(tr, p.path, "fp");
      cell(tr, p.events);
      cell(tr, p.mismatches, p.mismatches > 0 ? "bad" : null);
      cell(tr, p.problems, p.problems > 0 ? "bad" : null);
      tbody.appendChild(tr);
    });
    el("no-paths").hidden = (s.by_path || []).length > 0;
  }

  // A value as the comparison log shows it: NULL apart from '' and text quoted.
  function shown(v) {
    if (v === null || v === undefined) { return "NULL"; }
    if (typeof v === "string") { return "'" + v + "'"; }
    if (typeof v === "object") { return JSON.stringify(v); }
    return String(v);
  }

  function keyText(key) {
    if (!key) { return ""; }
    return Object.keys(key).map(function (k) { return k + "=" + shown(key[k]); }).join(", ");
  }

  function valuesText(values) {
    if (!values) { return ""; }
    return Object.keys(values).map(function (k) { return k + " " + shown(values[k]); }).join(", ");
  }

  // One latest event's difference: a line saying what and where, then a small table.
  function renderDiff(e) {
    var box = document.createElement("div");
    box.className = "diff";
    if (e.kind === "http" && e.http) { return httpDiff(e); }
    var d = e.diff;
    var head = document.createElement("div");
    head.className = "diff-head";
    if (!d) {
      head.textContent = e.kind + " " + e.outcome + ": A " + JSON.stringify(e.a.count !== undefined ? e.a.count : e.a.rows)
        + ", B " + JSON.stringify(e.b.count !== undefined ? e.b.count : e.b.rows)
        + (e.b.error ? " · B error: " + e.b.error : "") + (e.a.error ? " · A error: " + e.a.error : "");
      box.appendChild(head);
      return box;
    }
    var parts = [d.kind || e.outcome];
    parts.push("A " + d.rows_a + " rows, B " + d.rows_b + " rows");
    if (d.row_a || d.row_b) {
      parts.push((d.row_a ? "row " + d.row_a + " of A" : "not in A") + " / " + (d.row_b ? "row " + d.row_b + " of B" : "not in B"));
    }
    if (d.key) { parts.push("key " + keyText(d.key)); }
    if (d.ordered) {
      parts.push(d.ties === "multiset" ? "ordered by " + (d.order_keys || []).join(", ") + ", ties as multisets"
        : "strict order" + (d.ties_reason ? " (" + d.ties_reason + ")" : ""));
    }
    if (d.re_read) { parts.push("found by re-reading both sides"); }
    else if (d.beyond_kept_rows) { parts.push("beyond the kept rows"); }
    head.textContent = parts.join(" · ");
    box.appendChild(head);

    var table = document.createElement("table");
    table.className = "diff-table";
    var thead = document.createElement("thead");
    var htr = document.createElement("tr");
    ["column", "A", "B", "rule"].forEach(function (h) { var th = document.createElement("th"); th.textContent = h; htr.appendChild(th); });
    thead.appendChild(htr);
    table.appendChild(thead);
    var tbody = document.createElement("tbody");
    if (d.column) {
      var tr = document.createElement("tr");
      cell(tr, d.column, "col");
      cell(tr, shown(d.value_a), "va");
      cell(tr, shown(d.value_b), "vb");
      cell(tr, (d.rules_applied || []).join(", ") || "–", "rule");
      tbody.appendChild(tr);
    }
    [["rows_only_in_a", "only in A", d.row_a], ["rows_only_in_b", "only in B", d.row_b]].forEach(function (side) {
      (d[side[0]] || []).forEach(function (r) {
        // The changed row named above is not repeated as a row on one side.
        if (d.column && r.row === side[2]) { return; }
        var tr = document.createElement("tr");
        cell(tr, side[1] + " (row " + r.row + ")", "col");
        var content = (r.key ? keyText(r.key) + (r.values && Object.keys(r.values).length ? " · " : "") : "") + valuesText(r.values);
        cell(tr, side[0] === "rows_only_in_a" ? content : "–", "va");
        cell(tr, side[0] === "rows_only_in_b" ? content : "–", "vb");
        cell(tr, "–", "rule");
        tbody.appendChild(tr);
      });
    });
    if (!tbody.children.length) {
      var none = document.createElement("tr");
      var td = cell(none, "only in A: " + d.only_in_a + ", only in B: " + d.only_in_b);
      td.colSpan = 4;
      tbody.appendChild(none);
    }
    table.appendChild(tbody);
    box.appendChild(table);
    var rules = document.createElement("div");
    rules.className = "muted rules";
    rules.textContent = "rules in force: " + (d.rules || []).join(", ");
    box.appendChild(rules);
    return box;
  }

  var SVG = "http://www.w3.org/2000/svg";
  // Mismatches per minute, oldest first, as bars.
  function sparkline(counts) {
    var svg = document.createElementNS(SVG, "svg");
    var w = 90, h = 22, n = counts.length || 1;
    svg.setAttribute("width", w);
    svg.setAttribute("height", h);
    svg.setAttribute("class", "spark");
    var max = Math.max.apply(null, [1].concat(counts));
    counts.forEach(function (c, i) {
      if (!c) { return; }
      var r = document.createElementNS(SVG, "rect");
      var bh = Math.max(2, Math.round((h - 2) * c / max));
      r.setAttribute("x", (i * w / n).toFixed(1));
      r.setAttribute("width", Math.max(1, w / n - 1).toFixed(1));
      r.setAttribute("y", h - bh);
      r.setAttribute("height", bh);
      svg.appendChild(r);
    });
    var title = document.createElementNS(SVG, "title");
    title.textContent = counts.reduce(function (a, b) { return a + b; }, 0) + " in the last " + counts.length + " minutes";
    svg.appendChild(title);
    return svg;
  }

  function ago(iso) {
    var s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (s < 60) { return s + " s ago"; }
    if (s < 3600) { return Math.round(s / 60) + " min ago"; }
    if (s < 86400) { return Math.round(s / 3600) + " h ago"; }
    return Math.round(s / 86400) + " d ago";
  }

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
      cell(tr, m.count, "count");
      var seen = cell(tr, m.last_seen ? ago(m.last_seen) : "–", "seen");
      seen.title = m.last_seen || "";
      var spark = document.createElement("td");
      spark.appendChild(sparkline(m.per_minute || []));
      tr.appendChild(spark);
      var fp = document.createElement("td");
      fp.className = "fp";
      var code = document.createElement("div");
      code.textContent = m.fingerprint;
      fp.appendChild(code);
      var tables = document.createElement("div");
      tables.className = "muted";
      tables.textContent = (m.latest.tables || []).join(", ");
      fp.appendChild(tables);
      // The SQL the shadow side actually ran, when it is a translation of the application's.
      [["b", "B ran: "], ["a", "A ran: "]].forEach(function (side) {
        var sql = m.latest[side[0]] && m.latest[side[0]].sql;
        if (!sql) { return; }
        var t = document.createElement("div");
        t.className = "translated";
        t.appendChild(document.createTextNode(side[1]));
        var code = document.createElement("code");
        code.className = side[0] + "-sql";
        code.textContent = sql;
        t.appendChild(code);
        fp.appendChild(t);
      });
      tr.appendChild(fp);
      var diff = document.createElement("td");
      diff.appendChild(renderDiff(m.latest));
      tr.appendChild(diff);
      top.appendChild(tr);
    });
    el("no-top").hidden = (s.top_mismatches || []).length > 0;
  }

  function renderSeries(d) {
    phaseMarks = d.phases || [];
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
