package io.dlspark.core.model.transformer.blocks;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/** The padding mask of a batch of token ids, built inside a SameDiff graph: 1 where the id is not 0, else 0. */
final class PaddingMask {
    private PaddingMask() {
    }

    /** A {@code [batch, length]} mask, in the data type of {@code like}, of ids given as {@code [batch, length]} or {@code [batch, 1, length]}. */
    static SDVariable of(SameDiff sd, SDVariable tokens, SDVariable like) {
        SDVariable ids = tokens.getShape() != null && tokens.getShape().length == 3 ? sd.squeeze(tokens, 1) : tokens;
        // ids are whole numbers >= 0, so clipping to [0, 1] is the mask; DL4J asks SameDiff for every vertex input's
        // gradient, which a comparison op lacks, and stopping the gradient here gives the ids their true one, zero.
        SDVariable clipped = sd.math.clipByValue(sd.castTo(ids, like.dataType()), 0, 1);
        return new StopGradient(sd, clipped).outputVariable();
    }
}
