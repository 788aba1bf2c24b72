package io.dlspark.engine;

import io.dlspark.engine.wire.BoundedAcceptor;
import io.dlspark.engine.wire.Messages;
import io.dlspark.engine.wire.Messages.Hello;
import io.dlspark.engine.wire.RunSecret;
import io.dlspark.engine.wire.SecureChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
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

class LiveHandshakeTest {
    private static final Hello STARTED = new Hello(1, 0, 7, 0, 42);
    private final RunSecret secret = RunSecret.generate(new Random(5));
    private final BlockingQueue<LiveHandshake.Link> admitted = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> refused = new LinkedBlockingQueue<>();
    private BoundedAcceptor<LiveHandshake.Link> acceptor;

    @BeforeEach
    void listen() throws IOException {
        LiveHandshake.AttemptCheck sparkStarted = (hello, timeout) -> hello.equals(STARTED);
        acceptor = new BoundedAcceptor<>("test-live-handshake", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            3, 60_000, new LiveHandshake(secret, sparkStarted, 1), admitted::add, new BoundedAcceptor.Outcomes() {
                @Override
                public void refused(SocketAddress remote) {
                    refused.add("busy");
                }

                @Override
                public void failed(SocketAddress remote, String reason) {
                    refused.add(reason);
                }
            });
    }

    @AfterEach
    void close() {
        acceptor.close();
        admitted.forEach(link -> link.channel().close());
    }

    private Socket connect() throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), acceptor.port());
    }

    @Test
    void aTaskAttemptSparkStartedIsAdmittedWithItsChannel() throws Exception {
        try (Socket socket = connect(); SecureChannel channel = SecureChannel.initiate(socket, secret, 1024)) {
            channel.send(Messages.HELLO, STARTED::write);
            LiveHandshake.Link link = admitted.poll(60, TimeUnit.SECONDS);
            assertNotNull(link);
            assertEquals(STARTED, link.hello());
            link.channel().send(Messages.DONE, out -> { });
            assertEquals(Messages.DONE, channel.receive().type());
        }
    }

    @Test
    void aHigherAttemptSparkNeverStartedIsRefusedWithoutAnyState() throws Exception {
        Hello fake = new Hello(1, 0, 7, 5, 42);
        try (Socket socket = connect(); SecureChannel channel = SecureChannel.initiate(socket, secret, 1 << 20)) {
            channel.send(Messages.HELLO, fake::write);
            SecureChannel.Frame frame = channel.receive();
            assertEquals(Messages.ERROR, frame.type(), "the only frame is the refusal");
            assertEquals("not a task attempt Spark started", Messages.readError(frame.payload()));
            assertThrows(EOFException.class, channel::receive);
        }
        String reason = refused.poll(60, TimeUnit.SECONDS);
        assertTrue(reason != null && reason.contains("which Spark did not start"), reason);
        assertTrue(admitted.isEmpty());
    }

    @Test
    void aStrangerWithoutTheRunsKeyIsClosedWithoutAReply() throws Exception {
        try (Socket socket = connect();
             SecureChannel channel = SecureChannel.initiate(socket, RunSecret.generate(new Random(6)), 1 << 20)) {
            channel.send(Messages.HELLO, STARTED::write);
            assertThrows(EOFException.class, channel::receive);
        }
        String reason = refused.poll(60, TimeUnit.SECONDS);
        assertTrue(reason != null && reason.contains("failed authentication"), reason);
        assertTrue(admitted.isEmpty());
    }

    @Test
    void aPeerSpeakingAnotherProtocolIsClosed() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /index.html HTTP/1.1\r\nHost: example.test\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertEquals(-1, socket.getInputStream().read());
        }
        String reason = refused.poll(60, TimeUnit.SECONDS);
        assertTrue(reason != null && reason.contains("bad preface"), reason);
    }
}
