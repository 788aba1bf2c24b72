package io.dlspark.core.gen;

import io.dlspark.core.train.Trainable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * A generative model as the master trains it (a {@link Trainable} over several networks) and as
 * {@code dlspark generate} uses it: latent codes in, images out.
 */
public interface GenerativeModel extends Trainable {
    GenerativeFamily family();

    int latentSize();

    /** The networks by artifact name (for example {@code generator}, {@code discriminator}), in packing order. */
    Map<String, MultiLayerNetwork> networks();

    /** Images for latent codes {@code [n, latentSize]}: {@code [n, channels * height * width]}, CHW, in [0, 1]. */
    INDArray generate(INDArray latent);

    /** What executors need to build this model's trainable. */
    GenerativeBlueprint blueprint();

    /** The fitting settings, saved beside the networks so that the model can be rebuilt from an artifact. */
    GenerativeSettings settings();
}
