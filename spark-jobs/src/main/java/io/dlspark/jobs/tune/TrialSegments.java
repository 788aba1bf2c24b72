package io.dlspark.jobs.tune;

import io.dlspark.tuning.early.AshaSettings;

import java.util.List;
import java.util.Optional;

/**
 * Where a trial pauses to hear whether it goes on: at each early-stopping rung below the last epoch; without early
 * stopping a trial is one segment.
 */
public final class TrialSegments {
    private final int epochs;
    private final List<Integer> rungs;

    public TrialSegments(int epochs, Optional<AshaSettings> asha) {
        this.epochs = epochs;
        this.rungs = asha.map(AshaSettings::rungs).orElse(List.of());
    }

    public int epochs() {
        return epochs;
    }

    /** The epoch (1-based, inclusive) at which a trial that has finished {@code done} epochs pauses next. */
    public int end(int done) {
        for (int rung : rungs) {
            if (rung > done && rung < epochs) {
                return rung;
            }
        }
        return epochs;
    }
}
