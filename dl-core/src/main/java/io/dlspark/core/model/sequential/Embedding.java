package io.dlspark.core.model.sequential;

import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.Activation;

/**
 * Token ids to vectors of {@code dimension}; the vocabulary size comes from the token input. Must be the first
 * layer; the output is a sequence of {@code dimension} features over the input length.
 */
public record Embedding(String key, int dimension, int vocabulary) implements LayerSpec {
    @Override
    public String type() {
        return "embedding";
    }

    /** This layer for a vocabulary of {@code size} tokens. */
    Embedding withVocabulary(int size) {
        return new Embedding(key, dimension, size);
    }

    @Override
    public Shape output(Shape in) {
        Spatial.require(key, type(), in, Shape.Form.SEQUENCE, "");
        return Shape.sequence(dimension, in.width());
    }

    @Override
    public Layer toLayer(Shape in, LayerDefaults defaults) {
        return new EmbeddingSequenceLayer.Builder().nIn(vocabulary).nOut(dimension).inputLength(in.width())
            .activation(Activation.IDENTITY).hasBias(false).build();
    }

    @Override
    public long forwardFlops(Shape in, Shape out) {
        return out.size();
    }
}
