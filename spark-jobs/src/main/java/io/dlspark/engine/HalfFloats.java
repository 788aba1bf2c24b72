package io.dlspark.engine;

/**
 * Conversions between float and the 16-bit formats bfloat16 and IEEE 754 binary16 (fp16), rounding to nearest with
 * ties to even; infinities keep their sign, NaNs stay (quiet) NaNs, and fp16 keeps subnormals.
 */
final class HalfFloats {
    private static final int FLOAT_ABS = 0x7FFF_FFFF;
    private static final int FLOAT_INF = 0x7F80_0000;
    /** The smallest float that rounds to fp16 infinity: 65520, half-way between 65504 (fp16's largest) and 2^16. */
    private static final int HALF_OVERFLOW = 0x477F_F000;
    /** 2^-14, fp16's smallest normal value, as float bits. */
    private static final int HALF_MIN_NORMAL = 0x3880_0000;
    /** The exponent bias difference (127 - 15) in place, as float bits. */
    private static final int REBIAS = 112 << 23;

    private HalfFloats() {
    }

    /** The bfloat16 bits nearest {@code value}: its upper 16 bits after rounding the lower 16 to nearest even. */
    static short toBfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & FLOAT_ABS) > FLOAT_INF) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    static float fromBfloat16(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** The fp16 bits nearest {@code value}; magnitudes from 65520 up become infinity, below 2^-25 (signed) zero. */
    static short toFloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & FLOAT_ABS;
        if (abs > FLOAT_INF) {
            return (short) (sign | 0x7E00 | ((abs >>> 13) & 0x3FF));
        }
        if (abs >= HALF_OVERFLOW) {
            return (short) (sign | 0x7C00);
        }
        if (abs >= HALF_MIN_NORMAL) {
            int half = (abs - REBIAS) >>> 13;
            int rest = abs & 0x1FFF;
            if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
                half++;
            }
            return (short) (sign | half);
        }
        // subnormal (or zero): a multiple of 2^-24; scaling by 2^24 is exact in double and rint rounds ties to even
        int units = (int) Math.rint((double) Float.intBitsToFloat(abs) * 0x1p24);
        return (short) (sign | units);
    }

    static float fromFloat16(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | FLOAT_INF | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent << 10 | mantissa) << 13) + REBIAS);
    }
}
