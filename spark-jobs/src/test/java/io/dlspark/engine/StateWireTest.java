package io.dlspark.engine;

import io.dlspark.core.UsageException;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.RoundSum;
import io.dlspark.core.train.StateCodec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** States, round sums and all-reduce chunks on the wire in each {@link ExchangePrecision}. */
class StateWireTest {
    private static final int PARAMS = 1000;
    private static final int UPDATER = 2000;

    private static NetworkState state(long seed) {
        Random random = new Random(seed);
        float[] params = new float[PARAMS];
        float[] updater = new float[UPDATER];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < updater.length; i++) {
            updater[i] = (float) (random.nextGaussian() * 1e-3);
        }
        return new NetworkState(params, updater, 7, 2);
    }

    private static StateWire wire(ExchangePrecision precision) {
        return new StateWire(new StateCodec(PARAMS, UPDATER), precision);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] bytes(Writer writer) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            writer.write(out);
        }
        return buffer.toByteArray();
    }

    private static DataInputStream in(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }

    @Test
    void fp32WritesTheStateCodecsBytesAndRoundingIsTheIdentity() throws IOException {
        NetworkState state = state(1);
        StateWire wire = wire(ExchangePrecision.FP32);
        StateCodec codec = new StateCodec(PARAMS, UPDATER);
        byte[] written = bytes(out -> wire.writeState(out, state));
        assertArrayEquals(bytes(out -> codec.writeState(out, state)), written);
        assertEquals(codec.stateBytes(), wire.stateBytes());
        assertEquals(codec.stateBytes(), written.length);
        assertEquals(codec.maxSumBytes(), wire.maxSumBytes());
        assertSame(state, ExchangePrecision.FP32.round(state));
        RoundSum sum = RoundSum.of(state, 5, 2, new double[] {1.5}, 100);
        assertArrayEquals(bytes(out -> codec.writeSum(out, sum)), bytes(out -> wire.writeSum(out, sum)));
    }

    @Test
    void sixteenBitStatesTakeHalfTheBytesAndDecodeToTheRoundedValues() throws IOException {
        NetworkState state = state(2);
        long fp32 = wire(ExchangePrecision.FP32).stateBytes();
        for (ExchangePrecision precision : new ExchangePrecision[] {ExchangePrecision.BF16, ExchangePrecision.FP16}) {
            StateWire wire = wire(precision);
            byte[] written = bytes(out -> wire.writeState(out, state));
            assertEquals(wire.stateBytes(), written.length, precision.option());
            assertEquals(16 + 2L * (PARAMS + UPDATER), written.length, precision.option());
            assertTrue(written.length <= fp32 / 2 + 8, precision + ": " + written.length + " of " + fp32);
            NetworkState read = wire.readState(in(written));
            NetworkState rounded = precision.round(state);
            assertArrayEquals(rounded.params(), read.params(), precision.option());
            assertArrayEquals(rounded.updater(), read.updater(), precision.option());
            assertEquals(7, read.iteration());
            assertEquals(2, read.epoch());
            assertNotEquals(state.params()[0], read.params()[0], precision + " rounds");
            // a decoded state goes out again unchanged: what every replica holds is stable
            assertArrayEquals(written, bytes(out -> wire.writeState(out, read)), precision.option());
        }
    }

    @Test
    void aSixteenBitWorkerSumKeepsItsStatisticsAndRoundedState() throws IOException {
        NetworkState state = state(3);
        StateWire wire = wire(ExchangePrecision.BF16);
        RoundSum sum = RoundSum.of(state, 12, 3, new double[] {4.25, 1.5}, 987);
        byte[] written = bytes(out -> wire.writeSum(out, sum));
        assertTrue(written.length <= wire.maxSumBytes(), written.length + " > " + wire.maxSumBytes());
        RoundSum read = wire.readSum(in(written));
        assertEquals(12, read.samples());
        assertEquals(3, read.maxIterationSteps());
        assertArrayEquals(new double[] {4.25, 1.5}, read.lossSums());
        assertEquals(987, read.maxFitNanos());
        assertEquals(987, read.meanFitNanos());
        assertEquals(1, read.workers());
        NetworkState rounded = ExchangePrecision.BF16.round(state);
        assertArrayEquals(rounded.params(), read.workerState().params());
        assertArrayEquals(rounded.updater(), read.workerState().updater());
    }

    @Test
    void aClaimedLengthOtherThanTheLayoutsIsRefusedBeforeAllocating() throws IOException {
        StateWire wire = wire(ExchangePrecision.FP16);
        byte[] huge = bytes(out -> out.writeInt(Integer.MAX_VALUE));
        IOException e = assertThrows(IOException.class, () -> wire.readValues(in(huge), 10, "all-reduce chunk 1"));
        assertTrue(e.getMessage().contains("all-reduce chunk 1: expected 10 values, the input claims 2147483647"),
            e.getMessage());
        byte[] shortChunk = bytes(out -> {
            out.writeInt(10);
            out.writeShort(0x3C00);
        });
        assertThrows(IOException.class, () -> wire.readValues(in(shortChunk), 10, "chunk"));
    }

    /** All-reduce: the owner keeps the averaged chunk it sends; a peer decoding the bytes gets the same bits. */
    @Test
    void theOwnersAveragedChunkIsWhatItsPeersDecode() throws IOException {
        for (ExchangePrecision precision : ExchangePrecision.values()) {
            StateWire wire = wire(precision);
            StateChunks chunks = new StateChunks(wire, 3);
            NetworkState[] fitted = {state(4), state(5), state(6)};
            long[] samples = {4, 0, 7};
            for (int chunk = 0; chunk < 3; chunk++) {
                float[][] contributions = new float[3][];
                for (int worker = 0; worker < 3; worker++) {
                    float[] slice = chunks.slice(fitted[worker], chunk);
                    contributions[worker] = worker == chunk ? chunks.own(fitted[worker], chunk)
                        : chunks.read(in(bytes(out -> chunks.write(out, slice))), chunk);
                }
                float[] averaged = chunks.average(contributions, samples, state(7), chunk);
                byte[] sent = bytes(out -> chunks.write(out, averaged));
                assertTrue(sent.length <= chunks.maxBytes(), precision.option());
                assertArrayEquals(averaged, chunks.read(in(sent), chunk), precision + " chunk " + chunk);
                for (float v : averaged) {
                    assertEquals(Float.floatToRawIntBits(v), Float.floatToRawIntBits(precision.round(v)));
                }
            }
        }
    }

    @Test
    void sixteenBitsNeedABarrierExchange() {
        assertEquals(ExchangePrecision.BF16, ExchangePrecision.parse("bf16", "--exchange-precision"));
        UsageException bad = assertThrows(UsageException.class,
            () -> ExchangePrecision.parse("fp8", "--exchange-precision"));
        assertEquals("--exchange-precision: expected fp32, bf16 or fp16, got 'fp8'", bad.getMessage());
        UsageException jobs = assertThrows(UsageException.class,
            () -> new TrainingSettings(2, 4, 1, 2, 1, 0, 1, RoundExchange.JOBS, 0, ExchangePrecision.FP16));
        assertEquals("--exchange-precision: fp16 needs --exchange live or allreduce (jobs moves states through "
            + "Spark's block manager in fp32)", jobs.getMessage());
        new TrainingSettings(2, 4, 1, 2, 1, 0, 1, RoundExchange.LIVE, 0, ExchangePrecision.FP16);
        new TrainingSettings(2, 4, 1, 2, 1, 0, 1, RoundExchange.JOBS, 0, ExchangePrecision.FP32);
    }
}
