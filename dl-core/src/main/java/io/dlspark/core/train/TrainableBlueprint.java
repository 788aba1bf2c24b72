package io.dlspark.core.train;

import java.io.Serializable;

/**
 * What executors need to build their own {@link Trainable} once and keep it between rounds: network
 * configurations and the settings of the fitting step, never parameters. Equal blueprints build interchangeable
 * trainables (executors pool them by blueprint).
 */
public interface TrainableBlueprint extends Serializable {

    /** A new trainable with freshly initialised networks. */
    Trainable newTrainable();
}
