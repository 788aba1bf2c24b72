package io.dlspark.core.gen;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.HeaderedCatalogSpec;
import io.dlspark.core.model.OptimizerConfig;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/**
 * A generative model spec from {@code conf/models/} (kinds {@code gan-mlp}, {@code dcgan}, {@code vae-mlp}) that
 * builds an initialised {@link GenerativeModel} for an image shape.
 */
public interface GenerativeSpec extends HeaderedCatalogSpec {
    GenerativeFamily family();

    /** The latent size and the family's fitting settings. */
    GenerativeSettings settings();

    GenerativeModel build(ImageShape input, OptimizerConfig optimizer, long seed);

    /**
     * The configuration builder every network of a generative model starts from: the optimizer's updater (with its
     * schedule and weight decay), where GANs replace Adam's default beta1 0.9 by 0.5 (Radford et al.).
     */
    static NeuralNetConfiguration.Builder base(OptimizerConfig optimizer, GenerativeFamily family, long seed) {
        NeuralNetConfiguration.Builder builder = optimizer.applyTo(
            new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT));
        if (family == GenerativeFamily.GAN && optimizer.updater() instanceof Adam adam) {
            adam.setBeta1(0.5);
            builder.updater(adam);
        }
        return builder;
    }
}
