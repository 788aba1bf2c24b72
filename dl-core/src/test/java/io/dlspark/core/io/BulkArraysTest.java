package io.dlspark.core.io;

import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.RoundSum;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class BulkArraysTest {

    @Test
    void floatsAndDoublesRoundTripBitForBitAcrossChunks() throws Exception {
        Random random = new Random(3);
        float[] floats = new float[200_003];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = (float) random.nextGaussian();
        }
        floats[0] = -0.0f;
        floats[1] = Float.intBitsToFloat(0x7fc00123);
        floats[2] = Float.MIN_VALUE;
        double[] doubles = new double[70_001];
        for (int i = 0; i < doubles.length; i++) {
            doubles[i] = random.nextGaussian() * 1e300;
        }
        doubles[5] = Double.NEGATIVE_INFINITY;

        byte[] bytes = serialize(out -> {
            BulkArrays.writeFloats(out, floats);
            BulkArrays.writeDoubles(out, doubles);
            BulkArrays.writeFloats(out, null);
            BulkArrays.writeFloats(out, new float[0]);
            BulkArrays.writeDoubles(out, new double[] {1.5});
        });
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            float[] readFloats = BulkArrays.readFloats(in);
            for (int i = 0; i < floats.length; i++) {
                assertEquals(Float.floatToRawIntBits(floats[i]), Float.floatToRawIntBits(readFloats[i]), "float " + i);
            }
            assertArrayEquals(doubles, BulkArrays.readDoubles(in));
            assertNull(BulkArrays.readFloats(in));
            assertEquals(0, BulkArrays.readFloats(in).length);
            assertArrayEquals(new double[] {1.5}, BulkArrays.readDoubles(in));
        }
    }

    @Test
    void networkStatesAndRoundSumsSurviveJavaSerialization() throws Exception {
        NetworkState state = new NetworkState(new float[] {1f, -2.5f, 3f}, new float[] {0.25f, 0.5f}, 17, 2);
        NetworkState copy = (NetworkState) roundTrip(state);
        assertArrayEquals(state.params(), copy.params());
        assertArrayEquals(state.updater(), copy.updater());
        assertEquals(17, copy.iteration());
        assertEquals(2, copy.epoch());

        RoundSum one = RoundSum.of(state, 4, 2, new double[] {8.0}, 100);
        RoundSum other = RoundSum.of(new NetworkState(new float[] {3f, 0f, 1f}, new float[] {0.75f, 0f}, 17, 2), 4, 2,
            new double[] {4.0}, 300);
        RoundSum merged = ((RoundSum) roundTrip(one)).merge((RoundSum) roundTrip(other));
        NetworkState average = ((RoundSum) roundTrip(merged)).average(state);
        assertArrayEquals(new float[] {2f, -1.25f, 2f}, average.params());
        assertArrayEquals(new float[] {0.5f, 0.25f}, average.updater());
        assertEquals(19, average.iteration());
        assertEquals(8, merged.samples());
        assertEquals(12.0, merged.lossSum());
        assertEquals(300, merged.maxFitNanos());
    }

    private interface Writer {
        void write(ObjectOutputStream out) throws IOException;
    }

    private static byte[] serialize(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            writer.write(out);
        }
        return bytes.toByteArray();
    }

    private static Object roundTrip(Object value) throws Exception {
        byte[] bytes = serialize(out -> out.writeObject(value));
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }
}
