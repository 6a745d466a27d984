package io.dualaccess.context;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A traced request's shadow work runs in its trace: the replay and the re-check on the worker see
 * the request's OpenTelemetry context (spans made there join the trace instead of starting their
 * own) and its request context, and its events carry {@code trace_id} and {@code span_id}. (The
 * MDC is checked in the starter's tests, with Spring Boot's logback: slf4j-simple has no MDC.)
 */
class TracingTest {

    @TempDir
    Path dir;

    /** What an exporter receives, kept in memory. */
    static final class Collected implements SpanExporter {
        final List<SpanData> spans = Collections.synchronizedList(new ArrayList<>());

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    @Test
    void parsesW3cTraceparent() {
        TraceIds t = TraceIds.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(t).isEqualTo(new TraceIds("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"));
        assertThat(TraceIds.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-later")).isNotNull();
        assertThat(TraceIds.parse(null)).isNull();
        assertThat(TraceIds.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).as("zero trace").isNull();
        assertThat(TraceIds.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).as("zero span").isNull();
        assertThat(TraceIds.parse("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).as("version ff").isNull();
        assertThat(TraceIds.parse("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).as("upper case").isNull();
        assertThat(TraceIds.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x")).as("00 has no tail").isNull();
    }

    @Test
    void aTracedRequestsShadowReadAndRecheckRunInItsTrace() throws Exception {
        Collected exported = new Collected();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build()) {
            Tracer tracer = provider.get("test");
            TestDb a = Engine.H2.a();
            TestDb b = Engine.H2.b();
            String t = "tr_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100000;
            a.run("create table " + t + " (id int primary key, qty int)", "insert into " + t + " values (1, 1)");
            b.run("create table " + t + " (id int primary key, qty int)", "insert into " + t + " values (1, 99)");
            List<String> seenOnWorker = Collections.synchronizedList(new ArrayList<>());
            List<ComparisonEvent> events = Collections.synchronizedList(new ArrayList<>());
            Span request = tracer.spanBuilder("GET /items/1").startSpan();
            try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                .b(b.url(), b.user(), b.password())
                .phase(Phase.SHADOW_READ)
                .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
                .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
                .build()) {
                ds.runtime().addEventListener(e -> {
                    if (!"read".equals(e.kind())) {
                        return;
                    }
                    // On the shadow worker, after the replay and its re-check: what a JDBC
                    // instrumentation of B's driver would see there.
                    RequestContext r = RequestContext.current();
                    seenOnWorker.add(Thread.currentThread().getName() + " " + (r == null ? null : r.id()));
                    Span child = tracer.spanBuilder("replay on B").startSpan();
                    child.end();
                    events.add(e);
                });
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    try (Scope ignored = request.makeCurrent();
                         RequestContext.Scope r = RequestContext.open(new RequestContext("r-7", "GET", "/items/1"))) {
                        try (ResultSet rs = s.executeQuery("select qty from " + t + " where id = 1")) {
                            assertThat(rs.next()).isTrue();
                            assertThat(rs.next()).isFalse();
                        }
                    } finally {
                        request.end();
                    }
                    await().atMost(Duration.ofSeconds(30)).until(() -> events.size() == 1);
                    // Outside the request, nothing is carried.
                    try (ResultSet rs = s.executeQuery("select qty from " + t + " where id = 1")) {
                        assertThat(rs.next()).isTrue();
                    }
                    await().atMost(Duration.ofSeconds(30)).until(() -> events.size() == 2);
                }
            }
            String traceId = request.getSpanContext().getTraceId();
            ComparisonEvent traced = events.get(0);
            assertThat(traced.outcome().value()).as("re-checked, still different").isEqualTo("mismatch");
            assertThat(traced.trace()).isEqualTo(new TraceIds(traceId, request.getSpanContext().getSpanId()));
            assertThat(seenOnWorker.get(0)).startsWith("dualaccess-shadow").endsWith(" r-7");
            assertThat(events.get(1).trace()).isNull();
            assertThat(seenOnWorker.get(1)).endsWith(" null");
            SpanData replay = exported.spans.stream().filter(sp -> sp.getName().equals("replay on B")).findFirst().orElseThrow();
            assertThat(replay.getTraceId()).as("the worker's span joins the request's trace").isEqualTo(traceId);
            assertThat(replay.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
            List<String> lines = Files.readAllLines(dir.resolve("comparisons.jsonl"));
            assertThat(lines.get(0)).contains("\"trace_id\":\"" + traceId + "\"", "\"span_id\":\"" + request.getSpanContext().getSpanId() + "\"",
                "\"db.operation.name\":\"SELECT\"", "\"db.collection.name\":\"" + t + "\"", "\"db.system.name\":\"h2database\"",
                "\"db.query.text\":\"select qty from " + t + " where id = 1\"");
            assertThat(lines.get(1)).doesNotContain("trace_id");
        }
    }

    @Test
    void withoutASpanTheRequestsTraceparentNamesTheTrace() throws Exception {
        RequestContext r = new RequestContext("r-1", "GET", "/", false, "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");
        try (RequestContext.Scope ignored = RequestContext.open(r)) {
            assertThat(TraceIds.current()).isEqualTo(new TraceIds("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"));
            CarriedContext carried = CarriedContext.capture();
            TraceIds[] onWorker = new TraceIds[1];
            Thread w = new Thread(() -> {
                try (CarriedContext.Opened o = carried.open()) {
                    onWorker[0] = TraceIds.current();
                }
            });
            w.start();
            w.join();
            assertThat(onWorker[0]).isEqualTo(r.trace());
        }
        assertThat(CarriedContext.capture()).isSameAs(CarriedContext.NONE);
    }
}
