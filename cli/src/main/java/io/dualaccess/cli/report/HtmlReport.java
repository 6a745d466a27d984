package io.dualaccess.cli.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The report as one self-contained HTML file ({@code --format html}): the tables are rendered
 * here, the charts by uPlot (inlined from its webjar on the classpath, so the file works offline)
 * from the JSON report embedded in the page. Everything from the log is user data and is escaped:
 * as HTML text in the tables, as HTML-safe JSON in the embedded data.
 *
 * <p>The page records script errors in {@code window.__reportErrors} and sets
 * {@code window.__reportReady} when the charts are drawn (the browser test reads both).
 */
final class HtmlReport {

    private HtmlReport() {
    }

    static void write(Summary s, Writer w) throws IOException {
        PrintWriter out = new PrintWriter(w);
        out.println("<!DOCTYPE html>");
        out.println("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        out.println("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        out.println("<title>dualaccess report</title>");
        out.println("<script>window.__reportErrors=[];window.__reportReady=false;"
            + "window.addEventListener('error',function(e){window.__reportErrors.push(String(e.message||e));});</script>");
        out.print("<style>");
        out.print(uplot("dist/uPlot.min.css"));
        out.println(CSS);
        out.println("</style></head><body>");

        out.println("<h1>dualaccess report</h1>");
        out.print("<p class=\"meta\">" + s.counted() + " events counted of " + s.events + " read from "
            + s.inputs.size() + (s.inputs.size() == 1 ? " file" : " files"));
        if (s.counted() > 0) {
            out.print(", " + esc(Instant.ofEpochMilli(s.totals.firstMillis).toString()) + " to "
                + esc(Instant.ofEpochMilli(s.totals.lastMillis).toString()));
        }
        out.println(". Generated " + esc(s.generatedAt.toString()) + ".</p>");
        if (!s.filter.isEmpty()) {
            out.println("<p class=\"meta\">Filters: " + esc(TextReport.filters(s.filter)) + " (" + s.filteredOut
                + " events left out).</p>");
        }

        out.println("<div class=\"cards\">");
        card(out, "events", String.valueOf(s.counted()));
        card(out, "mismatch rate", TextReport.rate(s.totals));
        card(out, "problems", TextReport.problems(s.totals));
        for (Map.Entry<String, Long> o : s.totals.outcomes.asMap().entrySet()) {
            card(out, o.getKey(), String.valueOf(o.getValue()));
        }
        card(out, "A p50 / p99 ms", pair(s.totals.a));
        card(out, "B p50 / p99 ms", pair(s.totals.b));
        if (s.malformed > 0) {
            card(out, "malformed lines", String.valueOf(s.malformed));
        }
        out.println("</div>");

        out.println("<h2>Mismatch rate over time</h2>");
        out.println("<p class=\"meta\">Per " + bucket(s.series.widthMillis()) + " (UTC): mismatches / compared (match, mismatch,"
            + " transient), and problems (any outcome after which B may differ) / events.</p>");
        out.println("<div class=\"chart\" id=\"chart-mismatch\"></div>");
        out.println("<h2>Latency A vs B</h2>");
        out.println("<p class=\"meta\">Per " + bucket(s.series.widthMillis()) + ": p50 and p99 of each side, milliseconds.</p>");
        out.println("<div class=\"chart\" id=\"chart-latency\"></div>");

        groups(out, "By table", "table", s.tables);
        groups(out, "By fingerprint", "fingerprint", s.fingerprints);
        if (!s.paths.ranked().isEmpty() || s.paths.foldedGroups() > 0) {
            groups(out, "By request path", "path", s.paths);
        }

        if (!s.syncs.isEmpty()) {
            out.println("<h2>Sync from A's change log</h2>");
            out.println("<table id=\"sync\"><thead><tr><th>sync</th><th>as of</th><th>state</th></tr></thead><tbody>");
            for (Summary.Sync y : s.syncs.values()) {
                out.println("<tr><td>" + esc(y.name) + "</td><td>" + esc(y.ts) + "</td><td>" + esc(TextReport.syncLine(y)) + "</td></tr>");
            }
            out.println("</tbody></table>");
        }

        if (s.phaseChangeCount > 0) {
            out.println("<h2>Phase changes</h2>");
            out.println("<p class=\"meta\">" + s.phaseChangeCount + " in the time window"
                + (s.phaseChangeCount > s.phaseChanges.size() ? ", the latest " + s.phaseChanges.size() + " listed" : "")
                + "; dotted lines on the charts.</p>");
            out.println("<table id=\"phase-changes\"><thead><tr><th>time</th><th>change</th></tr></thead><tbody>");
            for (Summary.PhaseChange c : s.phaseChanges) {
                out.println("<tr><td>" + esc(c.ts()) + "</td><td>" + esc(TextReport.phaseChange(c)) + "</td></tr>");
            }
            out.println("</tbody></table>");
        }

        if (s.malformed > 0) {
            out.println("<h2>Malformed lines</h2>");
            out.println("<p class=\"meta\">" + s.malformed + " lines were not comparison events and were not counted.</p><ul>");
            for (Summary.Malformed m : s.malformedExamples) {
                out.println("<li><code>" + esc(m.file() + ":" + m.line()) + "</code> " + esc(m.error()) + "</li>");
            }
            out.println("</ul>");
        }

        out.println("<h2>Inputs</h2><table><thead><tr><th>file</th><th>bytes</th><th>lines</th><th>events</th>"
            + "<th>counted</th><th>malformed</th><th>error</th></tr></thead><tbody>");
        for (Summary.Input in : s.inputs) {
            out.println("<tr><td><code>" + esc(in.file.toString()) + "</code></td><td>" + in.bytes + "</td><td>" + in.lines
                + "</td><td>" + in.events + "</td><td>" + in.counted + "</td><td>" + in.malformed + "</td><td>"
                + esc(in.error) + "</td></tr>");
        }
        out.println("</tbody></table>");

        out.print("<script id=\"report-data\" type=\"application/json\">");
        out.flush();
        StringWriter data = new StringWriter();
        JsonReport.write(s, data, true);
        out.print(data);
        out.println("</script>");
        out.print("<script>");
        out.print(uplot("dist/uPlot.iife.min.js"));
        out.println("</script>");
        out.print("<script>");
        out.print(SCRIPT);
        out.println("</script>");
        out.println("</body></html>");
        out.flush();
    }

    private static void card(PrintWriter out, String label, String value) {
        out.println("<div class=\"card\"><div class=\"label\">" + esc(label) + "</div><div class=\"value\">" + esc(value)
            + "</div></div>");
    }

    private static String pair(Latency l) {
        if (l.count() == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.3f / %.3f", l.percentileMillis(50), l.percentileMillis(99));
    }

    private static String bucket(long widthMillis) {
        long s = widthMillis / 1000;
        if (s % 86400 == 0) {
            return s / 86400 == 1 ? "day" : s / 86400 + " days";
        }
        if (s % 3600 == 0) {
            return s / 3600 == 1 ? "hour" : s / 3600 + " hours";
        }
        if (s % 60 == 0) {
            return s / 60 == 1 ? "minute" : s / 60 + " minutes";
        }
        return s == 1 ? "second" : s + " seconds";
    }

    private static void groups(PrintWriter out, String title, String keyName, GroupTable table) {
        List<Map.Entry<String, Aggregate>> ranked = table.ranked();
        out.println("<h2>" + title + "</h2>");
        out.println("<p class=\"meta\">Ranked by problems, then events.</p>");
        out.println("<table class=\"groups\" id=\"by-" + keyName + "\"><thead><tr><th>" + keyName + "</th><th>events</th>"
            + "<th>outcomes</th><th>mismatch rate</th><th>A p50 / p99 ms</th><th>B p50 / p99 ms</th>"
            + "<th>latest problem</th></tr></thead><tbody>");
        for (Map.Entry<String, Aggregate> e : ranked) {
            Aggregate a = e.getValue();
            out.print("<tr><td><code>" + esc(e.getKey()) + "</code>");
            if (!a.exact) {
                out.print(" <span class=\"note\">(partial: earlier events in other)</span>");
            }
            if (a.exampleBSql != null) {
                out.print("<div class=\"translated\">b.sql: <code>" + esc(a.exampleBSql) + "</code></div>");
            }
            if (a.exampleASql != null) {
                out.print("<div class=\"translated\">a.sql: <code>" + esc(a.exampleASql) + "</code></div>");
            }
            if (a.exampleBSql != null || a.exampleASql != null) {
                out.print("<div class=\"note\">translated in " + a.translated + " of " + a.outcomes.total() + " events</div>");
            }
            out.print("</td><td>" + a.outcomes.total() + "</td><td>" + esc(TextReport.outcomes(a)) + "</td><td>"
                + esc(TextReport.rate(a)) + "</td><td>" + esc(pair(a.a)) + "</td><td>" + esc(pair(a.b)) + "</td><td>");
            problem(out, a.latestProblem, "");
            if (a.latestDiff != null && a.latestDiff != a.latestProblem) {
                problem(out, a.latestDiff, "latest diff: ");
            }
            out.println("</td></tr>");
        }
        if (table.foldedGroups() > 0) {
            Aggregate o = table.other();
            out.println("<tr class=\"other\"><td>other: " + (table.foldedGroupsExact() ? "" : "up to ")
                + table.foldedGroups() + " folded (partial rows above included)</td><td>" + o.outcomes.total() + "</td><td>" + esc(TextReport.outcomes(o))
                + "</td><td>" + esc(TextReport.rate(o)) + "</td><td>" + esc(pair(o.a)) + "</td><td>" + esc(pair(o.b))
                + "</td><td></td></tr>");
        }
        if (ranked.isEmpty()) {
            out.println("<tr><td colspan=\"7\">no events</td></tr>");
        }
        out.println("</tbody></table>");
    }

    private static void problem(PrintWriter out, Problem p, String label) {
        if (p == null) {
            return;
        }
        out.print("<details><summary>" + esc(label) + esc(p.outcome()) + (p.reason() == null ? "" : " (" + esc(p.reason()) + ")")
            + " at " + esc(p.ts()) + "</summary>");
        if (p.sql() != null) {
            out.print("<div>sql:</div><pre class=\"sql\">" + esc(p.sql()) + "</pre>");
        }
        if (p.bSql() != null) {
            out.print("<div>b.sql (what B ran):</div><pre class=\"sql\">" + esc(p.bSql()) + "</pre>");
        }
        if (p.aSql() != null) {
            out.print("<div>a.sql (what A ran):</div><pre class=\"sql\">" + esc(p.aSql()) + "</pre>");
        }
        if (p.countField() != null && (p.aCount() != null || p.bCount() != null)) {
            out.print("<div>" + esc(p.countField()) + ": A " + p.aCount() + ", B " + p.bCount() + "</div>");
        }
        if (p.aError() != null) {
            out.print("<div>A error:</div><pre>" + esc(p.aError()) + "</pre>");
        }
        if (p.bError() != null) {
            out.print("<div>B error:</div><pre>" + esc(p.bError()) + "</pre>");
        }
        if (p.requestPath() != null) {
            out.print("<div>request: <code>" + esc(p.requestPath()) + "</code></div>");
        }
        if (p.diffJson() != null) {
            out.print("<div>diff:</div><pre class=\"diff\">" + esc(p.diffJson()) + "</pre>");
        }
        out.print("</details>");
    }

    /** HTML-escapes text for element content and quoted attributes. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A file of the uPlot webjar, read from the classpath at report time. */
    static String uplot(String file) {
        String version;
        Properties p = new Properties();
        try (InputStream in = HtmlReport.class.getResourceAsStream("/io/dualaccess/cli/version.properties")) {
            p.load(in);
            version = p.getProperty("uplot.version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("cannot read the uPlot version from version.properties", e);
        }
        String path = "/META-INF/resources/webjars/uplot/" + version + "/" + file;
        try (InputStream in = HtmlReport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("uPlot is not on the classpath: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String CSS = """
        body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#222;max-width:1200px}
        h1{font-size:1.6em;margin-bottom:4px}h2{font-size:1.2em;margin-top:28px}
        .meta{color:#555;margin:4px 0}
        .cards{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0}
        .card{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:110px}
        .card .label{font-size:.8em;color:#666}.card .value{font-size:1.2em;font-weight:600}
        table{border-collapse:collapse;width:100%;font-size:.9em}
        th,td{border-bottom:1px solid #e5e5e5;padding:4px 6px;text-align:left;vertical-align:top}
        th{background:#f6f6f6}tr.other td{color:#666;font-style:italic}
        code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.95em}
        pre{white-space:pre-wrap;word-break:break-all;background:#f8f8f8;padding:4px;margin:2px 0;max-height:240px;overflow:auto}
        td code{word-break:break-all}.note{color:#a60;font-size:.85em}
        .chart{min-height:300px}
        """;

    private static final String SCRIPT = """
        (function () {
          'use strict';
          function fail(e) { window.__reportErrors.push(String((e && e.stack) || e)); }
          try {
            var data = JSON.parse(document.getElementById('report-data').textContent);
            var pts = data.series.points;
            var xs = pts.map(function (p) { return p.t; });
            var width = Math.max(480, Math.min(1150, document.body.clientWidth - 20));
            function col(f) { return pts.map(f); }
            // The report's times are UTC; so are the axes.
            function utc(ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); }
            function pct(n, d) { return d > 0 ? 100 * n / d : null; }
            var changes = data.phase_changes.changes;
            // Phase changes as dotted vertical lines: a step in a series often lines up with one.
            function markers(u) {
              var ctx = u.ctx, top = u.bbox.top, height = u.bbox.height;
              ctx.save();
              ctx.strokeStyle = '#555';
              ctx.fillStyle = '#555';
              ctx.setLineDash([2, 4]);
              ctx.textAlign = 'left';
              ctx.textBaseline = 'alphabetic';
              ctx.font = (11 * devicePixelRatio) + 'px sans-serif';
              changes.forEach(function (c) {
                var x = Math.round(u.valToPos(c.t, 'x', true));
                if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) { return; }
                ctx.beginPath();
                ctx.moveTo(x, top);
                ctx.lineTo(x, top + height);
                ctx.stroke();
                var label = (c.table ? c.table + ': ' : '') + (c.to || '');
                ctx.fillText(label.length > 40 ? label.slice(0, 39) + '\u2026' : label, x + 3, top + 12 * devicePixelRatio);
              });
              ctx.restore();
            }
            var charts = [];
            var mEl = document.getElementById('chart-mismatch');
            var lEl = document.getElementById('chart-latency');
            if (pts.length === 0) {
              mEl.textContent = 'No events counted.';
              lEl.textContent = 'No events counted.';
            } else {
              charts.push(new uPlot({
                width: width, height: 280,
                tzDate: utc,
                hooks: { draw: [markers] },
                scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(1, max * 1.1)]; } } },
                series: [
                  {},
                  // Problems first, as a wide pale band: where they equal the mismatch rate the thin
                  // mismatch line runs inside the band instead of hiding it.
                  { label: 'problems %', stroke: '#ffbf8a', width: 8, points: { show: true, size: 9,
                    stroke: '#ff7f0e', fill: '#ff7f0e' } },
                  { label: 'mismatch rate %', stroke: '#d62728', width: 2, points: { show: true, size: 5 } }
                ],
                axes: [{}, { label: '%' }]
              }, [xs, col(function (p) { return pct(p.problems, p.events); }),
                  col(function (p) { return p.mismatch_rate == null ? null : p.mismatch_rate * 100; })], mEl));
              charts.push(new uPlot({
                width: width, height: 280,
                tzDate: utc,
                hooks: { draw: [markers] },
                scales: { x: { time: true } },
                series: [
                  {},
                  { label: 'A p50', stroke: '#1f77b4', width: 2, points: { show: true, size: 4 } },
                  { label: 'A p99', stroke: '#1f77b4', width: 1, dash: [6, 4], points: { show: true, size: 4 } },
                  { label: 'B p50', stroke: '#2ca02c', width: 2, points: { show: true, size: 4 } },
                  { label: 'B p99', stroke: '#2ca02c', width: 1, dash: [6, 4], points: { show: true, size: 4 } }
                ],
                axes: [{}, { label: 'ms' }]
              }, [xs, col(function (p) { return p.a_p50; }), col(function (p) { return p.a_p99; }),
                  col(function (p) { return p.b_p50; }), col(function (p) { return p.b_p99; })], lEl));
            }
            window.__reportCharts = charts;
          } catch (e) {
            fail(e);
          }
          window.__reportReady = true;
        })();
        """;
}
