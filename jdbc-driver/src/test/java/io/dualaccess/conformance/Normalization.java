package io.dualaccess.conformance;

import java.util.regex.Pattern;

/**
 * The only rewriting applied to a transcript, for text that legitimately differs between two
 * connections to the same database however faithful the proxy is. Each rule says why. Nothing
 * the conformance requirement asks to compare (values, classes, SQLStates, vendor codes, the rest
 * of a message) is touched.
 */
final class Normalization {

    /**
     * MariaDB Connector/J prefixes server messages with {@code (conn=123)}, the server thread id of
     * the connection: the direct and the proxied run necessarily use two different connections.
     */
    private static final Pattern MARIADB_CONNECTION_ID = Pattern.compile("\\(conn=\\d+\\)");

    /**
     * {@code Object.toString()} ends in the identity hash code ({@code Foo@1b2c3d}), which differs
     * for any two objects. Only reached for values the transcript does not know how to render, such as
     * MariaDB's {@code ResultSetMetaData}.
     */
    private static final Pattern IDENTITY_HASH = Pattern.compile("(?<=[\\w$])@[0-9a-f]{1,8}\\b");

    private Normalization() {
    }

    /** Applies every rule to a message or a {@code toString()}. */
    static String text(String s) {
        if (s == null) {
            return null;
        }
        String out = MARIADB_CONNECTION_ID.matcher(s).replaceAll("(conn=#)");
        return IDENTITY_HASH.matcher(out).replaceAll("@#");
    }
}
