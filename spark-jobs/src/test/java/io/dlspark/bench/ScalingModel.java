package io.dlspark.bench;

import io.dlspark.core.bench.BenchArgs;

import java.util.List;
import java.util.Locale;

/**
 * The cost model of issue 19 (docs/scaling.md): a round of K minibatches per worker costs
 * {@code T(W) = compute + alpha(W) + bytes(W) / bandwidth}, with {@code alpha(W) = a + b W} per exchange fitted from
 * the scaling benchmark, and bytes(W) the traffic of the busiest link in the order the exchange moves it.
 * Prints the predicted scaling efficiency {@code compute / T(W)} (weak scaling: each worker keeps its K minibatches).
 *
 * <pre>benchmarks/run.sh scaling-model [--alpha-jobs A,B] [--alpha-live A,B] [--alpha-allreduce A,B] [--gbps 10,25]
 *     [--workers 8,64,256] [--k 5] [--value-bytes 4] [--cpu-gbytes-per-s R]</pre>
 * A and B are milliseconds ({@code alpha(W) = A + B W}); the defaults are docs/scaling.md's cluster assumptions and
 * the stream processing rate measured there (0.37 GB/s; 0 leaves it out).
 */
public final class ScalingModel {
    /** A model to predict for: its state size and how fast one executor computes it. */
    record Model(String name, long params, int statePerParam, double cpuSamplesPerSecond, double gpuSamplesPerSecond,
                 String source) {
        long stateValues() {
            return params * statePerParam;
        }
    }

    /** Per-core CPU rates as measured (docs/scaling.md says where); GPU rates: assumptions stated there. */
    static final List<Model> MODELS = List.of(
        new Model("lenet (Adam)", 431_080, 3, 820, 32_000, "CPU: a one-core standalone executor's fit here (AMD EPYC); GPU "
            + "assumed launch-bound, 2 ms a minibatch"),
        new Model("vgg11-small (Adam)", 615_178, 3, 402, 21_333, "CPU: models benchmark, one thread (Xeon, session 4); GPU "
            + "assumed launch-bound, 3 ms a minibatch"),
        new Model("25M params (Adam)", 25_000_000, 3, 2, 200, "CPU 12.3 GFLOP/sample at 25 GFLOP/s; GPU half ResNet-101's"
            + " FLOPs at its rate"),
        new Model("ResNet-101 (momentum)", 44_500_000, 2, 1, 103.6, "GPU: Horovod's 16-GPU run, 1656.82 images/s / 16"));
    static final int BATCH = 64;

    private ScalingModel() {
    }

    /** How a round's bytes cross the busiest link, in units of S (state bytes) for W workers. */
    static double busiestLinkStates(String exchange, int workers) {
        return switch (exchange) {
            // the driver receives W states, averages, then sends W states: not overlapped
            case "live" -> 2.0 * workers;
            // reduce-scatter then all-gather, each (W-1)/W of the state each way at once
            case "allreduce" -> 2.0 * (workers - 1) / workers;
            // torrent broadcast about one state out of the driver, then treeReduce of depth 2: sqrt(W) double sums
            // (2 S each) into each level's reducer, twice
            case "jobs" -> 1.0 + 2 * 2.0 * Math.sqrt(workers);
            default -> throw new IllegalArgumentException("unknown exchange " + exchange);
        };
    }

    /**
     * Predicted efficiency compute / (compute + alpha + transfer): the busiest link's bytes move at the slower of the
     * network ({@code gbps}) and one endpoint's processing of a stream ({@code cpuGBytesPerSecond}: encryption,
     * encoding, summing; 0 leaves it out).
     */
    static double efficiency(double computeMs, double alphaMs, double stateBytes, double linkStates, double gbps,
                             double cpuGBytesPerSecond) {
        double bytes = stateBytes * linkStates;
        double networkMs = bytes * 8 / (gbps * 1e9) * 1e3;
        double cpuMs = cpuGBytesPerSecond <= 0 ? 0 : bytes / (cpuGBytesPerSecond * 1e9) * 1e3;
        return computeMs / (computeMs + alphaMs + Math.max(networkMs, cpuMs));
    }

    public static void main(String[] args) {
        BenchArgs a = BenchArgs.parse(args, "--alpha-jobs", "--alpha-live", "--alpha-allreduce", "--gbps", "--workers",
            "--k", "--value-bytes", "--cpu-gbytes-per-s");
        double[][] alpha = {
            reals(a.string("--alpha-jobs", "150,2")),
            reals(a.string("--alpha-live", "5,0.1")),
            reals(a.string("--alpha-allreduce", "5,0.2"))};
        String[] exchanges = {"jobs", "live", "allreduce"};
        int[] bandwidths = a.integers("--gbps", new int[] {10, 25});
        int[] workers = a.integers("--workers", new int[] {8, 64, 256});
        int k = a.integer("--k", 5);
        int valueBytes = a.integer("--value-bytes", 4);
        double cpu = a.real("--cpu-gbytes-per-s", 0.37);
        System.out.printf(Locale.ROOT, "# K = %d minibatches of %d per round, %d bytes per state value; alpha(W) = A + B W ms:"
            + " jobs %s, live %s, allreduce %s; one endpoint processes a stream at %s%n", k, BATCH, valueBytes,
            text(alpha[0]), text(alpha[1]), text(alpha[2]), cpu <= 0 ? "any rate (left out)" : cpu + " GB/s");
        for (Model m : MODELS) {
            System.out.printf(Locale.ROOT, "# %s: %,d parameters, state %,d values (%.1f MB); %s%n", m.name(), m.params(),
                m.stateValues(), m.stateValues() * valueBytes / 1e6, m.source());
        }
        StringBuilder header = new StringBuilder("model\texecutor\tcompute_ms\texchange\tGb/s");
        for (int w : workers) {
            header.append("\tW=").append(w);
        }
        System.out.println(header);
        for (Model m : MODELS) {
            for (String device : new String[] {"cpu", "gpu"}) {
                double rate = device.equals("cpu") ? m.cpuSamplesPerSecond() : m.gpuSamplesPerSecond();
                double computeMs = k * BATCH / rate * 1e3;
                for (int e = 0; e < exchanges.length; e++) {
                    for (int gbps : bandwidths) {
                        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%s\t%s\t%.0f\t%s\t%d",
                            m.name(), device, computeMs, exchanges[e], gbps));
                        for (int w : workers) {
                            double alphaMs = alpha[e][0] + alpha[e][1] * w;
                            row.append(String.format(Locale.ROOT, "\t%.0f %%", 100 * efficiency(computeMs, alphaMs,
                                (double) m.stateValues() * valueBytes, busiestLinkStates(exchanges[e], w), gbps, cpu)));
                        }
                        System.out.println(row);
                    }
                }
            }
        }
    }

    private static double[] reals(String pair) {
        String[] parts = pair.split(",");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected A,B (milliseconds), got " + pair);
        }
        return new double[] {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())};
    }

    private static String text(double[] ab) {
        return String.format(Locale.ROOT, "%.1f + %.2f W", ab[0], ab[1]);
    }
}
