package io.dlspark.core.model.transformer;

import io.dlspark.core.UsageException;

import java.io.Serializable;

/**
 * The sizes of a transformer encoder: {@code layers} blocks of {@code heads}-head self-attention over {@code hidden}
 * features and a feed-forward layer of {@code feedForward} units, for sequences of up to {@code maxLength} token ids
 * below {@code vocabulary}.
 */
public record EncoderSize(int layers, int hidden, int heads, int feedForward, int maxLength, int vocabulary)
    implements Serializable {

    public EncoderSize {
        if (layers < 1 || hidden < 1 || heads < 1 || feedForward < 1 || maxLength < 1) {
            throw new UsageException("transformer: layers, hidden, heads, feed-forward and max-length must be positive");
        }
        if (hidden % heads != 0) {
            throw new UsageException("transformer: hidden size " + hidden + " is not a multiple of " + heads + " heads");
        }
        if (vocabulary < 3) {
            throw new UsageException("transformer: vocabulary size must be at least 3 (padding, unknown, one token), got "
                + vocabulary);
        }
    }
}
