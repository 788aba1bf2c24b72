package io.dlspark.bench;

import io.dlspark.core.bench.BenchArgs;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.engine.ExchangeFixtures;
import io.dlspark.engine.ExchangePrecision;
import io.dlspark.engine.ExchangeTraffic;
import io.dlspark.engine.ParameterAveragingMaster;
import io.dlspark.engine.RoundExchange;
import io.dlspark.engine.RoundStats;
import io.dlspark.engine.TrainingSettings;
import io.dlspark.feed.TrainingData;
import io.dlspark.spark.SparkSessions;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The scaling benchmark of issue 19 (part 4). Exchange-only rounds: for each worker count W, state size S and exchange,
 * rounds of a trainable of S floats whose fit is a no-op ({@link ExchangeFixtures.NoOpBlueprint}: it touches one value
 * per minibatch), so the rounds measure communication and coordination, not compute. With {@code --lenet} instead,
 * one epoch of real LeNet training per W and exchange ({@link ScalingTraining}).
 *
 * <p>Per round it prints the wall time and where it went ({@link RoundStats}: driver broadcast, slowest fit, the rest
 * of the round's job (transfer, scheduling, reduction) and the driver's averaging), the bytes through the driver and
 * the most bytes one worker sent and received (counted on the exchange's encrypted channels; {@code jobs} moves its
 * bytes through Spark's block manager, which this does not count: "-"). The first round of each run (session start,
 * JIT) is printed but left out of the means. The closing table gives, per exchange and W, α = the mean round at the
 * smallest S (coordination alone) and β = (round at the largest S - α) / bytes through the busiest endpoint; and the
 * busy CPU time of the whole machine per round ({@link MachineCpu}: on one machine every process shares its cores).
 *
 * <pre>benchmarks/run.sh scaling [--workers 1,2,4,8,16] [--floats 1000,1000000,10000000,25000000] [--rounds 5]
 *     [--exchanges jobs,live,allreduce] [--precision fp32|bf16|fp16] [--master local[N]]
 *     [--pipeline 1,4] [--cluster yes [--executor-memory 1g]] [--lenet SHARDS [--epochs 1]]</pre>
 * {@code --cluster yes} starts {@code deploy/local-cluster.sh} with max W one-core workers and runs one application
 * per W on it (W executors); otherwise everything runs in {@code --master} (default {@code local[max W]}; barrier
 * exchanges need W task slots at once). A 16-bit {@code --precision} applies to the barrier exchanges only;
 * {@code --pipeline} runs the all-reduce once per value of {@code --allreduce-pipeline}.
 */
public final class ScalingBenchmark {
    private ScalingBenchmark() {
    }

    public static void main(String[] args) {
        BenchArgs a = BenchArgs.parse(args, "--workers", "--floats", "--rounds", "--exchanges", "--precision", "--master",
            "--cluster", "--executor-memory", "--lenet", "--epochs", "--pipeline");
        int[] workers = a.integers("--workers", new int[] {2});
        int[] floats = a.integers("--floats", new int[] {1_000_000});
        int rounds = a.integer("--rounds", 5);
        List<RoundExchange> exchanges = a.list("--exchanges", List.of("jobs", "live", "allreduce")).stream()
            .map(name -> RoundExchange.parse(name, "--exchanges")).toList();
        ExchangePrecision precision = ExchangePrecision.parse(a.string("--precision", "fp32"), "--precision");
        int[] pipelines = a.integers("--pipeline", new int[] {1});
        if (rounds < 2 || Arrays.stream(floats).anyMatch(f -> f < 1) || Arrays.stream(workers).anyMatch(w -> w < 1)
            || Arrays.stream(pipelines).anyMatch(p -> p < 1)) {
            throw new IllegalArgumentException("--rounds must be >= 2, --floats, --workers and --pipeline >= 1");
        }
        int most = Arrays.stream(workers).max().orElse(1);
        boolean cluster = a.string("--cluster", "no").equals("yes");
        String memory = a.string("--executor-memory", "1g");
        String lenet = a.string("--lenet", null);
        ScalingCluster standalone = cluster ? ScalingCluster.start(most, memory, memory) : null;
        String master = cluster ? standalone.masterUrl() : a.string("--master", "local[" + most + "]");
        SparkSession[] shared = new SparkSession[1];
        IntFunction<SparkSession> sessions = w -> {
            if (cluster) {
                return standalone.session(w);
            }
            if (shared[0] == null) {
                shared[0] = SparkSession.builder().config(SparkSessions.withDefaults(new SparkConf(false)
                    .setMaster(master).setAppName("dlspark scaling benchmark").set("spark.ui.enabled", "false")))
                    .getOrCreate();
            }
            return shared[0];
        };
        try {
            if (lenet != null) {
                new ScalingTraining(lenet, a.integer("--epochs", 1), master).run(sessions, workers, exchanges, precision,
                    cluster);
            } else {
                exchangeOnly(sessions, workers, floats, rounds, Variant.of(exchanges, pipelines), precision, master,
                    cluster);
            }
        } finally {
            if (shared[0] != null) {
                shared[0].stop();
            }
            if (standalone != null) {
                standalone.close();
            }
        }
    }

