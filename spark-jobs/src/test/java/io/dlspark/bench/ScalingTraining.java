package io.dlspark.bench;

import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.engine.ExchangePrecision;
import io.dlspark.engine.RoundExchange;
import io.dlspark.engine.RoundStats;
import io.dlspark.train.EpochMetrics;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainResult;
import io.dlspark.train.TrainingConfig;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Part 4b of the scaling benchmark: real LeNet training (Adam 1e-3, batch 64 per worker, K = 5, one native thread per
 * worker) through {@link TrainJob} with W workers for each exchange, printing samples/s and where the round time
 * went; with more workers than cores the workers share cores, which the fit time shows. An exchange named twice in
 * {@code --exchanges} runs twice, so that two exchanges can alternate in one run.
 */
final class ScalingTraining {
    private static final int BATCH = 64;
    private static final int K = 5;
    private final String shards;
    private final int epochs;
    private final String master;

    ScalingTraining(String shards, int epochs, String master) {
        this.shards = shards;
        this.epochs = epochs;
        this.master = master;
    }

    void run(IntFunction<SparkSession> sessions, int[] workers, List<RoundExchange> exchanges,
             ExchangePrecision precision, boolean cluster) {
        System.out.printf(Locale.ROOT, "# LeNet training, %s, %d epoch(s), batch %d per worker, K = %d, master %s, "
                + "cores on this machine: %d%n", shards, epochs, BATCH, K, master,
            Runtime.getRuntime().availableProcessors());
        System.out.println("exchange\tW\tsamples\tsamples_per_s\trounds\tround_ms\tfit_ms\twait_ms\tbroadcast_ms"
            + "\tjob_rest_ms\taverage_ms\ttrain_loss");
        Path scratch;
        try {
            scratch = Files.createTempDirectory("dlspark-scaling-lenet");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int run = 0;
        for (int w : workers) {
            SparkSession spark = sessions.apply(w);
            try {
                for (RoundExchange exchange : exchanges) {
                    epoch(spark, w, exchange, exchange == RoundExchange.JOBS ? ExchangePrecision.FP32 : precision,
                        scratch.resolve("model-" + ++run));
                }
            } finally {
                if (cluster) {
                    spark.stop();
                }
            }
        }
    }

    private void epoch(SparkSession spark, int workers, RoundExchange exchange, ExchangePrecision precision,
                       Path output) {
        TrainingConfig request = TrainingConfig.builder().data(shards).model("lenet").epochs(epochs)
            .output(output.toUri().toString()).workers(workers).batchSize(BATCH).averagingFrequency(K).treeDepth(2)
            .seed(42).roundTimeoutSeconds(0).threadsPerWorker(1).exchange(exchange).exchangePrecision(precision)
            .optimizer(OptimizerConfig.adam(1e-3)).overwrite(false).checkpointEveryRounds(0).build();
        List<RoundStats> rounds = new ArrayList<>();
        TrainResult result;
        try {
            result = new TrainJob(spark, new PrintWriter(OutputStream.nullOutputStream())).run(request, rounds::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long samples = rounds.stream().mapToLong(RoundStats::samples).sum();
        double wall = rounds.stream().mapToDouble(RoundStats::wallMs).sum();
        int n = rounds.size();
        EpochMetrics last = result.epochs().get(result.epochs().size() - 1);
        System.out.printf(Locale.ROOT, "%s\t%d\t%d\t%.0f\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.4f%n",
            exchange.option(), workers, samples, samples / (wall / 1000), n, wall / n,
            mean(rounds, RoundStats::fitMs), mean(rounds, RoundStats::waitMs), mean(rounds, RoundStats::broadcastMs),
            mean(rounds, RoundStats::overheadMs), mean(rounds, RoundStats::averageMs), last.trainLoss());
    }

    private static double mean(List<RoundStats> rounds, java.util.function.ToDoubleFunction<RoundStats> part) {
        return rounds.stream().mapToDouble(part).average().orElse(Double.NaN);
    }
}
