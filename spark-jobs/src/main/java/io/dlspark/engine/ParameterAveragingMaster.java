package io.dlspark.engine;

import io.dlspark.core.DataException;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.EpochPlan;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.PartitionData;
import io.dlspark.core.train.RecordAugmenter;
import io.dlspark.core.train.RoundFitter;
import io.dlspark.core.train.RoundSum;
import io.dlspark.core.train.TrainableBlueprint;
import io.dlspark.feed.TrainingData;
import io.dlspark.gpu.GpuPinning;
import io.dlspark.spark.JobDescription;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.util.Iterator;
import java.util.List;

/**
 * Synchronous parameter averaging on Spark: each round every worker fits its next K minibatches of {@link EpochPlan}
 * from the averaged state, and the states are averaged by samples over the chosen {@link RoundExchange}.
 */
public final class ParameterAveragingMaster implements AutoCloseable {
    private final JavaSparkContext jsc;
    private final TrainingSettings settings;
    private final TrainableBlueprint blueprint;
    private final RoundFitter fitter;
    private final EpochPlan plan;
    private final Broadcast<RecordAugmenter> augmenter;
    private final LiveRounds live;
    private final TreeRounds trees;
    private ExchangeTraffic traffic;

    public ParameterAveragingMaster(JavaSparkContext jsc, TrainingSettings settings, TrainableBlueprint blueprint,
                                    MinibatchAssembler assembler) {
        this(jsc, settings, blueprint, assembler, null);
    }

    /** A master whose workers augment the training records online with {@code augmenter} (none when null). */
    public ParameterAveragingMaster(JavaSparkContext jsc, TrainingSettings settings, TrainableBlueprint blueprint,
                                    MinibatchAssembler assembler, RecordAugmenter augmenter) {
        this.jsc = jsc;
        this.settings = settings;
        this.blueprint = blueprint;
        this.plan = new EpochPlan(settings.seed(), settings.batchSize(), settings.averagingFrequency());
        this.fitter = new RoundFitter(plan, assembler);
        this.augmenter = augmenter == null ? null : jsc.broadcast(augmenter);
        this.live = settings.exchange() != RoundExchange.JOBS
            ? new LiveRounds(jsc, settings, blueprint, fitter, this.augmenter) : null;
        this.trees = new TreeRounds(jsc, settings);
    }

    /** Ends a live exchange's job and drops the broadcast augmenter, if any; the master is not used afterwards. */
    public void release() {
        if (live != null) {
            live.close();
        }
        trees.close();
        if (augmenter != null) {
            augmenter.destroy();
        }
    }

    /** Same as {@link #release()}. */
    @Override
    public void close() {
        release();
    }

    public EpochPlan plan() {
        return plan;
    }

    /** Rounds in every epoch of this data. */
    public int rounds(TrainingData data) {
        return plan.rounds(data.sizes());
    }

    /**
     * The bytes the last round moved over a barrier exchange's channels; null with {@link RoundExchange#JOBS}, whose
     * bytes travel through Spark's block manager.
     */
    public ExchangeTraffic lastTraffic() {
        return traffic;
    }

    /**
     * Runs one round and returns the averaged state; {@code onRound} receives its statistics. With
     * {@link RoundExchange#ALLREDUCE} the workers keep the averaged state between rounds, and a round after which
     * the driver does not need it returns {@code state} unchanged.
     */
    public NetworkState round(TrainingData data, NetworkState state, int epoch, int round, RoundListener onRound) {
        int rounds = rounds(data);
        long start = System.nanoTime();
        RoundSum sum;
        long broadcast;
        NetworkState averaged = null;
        boolean finite = true;
        if (live != null) {
            LiveRounds.Exchanged exchanged = live.round(data, state, epoch, round, rounds);
            sum = exchanged.sum();
            broadcast = start + exchanged.sendNanos();
            traffic = exchanged.traffic();
            if (live.averagedByWorkers()) {
                averaged = exchanged.averaged() == null ? state : exchanged.averaged();
                finite = exchanged.finite();
            }
        } else {
            Broadcast<NetworkState> published = jsc.broadcast(state);
            broadcast = System.nanoTime();
            JobDescription described = JobDescription.of(jsc.sc(),
                String.format("dlspark train epoch %d round %d/%d", epoch + 1, round + 1, rounds));
            sum = trees.reduce(roundJob(data, published, epoch, round), epoch, round);
            published.destroy();
            described.close();
        }
        long reduced = System.nanoTime();
        if (averaged == null) {
            // a live exchange's workers decode the state in the exchange's precision: the driver keeps what they see
            averaged = settings.exchangePrecision().round(sum.average(state));
            finite = finite(averaged.params());
        }
        long done = System.nanoTime();
        double[] losses = sum.lossSums();
        for (int i = 0; i < losses.length; i++) {
            losses[i] = sum.samples() == 0 ? 0 : losses[i] / sum.samples();
        }
        double loss = losses[0];
        if (!Double.isFinite(loss) || !finite) {
            throw new DataException(String.format("training diverged: non-finite loss (%s) at epoch %d round %d/%d; "
                + "lower the learning rate or check the data", loss, epoch + 1, round + 1, rounds));
        }
        double jobMs = (reduced - broadcast) / 1e6;
        double fitMs = sum.maxFitNanos() / 1e6;
        onRound.onRound(new RoundStats(epoch, round, rounds, sum.samples(), loss, (broadcast - start) / 1e6, fitMs,
            (sum.maxFitNanos() - sum.meanFitNanos()) / 1e6, Math.max(0, jobMs - fitMs), (done - reduced) / 1e6,
            (done - start) / 1e6, losses, sum.gradients()));
        return averaged;
    }

    /** The round as one Spark job: each task fits its partition from the broadcast state. */
    private JavaRDD<RoundSum> roundJob(TrainingData data, Broadcast<NetworkState> published, int epoch, int round) {
        TrainableBlueprint bp = blueprint;
        RoundFitter fit = fitter;
        int threads = settings.threadsPerWorker();
        boolean gpus = GpuPinning.requested(jsc.getConf());
        Broadcast<RecordAugmenter> augment = augmenter;
        return data.partitions().mapPartitions((Iterator<PartitionData> it) -> {
            PartitionData partition = it.next();
            return NetworkPool.withTrainable(bp, gpus, threads, trainable -> List.of(fit.fit(trainable, published.value(),
                partition, epoch, round, augment == null ? null : augment.value())).iterator());
        });
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
