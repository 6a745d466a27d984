package io.dualaccess.route;

/** Told of every applied phase change (on the thread that applied it; keep it short, never throw). */
@FunctionalInterface
public interface PhaseListener {

    /** A change has been applied: connections follow it from their next transaction. */
    void changed(PhaseChange change);
}
