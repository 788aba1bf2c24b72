package io.dlspark.core.gen;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.OptimizerConfig;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/** A named generative model that builds an initialised {@link GenerativeModel} for an image shape. */
public interface GenerativeSpec {
    String name();

    GenerativeFamily family();

    /** Whether the networks take images as {@code [batch, channels, height, width]} (else flat vectors). */
    boolean convolutional();

    /** The learning rate when {@code --learning-rate} is not given. */
    double defaultLearningRate();

    GenerativeModel build(ImageShape input, OptimizerConfig optimizer, long seed);

    /**
     * The updater of a generative model: GANs replace Adam's default beta1 0.9 by 0.5 (Radford et al.), other
     * optimizers as configured.
     */
    static IUpdater updater(OptimizerConfig optimizer, GenerativeFamily family) {
        if (family == GenerativeFamily.GAN && optimizer.name().equals("adam")) {
            return new Adam(optimizer.learningRate(), 0.5, 0.999, 1e-8);
        }
        return optimizer.updater();
    }

    /** The configuration builder every generative network starts from. */
    static NeuralNetConfiguration.Builder base(IUpdater updater, long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT).updater(updater);
    }
}
