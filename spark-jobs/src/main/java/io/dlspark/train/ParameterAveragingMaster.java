package io.dlspark.train;

import io.dlspark.core.DataException;
import io.dlspark.core.nn.NetworkBlueprint;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.EpochPlan;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.PartitionData;
import io.dlspark.core.train.RoundFitter;
import io.dlspark.core.train.RoundSum;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Synchronous parameter averaging on Spark. Each round broadcasts the parameters and updater state as plain arrays;
 * every worker task sets them into a network cached in its executor, fits its next K minibatches and returns its
 * state; {@code treeReduce} sums the states weighted by samples and the driver divides. The minibatch schedule is
 * {@link EpochPlan}'s, so each record is used exactly once per epoch.
 */
public final class ParameterAveragingMaster {
    private final JavaSparkContext jsc;
    private final TrainingSettings settings;
    private final NetworkBlueprint blueprint;
    private final RoundFitter fitter;
    private final EpochPlan plan;

    public ParameterAveragingMaster(JavaSparkContext jsc, TrainingSettings settings, NetworkBlueprint blueprint,
                                    MinibatchAssembler assembler) {
        this.jsc = jsc;
        this.settings = settings;
        this.blueprint = blueprint;
        this.plan = new EpochPlan(settings.seed(), settings.batchSize(), settings.averagingFrequency());
        this.fitter = new RoundFitter(plan, assembler);
    }

    public EpochPlan plan() {
        return plan;
    }

    /** Rounds in every epoch of this data. */
    public int rounds(TrainingData data) {
        return plan.rounds(data.sizes());
    }

    /** Runs one round and returns the averaged state; {@code onRound} receives its statistics. */
    public NetworkState round(TrainingData data, NetworkState state, int epoch, int round, RoundListener onRound) {
        int rounds = rounds(data);
        long start = System.nanoTime();
        Broadcast<NetworkState> published = jsc.broadcast(state);
        long broadcast = System.nanoTime();
        jsc.setJobDescription(String.format("dlspark train epoch %d round %d/%d", epoch + 1, round + 1, rounds));
        NetworkBlueprint bp = blueprint;
        RoundFitter fit = fitter;
        int threads = settings.threadsPerWorker();
        JavaRDD<RoundSum> sums = data.partitions().mapPartitions((Iterator<PartitionData> it) -> {
            PartitionData partition = it.next();
            NeuralNetwork net = NetworkPool.borrow(bp, threads);
            try {
                return List.of(fit.fit(net, published.value(), partition, epoch, round)).iterator();
            } finally {
                NetworkPool.release(bp, net);
            }
        });
        RoundSum sum = reduce(sums, epoch, round);
        long reduced = System.nanoTime();
        published.destroy();
        NetworkState averaged = sum.average(state);
        long done = System.nanoTime();
        double loss = sum.samples() == 0 ? 0 : sum.lossSum() / sum.samples();
        if (!Double.isFinite(loss) || !finite(averaged.params())) {
            throw new DataException(String.format("training diverged: non-finite loss (%s) at epoch %d round %d/%d; "
                + "lower the learning rate or check the data", loss, epoch + 1, round + 1, rounds));
        }
        double jobMs = (reduced - broadcast) / 1e6;
        double fitMs = sum.maxFitNanos() / 1e6;
        onRound.onRound(new RoundStats(epoch, round, rounds, sum.samples(), loss, (broadcast - start) / 1e6, fitMs,
            (sum.maxFitNanos() - sum.meanFitNanos()) / 1e6, Math.max(0, jobMs - fitMs), (done - reduced) / 1e6,
            (done - start) / 1e6));
        jsc.setJobDescription(null);
        return averaged;
    }

    private RoundSum reduce(JavaRDD<RoundSum> sums, int epoch, int round) {
        if (settings.roundTimeoutSeconds() == 0) {
            return sums.treeReduce(RoundSum::merge, settings.treeDepth());
        }
        JavaFutureAction<List<RoundSum>> future = sums.collectAsync();
        try {
            List<RoundSum> parts = future.get(settings.roundTimeoutSeconds(), TimeUnit.SECONDS);
            RoundSum total = parts.get(0);
            for (int i = 1; i < parts.size(); i++) {
                total.merge(parts.get(i));
            }
            return total;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new DataException(String.format("round %d of epoch %d did not finish within --round-timeout %d s; "
                + "a worker is hung or far too slow", round + 1, epoch + 1, settings.roundTimeoutSeconds()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException("interrupted while waiting for round " + (round + 1), e);
        } catch (ExecutionException e) {
            throw new DataException("round " + (round + 1) + " of epoch " + (epoch + 1) + " failed: "
                + e.getCause().getMessage(), e.getCause());
        }
    }

    private static boolean finite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Receives each round's statistics. */
    @FunctionalInterface
    public interface RoundListener {
        void onRound(RoundStats stats);
    }
}
