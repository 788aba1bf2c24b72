package io.dlspark.engine.wire;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A server socket whose connections are handshaken on a fixed pool of {@code bound} threads, each within a deadline:
 * a connection arriving while all threads are busy is closed at once, and one that has not completed its handshake
 * by the deadline is closed, so idle or unauthenticated peers cannot hold threads for long.
 *
 * @param <T> what a completed handshake yields
 */
public final class BoundedAcceptor<T> implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedAcceptor.class);
    private final ServerSocket server;
    private final Handshake<T> handshake;
    private final Consumer<T> admitted;
    private final Outcomes outcomes;
    private final long timeoutMillis;
    private final Semaphore permits;
    private final ExecutorService acceptor;
    private final ExecutorService handshakes;
    private final ScheduledExecutorService watchdog;

    /**
     * Listens on {@code address} (port 0: any free port) and hands each connection that completes {@code handshake}
     * within {@code timeoutMillis} to {@code admitted}; at most {@code bound} handshakes run at once.
     */
    public BoundedAcceptor(String name, InetSocketAddress address, int bound, long timeoutMillis, Handshake<T> handshake,
                           Consumer<T> admitted, Outcomes outcomes) throws IOException {
        if (bound < 1 || timeoutMillis < 1) {
            throw new IllegalArgumentException("bound and timeout must be positive: " + bound + ", " + timeoutMillis);
        }
        this.handshake = handshake;
        this.admitted = admitted;
        this.outcomes = outcomes;
        this.timeoutMillis = timeoutMillis;
        this.permits = new Semaphore(bound);
        this.server = new ServerSocket();
        server.bind(address);
        this.acceptor = Executors.newSingleThreadExecutor(threads(name + "-accept"));
        this.handshakes = Executors.newFixedThreadPool(bound, threads(name + "-handshake"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(threads(name + "-deadline"));
        acceptor.submit(this::acceptLoop);
    }

    /** The most threads this acceptor ever runs: its handshake pool, the accepting thread and the deadline thread. */
    public static int threadBound(int bound) {
        return bound + 2;
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("exchange: accept failed: {}", e.toString());
                }
                continue;
            }
            if (!permits.tryAcquire()) {
                SocketAddress remote = socket.getRemoteSocketAddress();
                closeQuietly(socket);
                outcomes.refused(remote);
                continue;
            }
            try {
                handshakes.submit(() -> run(socket));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                permits.release();
                closeQuietly(socket);
            }
        }
    }

    /** Runs one handshake under its deadline; the watchdog and the handshake race for the connection. */
    private void run(Socket socket) {
        SocketAddress remote = socket.getRemoteSocketAddress();
        AtomicBoolean settled = new AtomicBoolean();
        ScheduledFuture<?> deadline = watchdog.schedule(() -> {
            if (settled.compareAndSet(false, true)) {
                closeQuietly(socket);
                outcomes.failed(remote, "no handshake within " + timeoutMillis + " ms");
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis));
            T result = handshake.complete(socket);
            if (settled.compareAndSet(false, true)) {
                deadline.cancel(false);
                socket.setSoTimeout(0);
                admitted.accept(result);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            if (settled.compareAndSet(false, true)) {
                deadline.cancel(false);
                outcomes.failed(remote, e.toString());
            }
        } finally {
            permits.release();
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        acceptor.shutdownNow();
        handshakes.shutdownNow();
        watchdog.shutdownNow();
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            LOG.debug("close failed", e);
        }
    }

    /** Completes the handshake of one connection, or throws; it may block, the deadline closes the socket. */
    @FunctionalInterface
    public interface Handshake<T> {
        T complete(Socket socket) throws IOException;
    }

    /** What became of the connections that were not admitted. */
    public interface Outcomes {
        /** Closed on arrival: every handshake thread was busy. */
        void refused(SocketAddress remote);

        /** Closed during the handshake: it failed or missed its deadline. */
        void failed(SocketAddress remote, String reason);

        /** Outcomes logged as warnings. */
        static Outcomes logged() {
            return new Outcomes() {
                @Override
                public void refused(SocketAddress remote) {
                    LOG.warn("exchange: refused a connection from {}: too many handshakes at once", remote);
                }

                @Override
                public void failed(SocketAddress remote, String reason) {
                    LOG.warn("exchange: closed a connection from {}: {}", remote, reason);
                }
            };
        }
    }
}
