package io.dlspark.tuning.early;

import io.dlspark.core.UsageException;

import java.util.ArrayList;
import java.util.List;

/**
 * Successive-halving settings, with resources counted in epochs: rungs at {@code minResource * reductionFactor^k}
 * below {@code maxResource}; at each rung the best {@code 1 / reductionFactor} of trials go on.
 */
public record AshaSettings(int minResource, int reductionFactor, int maxResource) {
    public AshaSettings {
        if (minResource < 1) {
            throw new UsageException("early-stopping.min-resource: must be >= 1, got " + minResource);
        }
        if (reductionFactor < 2) {
            throw new UsageException("early-stopping.reduction-factor: must be >= 2, got " + reductionFactor);
        }
        if (maxResource < minResource) {
            throw new UsageException("early-stopping.max-resource: must be >= min-resource (" + minResource
                    + "), got " + maxResource);
        }
    }

    /** The epochs at which trials are compared, ascending, each below {@link #maxResource}. */
    public List<Integer> rungs() {
        List<Integer> rungs = new ArrayList<>();
        for (long r = minResource; r < maxResource; r *= reductionFactor) {
            rungs.add((int) r);
        }
        return rungs;
    }
}
