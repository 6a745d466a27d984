package io.dualaccess.sample;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dualaccess.sidecar.DualAccessFilter;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The sample shop: tables and seed on A and B, a HikariCP pool whose URL is
 * {@code jdbc:dualaccess:<A's URL>}, and the JSON API on embedded Jetty.
 *
 * <p>The only dualaccess-specific lines are the URL prefix and the {@code dualaccess.b.*}
 * connection properties (the sample owns B, so it tells the driver where B is); the phase and
 * everything else come from {@code dualaccess.properties}, system properties or the environment,
 * as for any application.
 */
public final class SampleApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SampleApp.class);

    private final SampleConfig config;
    private final HikariDataSource pool;
    private final Server server;
    private final URI uri;
    private final ShadowTargets targets;

    private SampleApp(SampleConfig config, HikariDataSource pool, Server server, URI uri, ShadowTargets targets) {
        this.config = config;
        this.pool = pool;
        this.server = server;
        this.uri = uri;
        this.targets = targets;
    }

    /** Prepares both databases, opens the pool and starts serving. */
    public static SampleApp start(SampleConfig config, Clock clock) throws Exception {
        Instant seedTime = clock.instant();
        ShopSchema.prepareA(config, seedTime);
        if (config.proxy()) {
            ShopSchema.prepareB(config, seedTime);
        }
        ShadowTargets targets = config.proxy() && config.httpShadow() ? ShadowTargets.start(config, clock) : null;
        HikariConfig hc = poolConfig(config);
        if (targets != null) {
            // Before the caller's own dualaccess.* settings, which may override them.
            for (Map.Entry<String, String> e : targets.settings(config.host()).entrySet()) {
                if (!config.dualaccess().containsKey(e.getKey())) {
                    hc.addDataSourceProperty(e.getKey(), e.getValue());
                }
            }
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException | Error e) {
            if (targets != null) {
                targets.close();
            }
            throw e;
        }
        Server server = null;
        try {
            Shop shop = new Shop(pool, clock);
            QueuedThreadPool threads = new QueuedThreadPool(64, 4);
            threads.setName("shop-http");
            server = new Server(threads);
            ServerConnector connector = new ServerConnector(server);
            connector.setHost(config.host());
            connector.setPort(config.port());
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/");
            context.addServlet(new ServletHolder("products", new ShopServlet.Products(shop)), "/products/*");
            context.addServlet(new ServletHolder("customers", new ShopServlet.Customers(shop)), "/customers/*");
            context.addServlet(new ServletHolder("orders", new ShopServlet.Orders(shop)), "/orders/*");
            context.addServlet(new ServletHolder("reports", new ShopServlet.Reports(shop)), "/reports/*");
            context.addServlet(new ServletHolder("home", new HomeServlet(shop)), "/");
            if (config.proxy()) {
                // Names the request behind each comparison event (request.id/method/path); /health
                // is polled by load balancers and not worth comparing.
                context.addFilter(new FilterHolder(new DualAccessFilter(config.requestHeader(), List.of("/health"))),
                    "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
            }
            server.setHandler(context);
            server.start();
            String host = config.host().equals("0.0.0.0") ? "localhost" : config.host();
            URI uri = URI.create("http://" + host + ":" + connector.getLocalPort() + "/");
            LOG.info("sample shop listening on {} (database A {}{})", uri, ShopSchema.safeUrl(pool.getJdbcUrl()),
                config.proxy() ? ", B " + ShopSchema.safeUrl(config.bUrl()) : ", no proxy");
            return new SampleApp(config, pool, server, uri, targets);
        } catch (Exception | Error e) {
            if (server != null) {
                server.stop();
            }
            pool.close();
            if (targets != null) {
                targets.close();
            }
            throw e;
        }
    }

    /** The pool: A's URL behind {@code jdbc:dualaccess:} (or A directly with {@code sample.proxy=false}). */
    static HikariConfig poolConfig(SampleConfig config) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("shop");
        hc.setMaximumPoolSize(config.poolSize());
        hc.setUsername(config.aUser());
        hc.setPassword(config.aPassword());
        String aUrl = config.aUrl();
        if (config.proxy()) {
            // The one change an application makes: jdbc:h2:… becomes jdbc:dualaccess:h2:…
            hc.setJdbcUrl("jdbc:dualaccess:" + aUrl.substring("jdbc:".length()));
            hc.addDataSourceProperty("dualaccess.b.url", config.bUrl());
            putIfSet(hc, "dualaccess.b.user", config.bUser());
            putIfSet(hc, "dualaccess.b.password", config.bPassword());
            for (Map.Entry<String, String> e : config.dualaccess().entrySet()) {
                hc.addDataSourceProperty(e.getKey(), e.getValue());
            }
        } else {
            hc.setJdbcUrl(aUrl);
        }
        return hc;
    }

    private static void putIfSet(HikariConfig hc, String key, String value) {
        if (value != null && !value.isEmpty()) {
            hc.addDataSourceProperty(key, value);
        }
    }

    /** Where the shop answers, ending in {@code /}. */
    public URI uri() {
        return uri;
    }

    /** The application's pool. */
    public DataSource dataSource() {
        return pool;
    }

    /** The settings the app runs with. */
    public SampleConfig config() {
        return config;
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops serving and closes the pool. */
    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            pool.close();
            if (targets != null) {
                targets.close();
            }
        }
    }
}
