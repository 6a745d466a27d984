package io.dualaccess.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Each benchmark thread's walk over the keys of {@code item}: a fixed stride through all
 * {@value Fixture#ROWS} ids, so consecutive operations touch different rows (no allocation, no
 * shared state, the same sequence in every mode).
 */
@State(Scope.Thread)
public class Cursor {

    private static final int STRIDE = 7_919; // prime, coprime with ROWS: visits every id

    private int position;

    /** The next id in {@code [1, ROWS]}. */
    public int nextId() {
        int p = position + STRIDE;
        if (p >= Fixture.ROWS) {
            p -= Fixture.ROWS;
        }
        position = p;
        return p + 1;
    }

    /** The first id of the next range of {@link Fixture#RANGE} ids, all within {@code [1, ROWS]}. */
    public int nextRangeStart() {
        return nextId() % (Fixture.ROWS - Fixture.RANGE + 1) + 1;
    }

    /** Where the walk stands (the next id follows it). */
    int position() {
        return position;
    }

    /** Moves the walk to where another stood ({@link #position()}). */
    void position(int p) {
        position = p;
    }

    /** A walk standing where this one stands. */
    Cursor copy() {
        Cursor c = new Cursor();
        c.position = position;
        return c;
    }
}
