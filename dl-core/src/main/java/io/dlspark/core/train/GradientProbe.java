package io.dlspark.core.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * A training listener that sums, per layer and over the minibatches it sees, the L2 norm of the loss gradient
 * (before the updater) and the ratio of the update's L2 norm to the parameters' L2 norm (after the step). Layers are
 * the prefixes of DL4J's parameter keys ({@code 0_W} belongs to layer {@code 0}), in {@link GradientSums#layers}
 * order.
 */
public final class GradientProbe extends BaseTrainingListener {
    private final GradientSums sums;

    public GradientProbe(List<String> layers) {
        this.sums = GradientSums.empty(layers);
    }

    public GradientSums sums() {
        return sums;
    }

    @Override
    public void onGradientCalculation(Model model) {
        double[] squares = squaredNorms(model.gradient());
        for (int i = 0; i < squares.length; i++) {
            sums.addGradientNorm(i, Math.sqrt(squares[i]));
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        double[] updates = squaredNorms(model.gradient());
        double[] params = new double[updates.length];
        for (Map.Entry<String, INDArray> entry : model.paramTable().entrySet()) {
            int layer = sums.indexOf(GradientSums.layerOf(entry.getKey()));
            if (layer >= 0) {
                double norm = entry.getValue().norm2Number().doubleValue();
                params[layer] += norm * norm;
            }
        }
        for (int i = 0; i < updates.length; i++) {
            sums.addUpdateRatio(i, params[i] == 0 ? 0 : Math.sqrt(updates[i]) / Math.sqrt(params[i]));
        }
        sums.stepDone();
    }

    private double[] squaredNorms(Gradient gradient) {
        double[] squares = new double[sums.layers().size()];
        for (Map.Entry<String, INDArray> entry : gradient.gradientForVariable().entrySet()) {
            int layer = sums.indexOf(GradientSums.layerOf(entry.getKey()));
            if (layer >= 0) {
                double norm = entry.getValue().norm2Number().doubleValue();
                squares[layer] += norm * norm;
            }
        }
        return squares;
    }
}
