package io.dlspark.augment;

import java.io.Serializable;
import java.util.List;

/**
 * A validated augmentation configuration: the seed and the ordered steps, for image, text or boxed-image records.
 * Read one with {@link AugmentConfigs#load}; build a pipeline with {@link ImagePipeline#create},
 * {@link TextPipeline#create} or {@link BoxPipeline#create}.
 */
public sealed interface AugmentConfig extends Serializable permits ImageAugmentConfig, TextAugmentConfig,
    BoxAugmentConfig {

    /** The pipeline seed; with the record id and epoch it fixes every random draw. */
    long seed();

    /** The same steps under another seed, as for a {@code --seed} option. */
    AugmentConfig withSeed(long seed);

    /** {@code image}, {@code text} or {@code boxes}, as in {@code augment.records}. */
    String records();

    /** One line naming the records, the seed and every step with its parameters, for manifests and logs. */
    default String describe() {
        return records() + " augmentation, seed " + seed() + ": " + String.join("; ",
            steps().stream().map(Step::toString).toList());
    }

    /** The steps in the order they run. */
    List<? extends Step<?>> steps();
}
