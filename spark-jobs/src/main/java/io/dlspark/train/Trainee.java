package io.dlspark.train;

import io.dlspark.core.artifact.Checkpoints;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.LayerUpdaters;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.TrainableBlueprint;

import java.io.IOException;

/**
 * What the {@link EpochLoop} trains, seen from the driver: its state and blueprint, how it is checkpointed and
 * restored, and how it is validated after an epoch ({@link ClassifierTrainee}, {@link GenerativeTrainee}).
 *
 * @param <M> what a checkpoint of it reads back as
 */
interface Trainee<M> {
    /** The model name used in messages and the artifact. */
    String name();

    /** What executors need to build the trainable. */
    TrainableBlueprint blueprint();

    /** How workers turn records into its minibatches. */
    MinibatchAssembler assembler();

    /** The driver copy's state: parameters, updater state and counters. */
    NetworkState state();

    /** Sets {@code state} into the driver copy. */
    void apply(NetworkState state);

    /**
     * Called before each epoch with the averaged state; true when the trainable layers changed for this epoch
     * (gradual unfreezing), so that the loop starts a master for the new {@link #blueprint()} from {@link #state()}.
     */
    default boolean beginEpoch(int epoch, NetworkState state) {
        return false;
    }

    /** The checkpoint content of the driver copy as it is now. */
    Checkpoints.Content checkpoint(Checkpoints checkpoints);

    /** How a checkpoint of this trainee reads back. */
    Checkpoints.Reader<M> reader(Checkpoints checkpoints);

    /** Replaces the driver copy with one read back from a checkpoint, after checking that it fits. */
    void adopt(M restored, String from);

    /** Validates the averaged {@code state} after {@code epoch}; {@link EpochValidation#NONE} without a validation split. */
    EpochValidation validate(int epoch, NetworkState state, EpochAccumulator accumulator) throws IOException;

    /**
     * Which layers the updaters of the driver copy train and its learning rate, at the last iteration of the epoch
     * that left {@code state}.
     */
    LayerUpdaters updaters(NetworkState state);

    /** The line of {@code metrics.jsonl} for an epoch. */
    Object metricsLine(EpochMetrics line, EpochValidation validation);

    /** The console line of an epoch. */
    String describe(EpochMetrics line, EpochValidation validation, int epochs);
}