    /** An exchange as the sweep runs it: the all-reduce once per {@code --pipeline} value, named allreduce/pP for P > 1. */
    record Variant(RoundExchange exchange, int pipeline) {
        static List<Variant> of(List<RoundExchange> exchanges, int[] pipelines) {
            List<Variant> variants = new ArrayList<>();
            for (RoundExchange exchange : exchanges) {
                if (exchange == RoundExchange.ALLREDUCE) {
                    Arrays.stream(pipelines).forEach(p -> variants.add(new Variant(exchange, p)));
                } else {
                    variants.add(new Variant(exchange, 1));
                }
            }
            return variants;
        }

        String label() {
            return pipeline == 1 ? exchange.option() : exchange.option() + "/p" + pipeline;
        }
    }

    private static void exchangeOnly(IntFunction<SparkSession> sessions, int[] workers, int[] floats, int rounds,
                                     List<Variant> exchanges, ExchangePrecision precision, String master,
                                     boolean cluster) {
        System.out.printf(Locale.ROOT, "# exchange-only rounds: S in %s floats, %s on the barrier exchanges' wire, "
            + "master %s%s, %d rounds per run (means over rounds 2..%d)%n", Arrays.toString(floats), precision.option(),
            master, cluster ? " (one application of W one-core executors per W)" : "", rounds, rounds);
        System.out.println("exchange\tS\tW\tround\twall_ms\tbroadcast_ms\tfit_ms\tjob_rest_ms\taverage_ms\tdriver_bytes"
            + "\tworker_sent\tworker_received");
        List<RunSummary> summaries = new ArrayList<>();
        for (int w : workers) {
            SparkSession spark = sessions.apply(w);
            try {
                for (int s : floats) {
                    for (Variant exchange : exchanges) {
                        summaries.add(run(spark, exchange,
                            exchange.exchange() == RoundExchange.JOBS ? ExchangePrecision.FP32 : precision, w, s,
                            rounds));
                    }
                }
            } finally {
                if (cluster) {
                    spark.stop();
                }
            }
        }
        printSummary(summaries, floats);
    }

    /** Means over rounds 2.. of one (exchange, S, W) run; worker and driver bytes are per round. */
    record RunSummary(String exchange, int floats, int workers, double wallMs, double broadcastMs, double fitMs,
                      double jobRestMs, double averageMs, long driverBytes, long workerSent, long workerReceived,
                      double machineCpuMs) {

        /** Bytes through the busiest endpoint: the driver (live, or when no worker figure is known) or one worker. */
        long busiestBytes() {
            long worker = workerSent < 0 || workerReceived < 0 ? -1 : workerSent + workerReceived;
            return Math.max(driverBytes, worker);
        }
    }

