package io.dlspark.core.model.transformer.blocks;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InputType.InputTypeRecurrent;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/** Input-type checks and the gradient correction shared by the transformer blocks. */
final class Blocks {
    private Blocks() {
    }

    /** The input as a channels-first sequence type; anything else is a configuration error naming {@code block}. */
    static InputTypeRecurrent sequence(InputType type, Object block) {
        if (type instanceof InputTypeRecurrent r && r.getFormat() == RNNFormat.NCW && r.getTimeSeriesLength() > 0) {
            return r;
        }
        throw new IllegalArgumentException(block.getClass().getSimpleName()
            + ": needs a sequence [batch, size, length] of known length, got " + type);
    }

    /**
     * {@code output} unchanged in value, with half its gradient. DL4J 1.0.0-M2.1 passes twice the true gradient into
     * a SameDiff layer or vertex (measured against finite differences for its own {@code SelfAttentionLayer} too),
     * which doubles its parameter and input gradients at every such block; halving it here makes them exact.
     */
    static SDVariable exactGradient(SameDiff sd, SDVariable output) {
        SDVariable frozen = new StopGradient(sd, output).outputVariable();
        return output.mul(0.5).add(frozen.mul(0.5));
    }

    /** {@code input} as a constant: its gradient is zero (for the padding mask, which no parameter produces). */
    static SDVariable constant(SameDiff sd, SDVariable input) {
        return new StopGradient(sd, input).outputVariable();
    }
}
