package io.dualaccess.repair;

import io.dualaccess.compare.NormalizationRules;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.verify.Verify;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Repair reads again what it wrote: a row B cannot hold as A does (B's column has less scale and
 * rounds; B's column is shorter and refuses) is reported with the reason and not counted as fixed;
 * the rows it could fix are.
 */
class RepairRecheckTest {

    private static final AtomicInteger TABLES = new AtomicInteger();

    static List<Arguments> pairs() {
        return List.of(Arguments.of(Engine.POSTGRESQL, Engine.POSTGRESQL), Arguments.of(Engine.POSTGRESQL, Engine.MARIADB),
            Arguments.of(Engine.H2, Engine.H2));
    }

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("pairs")
    void rowsBCannotHoldAreReportedWithTheReasonAndNotCountedAsFixed(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = "rr" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
        a.run("create table " + t + " (id int primary key, price decimal(10,3), name varchar(20))",
            "insert into " + t + " values (1, 27.755, 'ok'), (2, 10.000, 'abcdefghij'), (3, 5.500, 'fine'), (4, 1.000, 'x')");
        // B's price keeps one decimal place and its name five characters: rows 1 and 2 cannot be made equal.
        b.run("create table " + t + " (id int primary key, price decimal(10,1), name varchar(5))",
            "insert into " + t + " values (1, 0, 'ok'), (2, 10.0, 'abcde'), (3, 0, 'fine')");
        StringWriter text = new StringWriter();
        try (Repair repair = new Repair(a::connect, b::connect, NormalizationRules.defaults(), false, new PrintWriter(text, true))) {
            Verify.builder(a::connect, b::connect).tables(List.of(t)).sink(repair).build().run();
            repair.flush();
            assertThat(repair.unequal()).hasSize(2);
            assertThat(repair.unequal().get(0).key().get(0).toString()).isEqualTo("1");
            assertThat(repair.unequal().get(0).columns()).singleElement().satisfies(c -> assertThat(c).isEqualToIgnoringCase("price"));
            assertThat(repair.unequal().get(0).reason()).contains("rounds the value to 1 decimal place(s)");
            // B refuses the longer text outright (strict engines): reported with B's error, the batch's other rows repaired.
            assertThat(repair.unequal().get(1).key().get(0).toString()).isEqualTo("2");
            assertThat(repair.unequal().get(1).reason()).startsWith("B refused the write: ");
            // Row 3 was fixed, row 4 inserted; rows 1 and 2 are not counted as fixed.
            assertThat(repair.counts()).isEqualTo(new Repair.Counts(1, 1, 0, 0));
        }
        assertThat(text.toString()).containsIgnoringCase("unequal " + t + " [1] (price): price: B's column");
        a.run("drop table " + t);
        b.run("drop table " + t);
    }
}
