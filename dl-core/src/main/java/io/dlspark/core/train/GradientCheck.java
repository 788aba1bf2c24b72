package io.dlspark.core.train;

import io.dlspark.core.UsageException;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Flags layers whose mean gradient L2 norm is below {@code vanishingFraction} times the output layer's (vanishing
 * gradients), or above {@code explodingNorm} or not finite (exploding gradients). Frozen layers are marked frozen,
 * not judged. The output layer is the last trained layer with parameters.
 */
public record GradientCheck(double vanishingFraction, double explodingNorm) implements Serializable {
    public static final GradientCheck DEFAULT = new GradientCheck(0.01, 1000);

    public GradientCheck {
        if (!(vanishingFraction > 0 && vanishingFraction < 1)) {
            throw new UsageException("--vanishing-fraction: must be in (0, 1), got " + vanishingFraction);
        }
        if (!(explodingNorm > 0)) {
            throw new UsageException("--exploding-norm: must be positive, got " + explodingNorm);
        }
    }

    /** What the check says about one layer: only {@link #VANISHING} and {@link #EXPLODING} are problems. */
    public enum Flag {
        OK, VANISHING, EXPLODING, FROZEN;

        public boolean problem() {
            return this == VANISHING || this == EXPLODING;
        }
    }

    /** One layer's figures and flag; {@code relativeNorm} is its gradient norm over the output layer's. */
    public record Finding(GradientSums.LayerGradients layer, double relativeNorm, Flag flag) implements Serializable {
    }

    public List<Finding> assess(List<GradientSums.LayerGradients> layers) {
        List<Finding> findings = new ArrayList<>();
        if (layers.isEmpty()) {
            return findings;
        }
        double output = layers.stream().filter(l -> !l.frozen()).reduce((a, b) -> b)
            .map(GradientSums.LayerGradients::gradientNorm).orElse(0.0);
        for (GradientSums.LayerGradients layer : layers) {
            double relative = output > 0 ? layer.gradientNorm() / output : Double.NaN;
            Flag flag = layer.frozen() ? Flag.FROZEN
                : !Double.isFinite(layer.gradientNorm()) || layer.gradientNorm() > explodingNorm ? Flag.EXPLODING
                : output > 0 && relative < vanishingFraction ? Flag.VANISHING : Flag.OK;
            findings.add(new Finding(layer, relative, flag));
        }
        return findings;
    }

    /** The per-layer table printed at the end of training. */
    public String table(List<GradientSums.LayerGradients> layers) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
            "gradients per layer (mean over the last epoch's minibatches; vanishing below %s x output, exploding above %s)%n",
            vanishingFraction, explodingNorm));
        out.append(String.format(Locale.ROOT, "%-8s %14s %12s %16s  %s%n", "layer", "grad L2 norm", "vs output", "update/param", "flag"));
        for (Finding f : assess(layers)) {
            out.append(String.format(Locale.ROOT, "%-8s %14.4e %12.4e %16.4e  %s%n", f.layer().layer(), f.layer().gradientNorm(),
                f.relativeNorm(), f.layer().updateRatio(), f.flag() == Flag.OK ? "" : f.flag().name()));
        }
        return out.toString();
    }
}
