package io.dualaccess.mirror;

import javax.net.SocketFactory;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A socket factory for PostgreSQL's driver (its documented {@code socketFactory} connection
 * property) that counts the round trips the driver starts: the driver buffers what it sends and
 * flushes the socket once per message group it waits an answer for, so each flush is one round trip.
 */
public final class RoundTrips extends SocketFactory {

    /** Flushes of every socket made by this factory so far. */
    public static final AtomicLong FLUSHES = new AtomicLong();

    /** The URL parameter that makes PostgreSQL's driver use this factory. */
    public static final String URL_PARAMETER = "socketFactory=" + RoundTrips.class.getName();

    private static final ConcurrentHashMap<String, AtomicLong> TAGGED = new ConcurrentHashMap<>();

    /** Flushes counted for {@code tag} ({@link #urlParameter(String)}) so far. */
    private final AtomicLong tagged;

    public RoundTrips() {
        this(null);
    }

    /**
     * Made by the driver with the URL's {@code socketFactoryArg}: the flushes of these sockets are
     * also counted under that tag, apart from other connections' (a test's count then ignores what
     * an earlier test's connections still send while they close).
     */
    public RoundTrips(String tag) {
        tagged = tag == null ? null : TAGGED.computeIfAbsent(tag, k -> new AtomicLong());
    }

    /** The URL parameters that make PostgreSQL's driver use this factory, counting under {@code tag} too. */
    public static String urlParameter(String tag) {
        return URL_PARAMETER + "&socketFactoryArg=" + tag;
    }

    /** Flushes of the sockets made for {@code tag} so far. */
    public static long flushes(String tag) {
        AtomicLong n = TAGGED.get(tag);
        return n == null ? 0 : n.get();
    }

    @Override
    public Socket createSocket() {
        return new Socket() {
            @Override
            public OutputStream getOutputStream() throws IOException {
                return new FilterOutputStream(super.getOutputStream()) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void flush() throws IOException {
                        FLUSHES.incrementAndGet();
                        if (tagged != null) {
                            tagged.incrementAndGet();
                        }
                        super.flush();
                    }
                };
            }
        };
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        throw new UnsupportedOperationException("unconnected sockets only");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        throw new UnsupportedOperationException("unconnected sockets only");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        throw new UnsupportedOperationException("unconnected sockets only");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        throw new UnsupportedOperationException("unconnected sockets only");
    }
}
