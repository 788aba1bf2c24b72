package io.dlspark.core.model.transformer.blocks;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Weight initialisation of the transformer blocks, from ND4J's random generator (which the network seeds). */
final class Init {
    private Init() {
    }

    /** Gaussian with variance 2 / (fanIn + fanOut) (Glorot). */
    static void xavier(INDArray weights, long fanIn, long fanOut) {
        weights.assign(Nd4j.randn(weights.dataType(), weights.shape()).muli(Math.sqrt(2.0 / (fanIn + fanOut))));
    }
}
