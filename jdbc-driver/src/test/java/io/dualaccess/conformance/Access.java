package io.dualaccess.conformance;

/** How the application reaches its connections in a conformance run. */
public enum Access {
    /** {@code DriverManager.getConnection(url, properties)}: the application holds the driver's objects. */
    DRIVER,
    /**
     * A HikariCP pool whose {@code jdbcUrl} is the URL: the application holds Hikari's proxies, which
     * wrap the driver's objects. The most common production set-up, and a second layer of wrapping that
     * must not disturb ours.
     */
    HIKARI
}
