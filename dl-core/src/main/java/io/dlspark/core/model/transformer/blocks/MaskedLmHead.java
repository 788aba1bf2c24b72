package io.dlspark.core.model.transformer.blocks;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InputType.InputTypeRecurrent;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffOutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * The masked-language-model head: a softmax over the vocabulary from each position of {@code [batch, hidden,
 * length]}. Its output is every position's distribution {@code [batch, vocabulary, length]}; its loss takes sparse
 * labels {@code [batch, length]} (the target id where a token is predicted, {@link #NOT_PREDICTED} elsewhere) and
 * projects only the predicted positions.
 */
public class MaskedLmHead extends SameDiffOutputLayer {
    /** The label of a position whose token is not predicted. */
    public static final float NOT_PREDICTED = -1f;
    static final String WEIGHTS = "W";
    static final String BIAS = "b";
    private static final String PROBABILITIES = "probabilities";

    private long hidden;
    private long vocabulary;
    private long length;

    /** For JSON deserialisation. */
    public MaskedLmHead() {
    }

    public MaskedLmHead(long hidden, long vocabulary) {
        this.hidden = hidden;
        this.vocabulary = vocabulary;
    }

    /**
     * Defines the output (the per-position softmax) and returns the loss: the cross-entropy summed over the predicted
     * positions, per sequence, as DL4J's softmax output layer with a labels mask scores it.
     */
    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, SDVariable labels, Map<String, SDVariable> params) {
        SDVariable kernel = params.get(WEIGHTS);
        SDVariable bias = params.get(BIAS);
        // one row per position: [batch, hidden, length] -> [batch * length, hidden]
        SDVariable rows = sd.reshape(sd.permute(input, 0, 2, 1), -1, hidden);
        SDVariable everywhere = sd.nn.softmax(rows.mmul(kernel).add(bias), 1);
        sd.permute(PROBABILITIES, sd.reshape(everywhere, -1, length, vocabulary), 0, 2, 1);
        SDVariable loss = loss(sd, rows, labels, kernel, bias);
        loss.markAsLoss();
        return loss;
    }

    /** The cross-entropy at the positions whose label is a token id, summed over the minibatch. */
    private SDVariable loss(SameDiff sd, SDVariable rows, SDVariable labels, SDVariable kernel, SDVariable bias) {
        // the predicted positions' rows, and one more, of zeros and weight 0, so that the set is never empty
        DataType type = kernel.dataType();
        SDVariable none = sd.constant(Nd4j.zeros(type, 1));
        SDVariable labelled = sd.reshape(Blocks.constant(sd, labels), -1);
        SDVariable targets = sd.concat(0, labelled, none);
        SDVariable weights = sd.concat(0, labelled.gte(0).castTo(type), none);
        SDVariable predicted = sd.reshape(sd.where(targets.gte(0)), -1);
        SDVariable extended = sd.concat(0, rows, sd.constant(Nd4j.zeros(type, 1, hidden)));
        // gathered as a product with a 0/1 selection matrix: M2.1's gather back-propagates wrongly
        // (positions 0, 1, ... as an exclusive cumulative sum of ones: M2.1 logs warnings for range, sizeAt, onesLike)
        SDVariable positions = sd.cumsum(targets.mul(0).add(1), true, false, 0);
        SDVariable selection = sd.eq(sd.reshape(predicted.castTo(type), -1, 1), sd.reshape(positions, 1, -1))
            .castTo(type);
        SDVariable logits = Blocks.constant(sd, selection).mmul(extended).mmul(kernel).add(bias);
        // the targets' log-probabilities, from elementary ops: M2.1's sparse softmax cross-entropy back-propagates
        // without its output gradient's weights, and its log-softmax fails along a dimension
        SDVariable ids = sd.gather(targets, predicted, 0).castTo(DataType.INT32);
        SDVariable shifted = logits.sub(Blocks.constant(sd, logits.max(true, 1)));
        SDVariable target = shifted.mul(sd.oneHot(ids, (int) vocabulary).castTo(type)).sum(1);
        SDVariable logProbabilities = target.sub(sd.math.log(sd.math.exp(shifted).sum(1)));
        // summed over the minibatch: DL4J divides the gradients and the score by its size
        return logProbabilities.mul(sd.gather(weights, predicted, 0)).neg().sum();
    }

    @Override
    public String activationsVertexName() {
        return PROBABILITIES;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(WEIGHTS, hidden, vocabulary);
        params.addBiasParam(BIAS, vocabulary);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        // as DL4J's dense output layers draw it (column-major), so the head starts where the dense one did
        INDArray weights = Nd4j.createUninitialized(params.get(WEIGHTS).dataType(), new long[] {hidden, vocabulary}, 'f');
        WeightInit.XAVIER.getWeightInitFunction().init(hidden, vocabulary, weights.shape(), 'f', weights);
        params.get(WEIGHTS).assign(weights);
        params.get(BIAS).assign(0);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray view, boolean initialize, DataType dataType) {
        MaskedLmHeadLayer layer = new MaskedLmHeadLayer(conf, dataType);
        layer.setIndex(index);
        layer.setParamsViewArray(view);
        layer.setParamTable(initializer().init(conf, view, initialize));
        layer.setConf(conf);
        return layer;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.recurrent(vocabulary, Blocks.sequence(inputType, this).getTimeSeriesLength());
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        InputTypeRecurrent in = Blocks.sequence(inputType, this);
        if (hidden <= 0 || override) {
            hidden = in.getSize();
        }
        length = in.getTimeSeriesLength();
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    public long getHidden() {
        return hidden;
    }

    public long getVocabulary() {
        return vocabulary;
    }

    public long getLength() {
        return length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaskedLmHead h && super.equals(o) && hidden == h.hidden && vocabulary == h.vocabulary
            && length == h.length;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), hidden, vocabulary, length);
    }
}
