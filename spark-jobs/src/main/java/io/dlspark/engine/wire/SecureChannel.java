package io.dlspark.engine.wire;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Framed, encrypted and authenticated binary messages over one connection: a 4-byte length, then AES-GCM records of at
 * most {@value #RECORD_BYTES} bytes; a length above the inbound limit is refused before anything is allocated.
 */
public final class SecureChannel implements Closeable {
    static final byte[] MAGIC = {'D', 'L', 'S', 'X'};
    static final byte VERSION = 1;
    static final int NONCE_BYTES = 32;
    /** Plain bytes per AES-GCM record: many small operations let the JIT compile the cipher's intrinsics early. */
    static final int RECORD_BYTES = 1 << 15;
    private static final int BUFFER_BYTES = 1 << 16;
    private static final SecureRandom NONCES = new SecureRandom();

    private final DataInputStream in;
    private final DataOutputStream out;
    private final Closeable resource;
    private final FrameCipher sealer;
    private final FrameCipher opener;
    private final Encoding encoding = new Encoding();
    private volatile long inboundLimit;
    private final byte[] sealed = new byte[RECORD_BYTES + FrameCipher.TAG_BYTES];
    private final byte[] received = new byte[RECORD_BYTES + FrameCipher.TAG_BYTES];
    private byte[] opened = new byte[0];
    private volatile long sentBytes;
    private volatile long receivedBytes;

    SecureChannel(InputStream in, OutputStream out, Closeable resource, RunSecret.ChannelKeys keys, boolean initiator,
                  long inboundLimit) {
        this.in = new DataInputStream(in);
        this.out = new DataOutputStream(out);
        this.resource = resource;
        this.sealer = new FrameCipher(initiator ? keys.initiatorToResponder() : keys.responderToInitiator());
        this.opener = new FrameCipher(initiator ? keys.responderToInitiator() : keys.initiatorToResponder());
        this.inboundLimit = inboundLimit;
    }

    /**
     * Opens a channel as the connecting side: sends the preface (magic, version, a fresh nonce), reads the other
     * side's, and derives this channel's keys from both nonces and {@code secret}.
     */
    public static SecureChannel initiate(Socket socket, RunSecret secret, long inboundLimit) throws IOException {
        return open(socket, secret, inboundLimit, true);
    }

    /** Opens a channel as the accepting side; the first frame the peer sends proves it holds the run's key. */
    public static SecureChannel respond(Socket socket, RunSecret secret, long inboundLimit) throws IOException {
        return open(socket, secret, inboundLimit, false);
    }

    private static SecureChannel open(Socket socket, RunSecret secret, long inboundLimit, boolean initiator)
        throws IOException {
        socket.setTcpNoDelay(true);
        InputStream in = new BufferedInputStream(socket.getInputStream(), BUFFER_BYTES);
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), BUFFER_BYTES);
        byte[] own = new byte[NONCE_BYTES];
        NONCES.nextBytes(own);
        byte[] theirs;
        if (initiator) {
            writePreface(out, own);
            theirs = readPreface(in);
        } else {
            theirs = readPreface(in);
            writePreface(out, own);
        }
        RunSecret.ChannelKeys keys = initiator ? secret.keys(own, theirs) : secret.keys(theirs, own);
        return new SecureChannel(in, out, socket, keys, initiator, inboundLimit);
    }

    private static void writePreface(OutputStream out, byte[] nonce) throws IOException {
        out.write(MAGIC);
        out.write(VERSION);
        out.write(nonce);
        out.flush();
    }

    private static byte[] readPreface(InputStream in) throws IOException {
        byte[] preface = new byte[MAGIC.length + 1 + NONCE_BYTES];
        new DataInputStream(in).readFully(preface);
        if (!Arrays.equals(Arrays.copyOf(preface, MAGIC.length), MAGIC)) {
            throw new WireException("not a dlspark exchange peer (bad preface)");
        }
        if (preface[MAGIC.length] != VERSION) {
            throw new WireException("exchange protocol version " + preface[MAGIC.length] + ", expected " + VERSION);
        }
        return Arrays.copyOfRange(preface, MAGIC.length + 1, preface.length);
    }

    /** The most payload bytes a received frame may carry; larger frames are refused unread. */
    public void limitInbound(long payloadBytes) {
        this.inboundLimit = payloadBytes;
    }

    /** Encrypts and sends one frame of {@code type} whose payload {@code payload} writes. */
    public void send(byte type, Payload payload) throws IOException {
        encoding.reset();
        encoding.write(type);
        payload.write(new DataOutputStream(encoding));
        int length = encoding.size();
        byte[] header = header(length);
        out.write(header);
        long wire = header.length;
        for (int from = 0; from < length; from += RECORD_BYTES) {
            int written = sealer.seal(encoding.bytes(), from, Math.min(RECORD_BYTES, length - from), header, sealed);
            out.write(sealed, 0, written);
            wire += written;
        }
        out.flush();
        sentBytes += wire;
    }

    /** Reads, authenticates and decrypts the next frame; the frame is valid until the next call. */
    public Frame receive() throws IOException {
        byte[] header = new byte[Integer.BYTES];
        in.readFully(header);
        int length = ByteBuffer.wrap(header).getInt();
        long limit = inboundLimit + 1;
        if (length < 1 || length > limit) {
            throw new WireException("refused a frame of " + Integer.toUnsignedString(length) + " bytes (this channel "
                + "accepts 1 to " + limit + ")");
        }
        if (opened.length < length) {
            opened = new byte[length];
        }
        long wire = header.length;
        for (int from = 0; from < length; from += RECORD_BYTES) {
            int sealedLength = Math.min(RECORD_BYTES, length - from) + FrameCipher.TAG_BYTES;
            in.readFully(received, 0, sealedLength);
            opener.open(received, sealedLength, header, opened, from);
            wire += sealedLength;
        }
        receivedBytes += wire;
        return new Frame(opened[0], new ByteArrayInputStream(opened, 1, length - 1));
    }

    /** Bytes of the frames sent so far as they went on the wire (headers, ciphertext and tags; not the preface). */
    public long sentBytes() {
        return sentBytes;
    }

    /** Bytes of the frames received so far as they came off the wire (headers, ciphertext and tags). */
    public long receivedBytes() {
        return receivedBytes;
    }

    /** The frame header, which every record of the frame also authenticates. */
    private static byte[] header(int length) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(length).array();
    }

    @Override
    public void close() {
        try {
            resource.close();
        } catch (IOException e) {
            // closing a broken connection: nothing left to do
        }
    }

    /** Writes a frame's payload. */
    @FunctionalInterface
    public interface Payload {
        void write(DataOutput out) throws IOException;
    }

    /** One received frame: its type and payload. */
    public static final class Frame {
        private final byte type;
        private final ByteArrayInputStream bytes;
        private final DataInputStream payload;

        Frame(byte type, ByteArrayInputStream bytes) {
            this.type = type;
            this.bytes = bytes;
            this.payload = new DataInputStream(bytes);
        }

        public byte type() {
            return type;
        }

        public DataInput payload() {
            return payload;
        }

        /** Fails unless the payload has been read to its end (a frame with trailing bytes is malformed). */
        public void requireEnd(String what) throws WireException {
            if (bytes.available() != 0) {
                throw new WireException(what + ": " + bytes.available() + " unexpected trailing bytes");
            }
        }
    }

    /** A reusable buffer whose bytes are read in place. */
    private static final class Encoding extends ByteArrayOutputStream {
        private Encoding() {
            super(BUFFER_BYTES);
        }

        byte[] bytes() {
            return buf;
        }
    }
}
