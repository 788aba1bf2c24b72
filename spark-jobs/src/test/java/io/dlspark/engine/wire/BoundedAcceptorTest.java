package io.dlspark.engine.wire;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoundedAcceptorTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    /** Records the outcomes and counts them down. */
    private static final class Recorded implements BoundedAcceptor.Outcomes {
        final BlockingQueue<String> failures = new LinkedBlockingQueue<>();
        final CountDownLatch refused;

        Recorded(int refusals) {
            refused = new CountDownLatch(refusals);
        }

        @Override
        public void refused(SocketAddress remote) {
            refused.countDown();
        }

        @Override
        public void failed(SocketAddress remote, String reason) {
            failures.add(reason);
        }
    }

    private static int threadsNamed(String prefix) {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }

    @Test
    void aConnectionThatNeverCompletesItsHandshakeIsClosedAtTheDeadline() throws Exception {
        Recorded outcomes = new Recorded(0);
        BlockingQueue<Object> admitted = new LinkedBlockingQueue<>();
        BoundedAcceptor.Handshake<Object> readOneByte = socket -> socket.getInputStream().read();
        try (BoundedAcceptor<Object> acceptor = new BoundedAcceptor<>("test-deadline", LOOPBACK, 2, 150, readOneByte,
                 admitted::add, outcomes);
             Socket idle = new Socket(InetAddress.getLoopbackAddress(), acceptor.port())) {
            assertEquals(-1, idle.getInputStream().read(), "the server closes the idle connection");
            String reason = outcomes.failures.poll(60, TimeUnit.SECONDS);
            assertTrue(reason != null && (reason.startsWith("no handshake within 150 ms") || reason.contains("Timeout")),
                String.valueOf(reason));
            assertTrue(admitted.isEmpty());
        }
    }

    @Test
    void connectionsBeyondTheBoundAreClosedAtOnceAndNoMoreThreadsAreMade() throws Exception {
        int bound = 3;
        int extra = 10;
        Recorded outcomes = new Recorded(extra);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(bound);
        BoundedAcceptor.Handshake<Object> hold = socket -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("released");
        };
        List<Socket> clients = new ArrayList<>();
        try (BoundedAcceptor<Object> acceptor = new BoundedAcceptor<>("test-bound", LOOPBACK, bound, 600_000, hold,
                 admitted -> { }, outcomes)) {
            for (int i = 0; i < bound; i++) {
                clients.add(new Socket(InetAddress.getLoopbackAddress(), acceptor.port()));
            }
            assertTrue(holding.await(60, TimeUnit.SECONDS), "the first connections hold every handshake thread");
            for (int i = 0; i < extra; i++) {
                Socket late = new Socket(InetAddress.getLoopbackAddress(), acceptor.port());
                clients.add(late);
                assertEquals(-1, late.getInputStream().read(), "connection " + (bound + i) + " is closed at once");
            }
            assertTrue(outcomes.refused.await(60, TimeUnit.SECONDS));
            assertTrue(threadsNamed("test-bound") <= BoundedAcceptor.threadBound(bound),
                threadsNamed("test-bound") + " threads");
            release.countDown();
        } finally {
            for (Socket client : clients) {
                client.close();
            }
        }
    }
}
