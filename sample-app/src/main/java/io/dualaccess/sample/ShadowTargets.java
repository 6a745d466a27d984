package io.dualaccess.sample;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.http.HttpServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What HTTP shadowing replays to ({@code sample.http-shadow=true}): the candidate, the rewritten
 * order summary ({@link OrderSummaryV2}), and a primary twin, a second instance of the current
 * order endpoints, each on its own port and reading A through a small pool of their own (not
 * through dualaccess: they stand for other services).
 */
final class ShadowTargets implements AutoCloseable {

    private final HikariDataSource pool;
    private final Server candidate;
    private final Server twin;

    private ShadowTargets(HikariDataSource pool, Server candidate, Server twin) {
        this.pool = pool;
        this.candidate = candidate;
        this.twin = twin;
    }

    static ShadowTargets start(SampleConfig config, Clock clock) throws Exception {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("shadow-targets");
        hc.setMaximumPoolSize(4);
        hc.setJdbcUrl(config.aUrl());
        hc.setUsername(config.aUser());
        hc.setPassword(config.aPassword());
        HikariDataSource pool = new HikariDataSource(hc);
        Server candidate = null;
        try {
            candidate = serve(config.host(), config.candidatePort(), new OrderSummaryV2(pool, clock));
            Server twin = serve(config.host(), 0, new ShopServlet.Orders(new Shop(pool, clock)));
            return new ShadowTargets(pool, candidate, twin);
        } catch (Exception | Error e) {
            if (candidate != null) {
                candidate.stop();
            }
            pool.close();
            throw e;
        }
    }

    private static Server serve(String host, int port, HttpServlet orders) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder("orders", orders), "/orders/*");
        server.setHandler(context);
        server.start();
        return server;
    }

    private static String base(Server s, String host) {
        String h = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return "http://" + h + ":" + ((ServerConnector) s.getConnectors()[0]).getLocalPort();
    }

    /** The {@code dualaccess.http.*} settings that shadow the order summary to these targets. */
    Map<String, String> settings(String host) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("dualaccess.http.candidate", base(candidate, host));
        out.put("dualaccess.http.primary-twin", base(twin, host));
        out.put("dualaccess.http.routes", "/orders/{id}/summary");
        return out;
    }

    @Override
    public void close() throws Exception {
        try {
            candidate.stop();
            twin.stop();
        } finally {
            pool.close();
        }
    }
}
