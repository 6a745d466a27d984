package io.dualaccess.jdbc;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The delegate of a closed {@link DualConnection} (HikariCP's {@code ClosedConnection}): every call
 * answers "closed", {@code isClosed()} answers true, {@code close()} and {@code abort} do nothing. So a
 * closed connection needs no {@code if (closed)} in each method, and nothing can reach, or reopen, a
 * vendor connection through it. A dynamic proxy: only closed connections ever call it.
 */
final class ClosedConnection {

    static final Connection INSTANCE = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
            case "isClosed" -> Boolean.TRUE;
            case "isValid" -> Boolean.FALSE;
            case "close", "abort" -> null;
            case "toString" -> "ClosedConnection";
            case "hashCode" -> 0;
            case "equals" -> args != null && proxy == args[0];
            default -> throw closed();
        });

    private ClosedConnection() {
    }

    /** The exception every use of a closed connection gets. */
    static SQLException closed() {
        return new SQLException("dualaccess: the connection is closed", "08003");
    }
}
