package io.dlspark.engine;

import io.dlspark.engine.PeerHandshake.PeerLink;
import io.dlspark.engine.wire.BoundedAcceptor;
import io.dlspark.engine.wire.Messages;
import io.dlspark.engine.wire.Messages.Hello;
import io.dlspark.engine.wire.RunSecret;
import io.dlspark.engine.wire.SecureChannel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An all-reduce worker admits only lower partitions of its own stage attempt that hold the run's key. */
class PeerHandshakeTest {
    private static final RunSecret KEY = RunSecret.generate(new Random(1));
    private static final Hello SELF = new Hello(4, 2, 10, 1, 500);

    @Test
    void aStrangerWithoutTheKeyIsClosedWithoutAFrame() throws Exception {
        try (Peer worker = new Peer()) {
            IOException e = assertThrows(IOException.class,
                () -> worker.claim(RunSecret.generate(new Random(2)), new Hello(4, 1, 10, 1, 501)));
            assertNotNull(e);
            String reason = worker.failures.poll(60, TimeUnit.SECONDS);
            assertTrue(reason != null && reason.contains("failed authentication"), String.valueOf(reason));
            assertTrue(worker.admitted.isEmpty());
        }
    }

    @Test
    void aKeyHolderFromAnotherStageAttemptOrAHigherPartitionIsRefused() throws Exception {
        try (Peer worker = new Peer()) {
            for (Hello claim : new Hello[] {new Hello(4, 1, 10, 0, 501), new Hello(4, 1, 11, 1, 501),
                new Hello(3, 1, 10, 1, 501), new Hello(4, 3, 10, 1, 501), new Hello(4, 2, 10, 1, 501)}) {
                assertThrows(IOException.class, () -> worker.claim(KEY, claim), claim.toString());
                String reason = worker.failures.poll(60, TimeUnit.SECONDS);
                assertTrue(reason != null && reason.contains("not a lower partition"), String.valueOf(reason));
            }
            assertTrue(worker.admitted.isEmpty());
        }
    }

    @Test
    void aLowerPartitionOfTheSameAttemptIsAdmitted() throws Exception {
        try (Peer worker = new Peer();
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), worker.acceptor.port());
             SecureChannel channel = SecureChannel.initiate(socket, KEY, Messages.SMALL_FRAME_BYTES)) {
            channel.send(Messages.HELLO, new Hello(4, 0, 10, 1, 502)::write);
            PeerLink link = worker.admitted.poll(60, TimeUnit.SECONDS);
            assertNotNull(link);
            assertEquals(0, link.worker());
            link.channel().close();
        }
    }

    /** A worker's acceptor with the peer handshake, recording what it admitted and why it closed the rest. */
    private static final class Peer implements AutoCloseable {
        final BlockingQueue<PeerLink> admitted = new LinkedBlockingQueue<>();
        final BlockingQueue<String> failures = new LinkedBlockingQueue<>();
        final BoundedAcceptor<PeerLink> acceptor;

        Peer() throws IOException {
            acceptor = new BoundedAcceptor<>("test-peer", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2,
                10_000, new PeerHandshake(KEY, SELF), admitted::add, new BoundedAcceptor.Outcomes() {
                    @Override
                    public void refused(SocketAddress remote) {
                        failures.add("refused");
                    }

                    @Override
                    public void failed(SocketAddress remote, String reason) {
                        failures.add(reason);
                    }
                });
        }

        /** Connects with {@code key}, claims {@code hello}, and reads the answer, which never comes. */
        void claim(RunSecret key, Hello hello) throws IOException {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), acceptor.port());
                 SecureChannel channel = SecureChannel.initiate(socket, key, 1 << 20)) {
                channel.send(Messages.HELLO, hello::write);
                channel.receive();
            }
        }

        @Override
        public void close() {
            acceptor.close();
        }
    }
}
