package io.dlspark.jobs.tune;

import io.dlspark.tuning.ledger.TrialRecord;

import java.util.List;

/**
 * What a search produced: every trial in the ledger, the best one and its training configuration, and the folder
 * of the model trained with it.
 */
public record TuneResult(String output, List<TrialRecord> trials, TrialRecord best, TrialSpec bestSpec,
                         String artifact) {
}
