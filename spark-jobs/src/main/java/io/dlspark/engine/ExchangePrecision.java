package io.dlspark.engine;

import io.dlspark.core.UsageException;
import io.dlspark.core.nn.NetworkState;

import java.util.Arrays;
import java.util.Locale;

/**
 * How state values travel between the barrier exchanges' peers ({@code --exchange-precision}): {@link #FP32} as they
 * are, or rounded to nearest even in 16 bits, {@link #BF16} (float's range, 8 significant bits) or {@link #FP16}
 * (IEEE binary16: 11 significant bits, at most 65504); sums stay in double.
 */
public enum ExchangePrecision {
    FP32(Float.BYTES), BF16(2), FP16(2);

    private final int valueBytes;

    ExchangePrecision(int valueBytes) {
        this.valueBytes = valueBytes;
    }

    /** The option value: {@code fp32}, {@code bf16} or {@code fp16}. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Bytes one state value takes on the wire. */
    public int valueBytes() {
        return valueBytes;
    }

    /** The precision named {@code value}; otherwise a usage error naming {@code setting} (an option or a config key). */
    public static ExchangePrecision parse(String value, String setting) {
        return Arrays.stream(values()).filter(p -> p.option().equals(value)).findFirst()
            .orElseThrow(() -> new UsageException(setting + ": expected fp32, bf16 or fp16, got '" + value + "'"));
    }

    /**
     * A usage error naming {@code setting} unless {@code exchange} (named {@code exchangeSetting}) can move states in
     * this precision: 16 bits need {@code live} or {@code allreduce}.
     */
    public void requireSupportedBy(RoundExchange exchange, String setting, String exchangeSetting) {
        if (this != FP32 && exchange == RoundExchange.JOBS) {
            throw new UsageException(setting + ": " + option() + " needs " + exchangeSetting + " live or allreduce "
                + "(jobs moves states through Spark's block manager in fp32)");
        }
    }

    /** The 16 bits of {@code value} (not for {@link #FP32}). */
    short encode(float value) {
        return this == BF16 ? HalfFloats.toBfloat16(value) : HalfFloats.toFloat16(value);
    }

    /** The value of 16 bits {@link #encode} wrote (not for {@link #FP32}). */
    float decode(short bits) {
        return this == BF16 ? HalfFloats.fromBfloat16(bits) : HalfFloats.fromFloat16(bits);
    }

    /** {@code value} as a peer decodes it. */
    float round(float value) {
        return this == FP32 ? value : decode(encode(value));
    }

    /** {@code values} as a peer decodes them: the same array for {@link #FP32}, else a rounded copy. */
    float[] round(float[] values) {
        if (this == FP32) {
            return values;
        }
        float[] rounded = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            rounded[i] = round(values[i]);
        }
        return rounded;
    }

    /** {@code state} as a peer decodes it: the same instance for {@link #FP32}. */
    public NetworkState round(NetworkState state) {
        if (this == FP32) {
            return state;
        }
        return new NetworkState(round(state.params()), round(state.updater()), state.iteration(), state.epoch());
    }
}
