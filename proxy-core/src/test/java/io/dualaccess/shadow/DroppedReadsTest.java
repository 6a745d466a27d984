package io.dualaccess.shadow;

import io.dualaccess.sql.SqlKind;
import io.dualaccess.sql.StatementInfo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dropped reads are counted exactly and handed out as one aggregate per fingerprint and drain,
 * even while application threads keep dropping during the drain; past the fingerprint limit they
 * are tallied under {@code *}.
 */
class DroppedReadsTest {

    private static StatementInfo read(String fingerprint) {
        return new StatementInfo(SqlKind.READ, List.of("t"), false, List.of(), fingerprint, null, true);
    }

    @Test
    void oneAggregatePerFingerprintWithExactCountsWhileThreadsKeepDropping() throws Exception {
        DroppedReads drops = new DroppedReads();
        StatementInfo a = read("select a from t where id = ?");
        StatementInfo b = read("select b from t where id = ?");
        int threads = 4;
        int perThread = 50_000;
        Map<String, Long> logged = new HashMap<>();
        Map<String, Long> rows = new HashMap<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            StatementInfo info = t % 2 == 0 ? a : b;
            Thread th = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    drops.add(info, "SQL", 2, 1_000);
                }
            });
            ts.add(th);
            th.start();
        }
        // Drains run while the threads drop: nothing counted in between may be lost.
        List<Integer> perDrain = new ArrayList<>();
        while (ts.stream().anyMatch(Thread::isAlive)) {
            List<String> fps = new ArrayList<>();
            drops.drain(g -> {
                fps.add(g.tally().info.fingerprint());
                logged.merge(g.tally().info.fingerprint(), g.count(), Long::sum);
                rows.merge(g.tally().info.fingerprint(), g.rows(), Long::sum);
            });
            perDrain.add(fps.size());
            assertThat(fps).doesNotHaveDuplicates();
        }
        for (Thread th : ts) {
            th.join();
        }
        drops.drain(g -> {
            logged.merge(g.tally().info.fingerprint(), g.count(), Long::sum);
            rows.merge(g.tally().info.fingerprint(), g.rows(), Long::sum);
        });
        assertThat(drops.total()).isEqualTo((long) threads * perThread);
        assertThat(logged).containsEntry(a.fingerprint(), 2L * perThread).containsEntry(b.fingerprint(), 2L * perThread);
        assertThat(rows).containsEntry(a.fingerprint(), 4L * perThread);
        assertThat(perDrain).allMatch(n -> n <= 2);
        List<DroppedReads.Aggregate> none = new ArrayList<>();
        drops.drain(none::add);
        assertThat(none).as("a fingerprint without new drops has no aggregate").isEmpty();
    }

    @Test
    void fingerprintsBeyondTheLimitAreTalliedTogether() {
        DroppedReads drops = new DroppedReads();
        for (int i = 0; i < DroppedReads.MAX_FINGERPRINTS + 5; i++) {
            drops.add(read("select " + i + " from t"), "SQL", 1, 1);
        }
        Map<String, Long> logged = new HashMap<>();
        drops.drain(g -> logged.put(g.tally().info == null ? DroppedReads.OTHER : g.tally().info.fingerprint(), g.count()));
        assertThat(logged).hasSize(DroppedReads.MAX_FINGERPRINTS + 1).containsEntry(DroppedReads.OTHER, 5L);
        assertThat(drops.total()).isEqualTo(DroppedReads.MAX_FINGERPRINTS + 5);
    }
}
