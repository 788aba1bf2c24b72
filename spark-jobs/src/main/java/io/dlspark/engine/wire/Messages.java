package io.dlspark.engine.wire;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The exchange's message types (a frame's first byte) and the encoding of the small ones. */
public final class Messages {
    /** Task to driver, first frame: who the task is ({@link Hello}). */
    public static final byte HELLO = 1;
    /** Driver to task: epoch, round and the state to fit the round from. */
    public static final byte STATE = 2;
    /** Task to driver: the round's {@code RoundSum}. */
    public static final byte SUM = 3;
    /** Driver to task: the epoch's rounds are over. */
    public static final byte DONE = 4;
    /** Either way: a one-line reason before the sender gives up. */
    public static final byte ERROR = 5;
    /** All-reduce, worker to worker: one round's statistics and the receiver's chunk of the sender's state. */
    public static final byte CHUNK = 6;
    /** All-reduce, worker to worker: the sender's chunk of the averaged state. */
    public static final byte AVERAGED = 7;
    /** All-reduce, worker 0 to driver: one round's merged statistics, traffic and whether the average is finite. */
    public static final byte ROUND = 8;
    /** The largest payload of a hello or error frame. */
    public static final int SMALL_FRAME_BYTES = 2048;
    private static final int MAX_ERROR_BYTES = 1024;

    private Messages() {
    }

    public static void writeError(DataOutput out, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(bytes.length, MAX_ERROR_BYTES);
        out.writeShort(length);
        out.write(bytes, 0, length);
    }

    public static String readError(DataInput in) throws IOException {
        int length = in.readUnsignedShort();
        if (length > MAX_ERROR_BYTES) {
            throw new WireException("an error message of " + length + " bytes (at most " + MAX_ERROR_BYTES + ")");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Fails unless {@code frame} has type {@code expected}; an error frame's reason becomes the message. */
    public static void expect(SecureChannel.Frame frame, byte expected, String peer) throws IOException {
        if (frame.type() == ERROR) {
            throw new WireException(peer + " gave up: " + readError(frame.payload()));
        }
        if (frame.type() != expected) {
            throw new WireException(peer + " sent a frame of type " + frame.type() + ", expected " + expected);
        }
    }

    /**
     * A task's introduction: the exchange session (one per epoch's job) and worker it serves, and the Spark task
     * attempt it runs in, which the driver checks against the attempts Spark started.
     */
    public record Hello(int session, int worker, int stageId, int stageAttempt, long taskAttemptId) {
        public void write(DataOutput out) throws IOException {
            out.writeInt(session);
            out.writeInt(worker);
            out.writeInt(stageId);
            out.writeInt(stageAttempt);
            out.writeLong(taskAttemptId);
        }

        public static Hello read(SecureChannel.Frame frame) throws IOException {
            expect(frame, HELLO, "the task");
            DataInput in = frame.payload();
            Hello hello = new Hello(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readLong());
            frame.requireEnd("hello");
            return hello;
        }
    }
}
