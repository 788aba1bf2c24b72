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

/**
 * The exchange-only scaling benchmark of issue 19 (part 4a): for each exchange and worker count, rounds of a trainable
 * of S floats whose fit is a no-op ({@link ExchangeFixtures.NoOpBlueprint}: it touches one value per minibatch), so
 * the rounds measure communication and coordination, not compute. Prints per round the wall time, the bytes through
 * the driver and the most bytes one worker sent and received (counted on the exchange's encrypted channels; the
 * {@code jobs} exchange moves its bytes through Spark's block manager, which this does not count: "-").
 *
 * <pre>benchmarks/run.sh scaling [--workers 2,4] [--floats 1000000] [--rounds 5] [--exchanges jobs,live,allreduce]
 *     [--precision fp32|bf16|fp16] [--master local[N]]</pre>
 * A 16-bit {@code --precision} applies to the barrier exchanges; {@code jobs} then runs in fp32.
 * The first round of each run (session start, JIT) is printed but left out of the mean. The master defaults to
 * {@code local[max W]}; barrier exchanges need W task slots at once.
 */
public final class ScalingBenchmark {
    private ScalingBenchmark() {
    }

    public static void main(String[] args) {
        BenchArgs a = BenchArgs.parse(args, "--workers", "--floats", "--rounds", "--exchanges", "--precision", "--master");
        int[] workers = a.integers("--workers", new int[] {2});
        int floats = a.integer("--floats", 1_000_000);
        int rounds = a.integer("--rounds", 5);
        List<String> exchanges = a.list("--exchanges", List.of("jobs", "live", "allreduce"));
        ExchangePrecision precision = ExchangePrecision.parse(a.string("--precision", "fp32"), "--precision");
        if (rounds < 2 || floats < 1 || Arrays.stream(workers).anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("--rounds must be >= 2, --floats and --workers >= 1");
        }
        String master = a.string("--master", "local[" + Arrays.stream(workers).max().orElse(1) + "]");
        SparkSession spark = SparkSession.builder().config(SparkSessions.withDefaults(new SparkConf(false)
            .setMaster(master).setAppName("dlspark scaling benchmark").set("spark.ui.enabled", "false")))
            .getOrCreate();
        try {
            System.out.printf(Locale.ROOT, "# exchange-only rounds: S = %d floats (%d bytes in fp32), %s on the barrier "
                + "exchanges' wire, master %s, %d rounds per run (mean over rounds 2..%d)%n", floats, 4L * floats,
                precision.option(), master, rounds, rounds);
            System.out.println("exchange\tW\tround\twall_ms\tdriver_bytes\tworker_sent\tworker_received");
            for (String name : exchanges) {
                RoundExchange exchange = RoundExchange.parse(name, "--exchanges");
                for (int w : workers) {
                    run(spark, exchange, exchange == RoundExchange.JOBS ? ExchangePrecision.FP32 : precision, w, floats,
                        rounds);
                }
            }
        } finally {
            spark.stop();
        }
    }

    private static void run(SparkSession spark, RoundExchange exchange, ExchangePrecision precision, int workers,
                            int floats, int rounds) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        TrainingData data = ExchangeFixtures.data(spark, workers * (rounds + 2) * 3, 29, workers);
        ExchangeFixtures.NoOpBlueprint blueprint = new ExchangeFixtures.NoOpBlueprint(floats);
        TrainingSettings settings = new TrainingSettings(workers, 1, 1, 2, 29, 0, 1, exchange, 0, precision);
        List<RoundStats> stats = new ArrayList<>();
        List<ExchangeTraffic> traffic = new ArrayList<>();
        try (ParameterAveragingMaster averaging = new ParameterAveragingMaster(jsc, settings, blueprint,
            ExchangeFixtures.ASSEMBLER)) {
            int inEpoch = Math.min(rounds, averaging.rounds(data));
            NetworkState state = blueprint.newTrainable().state();
            for (int round = 0; round < inEpoch; round++) {
                state = averaging.round(data, state, 0, round, stats::add);
                traffic.add(averaging.lastTraffic());
            }
        } finally {
            data.release();
        }
        double wall = 0;
        for (int round = 0; round < stats.size(); round++) {
            ExchangeTraffic t = traffic.get(round);
            // the all-reduce reports worker bytes one round late: take them from the next round's figures
            ExchangeTraffic peers = t != null && t.peerRound() != round && round + 1 < traffic.size()
                ? traffic.get(round + 1) : t;
            System.out.printf(Locale.ROOT, "%s\t%d\t%d\t%.1f\t%s\t%s\t%s%n", exchange.option(), workers, round + 1,
                stats.get(round).wallMs(), t == null ? "-" : Long.toString(t.driverBytes()),
                bytes(peers, round, true), bytes(peers, round, false));
            wall += round == 0 ? 0 : stats.get(round).wallMs();
        }
        System.out.printf(Locale.ROOT, "# %s W=%d: mean wall %.1f ms per round over %d rounds%n", exchange.option(),
            workers, wall / Math.max(1, stats.size() - 1), stats.size() - 1);
    }

    private static String bytes(ExchangeTraffic t, int round, boolean sent) {
        if (t == null || t.peerRound() != round) {
            return "-";
        }
        long value = sent ? t.peerSentBytes() : t.peerReceivedBytes();
        return value < 0 ? "-" : Long.toString(value);
    }
}
