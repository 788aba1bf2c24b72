package io.dlspark.core.model.transformer;

import io.dlspark.core.model.transformer.blocks.MaskedLmHead;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;

/**
 * Scores a masked language model where it predicts: the encoder runs up to the head's input, and the head's
 * projection, log-softmax and argmax are taken at the positions whose label is a token id only, never the
 * per-position softmax over the whole vocabulary the graph's output holds (a {@code [64, 8192, 128]} batch is 268 MB).
 */
public final class MaskedLmScoring {
    private MaskedLmScoring() {
    }

    /** What a minibatch contributes: the summed cross-entropy, the right predictions and the predicted positions. */
    public record Sums(double loss, long right, long predicted) {
        /** Both added. */
        public Sums plus(Sums other) {
            return new Sums(loss + other.loss, right + other.right, predicted + other.predicted);
        }
    }

    /**
     * The sums of one minibatch: {@code features} {@code [batch, length]} token ids, {@code labels} {@code [batch,
     * length]} target ids where a token is predicted and {@link MaskedLmHead#NOT_PREDICTED} elsewhere.
     */
    public static Sums score(ComputationGraph graph, INDArray features, INDArray labels) {
        long batch = labels.size(0);
        long length = labels.size(1);
        float[] label = labels.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int count = 0;
        for (float l : label) {
            count += l >= 0 ? 1 : 0;
        }
        if (count == 0) {
            return new Sums(0, 0, 0);
        }
        int[] rows = new int[count];
        int[] targets = new int[count];
        for (int i = 0, p = 0; i < label.length; i++) {
            if (label[i] >= 0) {
                rows[p] = i;
                targets[p++] = (int) label[i];
            }
        }
        String head = TransformerSpec.MLM_OUTPUT;
        List<String> inputs = graph.getConfiguration().getVertexInputs().get(head);
        if (inputs == null) {
            throw new IllegalArgumentException("the network has no masked-language-model head '" + head + "'");
        }
        String last = inputs.get(0);
        INDArray hidden = graph.feedForward(new INDArray[] {features}, layerIndex(graph, last), false).get(last);
        // [batch, hidden, length] -> one row per position, row k * length + t as the labels are laid out
        INDArray positions = hidden.permute(0, 2, 1).dup('c').reshape(batch * length, hidden.size(1));
        Layer layer = graph.getLayer(head);
        INDArray logits = Nd4j.pullRows(positions, 1, rows).mmul(layer.getParam("W"))
            .addiRowVector(layer.getParam("b").reshape(-1));
        INDArray max = logits.max(1);
        INDArray logSum = Transforms.log(Transforms.exp(logits.subColumnVector(max), false).sum(1), false).addi(max);
        INDArray best = Nd4j.argMax(logits, 1);
        double loss = 0;
        long right = 0;
        for (int p = 0; p < count; p++) {
            loss += logSum.getDouble(p) - logits.getDouble(p, targets[p]);
            right += best.getLong(p) == targets[p] ? 1 : 0;
        }
        return new Sums(loss, right, count);
    }

    /** The position of layer {@code name} in the graph's layer array, which is how a partial forward pass counts. */
    private static int layerIndex(ComputationGraph graph, String name) {
        Layer[] layers = graph.getLayers();
        for (int i = 0; i < layers.length; i++) {
            if (name.equals(layers[i].conf().getLayer().getLayerName())) {
                return i;
            }
        }
        throw new IllegalArgumentException("the network's masked-language-model head reads '" + name
            + "', which is not a layer");
    }
}
