package io.dualaccess.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * B's SQL with its bind markers, each naming the parameter of A's statement it takes: the
 * parameter plan of a translation. A list marker (from {@code = any (?)}) becomes one marker per
 * element of the array bound at execute time, so B's text depends on the array's length.
 */
public final class SqlTemplate {

    private final String[] texts;
    private final int[] sources;
    private final boolean[] lists;
    private final boolean hasLists;
    /** B's SQL when it has no list marker (then it is one text for every execution). */
    private final String fixed;
    private final boolean sameParameters;

    SqlTemplate(List<String> texts, List<Integer> sources, List<Boolean> lists) {
        this.texts = texts.toArray(new String[0]);
        this.sources = sources.stream().mapToInt(Integer::intValue).toArray();
        this.lists = new boolean[this.sources.length];
        boolean any = false;
        boolean same = true;
        for (int i = 0; i < this.sources.length; i++) {
            this.lists[i] = lists.get(i);
            any |= this.lists[i];
            same &= this.sources[i] == i + 1;
        }
        this.hasLists = any;
        this.sameParameters = same && !any;
        this.fixed = any ? null : render(i -> 1);
    }

    /** A template of B's SQL written by hand: its markers take A's parameters in order. */
    static SqlTemplate inOrder(String sql, boolean backslashEscapes) {
        return BindMarkers.template(BindMarkers.name(sql, backslashEscapes).sql(), backslashEscapes);
    }

    /** Whether B takes exactly A's parameters, in A's order (then they are passed on as they are). */
    public boolean sameParameters() {
        return sameParameters;
    }

    /** Whether a marker takes the elements of an array parameter. */
    public boolean hasLists() {
        return hasLists;
    }

    /** B's SQL when it has no list marker, else null. */
    public String sql() {
        return fixed;
    }

    /** Number of B's markers before list expansion. */
    public int markers() {
        return sources.length;
    }

    /** A's parameter (1-based) that B's marker {@code i} (0-based, before list expansion) takes. */
    public int source(int i) {
        return sources[i];
    }

    /** Whether B's marker {@code i} takes the elements of an array. */
    public boolean list(int i) {
        return lists[i];
    }

    /**
     * B's SQL for one execution.
     *
     * @param listLength for marker {@code i}'s array, its length (only asked for list markers)
     */
    public String render(IntUnaryOperator listLength) {
        if (fixed != null) {
            return fixed;
        }
        StringBuilder b = new StringBuilder(texts[0].length() * 2);
        b.append(texts[0]);
        for (int i = 0; i < sources.length; i++) {
            if (lists[i]) {
                int n = listLength.applyAsInt(i);
                if (n == 0) {
                    // x = any (empty array) is false; x in (null) is never true either.
                    b.append("null");
                } else {
                    for (int k = 0; k < n; k++) {
                        b.append(k == 0 ? "?" : ", ?");
                    }
                }
            } else {
                b.append('?');
            }
            b.append(texts[i + 1]);
        }
        return b.toString();
    }

    /** The marker layout, for tests and messages: A's parameter per marker, {@code [n]} for a list. */
    @Override
    public String toString() {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < sources.length; i++) {
            s.add(lists[i] ? "[" + sources[i] + "]" : Integer.toString(sources[i]));
        }
        return render(i -> 1) + " " + s;
    }
}
