package io.dualaccess.repair;

import io.dualaccess.compare.NormalizationRules;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.verify.Verify;
import io.dualaccess.verify.VerifyReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verify with repair on PostgreSQL tables keyed by each type whose keys are read as one array
 * ({@code key = ANY(?)}): text with quotes, commas, braces and a backslash (the array's own
 * syntax), numeric, uuid, a serial integer. One row missing in B, one extra, one changed: repair
 * makes B equal to A.
 */
class RepairKeyTypesTest {

    private static final AtomicInteger TABLES = new AtomicInteger();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"varchar(40)", "text", "numeric(12,3)", "uuid", "serial", "int"})
    void everyArrayKeyTypeIsVerifiedAndRepaired(String type) throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.POSTGRESQL.b();
        String t = "rk" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
        String[] keys = switch (type) {
            case "varchar(40)", "text" -> new String[] {"'o''neil'", "'a,b'", "'{x}'", "'back\\slash'", "'\"quoted\"'", "'NULL'"};
            case "numeric(12,3)" -> new String[] {"1.5", "2", "-3.25", "1000000.001", "0", "7.1"};
            case "uuid" -> new String[] {"'00000000-0000-0000-0000-000000000001'", "'ffffffff-ffff-ffff-ffff-ffffffffffff'",
                "'12345678-1234-1234-1234-123456789abc'", "'00000000-0000-0000-0000-000000000002'",
                "'00000000-0000-0000-0000-000000000003'", "'00000000-0000-0000-0000-000000000004'"};
            default -> new String[] {"1", "2", "3", "40000", "5", "6"};
        };
        for (TestDb db : new TestDb[] {a, b}) {
            db.run("create table " + t + " (k " + type + " primary key, v varchar(20))");
        }
        // A: keys 0-4. B: keys 1-3 and 5 (extra), key 2 changed; key 0 and 4 missing.
        for (int i = 0; i < 5; i++) {
            a.run("insert into " + t + " values (" + keys[i] + ", 'v" + i + "')");
        }
        for (int i = 1; i < 4; i++) {
            b.run("insert into " + t + " values (" + keys[i] + ", '" + (i == 2 ? "changed" : "v" + i) + "')");
        }
        b.run("insert into " + t + " values (" + keys[5] + ", 'extra')");
        try {
            try (Repair repair = new Repair(a::connect, b::connect, NormalizationRules.defaults(), false, null)) {
                VerifyReport r = Verify.builder(a::connect, b::connect).tables(List.of(t)).sink(repair).build().run();
                assertThat(r.tables().get(0).missing()).as(r.text()).isEqualTo(2);
                assertThat(r.tables().get(0).extra()).as(r.text()).isEqualTo(1);
                assertThat(r.tables().get(0).changed()).as(r.text()).isEqualTo(1);
                assertThat(repair.counts()).isEqualTo(new Repair.Counts(2, 1, 1, 0));
                assertThat(repair.unequal()).isEmpty();
            }
            VerifyReport after = Verify.builder(a::connect, b::connect).tables(List.of(t)).build().run();
            assertThat(after.equal()).as(after.text()).isTrue();
        } finally {
            a.run("drop table if exists " + t);
            b.run("drop table if exists " + t);
        }
    }
}
