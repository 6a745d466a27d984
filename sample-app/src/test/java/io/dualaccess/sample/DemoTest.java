package io.dualaccess.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo, run to completion unattended as CI would ({@code ./demo.sh --no-wait}): it walks the
 * phases through the admin server and ends with comparisons and the planted mismatches logged.
 */
class DemoTest {

    @TempDir
    Path dir;

    @Test
    void walksThePhasesThroughTheAdminServerAndLogsThePlantedMismatches() throws Exception {
        int exit = Demo.run(new String[] {"--no-wait", "--phase-seconds", "3", "--port", "0",
            "--admin-port", String.valueOf(freePort()), "--threads", "2", "--rate", "40", "--dir", dir.toString()});
        assertThat(exit).isZero();

        List<Map<String, Object>> events = Files.readAllLines(dir.resolve("dualaccess-comparisons.jsonl")).stream()
            .map(ComparisonLogTail::parse).toList();
        List<Object> phases = events.stream().filter(e -> "phase".equals(e.get("kind")))
            .map(e -> ((Map<?, ?>) e.get("change")).get("to")).map(Object::toString).map(s -> (Object) s).toList();
        assertThat(phases).containsExactly("dual-write", "shadow", "live");
        assertThat(events).anyMatch(e -> "read".equals(e.get("kind")) && "mismatch".equals(e.get("outcome"))
            && ShopFixture.touches(e, "products") && "/products".equals(ShopFixture.requestField(e, "path")));
        assertThat(events).anyMatch(e -> "write".equals(e.get("kind")) && "match".equals(e.get("outcome")));
        // live: B answers, A is the side compared against.
        assertThat(events).anyMatch(e -> "live".equals(e.get("phase")) && "read".equals(e.get("kind")));
        // Backfill and verify --repair ran in dual-write: from shadow on, the only reads that still
        // differ are the products, whose price column B cannot hold (price-scale).
        List<Map<String, Object>> laterMismatches = events.stream()
            .filter(e -> ("shadow".equals(e.get("phase")) || "live".equals(e.get("phase")))
                && "read".equals(e.get("kind")) && "mismatch".equals(e.get("outcome"))).toList();
        assertThat(laterMismatches).isNotEmpty().allSatisfy(e -> {
            assertThat(ShopFixture.touches(e, "products")).as("tables of %s", e.get("sql")).isTrue();
            assertThat(String.valueOf(((Map<?, ?>) e.get("diff")).get("column"))).isEqualToIgnoringCase("price");
        });
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
