package io.dlspark.core.ingest;

import io.dlspark.core.data.StratifiedSplitter;
import io.dlspark.core.shard.Split;

/**
 * Train/validation/test assignment for data sets without a test split of their own: a seeded, stratified test share
 * per stratum first, then a stratified validation share of the rest.
 */
final class HoldOutSplit {
    private HoldOutSplit() {
    }

    /** The split of each record, in record order; {@code strata[i]} in {@code [0, strataCount)}. */
    static Split[] assign(int[] strata, int strataCount, IngestOptions options) {
        boolean[] test = new StratifiedSplitter(options.testFraction(), options.seed()).validationMask(strata, strataCount);
        int rest = 0;
        for (boolean t : test) {
            rest += t ? 0 : 1;
        }
        int[] restStrata = new int[rest];
        for (int i = 0, k = 0; i < strata.length; i++) {
            if (!test[i]) {
                restStrata[k++] = strata[i];
            }
        }
        double validationShare = options.validationFraction() / (1.0 - options.testFraction());
        boolean[] validation = new StratifiedSplitter(validationShare, options.seed() + 1)
            .validationMask(restStrata, strataCount);
        Split[] splits = new Split[strata.length];
        for (int i = 0, k = 0; i < strata.length; i++) {
            splits[i] = test[i] ? Split.TEST : validation[k++] ? Split.VALIDATION : Split.TRAIN;
        }
        return splits;
    }
}
