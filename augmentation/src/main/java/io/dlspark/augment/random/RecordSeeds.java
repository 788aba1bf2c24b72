package io.dlspark.augment.random;

/**
 * Derives the random streams of augmentation from (pipeline seed, record id, epoch) alone. Each op of a pipeline
 * gets its own stream, so that changing one op's parameters leaves the draws of the others unchanged.
 */
public final class RecordSeeds {
    private static final long FNV_OFFSET = 0xCBF29CE484222325L;
    private static final long FNV_PRIME = 0x100000001B3L;
    private static final long OP_GAMMA = 0xD1B54A32D192ED03L;

    private RecordSeeds() {
    }

    /** The seed of one record in one epoch. */
    public static long record(long seed, String recordId, int epoch) {
        return record(seed, recordKey(recordId), epoch);
    }

    /** The seed of one record in one epoch, from the record's {@link #recordKey}. */
    public static long record(long seed, long recordKey, int epoch) {
        long h = AugmentRandom.mix(seed ^ 0x5EEDL);
        h = AugmentRandom.mix(h ^ recordKey);
        return AugmentRandom.mix(h ^ (epoch & 0xFFFFFFFFL));
    }

    /**
     * The 64-bit key that stands for a record id in every seed: training data packs it beside each record, so that
     * online augmentation seeds exactly as {@code apply(value, recordId, epoch)} does without keeping the id string.
     */
    public static long recordKey(String recordId) {
        return stableHash(recordId);
    }

    /** The seed of op {@code opIndex} for a record seed from {@link #record}. */
    public static long op(long recordSeed, int opIndex) {
        return AugmentRandom.mix(recordSeed + (opIndex + 1L) * OP_GAMMA);
    }

    /** FNV-1a over the UTF-16 code units of {@code text}, then mixed: equal strings give equal hashes on every JVM. */
    public static long stableHash(String text) {
        long h = FNV_OFFSET;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            h = (h ^ (c & 0xFF)) * FNV_PRIME;
            h = (h ^ (c >>> 8)) * FNV_PRIME;
        }
        return AugmentRandom.mix(h);
    }
}
