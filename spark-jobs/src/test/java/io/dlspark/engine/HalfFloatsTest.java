package io.dlspark.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bfloat16 and fp16 conversions against known bit patterns, and exhaustively at every rounding boundary. */
class HalfFloatsTest {

    private static int bf16(float value) {
        return HalfFloats.toBfloat16(value) & 0xFFFF;
    }

    private static int fp16(float value) {
        return HalfFloats.toFloat16(value) & 0xFFFF;
    }

    @Test
    void fp16KnownValues() {
        assertEquals(0x3C00, fp16(1.0f));
        assertEquals(0xBC00, fp16(-1.0f));
        assertEquals(0x4000, fp16(2.0f));
        assertEquals(0x3555, fp16(1f / 3));
        assertEquals(0x7BFF, fp16(65504f), "largest finite");
        assertEquals(0x7BFF, fp16(65519.996f), "just below the overflow tie");
        assertEquals(0x7C00, fp16(65520f), "the tie between 65504 and 2^16 goes to even: infinity");
        assertEquals(0x7C00, fp16(1e10f));
        assertEquals(0xFC00, fp16(-1e10f));
        assertEquals(0x7C00, fp16(Float.POSITIVE_INFINITY));
        assertEquals(0xFC00, fp16(Float.NEGATIVE_INFINITY));
        assertEquals(0x0400, fp16(0x1p-14f), "smallest normal");
        assertEquals(0x03FF, fp16(0x1p-14f - 0x1p-24f), "largest subnormal");
        assertEquals(0x0001, fp16(0x1p-24f), "smallest subnormal");
        assertEquals(0x0000, fp16(0x1p-25f), "the tie between 0 and 2^-24 goes to even: zero");
        assertEquals(0x0001, fp16(Math.nextUp(0x1p-25f)));
        assertEquals(0x0002, fp16(0x1.8p-24f), "the tie between 1 and 2 units goes to even: 2");
        assertEquals(0x0002, fp16(0x1.4p-23f), "the tie between 2 and 3 units goes to even: 2");
        assertEquals(0x0003, fp16(0x1.8p-23f), "3 units exactly");
        assertEquals(0x8000, fp16(-0f));
        assertEquals(0x8000, fp16(-1e-30f), "underflow keeps the sign");
        assertEquals(0x3C00, fp16(1f + 0x1p-11f), "the tie above 1 goes to even: 1");
        assertEquals(0x3C02, fp16(1f + 3 * 0x1p-11f), "the tie above 1 + 2^-10 goes to even: 1 + 2^-9");
        assertEquals(0x3C01, fp16(Math.nextUp(1f + 0x1p-11f)), "just above the tie rounds up");
        assertEquals(1.0f, HalfFloats.fromFloat16((short) 0x3C00));
        assertEquals(65504f, HalfFloats.fromFloat16((short) 0x7BFF));
        assertEquals(0x1p-24f, HalfFloats.fromFloat16((short) 0x0001));
        assertEquals(-0x1p-14f, HalfFloats.fromFloat16((short) 0x8400));
        assertEquals(Float.NEGATIVE_INFINITY, HalfFloats.fromFloat16((short) 0xFC00));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(HalfFloats.fromFloat16((short) 0x8000)));
        assertTrue(Float.isNaN(HalfFloats.fromFloat16((short) 0x7E00)));
        int nan = fp16(Float.NaN);
        assertTrue((nan & 0x7C00) == 0x7C00 && (nan & 0x03FF) != 0, "NaN stays NaN: " + Integer.toHexString(nan));
        int signalling = fp16(Float.intBitsToFloat(0x7F80_0001));
        assertTrue((signalling & 0x03FF) != 0, "a NaN whose payload is in the dropped bits stays NaN");
    }

    @Test
    void bf16KnownValues() {
        assertEquals(0x3F80, bf16(1.0f));
        assertEquals(0xBF80, bf16(-1.0f));
        assertEquals(0x477F, bf16(65280f));
        assertEquals(0x4780, bf16(65504f), "65504 rounds up to 2^16");
        assertEquals(0x3EAB, bf16(1f / 3));
        assertEquals(0x3F80, bf16(Float.intBitsToFloat(0x3F80_8000)), "the tie above 1 goes to even: 1");
        assertEquals(0x3F82, bf16(Float.intBitsToFloat(0x3F81_8000)), "the tie above 1 + 2^-7 goes to even");
        assertEquals(0x3F81, bf16(Float.intBitsToFloat(0x3F80_8001)), "just above the tie rounds up");
        assertEquals(0x7F80, bf16(Float.POSITIVE_INFINITY));
        assertEquals(0xFF80, bf16(Float.NEGATIVE_INFINITY));
        assertEquals(0x7F80, bf16(Float.MAX_VALUE), "float's largest rounds to infinity");
        assertEquals(0x7F7F, bf16(Float.intBitsToFloat(0x7F7F_7FFF)), "below the tie stays finite");
        assertEquals(0x0001, bf16(Float.intBitsToFloat(0x0000_8001)), "float subnormals round like the rest");
        assertEquals(0x0000, bf16(Float.MIN_VALUE));
        assertEquals(0x8000, bf16(-0f));
        assertEquals(0x8000, bf16(-Float.MIN_VALUE));
        int nan = bf16(Float.intBitsToFloat(0x7F80_0001));
        assertTrue((nan & 0x7F80) == 0x7F80 && (nan & 0x007F) != 0, "a NaN whose payload is in the dropped bits stays NaN");
        assertTrue(Float.isNaN(HalfFloats.fromBfloat16((short) bf16(Float.NaN))));
        assertEquals(1.0f, HalfFloats.fromBfloat16((short) 0x3F80));
        assertEquals(Float.floatToRawIntBits(-2.5f), Float.floatToRawIntBits(HalfFloats.fromBfloat16((short) 0xC020)));
    }

    /**
     * For every pair of neighbouring finite 16-bit values (both signs): each decodes and re-encodes to itself, the
     * midpoint goes to the even one, and the floats just either side of the midpoint go to the nearer one. (The tie
     * between the largest finite value and infinity is among the known values.)
     */
    @Test
    void everyRoundingBoundaryOfBothFormats() {
        checkBoundaries("fp16", 0x7C00, HalfFloatsTest::fp16, b -> HalfFloats.fromFloat16((short) b));
        checkBoundaries("bf16", 0x7F80, HalfFloatsTest::bf16, b -> HalfFloats.fromBfloat16((short) b));
    }

    private static void checkBoundaries(String format, int infinity, java.util.function.ToIntFunction<Float> encode,
                                        java.util.function.IntFunction<Float> decode) {
        for (int sign : new int[] {0, 0x8000}) {
            for (int bits = 0; bits < infinity - 1; bits++) {
                int low = sign | bits;
                int high = sign | (bits + 1);
                float lowValue = decode.apply(low);
                float highValue = decode.apply(high);
                assertEquals(low, encode.applyAsInt(lowValue), format + " round trip of " + Integer.toHexString(low));
                float middle = (float) (((double) lowValue + highValue) / 2);
                assertEquals((double) lowValue + highValue, 2.0 * middle, format + " midpoint is a float");
                int even = (bits & 1) == 0 ? low : high;
                assertEquals(even, encode.applyAsInt(middle), format + " tie after " + Integer.toHexString(low));
                float towardLow = sign == 0 ? Math.nextDown(middle) : Math.nextUp(middle);
                float towardHigh = sign == 0 ? Math.nextUp(middle) : Math.nextDown(middle);
                assertEquals(low, encode.applyAsInt(towardLow), format + " below the tie after " + Integer.toHexString(low));
                assertEquals(high, encode.applyAsInt(towardHigh), format + " above the tie after "
                    + Integer.toHexString(low));
            }
        }
    }
}
