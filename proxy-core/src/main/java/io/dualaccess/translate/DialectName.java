package io.dualaccess.translate;

import org.jooq.SQLDialect;

import java.util.Locale;

/**
 * The SQL dialects dualaccess translates between, as named by {@code dualaccess.a.dialect} and
 * {@code dualaccess.b.dialect}. {@code auto} is resolved from the side's JDBC URL.
 */
public enum DialectName {
    /** PostgreSQL. */
    POSTGRES(SQLDialect.POSTGRES),
    /** MariaDB. */
    MARIADB(SQLDialect.MARIADB),
    /** MySQL. */
    MYSQL(SQLDialect.MYSQL),
    /** H2. */
    H2(SQLDialect.H2);

    /** The configuration value that asks for the dialect to be read from the URL. */
    public static final String AUTO = "auto";

    private final SQLDialect jooq;

    DialectName(SQLDialect jooq) {
        this.jooq = jooq;
    }

    /** jOOQ's dialect of the same name. */
    SQLDialect jooq() {
        return jooq;
    }

    /** The spelling in configuration. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the engine has array parameters ({@code = any (?)}). */
    boolean arrays() {
        return this == POSTGRES || this == H2;
    }

    /** Whether the engine speaks MySQL's SQL (MariaDB, MySQL): backslash escapes, booleans as numbers. */
    boolean mysqlLike() {
        return this == MARIADB || this == MYSQL;
    }

    /**
     * The dialect a configuration value names; {@code auto} (or null) reads it from the URL.
     *
     * @return the dialect, or null when {@code auto} and the URL names no known engine
     */
    public static DialectName resolve(String configured, String url) {
        if (configured != null && !AUTO.equals(configured)) {
            return valueOf(configured.toUpperCase(Locale.ROOT));
        }
        return fromUrl(url);
    }

    /** The dialect of a JDBC URL ({@code jdbc:postgresql:}, {@code jdbc:mariadb:}, {@code jdbc:mysql:}, {@code jdbc:h2:}), or null. */
    public static DialectName fromUrl(String url) {
        if (url == null) {
            return null;
        }
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:dualaccess:")) {
            u = "jdbc:" + u.substring("jdbc:dualaccess:".length());
        }
        if (u.startsWith("jdbc:postgresql:") || u.startsWith("jdbc:pgsql:")) {
            return POSTGRES;
        }
        if (u.startsWith("jdbc:mariadb:")) {
            return MARIADB;
        }
        if (u.startsWith("jdbc:mysql:")) {
            return MYSQL;
        }
        if (u.startsWith("jdbc:h2:")) {
            return H2;
        }
        return null;
    }
}
