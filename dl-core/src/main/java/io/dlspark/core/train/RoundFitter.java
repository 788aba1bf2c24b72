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
 * One worker's part of a round, outside Spark: set the broadcast state into a network, fit the round's minibatches
 * of the partition, and return the resulting state as a {@link RoundSum}, with per-layer gradient figures from a
 * {@link GradientProbe}. The Spark worker, the single-machine oracle and the single-machine trial trainer
 * ({@link LocalTrainer}, through {@link #fitInPlace}, without the probe) all go through here.
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
    public RoundSum fit(NeuralNetwork net, NetworkState start, PartitionData data, int epoch, int round,
                        RecordAugmenter augmenter) {
        long began = System.nanoTime();
        start.applyTo(net);
        GradientProbe probe = new GradientProbe(GradientSums.layersOf(net));
        Fitted fitted = fit(net, data, epoch, round, probe, augmenter);
        if (fitted.steps() == 0) {
            return RoundSum.of(start, 0, 0, 0.0, System.nanoTime() - began);
        }
        return RoundSum.of(NetworkState.of(net), fitted.samples(), fitted.steps(), fitted.lossSum(),
            System.nanoTime() - began, probe.sums());
    }

    /** Fits the round's minibatches into the network as it stands, without augmentation or gradient probe. */
    public Fitted fitInPlace(NeuralNetwork net, PartitionData data, int epoch, int round) {
        return fit(net, data, epoch, round, null, null);
    }

    private Fitted fit(NeuralNetwork net, PartitionData data, int epoch, int round, GradientProbe probe,
                       RecordAugmenter augmenter) {
        int steps = plan.batchesInRound(data.size(), round);
        if (steps == 0) {
            return new Fitted(0, 0, 0.0);
        }
        int[] order = plan.order(data.size(), epoch, data.worker());
        long samples = 0;
        double loss = 0;
        int first = plan.firstBatch(round);
        Model model = (Model) net;
        List<TrainingListener> listeners = Networks.listeners(net);
        if (probe != null) {
            List<TrainingListener> probed = new ArrayList<>(listeners);
            probed.add(probe);
            model.setListeners(probed);
        }
        try {
            for (int b = first; b < first + steps; b++) {
                int from = b * plan.batchSize();
                int to = Math.min(from + plan.batchSize(), data.size());
                DataSet batch = augmenter == null ? assembler.assemble(data, order, from, to)
                    : assembler.assemble(AugmentedBatch.of(data, order, from, to, augmenter, epoch),
                        AugmentedBatch.identity(to - from), 0, to - from);
                net.fit(batch);
                samples += to - from;
                loss += Networks.score(net) * (to - from);
            }
        } finally {
            model.setListeners(listeners);
        }
        return new Fitted(samples, steps, loss);
    }

    /** Records fitted, minibatches fitted and the sample-weighted sum of minibatch losses. */
    public record Fitted(long samples, int steps, double lossSum) {
    }
}
