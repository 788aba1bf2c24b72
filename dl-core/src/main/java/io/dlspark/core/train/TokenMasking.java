package io.dlspark.core.train;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * BERT's masked-language-model corruption of token ids: each regular token (id at least {@code firstRegular}) is
 * chosen with probability {@code rate}, then becomes {@code maskId} (80 %), a random regular id (10 %) or stays (10 %).
 * The choice depends only on the seed, the epoch and the record's key, never on partitioning.
 */
public record TokenMasking(long seed, int vocabulary, int maskId, int firstRegular, double rate) implements Serializable {
    /** BERT's share of tokens predicted. */
    public static final double BERT_RATE = 0.15;
    private static final double MASK_SHARE = 0.8;
    private static final double RANDOM_SHARE = 0.1;

    public TokenMasking {
        if (firstRegular < 1 || firstRegular >= vocabulary || maskId < 0 || maskId >= vocabulary) {
            throw new IllegalArgumentException("mask id " + maskId + " and first regular id " + firstRegular
                + " must lie inside a vocabulary of " + vocabulary);
        }
        if (!(rate > 0 && rate < 1)) {
            throw new IllegalArgumentException("masking rate " + rate + " is not in (0, 1)");
        }
    }

    /** A record's corrupted input and which positions the model must predict (their targets: the original ids). */
    public record Masked(int[] input, boolean[] predicted) {
    }

    /** Masks {@code length} token ids of {@code ids} from {@code from}, for record {@code recordKey} in {@code epoch}. */
    public Masked mask(int[] ids, int from, int length, long recordKey, int epoch) {
        SplittableRandom random = new SplittableRandom(mix(mix(seed ^ 0x4d4c4d5f4d41534bL) + epoch) ^ recordKey);
        int[] input = new int[length];
        boolean[] predicted = new boolean[length];
        for (int i = 0; i < length; i++) {
            int id = ids[from + i];
            input[i] = id;
            if (id < firstRegular || random.nextDouble() >= rate) {
                continue;
            }
            predicted[i] = true;
            double how = random.nextDouble();
            if (how < MASK_SHARE) {
                input[i] = maskId;
            } else if (how < MASK_SHARE + RANDOM_SHARE) {
                input[i] = firstRegular + random.nextInt(vocabulary - firstRegular);
            }
        }
        return new Masked(input, predicted);
    }

    /** The SplitMix64 finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
