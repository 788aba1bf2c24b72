package io.dlspark.core.model.transformer.blocks;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InputType.InputTypeRecurrent;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;
import java.util.Objects;

/**
 * Multi-head scaled dot-product self-attention with biased query, key, value and output projections over a sequence
 * {@code [batch, size, length]}; its second input, the {@link PaddingMask}, masks padded keys out. With a
 * {@code window}, the sequence is consecutive windows of that many positions and each position attends only within
 * its own window (a long text read as several encoder passages at the cost of one pass each).
 */
public class MaskedSelfAttention extends BlockVertex {
    static final String INPUT = "x";
    static final String MASK = "mask";
    static final String[] PROJECTIONS = {"q", "k", "v", "o"};
    /** Added to the score of a padded key: its softmax weight underflows to exactly 0. */
    private static final double MASKED_SCORE = -1e9;

    private long size;
    private int heads;
    private long length;
    /** Positions per attention window; 0: the whole sequence is one window. */
    private long window;

    /** For JSON deserialisation. */
    public MaskedSelfAttention() {
    }

    public MaskedSelfAttention(long size, int heads) {
        this(size, heads, 0);
    }

    /** Attention within consecutive windows of {@code window} positions (0: over the whole sequence). */
    public MaskedSelfAttention(long size, int heads, long window) {
        if (window < 0) {
            throw new IllegalArgumentException("self-attention: negative window " + window);
        }
        if (heads < 1 || size % heads != 0) {
            throw new IllegalArgumentException("self-attention: size " + size + " is not a multiple of " + heads + " heads");
        }
        this.size = size;
        this.heads = heads;
        this.window = window;
    }

    @Override
    public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> inputs, Map<String, SDVariable> params,
                                   Map<String, SDVariable> masks) {
        SDVariable x = inputs.get(INPUT);
        long head = size / heads;
        SDVariable rows = sd.reshape(sd.permute(x, 0, 2, 1), -1, size);
        SDVariable q = split(sd, project(rows, params, "q"), head);
        SDVariable k = split(sd, project(rows, params, "k"), head);
        SDVariable v = split(sd, project(rows, params, "v"), head);
        // scores [batch * windows, heads, span(query), span(key)]; padded keys get a large negative score
        SDVariable scores = sd.mmul(q, k, false, true, false).mul(1.0 / Math.sqrt(head));
        SDVariable keyBias = sd.reshape(keysAttended(sd, Blocks.constant(sd, inputs.get(MASK))).rsub(1.0)
            .mul(MASKED_SCORE), -1, 1, 1, span());
        SDVariable weights = sd.nn.softmax(scores.add(keyBias), 3);
        SDVariable context = sd.reshape(sd.permute(sd.mmul(weights, v), 0, 2, 1, 3), -1, size);
        SDVariable out = project(context, params, "o");
        return Blocks.exactGradient(sd, sd.permute(sd.reshape(out, -1, length, size), 0, 2, 1));
    }

    /**
     * The keys each window attends to, {@code [batch * windows, span]}: its real positions, or in a window of padding
     * only its first position (a softmax over none has no gradient; such windows are pooled away).
     */
    private SDVariable keysAttended(SameDiff sd, SDVariable mask) {
        SDVariable windows = sd.reshape(mask, -1, span());
        SDVariable empty = windows.max(true, 1).rsub(1.0);
        if (span() == 1) {
            return windows.add(empty);
        }
        SDVariable rest = windows.get(SDIndex.all(), SDIndex.interval(1L, span())).mul(0.0);
        return windows.add(sd.concat(1, empty, rest));
    }

    private static SDVariable project(SDVariable rows, Map<String, SDVariable> params, String name) {
        return rows.mmul(params.get("W" + name)).add(params.get("b" + name));
    }

    /** [batch * length, size] to [batch * windows, heads, span, head]. */
    private SDVariable split(SameDiff sd, SDVariable rows, long head) {
        return sd.permute(sd.reshape(rows, -1, span(), heads, head), 0, 2, 1, 3);
    }

    /** Positions each query attends over. */
    private long span() {
        return window > 0 ? window : length;
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.clear();
        params.defineInputs(INPUT, MASK);
        for (String p : PROJECTIONS) {
            params.addWeightParam("W" + p, size, size);
            params.addBiasParam("b" + p, size);
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        for (String p : PROJECTIONS) {
            Init.xavier(params.get("W" + p), size, size);
            params.get("b" + p).assign(0);
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... inputs) {
        InputTypeRecurrent in = Blocks.sequence(inputs[0], this);
        if (in.getSize() != size) {
            throw new IllegalArgumentException("self-attention: input size " + in.getSize() + ", expected " + size);
        }
        length = in.getTimeSeriesLength();
        if (window > 0 && length % window != 0) {
            throw new IllegalArgumentException("self-attention: a sequence of " + length + " is not whole windows of "
                + window);
        }
        return InputType.recurrent(size, length);
    }

    @Override
    public MaskedSelfAttention clone() {
        MaskedSelfAttention copy = new MaskedSelfAttention(size, heads, window);
        copy.length = length;
        return copy;
    }

    public long getSize() {
        return size;
    }

    public int getHeads() {
        return heads;
    }

    public long getLength() {
        return length;
    }

    public long getWindow() {
        return window;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaskedSelfAttention a && super.equals(o) && size == a.size && heads == a.heads
            && length == a.length && window == a.window;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), size, heads, length, window);
    }
}
