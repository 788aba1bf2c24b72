package io.dlspark.core.nn.onednn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's activation layer for a plain ReLU, computed in one pass each way: the forward pass writes max(x, 0) into a
 * new array (DL4J copies the input first, then rectifies the copy) and the backward pass writes the masked gradient
 * into a new array (DL4J copies the input, builds the mask, then copies the result). Same numbers as DL4J's layer.
 */
final class SinglePassReluLayer extends ActivationLayer {

    SinglePassReluLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Whether {@code activation} is a ReLU without a cap, threshold or negative slope. */
    static boolean handles(IActivation activation) {
        return activation instanceof ActivationReLU relu && relu.getMax() == null
            && zeroOrUnset(relu.getThreshold()) && zeroOrUnset(relu.getNegativeSlope());
    }

    private static boolean zeroOrUnset(Double value) {
        return value == null || value == 0.0;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.shape(), 'c');
        Nd4j.getExecutioner().exec(new RectifiedLinear(input, out, 0.0));
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray gradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(),
            input.shape(), 'c');
        Nd4j.exec(new RectifiedLinearDerivative(input, epsilon, gradient));
        return new Pair<>(new DefaultGradient(), gradient);
    }
}
