package io.dlspark.core.gen;

import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.core.train.TrainableBlueprint;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The configurations of a generative model's two networks (GAN: generator, discriminator; VAE: encoder, decoder)
 * and its fitting settings: what executors build their own model from.
 */
public record GenerativeBlueprint(GenerativeFamily family, NetworkBlueprint first, NetworkBlueprint second,
                                  GenerativeSettings settings) implements TrainableBlueprint {

    @Override
    public GenerativeModel newTrainable() {
        return of(family, (MultiLayerNetwork) first.build(), (MultiLayerNetwork) second.build(), settings);
    }

    /** The model over existing networks (fresh, or loaded from an artifact). */
    public static GenerativeModel of(GenerativeFamily family, MultiLayerNetwork first, MultiLayerNetwork second,
                                     GenerativeSettings settings) {
        return family == GenerativeFamily.GAN ? new Gan(first, second, settings) : new Vae(first, second, settings);
    }
}
