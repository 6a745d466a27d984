package io.dualaccess.backfill;

import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An interrupted backfill stops: its workers end before {@code run()} returns, and the chunks they
 * held are leased again by the next run (issue 14, finding 6).
 */
class BackfillInterruptTest {

    private static final int ROWS = 20_000;

    @Test
    void anInterruptedRunStopsItsWorkersAndGivesItsLeasesBack() throws Exception {
        TestDb a = Engine.H2.a();
        TestDb b = Engine.H2.b();
        a.run("create table bi (id int primary key, v varchar(20))");
        b.run("create table bi (id int primary key, v varchar(20))");
        try (Connection c = a.connect(); PreparedStatement ps = c.prepareStatement("insert into bi values (?, ?)")) {
            c.setAutoCommit(false);
            for (int i = 0; i < ROWS; i++) {
                ps.setInt(1, i);
                ps.setString(2, "v" + i);
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        }
        String run = "interrupt-" + System.nanoTime();
        AtomicReference<Thread> caller = new AtomicReference<>();
        AtomicInteger pages = new AtomicInteger();
        java.util.Set<Thread> workers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Backfill backfill = Backfill.builder(a::connect, b::connect).tables(List.of("bi")).chunkSize(50).workers(2).run(run)
            .listener((table, chunk, read, inserted) -> {
                workers.add(Thread.currentThread());
                if (pages.incrementAndGet() == 3) {
                    caller.get().interrupt();
                }
            }).build();
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                outcome.complete(backfill.run());
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        }, "backfill-caller");
        caller.set(t);
        t.start();
        assertThatThrownBy(outcome::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InterruptedException.class);
        int pagesWhenRunEnded = pages.get();
        for (Thread w : workers) {
            w.join(30_000);
        }
        assertThat(pages.get()).as("no page copied after run() ended").isEqualTo(pagesWhenRunEnded);
        int copied = Integer.parseInt(b.rows("select count(*) from bi").get(0));
        assertThat(copied).as("it stopped early").isLessThan(ROWS);

        Backfill.Result second = Backfill.builder(a::connect, b::connect).tables(List.of("bi")).chunkSize(50).run(run)
            .build().run();
        assertThat(second.status().complete()).as("every chunk could be leased again").isTrue();
        assertThat(b.rows("select count(*) from bi")).containsExactly(String.valueOf(ROWS));
    }
}
