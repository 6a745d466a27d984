package io.dualaccess.testing;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A JDBC driver around a real one (H2 in the tests) that fails chosen calls on purpose, so failure
 * paths get fast tests without mocks. URLs name a fault set: {@code jdbc:faulty:<name>:h2:mem:x}
 * opens {@code jdbc:h2:mem:x} through the driver and fails what {@link #faults(String) faults(name)}
 * says. Connections and statements are wrapped (a dynamic proxy: test code only); everything else
 * is the real driver's.
 */
public final class FaultyDriver implements Driver {

    private static final String PREFIX = "jdbc:faulty:";
    private static final Map<String, Faults> FAULTS = new ConcurrentHashMap<>();
    private static final AtomicInteger NAMES = new AtomicInteger();

    static {
        try {
            DriverManager.registerDriver(new FaultyDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A fresh fault set over a fresh in-memory H2 database; its URL is {@link Faults#url()}. */
    public static Faults h2(String label) {
        // Its own prefix: TestDb names its in-memory databases a1, b2, …, and one JVM runs both kinds of tests.
        String name = "faulty_" + label + NAMES.incrementAndGet();
        Faults f = new Faults(name, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        FAULTS.put(name, f);
        return f;
    }

    /**
     * Two fresh fault sets, A and B, each with the same tables and rows ({@code setup} run on both):
     * what a test of one application connection over two databases starts from.
     */
    public static Pair pair(String... setup) throws SQLException {
        Pair p = new Pair(h2("a"), h2("b"));
        p.a().db().run(setup);
        p.b().db().run(setup);
        return p;
    }

    /** Fault sets for A and B ({@link #pair}). */
    public record Pair(Faults a, Faults b) {
        /** Fails nothing any more, on either side. */
        public void clear() {
            a.clear();
            b.clear();
        }
    }

    /** The fault set of a name. */
    public static Faults faults(String name) {
        return FAULTS.get(name);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        String rest = url.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        Faults f = FAULTS.get(rest.substring(0, colon));
        if (f == null) {
            throw new SQLException("no fault set named in " + url);
        }
        return f.connect(info);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    /**
     * What to fail on one database, and what happened there: physical connections opened and still
     * open, and every call made through the wrappers ({@code Connection.commit}, {@code Statement.close}).
     */
    public static final class Faults {
        private final String name;
        private final String realUrl;
        private final Map<String, Rule> rules = new ConcurrentHashMap<>();
        private final AtomicInteger opened = new AtomicInteger();
        private final AtomicInteger open = new AtomicInteger();
        private final AtomicInteger waiting = new AtomicInteger();
        private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        private volatile CountDownLatch connectGate;
        private volatile boolean invalid;
        private volatile boolean singlePassLobs;

        private Faults(String name, String realUrl) {
            this.name = name;
            this.realUrl = realUrl;
        }

        /** The URL that opens the database through the fault set. */
        public String url() {
            return PREFIX + name + ":" + realUrl.substring("jdbc:".length());
        }

        /** The database's own URL, for reading and setting up around the faults. */
        public String realUrl() {
            return realUrl;
        }

        /** A DataSource over {@link #url()}, as an application's would be. */
        public DataSource dataSource() {
            return new OpeningDataSource((user, password) -> DriverManager.getConnection(url()));
        }

        /** A plain connection to the real database (no faults, not counted). */
        public Connection direct() throws SQLException {
            return DriverManager.getConnection(realUrl, "sa", "");
        }

        /** The real database as a {@link TestDb} (setting up and reading around the faults: {@code run}, {@code rows}). */
        public TestDb db() {
            return new TestDb(Engine.H2, realUrl, "sa", "");
        }

        /**
         * A data source for the application over this database as A, with {@code b} as B, in a
         * phase, its comparison log and journal in {@code dir} (close it after the test).
         */
        public DualAccessDataSource dualAccess(Faults b, Phase phase, Path dir) throws SQLException {
            return dualAccess(b, phase, dir, new String[0]);
        }

        /** As {@link #dualAccess(Faults, Phase, Path)}, with more settings as key, value pairs. */
        public DualAccessDataSource dualAccess(Faults b, Phase phase, Path dir, String... settings) throws SQLException {
            DualAccessDataSource.Builder builder = DualAccessDataSource.builder(dataSource())
                .b(b.url(), "sa", "")
                .phase(phase)
                .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
                .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString());
            for (int i = 0; i + 1 < settings.length; i += 2) {
                builder.set(settings[i], settings[i + 1]);
            }
            return builder.build();
        }

        /**
         * Fails every call of {@code method} ({@code "commit"}, or qualified: {@code "Connection.close"};
         * {@code "connect"} fails opening a connection) from now on, with an SQLException naming it.
         */
        public Faults fail(String method) {
            rules.put(method, new Rule(0, Integer.MAX_VALUE));
            return this;
        }

        /** Fails the calls of {@code method} after letting {@code skip} through, {@code times} times. */
        public Faults fail(String method, int skip, int times) {
            rules.put(method, new Rule(skip, times));
            return this;
        }

        /** Fails every call of {@code method} with an SQLException of this SQLState (57014: a query timeout). */
        public Faults fail(String method, String sqlState) {
            rules.put(method, new Rule(0, Integer.MAX_VALUE, new AtomicInteger(), sqlState));
            return this;
        }

        /** Makes the next connects block until {@link #release()} (an unreachable server that never answers). */
        public Faults hangConnects() {
            connectGate = new CountDownLatch(1);
            return this;
        }

        /** Lets blocked connects go on. */
        public void release() {
            CountDownLatch g = connectGate;
            connectGate = null;
            if (g != null) {
                g.countDown();
            }
        }

        /** Makes {@code Connection.isValid} answer false (a server that accepts but does not answer). */
        public Faults invalid() {
            invalid = true;
            return this;
        }

        /**
         * Makes result sets hand out each LOB column (BLOB, CLOB) once per row, as streaming drivers
         * do (MySQL streaming, SQL Server adaptive buffering): a second read of it throws.
         */
        public Faults singlePassLobs() {
            singlePassLobs = true;
            return this;
        }

        /** Stops failing anything. */
        public void clear() {
            invalid = false;
            rules.clear();
            release();
        }

        /** Physical connections opened so far. */
        public int opened() {
            return opened.get();
        }

        /** Physical connections open now (opened and not closed). */
        public int open() {
            return open.get();
        }

        /** The calls made so far, {@code Interface.method}, in order. */
        public List<String> calls() {
            synchronized (calls) {
                return List.copyOf(calls);
            }
        }

        /** Forgets the recorded calls. */
        public void forgetCalls() {
            calls.clear();
        }

        private void check(String type, String method) throws SQLException {
            Rule r = rules.get(type + "." + method);
            if (r == null) {
                r = rules.get(method);
            }
            if (r != null && r.fires()) {
                throw new SQLException("injected failure: " + type + "." + method + " on " + name, r.sqlState());
            }
        }

        /** Connects waiting behind {@link #hangConnects()} now. */
        public int waiting() {
            return waiting.get();
        }

        Connection connect(Properties info) throws SQLException {
            CountDownLatch g = connectGate;
            if (g != null) {
                waiting.incrementAndGet();
                try {
                    g.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while connecting", "08001", e);
                } finally {
                    waiting.decrementAndGet();
                }
            }
            check("Driver", "connect");
            Properties p = new Properties();
            p.setProperty("user", "sa");
            p.setProperty("password", "");
            Connection real = DriverManager.getConnection(realUrl, p);
            opened.incrementAndGet();
            open.incrementAndGet();
            return wrap(Connection.class, real, new boolean[1]);
        }

        private java.sql.ResultSet singlePass(java.sql.ResultSet real) throws SQLException {
            java.sql.ResultSetMetaData md = real.getMetaData();
            java.util.Set<Integer> lobs = new java.util.HashSet<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                int t = md.getColumnType(i);
                if (t == java.sql.Types.CLOB || t == java.sql.Types.BLOB || t == java.sql.Types.NCLOB) {
                    lobs.add(i);
                }
            }
            java.util.Set<Integer> readThisRow = new java.util.HashSet<>();
            InvocationHandler h = (proxy, m, args) -> {
                String name = m.getName();
                if (name.equals("next") || name.equals("previous") || name.equals("absolute") || name.equals("first")) {
                    readThisRow.clear();
                } else if (name.startsWith("get") && args != null && args.length >= 1
                    && (args[0] instanceof Integer || args[0] instanceof String) && !name.equals("getStatement")) {
                    int column = args[0] instanceof Integer i ? i : real.findColumn((String) args[0]);
                    if (lobs.contains(column) && !readThisRow.add(column)) {
                        throw new SQLException("single-pass result: column " + column + " was already read in this row", "HY010");
                    }
                }
                try {
                    return m.invoke(real, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            };
            return (java.sql.ResultSet) Proxy.newProxyInstance(FaultyDriver.class.getClassLoader(),
                new Class<?>[] {java.sql.ResultSet.class}, h);
        }

        @SuppressWarnings("unchecked")
        private <T> T wrap(Class<T> iface, Object real, boolean[] closedFlag) {
            String type = iface.getSimpleName();
            InvocationHandler h = (proxy, m, args) -> invoke(proxy, type, iface, real, closedFlag, m, args);
            return (T) Proxy.newProxyInstance(FaultyDriver.class.getClassLoader(), new Class<?>[] {iface}, h);
        }

        private Object invoke(Object proxy, String type, Class<?> iface, Object real, boolean[] closedFlag, Method m, Object[] args)
                throws Throwable {
            String method = m.getName();
            if (method.equals("equals") && args != null && args.length == 1) {
                return proxy == args[0];
            }
            if (method.equals("hashCode") && args == null) {
                return System.identityHashCode(real);
            }
            if (method.equals("toString") && args == null) {
                return "Faulty" + type + "[" + real + "]";
            }
            calls.add(type + "." + method);
            check(type, method);
            if (invalid && method.equals("isValid")) {
                return false;
            }
            Object result;
            try {
                result = m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (iface == Connection.class && (method.equals("close") || method.equals("abort")) && !closedFlag[0]) {
                closedFlag[0] = true;
                open.decrementAndGet();
            }
            if (result instanceof java.sql.ResultSet rs && singlePassLobs && !method.equals("unwrap")) {
                return singlePass(rs);
            }
            if (result instanceof CallableStatement cs) {
                return wrap(CallableStatement.class, cs, new boolean[1]);
            }
            if (result instanceof PreparedStatement ps) {
                return wrap(PreparedStatement.class, ps, new boolean[1]);
            }
            if (result instanceof Statement st && !(method.equals("unwrap"))) {
                return wrap(Statement.class, st, new boolean[1]);
            }
            return result;
        }
    }

    private record Rule(int skip, int times, AtomicInteger seen, String sqlState) {
        Rule(int skip, int times) {
            this(skip, times, new AtomicInteger(), "08006");
        }

        boolean fires() {
            int n = seen.getAndIncrement();
            return n >= skip && n - skip < times;
        }
    }
}
