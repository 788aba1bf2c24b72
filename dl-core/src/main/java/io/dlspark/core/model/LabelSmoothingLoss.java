package io.dlspark.core.model;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Multi-class cross-entropy against labels smoothed to {@code (1 - smoothing) * y + smoothing / K} (Szegedy et al.
 * 2016), which DL4J's {@link LossMCXENT} lacks. Serialises with the network configuration (DL4J's shaded Jackson).
 */
public final class LabelSmoothingLoss extends LossMCXENT {
    private final double smoothing;

    public LabelSmoothingLoss(@JsonProperty("smoothing") double smoothing) {
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + smoothing);
        }
        this.smoothing = smoothing;
    }

    @JsonProperty("smoothing")
    public double getSmoothing() {
        return smoothing;
    }

    /** The smoothed targets; a copy, the caller's labels are left alone. */
    INDArray smooth(INDArray labels) {
        long classes = labels.size(1);
        return labels.mul(1 - smoothing).addi(smoothing / classes);
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        return super.computeScore(smooth(labels), preOutput, activationFn, mask, average);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return super.computeScoreArray(smooth(labels), preOutput, activationFn, mask);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return super.computeGradient(smooth(labels), preOutput, activationFn, mask);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                         INDArray mask, boolean average) {
        return super.computeGradientAndScore(smooth(labels), preOutput, activationFn, mask, average);
    }

    @Override
    public String name() {
        return "LabelSmoothingLoss(" + smoothing + ")";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSmoothingLoss other && other.smoothing == smoothing;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(smoothing);
    }
}
