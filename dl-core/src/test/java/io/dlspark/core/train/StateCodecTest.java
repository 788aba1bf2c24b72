package io.dlspark.core.train;

import io.dlspark.core.nn.NetworkState;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateCodecTest {
    private static final float ODD_NAN = Float.intBitsToFloat(0x7fc0_1234);
    private final StateCodec codec = new StateCodec(5, 3);

    private static NetworkState state(long seed) {
        Random random = new Random(seed);
        float[] params = new float[5];
        for (int i = 0; i < params.length; i++) {
            params[i] = random.nextFloat() - 0.5f;
        }
        params[4] = ODD_NAN;
        return new NetworkState(params, new float[] {-0.0f, Float.MIN_VALUE, Float.MAX_VALUE}, 17, 3);
    }

    private static RoundSum workerSum(long seed, boolean gradients) {
        GradientSums sums = null;
        if (gradients) {
            sums = GradientSums.empty(List.of("0", "dense"));
            sums.addGradientNorm(0, 0.25);
            sums.addUpdateRatio(1, 1e-3);
            sums.stepDone();
        }
        return RoundSum.of(state(seed), 40, 5, new double[] {12.5, Double.longBitsToDouble(0x7ff8_0000_0000_00abL)}, 987,
            sums);
    }

    private byte[] encodeState(NetworkState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        codec.writeState(new DataOutputStream(bytes), state);
        return bytes.toByteArray();
    }

    private byte[] encodeSum(RoundSum sum) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        codec.writeSum(new DataOutputStream(bytes), sum);
        return bytes.toByteArray();
    }

    private static DataInputStream input(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }

    @Test
    void aStateRoundTripsBitForBitIncludingNanPayloadsAndSignedZero() throws IOException {
        NetworkState original = state(1);
        byte[] encoded = encodeState(original);
        assertEquals(codec.stateBytes(), encoded.length);
        NetworkState decoded = codec.readState(input(encoded));
        assertEquals(Float.floatToRawIntBits(ODD_NAN), Float.floatToRawIntBits(decoded.params()[4]));
        for (int i = 0; i < 5; i++) {
            assertEquals(Float.floatToRawIntBits(original.params()[i]), Float.floatToRawIntBits(decoded.params()[i]));
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(Float.floatToRawIntBits(original.updater()[i]), Float.floatToRawIntBits(decoded.updater()[i]));
        }
        assertEquals(17, decoded.iteration());
        assertEquals(3, decoded.epoch());
    }

    @Test
    void workerAndMergedSumsRoundTripToTheSameBytesAndTheSameAverage() throws IOException {
        NetworkState previous = new NetworkState(new float[5], new float[3], 4, 1);
        for (RoundSum sum : List.of(workerSum(2, true), workerSum(3, false), workerSum(4, true).merge(workerSum(5, true)))) {
            byte[] encoded = encodeSum(sum);
            assertTrue(encoded.length <= codec.maxSumBytes(), encoded.length + " > " + codec.maxSumBytes());
            RoundSum decoded = codec.readSum(input(encoded));
            assertArrayEquals(encoded, encodeSum(decoded));
            assertEquals(sum.samples(), decoded.samples());
            assertEquals(sum.workers(), decoded.workers());
            assertEquals(sum.maxFitNanos(), decoded.maxFitNanos());
            assertArrayEquals(sum.average(previous).updater(), decoded.average(previous).updater());
        }
        RoundSum merged = codec.readSum(input(encodeSum(workerSum(6, true)))).merge(codec.readSum(input(encodeSum(workerSum(7, true)))));
        RoundSum direct = workerSum(6, true).merge(workerSum(7, true));
        assertArrayEquals(encodeSum(direct), encodeSum(merged));
        assertEquals(direct.gradients().means(), merged.gradients().means());
    }

    @Test
    void aStateOfAnotherLayoutIsRefusedNamingTheField() throws IOException {
        byte[] encoded = encodeState(state(8));
        IOException e = assertThrows(IOException.class, () -> new StateCodec(6, 3).readState(input(encoded)));
        assertEquals("state parameters: expected 6 values, the input claims 5", e.getMessage());
        assertThrows(IOException.class, () -> new StateCodec(5, 2).readSum(input(encodeSum(workerSum(9, false)))));
        assertThrows(IllegalArgumentException.class, () -> new StateCodec(4, 3).writeState(
            new DataOutputStream(new ByteArrayOutputStream()), state(10)));
    }

    @Test
    void aHugeClaimedLengthIsRefusedBeforeAllocating() {
        ByteBuffer claim = ByteBuffer.allocate(12).putInt(0).putInt(0).putInt(Integer.MAX_VALUE - 16);
        IOException e = assertThrows(IOException.class, () -> codec.readState(input(claim.array())));
        assertTrue(e.getMessage().contains("claims 2147483631"), e.getMessage());
    }

    @Test
    void aSumClaimingTooManyLossesOrLayersIsRefused() throws IOException {
        byte[] encoded = encodeSum(workerSum(11, true));
        int lossCountAt = 1 + 8 + 4 + 8 + 8 + 4;
        byte[] manyLosses = encoded.clone();
        ByteBuffer.wrap(manyLosses).putInt(lossCountAt, 1 << 30);
        assertTrue(assertThrows(IOException.class, () -> codec.readSum(input(manyLosses))).getMessage()
            .startsWith("round sum losses: expected 0 to 64 values"));
        byte[] manyLayers = encoded.clone();
        ByteBuffer.wrap(manyLayers).putInt(lossCountAt + 4 + 2 * 8 + 1, 1 << 30);
        assertTrue(assertThrows(IOException.class, () -> codec.readSum(input(manyLayers))).getMessage()
            .startsWith("gradient sums: expected 0 to 5 layers"));
    }
}
