package io.dualaccess.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on loopback in front of database B, so the load run can make B sick without
 * touching the server others use: {@link #stop()} resets every relayed connection and refuses new
 * ones (B stopped); {@link #delay(Duration)} holds every burst B sends back for that long before
 * passing it on (B slowed: each round trip to B takes that much longer, however small the query).
 * Requests to B are passed on at once; a delay line keeps the order of the bytes whatever the delay.
 */
final class TcpRelay implements AutoCloseable {

    private static final byte[] END = new byte[0];

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile long delayNanos;
    private volatile boolean stopped;

    /** Starts relaying connections made to {@link #port()} to {@code host:port}. */
    TcpRelay(String host, int port) throws IOException {
        this.target = new InetSocketAddress(host, port);
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        daemon("load-relay-accept", this::acceptLoop).start();
    }

    /** The local port to connect to instead of B's. */
    int port() {
        return server.getLocalPort();
    }

    /** From now on every burst from B reaches the client this much later. */
    void delay(Duration delay) {
        delayNanos = delay.toNanos();
    }

    /** B "stops": every relayed connection is closed and new connections are refused. */
    void stop() {
        stopped = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing is all we want
        }
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void acceptLoop() {
        while (!stopped) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed by stop()
            }
            Socket upstream = new Socket();
            try {
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                upstream.connect(target, 5_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            sockets.add(client);
            sockets.add(upstream);
            if (stopped) {
                closeQuietly(client);
                closeQuietly(upstream);
                return;
            }
            daemon("load-relay-up", () -> pump(client, upstream)).start();
            BlockingQueue<Chunk> line = new LinkedBlockingQueue<>();
            daemon("load-relay-down-read", () -> readInto(upstream, client, line)).start();
            daemon("load-relay-down-write", () -> writeFrom(line, client, upstream)).start();
        }
    }

    /** Client to B, undelayed. */
    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side went away
        } finally {
            closeBoth(from, to);
        }
    }

    /** B to the client, first half of the delay line: stamp each burst with when it may go on. */
    private void readInto(Socket from, Socket to, BlockingQueue<Chunk> line) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                line.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buf, n)));
            }
        } catch (IOException e) {
            // either side went away
        } finally {
            line.add(new Chunk(0, END));
        }
    }

    private void writeFrom(BlockingQueue<Chunk> line, Socket to, Socket from) {
        try (OutputStream out = to.getOutputStream()) {
            while (true) {
                Chunk c = line.poll(1, TimeUnit.SECONDS);
                if (c == null) {
                    if (stopped || to.isClosed()) {
                        return;
                    }
                    continue;
                }
                if (c.bytes == END) {
                    return;
                }
                long wait;
                while ((wait = c.due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                out.write(c.bytes);
                out.flush();
            }
        } catch (IOException e) {
            // either side went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeBoth(from, to);
        }
    }

    private void closeBoth(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
        sockets.remove(a);
        sockets.remove(b);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is all we want
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private record Chunk(long due, byte[] bytes) {
    }
}
