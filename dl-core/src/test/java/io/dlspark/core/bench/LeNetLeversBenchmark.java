package io.dlspark.core.bench;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.fixtures.FashionMnistSlice;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.nn.NativeThreads;
import io.dlspark.core.nn.onednn.OneDnn;
import io.dlspark.core.train.EpochPlan;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.core.train.PartitionData;
import io.dlspark.core.train.RoundFitter;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.linalg.api.memory.MemoryManager;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Two CPU levers of LeNet training measured as the workers run it: the catalog's {@code lenet} built from a
 * {@link NetworkBlueprint} (so oneDNN is engaged), one native thread ({@link NativeThreads#limit}), minibatches of a
 * real Fashion-MNIST {@link PartitionData} fitted through {@link RoundFitter}.
 * <ul>
 *   <li>ND4J's periodic GC ({@code MemoryManager.togglePeriodicGc}, {@code setAutoGcWindow}): each round fits one
 *   pass over the partition under each setting, in forward order in even rounds and reversed in odd ones, and prints
 *   samples/s, the JVM's collections during the pass and what the memory manager reports as active.</li>
 *   <li>Minibatch assembly: each round also times {@link MinibatchAssembler#assemble} over the same minibatches and
 *   prints it as a share of the round's mean fit time per minibatch (which includes the assembly).</li>
 * </ul>
 * It ends with the medians over rounds of each GC setting's samples/s relative to the first, and of the assembly
 * share, with their ranges.
 *
 * <pre>benchmarks/run.sh cpu-lenet-levers [--samples N] [--batch-size B] [--rounds N] [--warmup-batches N]
 *     [--assembly-passes N] [--data DIR]</pre>
 */
public final class LeNetLeversBenchmark {
    private static final List<GcSetting> SETTINGS = List.of(
        new GcSetting("periodic on, 100 ms", true, 100),
        new GcSetting("periodic off", false, 100),
        new GcSetting("periodic on, 10 s", true, 10_000));

    private LeNetLeversBenchmark() {
    }

    /** Runs the benchmark; see the class comment for options. */
    public static void main(String[] args) throws Exception {
        BenchArgs a = BenchArgs.parse(args, "--samples", "--batch-size", "--rounds", "--warmup-batches",
            "--assembly-passes", "--data");
        int samples = a.integer("--samples", 3840);
        int batch = a.integer("--batch-size", 64);
        int rounds = a.integer("--rounds", 4);
        int warmup = a.integer("--warmup-batches", 10);
        int passes = a.integer("--assembly-passes", 5);
        String data = a.string("--data", null);
        PartitionData part = FashionMnistSlice.partitions(FashionMnistSlice.directory(data), samples, 1).get(0);
        ModelSpec spec = ModelCatalog.resolve("lenet");
        ModelInput input = new ModelInput.ImageInput(FashionMnistSlice.SHAPE);
        NetworkBlueprint blueprint = NetworkBlueprint.of(spec.build(input, 10, spec.optimizer(), 1));
        MinibatchAssembler assembler = new MinibatchAssembler(FashionMnistSlice.SHAPE, 10, spec.convolutional());
        EpochPlan plan = new EpochPlan(42, batch, Integer.MAX_VALUE / batch);
        RoundFitter fitter = new RoundFitter(plan, assembler);
        MemoryManager memory = Nd4j.getMemoryManager();

        NativeThreads.limit(1);
        NeuralNetwork net = blueprint.build();
        new RoundFitter(new EpochPlan(42, batch, warmup), assembler).fitInPlace(net, part, 0, 0);
        System.out.printf(Locale.ROOT, "# lenet from the catalog, oneDNN %s, 1 native thread, batch %d, %d Fashion-MNIST"
                + " records (%d minibatches) per pass, %d rounds%n", OneDnn.available() ? "engaged" : "NOT available",
            batch, part.size(), plan.batches(part.size()), rounds);
        System.out.printf(Locale.ROOT, "# ND4J memory manager %s at start: periodic GC active %s, window %d ms%n",
            memory.getClass().getSimpleName(), memory.isPeriodicGcActive(), memory.getAutoGcWindow());
        System.out.println("round setting              samples/s ms/minibatch JVM-GCs GC-ms periodic-active");

        double[][] ratios = new double[SETTINGS.size()][rounds];
        double[] shares = new double[rounds];
        int epoch = 1;
        for (int r = 0; r < rounds; r++) {
            List<GcSetting> order = new ArrayList<>(SETTINGS);
            if (r % 2 == 1) {
                Collections.reverse(order);
            }
            double[] perSecond = new double[SETTINGS.size()];
            double[] msPerBatch = new double[SETTINGS.size()];
            for (GcSetting setting : order) {
                setting.applyTo(memory);
                long[] gcBefore = gc();
                long start = System.nanoTime();
                RoundFitter.Fitted fitted = fitter.fitInPlace(net, part, epoch++, 0);
                double seconds = (System.nanoTime() - start) / 1e9;
                long[] gcAfter = gc();
                int s = SETTINGS.indexOf(setting);
                perSecond[s] = fitted.samples() / seconds;
                msPerBatch[s] = seconds * 1e3 / fitted.steps();
                System.out.printf(Locale.ROOT, "%5d %-20s %9.0f %12.2f %7d %5d %s%n", r + 1, setting.name(),
                    perSecond[s], msPerBatch[s], gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1],
                    memory.isPeriodicGcActive());
            }
            for (int s = 0; s < SETTINGS.size(); s++) {
                ratios[s][r] = perSecond[s] / perSecond[0];
            }
            double assemblyMs = assemblyMsPerBatch(assembler, plan, part, epoch, passes);
            shares[r] = assemblyMs / Arrays.stream(msPerBatch).average().orElseThrow();
            System.out.printf(Locale.ROOT, "%5d %-20s %9s %12.4f %.2f %% of the fit time per minibatch (%d passes)%n",
                r + 1, "assemble", "", assemblyMs, 100 * shares[r], passes);
        }
        for (int s = 1; s < SETTINGS.size(); s++) {
            System.out.printf(Locale.ROOT, "median samples/s ratio %s / %s: %.3f (rounds %s)%n", SETTINGS.get(s).name(),
                SETTINGS.get(0).name(), median(ratios[s]), listed(ratios[s], 3));
        }
        System.out.printf(Locale.ROOT, "median assembly share of the fit time per minibatch: %.2f %% (rounds %s %%)%n",
            100 * median(shares), listed(Arrays.stream(shares).map(x -> 100 * x).toArray(), 2));
    }

    /** Milliseconds per minibatch of {@link MinibatchAssembler#assemble} over {@code passes} passes of a partition. */
    private static double assemblyMsPerBatch(MinibatchAssembler assembler, EpochPlan plan, PartitionData part,
                                             int epoch, int passes) {
        int[] order = plan.order(part.size(), epoch, part.worker());
        int batches = plan.batches(part.size());
        long examples = 0;
        long start = System.nanoTime();
        for (int p = 0; p < passes; p++) {
            for (int b = 0; b < batches; b++) {
                int from = b * plan.batchSize();
                examples += assembler.assemble(part, order, from, Math.min(from + plan.batchSize(), part.size()))
                    .numExamples();
            }
        }
        double ms = (System.nanoTime() - start) / 1e6;
        if (examples != (long) passes * part.size()) {
            throw new IllegalStateException("assembled " + examples + " examples, expected " + passes * part.size());
        }
        return ms / ((long) passes * batches);
    }

    /** Collections and collection milliseconds of all the JVM's collectors so far. */
    private static long[] gc() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, bean.getCollectionCount());
            millis += Math.max(0, bean.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String listed(double[] values, int decimals) {
        StringBuilder out = new StringBuilder();
        for (double v : values) {
            out.append(out.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%." + decimals + "f", v));
        }
        return out.toString();
    }

    /** One periodic-GC setting of ND4J's memory manager. */
    private record GcSetting(String name, boolean periodic, int windowMs) {
        void applyTo(MemoryManager memory) {
            memory.togglePeriodicGc(periodic);
            memory.setAutoGcWindow(windowMs);
        }
    }
}
