package io.dlspark.core.train;

import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.nn.Networks;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * One worker's part of a round, outside Spark: sets the broadcast state into a {@link Trainable}, fits the round's
 * minibatches and returns the state as a {@link RoundSum}. The Spark worker, the single-machine oracle and the trial
 * trainer all go through here.
 */
public final class RoundFitter implements java.io.Serializable {
    private final EpochPlan plan;
    private final MinibatchAssembler assembler;

    public RoundFitter(EpochPlan plan, MinibatchAssembler assembler) {
        this.plan = plan;
        this.assembler = assembler;
    }

    /**
     * Fits the round's minibatches of {@code data} from {@code start}. With an {@code augmenter} (null for none),
     * each minibatch's records are augmented for {@code epoch} just before assembly.
     */
    public RoundSum fit(Trainable trainable, NetworkState start, PartitionData data, int epoch, int round,
                        RecordAugmenter augmenter) {
        long began = System.nanoTime();
        trainable.apply(start);
        NeuralNetwork probed = trainable.probedNetwork();
        GradientProbe probe = probed == null ? null : new GradientProbe(GradientSums.layersOf(probed));
        Fitted fitted = fit(trainable, data, epoch, round, probe, augmenter);
        if (fitted.steps() == 0) {
            return RoundSum.of(start, 0, 0, fitted.losses(), System.nanoTime() - began);
        }
        return RoundSum.of(trainable.state(), fitted.samples(), fitted.steps(), fitted.losses(),
            System.nanoTime() - began, probe == null ? null : probe.sums());
    }

    /** Fits the round's minibatches into the network as it stands, without augmentation or gradient probe. */
    public Fitted fitInPlace(NeuralNetwork net, PartitionData data, int epoch, int round) {
        return fit(new SingleNetwork(net), data, epoch, round, null, null);
    }

    private Fitted fit(Trainable trainable, PartitionData data, int epoch, int round, GradientProbe probe,
                       RecordAugmenter augmenter) {
        int steps = plan.batchesInRound(data.size(), round);
        double[] losses = new double[trainable.lossNames().size()];
        if (steps == 0) {
            return new Fitted(0, 0, losses);
        }
        int[] order = plan.order(data.size(), epoch, data.worker());
        long samples = 0;
        int first = plan.firstBatch(round);
        Model probed = probe == null ? null : (Model) trainable.probedNetwork();
        List<TrainingListener> listeners = probed == null ? List.of() : Networks.listeners((NeuralNetwork) probed);
        for (int b = first; b < first + steps; b++) {
            int from = b * plan.batchSize();
            int to = Math.min(from + plan.batchSize(), data.size());
            DataSet batch = augmenter == null ? assembler.assemble(data, order, from, to, epoch)
                : assembler.assemble(AugmentedBatch.of(data, order, from, to, augmenter, epoch),
                    AugmentedBatch.identity(to - from), 0, to - from);
            long seed = plan.batchSeed(epoch, data.worker(), b);
            Nd4j.getRandom().setSeed(seed);
            double[] batchLosses = b == first && probed != null ? fitProbed(trainable, batch, seed, probed, listeners, probe)
                : trainable.fit(batch, seed);
            samples += to - from;
            for (int i = 0; i < losses.length; i++) {
                losses[i] += batchLosses[i] * (to - from);
            }
        }
        return new Fitted(samples, steps, losses);
    }

    /** Fits one minibatch with the probe listening; the probe costs too much to run on every minibatch of a small net. */
    private static double[] fitProbed(Trainable trainable, DataSet batch, long seed, Model probed,
                                      List<TrainingListener> listeners, GradientProbe probe) {
        List<TrainingListener> withProbe = new ArrayList<>(listeners);
        withProbe.add(probe);
        probed.setListeners(withProbe);
        try {
            return trainable.fit(batch, seed);
        } finally {
            probed.setListeners(listeners);
        }
    }

    /** Records fitted, minibatches fitted and the sample-weighted sums of the minibatch losses, by loss name. */
    public record Fitted(long samples, int steps, double[] losses) {
        /** The sample-weighted sum of the first (for a single network, the only) loss. */
        public double lossSum() {
            return losses.length == 0 ? 0 : losses[0];
        }
    }
}
