package io.dlspark.core.train;

import io.dlspark.core.model.transformer.blocks.MaskedLmHead;
import io.dlspark.core.nn.HostFloats;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Builds masked-language-model minibatches from token records: the corrupted ids as {@code [batch, length]} features
 * and sparse {@code [batch, length]} labels, the original id at each position to predict and {@link MaskedLmHead#NOT_PREDICTED}
 * elsewhere, so that the loss covers those positions alone.
 */
public final class MaskedTokenBatches {
    private MaskedTokenBatches() {
    }

    /** Records {@code order[from..to)} of {@code data}, masked by {@code masking} for {@code epoch}. */
    public static DataSet assemble(TokenMasking masking, PartitionData data, int[] order, int from, int to, int epoch) {
        if (!(data.features() instanceof TokenRows rows)) {
            throw new IllegalStateException("masked-language-model minibatches need token records, not "
                + data.features().getClass().getSimpleName());
        }
        int n = to - from;
        int length = rows.length();
        float[] features = new float[n * length];
        float[] labels = new float[n * length];
        for (int k = 0; k < n; k++) {
            int record = order[from + k];
            TokenMasking.Masked masked = masking.mask(rows.ids(), record * length, length, data.recordKeys()[record], epoch);
            for (int t = 0; t < length; t++) {
                features[k * length + t] = masked.input()[t];
                labels[k * length + t] = masked.predicted()[t] ? rows.ids()[record * length + t] : MaskedLmHead.NOT_PREDICTED;
            }
        }
        return new DataSet(HostFloats.array(features, n, length), HostFloats.array(labels, n, length));
    }
}
