package io.dlspark.core.train;

import io.dlspark.core.nn.HostFloats;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds masked-language-model minibatches from token records: the corrupted ids as {@code [batch, length]}, one-hot
 * original ids as {@code [batch, vocabulary, length]} labels, and a {@code [batch, length]} labels mask that is 1 only
 * at the positions to predict, so that the loss covers those alone.
 */
public final class MaskedTokenBatches {
    private MaskedTokenBatches() {
    }

    /**
     * Records {@code order[from..to)} of {@code data}, masked by {@code masking} for {@code epoch}, with labels over
     * {@code vocabulary} ids (the model's output size, at least the masking's vocabulary).
     */
    public static DataSet assemble(TokenMasking masking, int vocabulary, PartitionData data, int[] order, int from, int to,
                                   int epoch) {
        if (!(data.features() instanceof TokenRows rows)) {
            throw new IllegalStateException("masked-language-model minibatches need token records, not "
                + data.features().getClass().getSimpleName());
        }
        int n = to - from;
        int length = rows.length();
        float[] features = new float[n * length];
        // zeros natively; only the predicted positions are written (a Java array of n x vocabulary x length floats
        // copied into ND4J cost more than the step's forward pass)
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, vocabulary, length);
        float[] mask = new float[n * length];
        for (int k = 0; k < n; k++) {
            int record = order[from + k];
            TokenMasking.Masked masked = masking.mask(rows.ids(), record * length, length, data.recordKeys()[record], epoch);
            for (int t = 0; t < length; t++) {
                features[k * length + t] = masked.input()[t];
                if (masked.predicted()[t]) {
                    int original = rows.ids()[record * length + t];
                    labels.putScalar(new long[] {k, original, t}, 1f);
                    mask[k * length + t] = 1f;
                }
            }
        }
        return new DataSet(HostFloats.array(features, n, length), labels, null, HostFloats.array(mask, n, length));
    }
}