    private static RunSummary run(SparkSession spark, Variant variant, ExchangePrecision precision, int workers,
                                  int floats, int rounds) {
        RoundExchange exchange = variant.exchange();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        TrainingData data = ExchangeFixtures.data(spark, workers * (rounds + 2) * 3, 29, workers);
        ExchangeFixtures.NoOpBlueprint blueprint = new ExchangeFixtures.NoOpBlueprint(floats);
        TrainingSettings settings = new TrainingSettings(workers, 1, 1, 2, 29, 0, 1, exchange, 0, precision, 1,
            variant.pipeline());
        List<RoundStats> stats = new ArrayList<>();
        List<ExchangeTraffic> traffic = new ArrayList<>();
        double cpuFrom = Double.NaN;
        double cpuTo = Double.NaN;
        try (ParameterAveragingMaster averaging = new ParameterAveragingMaster(jsc, settings, blueprint,
            ExchangeFixtures.ASSEMBLER)) {
            int inEpoch = Math.min(rounds, averaging.rounds(data));
            NetworkState state = blueprint.newTrainable().state();
            for (int round = 0; round < inEpoch; round++) {
                if (round == 1) {
                    cpuFrom = MachineCpu.busySeconds();
                }
                state = averaging.round(data, state, 0, round, stats::add);
                traffic.add(averaging.lastTraffic());
            }
            cpuTo = MachineCpu.busySeconds();
        } finally {
            data.release();
        }
        double[] sums = new double[5];
        long driver = 0;
        long sent = -1;
        long received = -1;
        int counted = 0;
        for (int round = 0; round < stats.size(); round++) {
            ExchangeTraffic t = traffic.get(round);
            // the all-reduce reports worker bytes one round late: take them from the next round's figures
            ExchangeTraffic peers = t != null && t.peerRound() != round && round + 1 < traffic.size()
                ? traffic.get(round + 1) : t;
            RoundStats r = stats.get(round);
            long roundSent = bytes(peers, round, true);
            long roundReceived = bytes(peers, round, false);
            System.out.printf(Locale.ROOT, "%s\t%d\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%s\t%s\t%s%n",
                variant.label(), floats, workers, round + 1, r.wallMs(), r.broadcastMs(), r.fitMs(), r.overheadMs(),
                r.averageMs(), t == null ? "-" : Long.toString(t.driverBytes()), figure(roundSent),
                figure(roundReceived));
            if (round > 0) {
                double[] parts = {r.wallMs(), r.broadcastMs(), r.fitMs(), r.overheadMs(), r.averageMs()};
                for (int i = 0; i < parts.length; i++) {
                    sums[i] += parts[i];
                }
                driver = t == null ? -1 : Math.max(driver, t.driverBytes());
                // rounds whose worker figures are unknown (the last all-reduce round) are left out
                sent = Math.max(sent, roundSent);
                received = Math.max(received, roundReceived);
                counted++;
            }
        }
        int n = Math.max(1, counted);
        RunSummary summary = new RunSummary(variant.label(), floats, workers, sums[0] / n, sums[1] / n, sums[2] / n,
            sums[3] / n, sums[4] / n, driver, sent, received, (cpuTo - cpuFrom) / n * 1000);
        System.out.printf(Locale.ROOT, "# %s S=%d W=%d: mean wall %.1f ms per round over %d rounds%n", variant.label(),
            floats, workers, summary.wallMs(), counted);
        return summary;
    }

    private static void printSummary(List<RunSummary> summaries, int[] floats) {
        int smallest = Arrays.stream(floats).min().orElse(0);
        int largest = Arrays.stream(floats).max().orElse(0);
        System.out.printf(Locale.ROOT, "%n=== means per round (rounds 2..); alpha = round at S=%d, beta = (round at "
            + "S=%d - alpha) / busiest endpoint's bytes ===%n", smallest, largest);
        System.out.println("exchange\tS\tW\twall_ms\tbroadcast_ms\tfit_ms\tjob_rest_ms\taverage_ms\tdriver_bytes"
            + "\tworker_sent\tworker_received\tbusiest_bytes\tmachine_cpu_ms");
        for (RunSummary s : summaries) {
            System.out.printf(Locale.ROOT, "%s\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%s\t%s\t%s\t%s\t%.0f%n",
                s.exchange(), s.floats(), s.workers(), s.wallMs(), s.broadcastMs(), s.fitMs(), s.jobRestMs(),
                s.averageMs(), figure(s.driverBytes()), figure(s.workerSent()), figure(s.workerReceived()),
                figure(s.busiestBytes()), s.machineCpuMs());
        }
        System.out.println();
        System.out.println("exchange\tW\talpha_ms\tbeta_ns_per_byte\tbusiest_bytes_at_largest_S");
        for (RunSummary big : summaries) {
            if (big.floats() != largest || smallest == largest) {
                continue;
            }
            RunSummary small = summaries.stream().filter(s -> s.exchange().equals(big.exchange())
                && s.workers() == big.workers() && s.floats() == smallest).findFirst().orElse(null);
            if (small == null) {
                continue;
            }
            long bytes = big.busiestBytes();
            String beta = bytes <= 0 ? "-" : String.format(Locale.ROOT, "%.3f",
                (big.wallMs() - small.wallMs()) * 1e6 / bytes);
            System.out.printf(Locale.ROOT, "%s\t%d\t%.1f\t%s\t%s%n", big.exchange(), big.workers(),
                small.wallMs(), beta, figure(bytes));
        }
    }

    private static long bytes(ExchangeTraffic t, int round, boolean sent) {
        if (t == null || t.peerRound() != round) {
            return -1;
        }
        return sent ? t.peerSentBytes() : t.peerReceivedBytes();
    }

    private static String figure(long value) {
        return value < 0 ? "-" : Long.toString(value);
    }
}
