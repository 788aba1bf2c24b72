package io.dlspark.engine.wire;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecureChannelTest {
    private static final long LIMIT = 1 << 16;
    private final RunSecret secret = RunSecret.generate(new Random(41));
    private final RunSecret.ChannelKeys keys = secret.keys(new byte[32], filled(32, (byte) 7));

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }

    /** The bytes a sender with {@code keys} writes for the given frames' payloads (one int each). */
    private static byte[] sent(RunSecret.ChannelKeys keys, int... values) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        SecureChannel sender = new SecureChannel(InputStream.nullInputStream(), wire, () -> { }, keys, true, LIMIT);
        for (int value : values) {
            sender.send(Messages.STATE, out -> out.writeInt(value));
        }
        return wire.toByteArray();
    }

    private SecureChannel receiver(byte[] wire) {
        return new SecureChannel(new ByteArrayInputStream(wire), OutputStream.nullOutputStream(), () -> { }, keys, false,
            LIMIT);
    }

    @Test
    void framesArriveInOrderWithTheirTypeAndPayload() throws IOException {
        SecureChannel receiver = receiver(sent(keys, 11, 12));
        for (int expected : new int[] {11, 12}) {
            SecureChannel.Frame frame = receiver.receive();
            assertEquals(Messages.STATE, frame.type());
            assertEquals(expected, frame.payload().readInt());
            frame.requireEnd("test");
        }
    }

    @Test
    void aFrameWithOneBitFlippedIsRefused() throws IOException {
        byte[] wire = sent(keys, 11);
        for (int bit = 0; bit < wire.length * 8; bit++) {
            byte[] tampered = wire.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            IOException e = assertThrows(IOException.class, () -> receiver(tampered).receive(), "bit " + bit);
            if (bit >= 32) {
                assertTrue(e.getMessage().startsWith("record 0 failed authentication"), e.getMessage());
            }
        }
    }

    @Test
    void aFrameOfManyRecordsRoundTripsAndATamperedOrTruncatedRecordIsRefused() throws IOException {
        int values = SecureChannel.RECORD_BYTES;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SecureChannel sender = new SecureChannel(InputStream.nullInputStream(), bytes, () -> { }, keys, true, LIMIT);
        sender.send(Messages.SUM, out -> {
            for (int i = 0; i < values; i++) {
                out.writeInt(i);
            }
        });
        byte[] wire = bytes.toByteArray();
        int records = (1 + 4 * values + SecureChannel.RECORD_BYTES - 1) / SecureChannel.RECORD_BYTES;
        assertEquals(4 + 1 + 4 * values + records * FrameCipher.TAG_BYTES, wire.length);
        SecureChannel receiver = new SecureChannel(new ByteArrayInputStream(wire), OutputStream.nullOutputStream(),
            () -> { }, keys, false, 1 << 20);
        SecureChannel.Frame frame = receiver.receive();
        for (int i = 0; i < values; i++) {
            assertEquals(i, frame.payload().readInt());
        }
        frame.requireEnd("test");

        byte[] tampered = wire.clone();
        tampered[wire.length - 5] ^= 1;
        WireException e = assertThrows(WireException.class, () -> new SecureChannel(new ByteArrayInputStream(tampered),
            OutputStream.nullOutputStream(), () -> { }, keys, false, 1 << 20).receive());
        assertTrue(e.getMessage().startsWith("record " + (records - 1) + " failed authentication"), e.getMessage());

        byte[] shortened = wire.clone();
        ByteBuffer.wrap(shortened).putInt(0, SecureChannel.RECORD_BYTES);
        assertThrows(WireException.class, () -> new SecureChannel(new ByteArrayInputStream(shortened),
            OutputStream.nullOutputStream(), () -> { }, keys, false, 1 << 20).receive());
    }

    @Test
    void aReplayedOrReorderedFrameIsRefused() throws IOException {
        byte[] wire = sent(keys, 11, 12);
        int first = 4 + ByteBuffer.wrap(wire).getInt(0) + FrameCipher.TAG_BYTES;
        byte[] replayed = new byte[first * 2];
        System.arraycopy(wire, 0, replayed, 0, first);
        System.arraycopy(wire, 0, replayed, first, first);
        SecureChannel receiver = receiver(replayed);
        assertEquals(11, receiver.receive().payload().readInt());
        assertTrue(assertThrows(WireException.class, receiver::receive).getMessage().startsWith("record 1 failed"));

        byte[] swapped = new byte[wire.length];
        System.arraycopy(wire, first, swapped, 0, wire.length - first);
        System.arraycopy(wire, 0, swapped, wire.length - first, first);
        assertThrows(WireException.class, () -> receiver(swapped).receive());
    }

    @Test
    void aFrameSealedWithAnotherRunsKeyIsRefused() throws IOException {
        RunSecret.ChannelKeys other = RunSecret.generate(new Random(42)).keys(new byte[32], filled(32, (byte) 7));
        assertThrows(WireException.class, () -> receiver(sent(other, 11)).receive());
        RunSecret.ChannelKeys otherNonces = secret.keys(new byte[32], filled(32, (byte) 8));
        assertThrows(WireException.class, () -> receiver(sent(otherNonces, 11)).receive());
    }

    @Test
    void aFrameClaimingAHugeLengthIsRefusedBeforeAllocating() {
        byte[] claim = ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE - 16).array();
        WireException e = assertThrows(WireException.class, () -> receiver(claim).receive());
        assertEquals("refused a frame of 2147483631 bytes (this channel accepts 1 to 65537)", e.getMessage());
        byte[] negative = ByteBuffer.allocate(4).putInt(-1).array();
        assertThrows(WireException.class, () -> receiver(negative).receive());
    }

    @Test
    void theHandshakeDerivesMatchingKeysAndAnotherRunsSecretCannotTalk() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            for (RunSecret clientSecret : new RunSecret[] {secret, RunSecret.generate(new Random(43))}) {
                CompletableFuture<Integer> received = CompletableFuture.supplyAsync(() -> {
                    try (Socket socket = server.accept(); SecureChannel channel = SecureChannel.respond(socket, secret, LIMIT)) {
                        return channel.receive().payload().readInt();
                    } catch (IOException e) {
                        return -1;
                    }
                });
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                     SecureChannel channel = SecureChannel.initiate(socket, clientSecret, LIMIT)) {
                    channel.send(Messages.HELLO, out -> out.writeInt(99));
                    assertEquals(clientSecret == secret ? 99 : -1, received.get());
                }
            }
        }
    }

    @Test
    void aRecordedConnectionReplayedInFullIsRefusedBecauseTheResponderPicksAFreshNonce() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            ByteArrayOutputStream recorded = new ByteArrayOutputStream();
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> respondOnce(server));
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                OutputStream tee = new TeeStream(socket.getOutputStream(), recorded);
                Socket recording = new RecordingSocket(socket, tee);
                SecureChannel channel = SecureChannel.initiate(recording, secret, LIMIT);
                channel.send(Messages.HELLO, out -> out.writeInt(99));
                assertEquals(99, first.get());
            }
            CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> respondOnce(server));
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                socket.getOutputStream().write(recorded.toByteArray());
                socket.getOutputStream().flush();
                assertEquals(-1, second.get());
            }
        }
    }

    private Integer respondOnce(ServerSocket server) {
        try (Socket socket = server.accept(); SecureChannel channel = SecureChannel.respond(socket, secret, LIMIT)) {
            return channel.receive().payload().readInt();
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void theSecretNeverShowsInItsTextForm() {
        assertEquals("RunSecret[redacted]", secret.toString());
        assertEquals("ChannelKeys[redacted]", keys.toString());
    }

    @Test
    void channelKeysDifferByDirectionAndByNonce() {
        assertTrue(!Arrays.equals(keys.initiatorToResponder(), keys.responderToInitiator()));
        assertTrue(!Arrays.equals(keys.initiatorToResponder(),
            secret.keys(new byte[32], filled(32, (byte) 8)).initiatorToResponder()));
        assertArrayEquals(keys.initiatorToResponder(), secret.keys(new byte[32], filled(32, (byte) 7)).initiatorToResponder());
    }

    /** Writes to both streams. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int value) throws IOException {
            a.write(value);
            b.write(value);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
        }
    }

    /** A connected socket whose output is also recorded. */
    private static final class RecordingSocket extends Socket {
        private final Socket inner;
        private final OutputStream out;

        RecordingSocket(Socket inner, OutputStream out) {
            this.inner = inner;
            this.out = out;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return inner.getInputStream();
        }

        @Override
        public OutputStream getOutputStream() {
            return out;
        }

        @Override
        public void setTcpNoDelay(boolean on) {
        }

        @Override
        public synchronized void close() throws IOException {
            inner.close();
        }
    }
}
