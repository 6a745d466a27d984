package io.dualaccess.sql;

import java.util.List;

/**
 * What the text of a read says about its result's rows, for the comparison: the ORDER BY keys
 * (rows tied on them may come in any order) and the GROUP BY keys (an aggregate's row is named by
 * them). A key is a column reference, lower case, without its table qualifier ({@code o.Id} is
 * {@code id}), or {@code #n} for an ordinal ({@code ORDER BY 2} is {@code #2}); the comparison
 * resolves it against the result's column labels.
 *
 * @param orderKeys the ORDER BY keys, in order; empty without ORDER BY or when one is not a column
 *                  reference (see {@code orderUnresolved})
 * @param orderUnresolved the first ORDER BY item that is neither a column nor an ordinal (an
 *                        expression such as {@code lower(name)}), as written; null when every item is
 * @param groupKeys the GROUP BY keys; empty without GROUP BY or when one is an expression
 */
public record ResultShape(List<String> orderKeys, String orderUnresolved, List<String> groupKeys) {

    /** Nothing known: no ORDER BY keys, no GROUP BY keys. */
    public static final ResultShape NONE = new ResultShape(List.of(), null, List.of());

    public ResultShape {
        orderKeys = List.copyOf(orderKeys);
        groupKeys = List.copyOf(groupKeys);
    }
}
