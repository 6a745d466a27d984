package io.dualaccess.route;


import java.util.List;

/**
 * One applied phase change, as listeners and the comparison log see it.
 *
 * @param before the snapshot in force until now
 * @param after the snapshot in force from the next transaction on
 * @param table the table whose override changed, or null for a global change
 * @param actor who asked for it (from the admin endpoint, the API, or the control table's {@code updated_by})
 * @param source {@code local} (this process asked) or {@code control-table} (another instance did)
 * @param sequences B's key generators moved before B became authoritative (empty otherwise)
 */
public record PhaseChange(PhaseSnapshot before, PhaseSnapshot after, String table, String actor, String source,
                          List<SequenceAlignment.Result> sequences) {

    /** Whether the side answering the application changed. */
    public boolean authoritativeSideChanged() {
        return before.bAuthoritative() != after.bAuthoritative();
    }
}
