package io.dlspark.core.train;

import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.nn.Networks;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;

/**
 * One worker's part of a round, outside Spark: set the broadcast state into a {@link Trainable}, fit the round's
 * minibatches of the partition, and return the resulting state as a {@link RoundSum}, with per-layer gradient
 * figures from a {@link GradientProbe} when the trainable names a network to probe. The Spark worker and the
 * single-machine oracle both go through here.
 */
public final class RoundFitter implements java.io.Serializable {
    private final EpochPlan plan;
    private final MinibatchAssembler assembler;

    public RoundFitter(EpochPlan plan, MinibatchAssembler assembler) {
        this.plan = plan;
        this.assembler = assembler;
    }

    public RoundSum fit(Trainable trainable, NetworkState start, PartitionData data, int epoch, int round) {
        long began = System.nanoTime();
        trainable.apply(start);
        int steps = plan.batchesInRound(data.size(), round);
        double[] losses = new double[trainable.lossNames().size()];
        if (steps == 0) {
            return RoundSum.of(start, 0, 0, losses, System.nanoTime() - began);
        }
        int[] order = plan.order(data.size(), epoch, data.worker());
        long samples = 0;
        int first = plan.firstBatch(round);
        NeuralNetwork probed = trainable.probedNetwork();
        GradientProbe probe = probed == null ? null : new GradientProbe(GradientSums.layersOf(probed));
        List<TrainingListener> listeners = probed == null ? List.of() : Networks.listeners(probed);
        if (probe != null) {
            List<TrainingListener> withProbe = new ArrayList<>(listeners);
            withProbe.add(probe);
            ((Model) probed).setListeners(withProbe);
        }
        try {
            for (int b = first; b < first + steps; b++) {
                int from = b * plan.batchSize();
                int to = Math.min(from + plan.batchSize(), data.size());
                DataSet batch = assembler.assemble(data, order, from, to);
                double[] batchLosses = trainable.fit(batch, plan.batchSeed(epoch, data.worker(), b));
                samples += to - from;
                for (int i = 0; i < losses.length; i++) {
                    losses[i] += batchLosses[i] * (to - from);
                }
            }
        } finally {
            if (probe != null) {
                ((Model) probed).setListeners(listeners);
            }
        }
        return RoundSum.of(trainable.state(), samples, steps, losses, System.nanoTime() - began,
            probe == null ? null : probe.sums());
    }
}
