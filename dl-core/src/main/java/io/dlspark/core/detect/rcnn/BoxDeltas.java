package io.dlspark.core.detect.rcnn;

import io.dlspark.core.detect.Box;

/**
 * The R-CNN box-regression parameterisation: a target box relative to a proposal as
 * {@code tx = (gx - px) / pw, ty = (gy - py) / ph, tw = ln(gw / pw), th = ln(gh / ph)} (centres and sizes).
 */
public final class BoxDeltas {

    private BoxDeltas() {
    }

    /** The deltas {@code (tx, ty, tw, th)} that move {@code proposal} onto {@code target}. */
    public static double[] encode(Box proposal, Box target) {
        return new double[] {
            (target.centerX() - proposal.centerX()) / proposal.width(),
            (target.centerY() - proposal.centerY()) / proposal.height(),
            Math.log(target.width() / proposal.width()),
            Math.log(target.height() / proposal.height())};
    }

    /** The box that {@code deltas} make of {@code proposal}; the inverse of {@link #encode}. */
    public static Box decode(Box proposal, double[] deltas) {
        double cx = proposal.centerX() + deltas[0] * proposal.width();
        double cy = proposal.centerY() + deltas[1] * proposal.height();
        double w = proposal.width() * Math.exp(deltas[2]);
        double h = proposal.height() * Math.exp(deltas[3]);
        return new Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
    }
}
