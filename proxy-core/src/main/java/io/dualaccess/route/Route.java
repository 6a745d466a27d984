package io.dualaccess.route;

import io.dualaccess.sql.StatementInfo;

/**
 * What one execute does, decided once from the phase its connection pinned, before the call: the
 * statement's classification (from the bounded cache, once per execute), and whether it is
 * mirrored, passed on to the shadow side as transaction control, compared as a read, or skipped as
 * a read with a reason. Immutable; it is passed down to the mirror and the shadow reads, which do
 * not ask again.
 *
 * <p>{@link #PASS} is the route of every execute in a phase that involves no other side: nothing is
 * classified and nothing is allocated.
 */
public final class Route {

    private static final int NONE = 0;
    private static final int MIRROR = 1;
    private static final int TRANSACTION_CONTROL = 2;
    private static final int COMPARE = 3;
    private static final int SKIP_READ = 4;

    /** Only the authoritative side: nothing mirrored, nothing compared, not even classified. */
    public static final Route PASS = new Route(null, NONE, null);

    private final StatementInfo info;
    private final int action;
    private final String skipReason;

    private Route(StatementInfo info, int action, String skipReason) {
        this.info = info;
        this.action = action;
        this.skipReason = skipReason;
    }

    /** Classified, and neither mirrored nor compared (a read not sampled, a write the phase does not mirror). */
    public static Route authoritativeOnly(StatementInfo info) {
        return new Route(info, NONE, null);
    }

    /** A write (or DDL) the pinned phase mirrors. */
    public static Route mirrored(StatementInfo info) {
        return new Route(info, MIRROR, null);
    }

    /** Transaction control written as SQL, passed on so both sides' transactions line up. */
    public static Route transactionControl(StatementInfo info) {
        return new Route(info, TRANSACTION_CONTROL, null);
    }

    /** A read the pinned phase compares: it is digested as the application reads it and replayed on the shadow side. */
    public static Route compared(StatementInfo info) {
        return new Route(info, COMPARE, null);
    }

    /** A read the pinned phase would compare but that is not, recorded as {@code skipped} with the reason. */
    public static Route skippedRead(StatementInfo info, String reason) {
        return new Route(info, SKIP_READ, reason);
    }

    /** The statement's classification, or null for {@link #PASS}. */
    public StatementInfo info() {
        return info;
    }

    /** Whether the write runs on the shadow side too ({@link #transactionControl()} included: it goes through the pair). */
    public boolean paired() {
        return action == MIRROR || action == TRANSACTION_CONTROL;
    }

    /** Whether the write is mirrored to the shadow side. */
    public boolean mirrored() {
        return action == MIRROR;
    }

    /** Whether the statement is transaction control the shadow side follows. */
    public boolean transactionControl() {
        return action == TRANSACTION_CONTROL;
    }

    /** Whether the read is compared with the shadow side. */
    public boolean compared() {
        return action == COMPARE;
    }

    /** Why a read the phase shadows is not compared ({@code in-transaction}, {@code excluded_path}, …), or null. */
    public String skipReason() {
        return skipReason;
    }

    @Override
    public String toString() {
        String a = switch (action) {
            case MIRROR -> "mirrored";
            case TRANSACTION_CONTROL -> "transaction-control";
            case COMPARE -> "compared";
            case SKIP_READ -> "skipped:" + skipReason;
            default -> "authoritative-only";
        };
        return "Route[" + a + (info == null ? "" : ", " + info.kind() + " " + info.tables()) + "]";
    }
}
