package io.dlspark.engine;

import io.dlspark.engine.PeerHandshake.PeerLink;
import io.dlspark.engine.wire.BoundedAcceptor;
import io.dlspark.engine.wire.Messages;
import io.dlspark.engine.wire.Messages.Hello;
import io.dlspark.engine.wire.RunSecret;
import io.dlspark.engine.wire.SecureChannel;
import io.dlspark.engine.wire.WireException;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One all-reduce task's encrypted connections to every other task of its barrier stage: each task listens on a free
 * port, the tasks share their addresses through the barrier context, and each connects to the higher partitions.
 */
final class PeerMesh implements AutoCloseable {
    private final int self;
    private final SecureChannel[] peers;
    private final BoundedAcceptor<PeerLink> acceptor;
    private final ExecutorService readers;

    private PeerMesh(int self, SecureChannel[] peers, BoundedAcceptor<PeerLink> acceptor) {
        this.self = self;
        this.peers = peers;
        this.acceptor = acceptor;
        this.readers = Executors.newFixedThreadPool(Math.max(1, peers.length - 1), task -> {
            Thread thread = new Thread(task, "dlspark-allreduce-read");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Connects task {@code hello} to the {@code workers - 1} others, admitting frames of up to {@code inbound} bytes;
     * a peer silent for {@code timeoutMillis} fails the exchange.
     */
    static PeerMesh open(BarrierTaskContext task, Hello hello, int workers, RunSecret secret, long inbound,
                         long timeoutMillis) throws IOException {
        String host = SparkEnv.get().blockManager().blockManagerId().host();
        BlockingQueue<PeerLink> arrivals = new LinkedBlockingQueue<>();
        BoundedAcceptor<PeerLink> acceptor = new BoundedAcceptor<>("dlspark-allreduce-peer",
            new InetSocketAddress(host, 0), workers + 1, LiveRounds.HANDSHAKE_MILLIS, new PeerHandshake(secret, hello),
            arrivals::add, BoundedAcceptor.Outcomes.logged());
        SecureChannel[] peers = new SecureChannel[workers];
        PeerMesh mesh = new PeerMesh(hello.worker(), peers, acceptor);
        try {
            String[] addresses = task.allGather(host + ":" + acceptor.port());
            for (int peer = hello.worker() + 1; peer < workers; peer++) {
                Socket socket = connect(addresses[peer], timeoutMillis);
                peers[peer] = SecureChannel.initiate(socket, secret, inbound);
                peers[peer].send(Messages.HELLO, hello::write);
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            for (int admitted = 0; admitted < hello.worker(); ) {
                PeerLink link = arrivals.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (link == null) {
                    throw new WireException("worker " + hello.worker() + ": the lower partitions did not all connect "
                        + "within " + timeoutMillis + " ms");
                }
                if (peers[link.worker()] != null) {
                    link.channel().close();
                    continue;
                }
                link.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis));
                link.channel().limitInbound(inbound);
                peers[link.worker()] = link.channel();
                admitted++;
            }
            return mesh;
        } catch (InterruptedException e) {
            mesh.close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting to the all-reduce peers");
        } catch (IOException | RuntimeException e) {
            mesh.close();
            throw e;
        }
    }

    private static Socket connect(String address, long timeoutMillis) throws IOException {
        int colon = address.lastIndexOf(':');
        Socket socket = new Socket();
        int timeout = (int) Math.min(Integer.MAX_VALUE, timeoutMillis);
        socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
            timeout);
        socket.setSoTimeout(timeout);
        return socket;
    }

    /** Tasks in the stage, this one included. */
    int workers() {
        return peers.length;
    }

    /**
     * Starts reading {@code frames} frames from every peer, each peer's in order on its own thread, handing each to
     * {@code incoming}; the first failure is also handed to {@code failed} at once, before {@link Reads#await}.
     */
    Reads receive(int frames, Incoming incoming, Consumer<Throwable> failed) {
        List<Future<Void>> reads = new ArrayList<>();
        for (int peer = 0; peer < peers.length; peer++) {
            if (peer != self) {
                int from = peer;
                reads.add(readers.submit(() -> {
                    try {
                        for (int frame = 0; frame < frames; frame++) {
                            incoming.read(from, peers[from].receive());
                        }
                    } catch (IOException | RuntimeException e) {
                        failed.accept(e);
                        throw e;
                    }
                    return null;
                }));
            }
        }
        return new Reads(reads);
    }

    /** Sends {@code peer} one frame of {@code type}; only one thread sends at a time. */
    void send(int peer, byte type, SecureChannel.Payload payload) throws IOException {
        peers[peer].send(type, payload);
    }

    /** The reads {@link #receive} started. */
    static final class Reads {
        private final List<Future<Void>> reads;

        private Reads(List<Future<Void>> reads) {
            this.reads = reads;
        }

        /** Returns when every peer's frames arrived; the first failure otherwise. */
        void await() throws IOException {
            for (Future<Void> read : reads) {
                try {
                    read.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io
                        : new WireException("peer read failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted during an all-reduce exchange");
                }
            }
        }
    }

    /** Frame bytes sent to all peers so far. */
    long sentBytes() {
        long total = 0;
        for (SecureChannel peer : peers) {
            total += peer == null ? 0 : peer.sentBytes();
        }
        return total;
    }

    /** Frame bytes received from all peers so far. */
    long receivedBytes() {
        long total = 0;
        for (SecureChannel peer : peers) {
            total += peer == null ? 0 : peer.receivedBytes();
        }
        return total;
    }

    @Override
    public void close() {
        readers.shutdownNow();
        acceptor.close();
        for (SecureChannel peer : peers) {
            if (peer != null) {
                peer.close();
            }
        }
    }

    /** Handles the frame received from one peer. */
    @FunctionalInterface
    interface Incoming {
        void read(int peer, SecureChannel.Frame frame) throws IOException;
    }
}
