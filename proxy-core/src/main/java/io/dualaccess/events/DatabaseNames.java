package io.dualaccess.events;

import java.util.Locale;

/**
 * What the comparison log names each side's database by, in OpenTelemetry's database semantic
 * conventions: {@code db.system.name} (the engine) and {@code db.namespace} (the database), read
 * from the side's JDBC URL.
 *
 * @param system {@code postgresql}, {@code mariadb}, {@code mysql}, {@code h2database} or
 *               {@code other_sql}; null when the URL is not known yet
 * @param namespace the database name in the URL, or null
 */
public record DatabaseNames(String system, String namespace) {

    /** A side whose URL is not known (yet). */
    public static final DatabaseNames UNKNOWN = new DatabaseNames(null, null);

    /** The names a JDBC URL gives; {@code jdbc:dualaccess:} and other wrappers' prefixes are looked through. */
    public static DatabaseNames of(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.regionMatches(true, 0, "jdbc:", 0, 5)) {
            return UNKNOWN;
        }
        String u = jdbcUrl.substring(5);
        String lower = u.toLowerCase(Locale.ROOT);
        for (String wrapper : new String[] {"dualaccess:", "otel:", "p6spy:", "tracing:"}) {
            if (lower.startsWith(wrapper)) {
                return of("jdbc:" + u.substring(wrapper.length()));
            }
        }
        String system;
        if (lower.startsWith("postgresql:")) {
            system = "postgresql";
        } else if (lower.startsWith("mariadb:")) {
            system = "mariadb";
        } else if (lower.startsWith("mysql:")) {
            system = "mysql";
        } else if (lower.startsWith("h2:")) {
            system = "h2database";
        } else {
            system = "other_sql";
        }
        return new DatabaseNames(system, namespace(u, system));
    }

    private static String namespace(String u, String system) {
        String rest = u.substring(u.indexOf(':') + 1);
        int end = rest.length();
        for (char stop : new char[] {'?', ';'}) {
            int i = rest.indexOf(stop);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        rest = rest.substring(0, end);
        if (system.equals("h2database")) {
            // jdbc:h2:mem:shop, jdbc:h2:file:/data/shop, jdbc:h2:tcp://host/~/shop
            int cut = Math.max(rest.lastIndexOf('/'), rest.lastIndexOf(':'));
            String name = rest.substring(cut + 1);
            return name.isEmpty() ? null : name;
        }
        if (!rest.startsWith("//")) {
            return null;
        }
        int slash = rest.indexOf('/', 2);
        if (slash < 0 || slash == rest.length() - 1) {
            return null;
        }
        return rest.substring(slash + 1);
    }
}
