package io.dualaccess.mirror;

import javax.net.SocketFactory;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
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

    public RoundTrips() {
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
