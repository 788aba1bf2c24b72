package io.dlspark.bench;

import io.dlspark.core.bench.BenchArgs;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.onednn.OneDnn;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.core.train.EpochPlan;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.core.train.PartitionData;
import io.dlspark.engine.RoundExchange;
import io.dlspark.engine.RoundStats;
import io.dlspark.feed.TrainingData;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
import io.dlspark.spark.SparkSessions;
import io.dlspark.train.EpochMetrics;
import io.dlspark.train.LearningRateScaling;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainResult;
import io.dlspark.train.TrainingConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training benchmark of issue 3: Fashion-MNIST, DL4J LeNet, batch 64 per worker, Adam 1e-3, {@code local[2]},
 * everything measured in one JVM.
 * <ul>
 *   <li>(i) samples/s of {@link TrainJob} with 2 workers (1 native thread each) against single-machine DL4J
 *   {@code MultiLayerNetwork.fit(DataSet)} on the same training records, the same {@link MinibatchAssembler}
 *   minibatches and the same native setup ({@link NetworkBlueprint#build()}, which engages oneDNN), at 1 and 2 native
 *   threads; plus out-of-the-box DL4J (no oneDNN engagement) as context;</li>
 *   <li>(ii) round overhead (broadcast, scheduling + transfer + tree aggregation, averaging) per round and its share
 *   of the epoch, from {@link RoundStats} and the {@code metrics.jsonl} phases;</li>
 *   <li>(iii) test accuracy after 1 and E epochs, both ways (local DL4J {@link Evaluation} of the test split);</li>
 *   <li>(iv) peak executor (= driver JVM in local mode) heap and ND4J off-heap memory, sampled every 200 ms.</li>
 * </ul>
 * The distributed and single-machine epochs run alternately (the distributed side epoch by epoch through
 * {@code TrainJob} with {@code --resume}, which gives the same parameters as one uninterrupted run), so both sides
 * see similar load on a shared machine. Single-machine timing covers only {@code fit}: each epoch's minibatches are
 * assembled in memory before the clock starts.
 *
 * <pre>benchmarks/run.sh training [--epochs 5] [--data SHARDS_DIR | --input FASHION_MNIST_DIR] [--window-batches 200]
 *     [--plain-batches 60] [--averaging-frequency 5] [--seed 42] [--exchange jobs|live] [--also-exchange live|jobs]
 *     [--lr-scaling none|linear|sqrt]</pre>
 * {@code --lr-scaling} scales the dlspark side's learning rate by the worker count ({@code dlspark train
 * --lr-scaling}); the single machine keeps Adam 1e-3.
 * With {@code --also-exchange}, every dlspark epoch also runs with the other exchange from the same checkpoint, and
 * both exchanges' throughput and round overhead are printed side by side.
 */
public final class TrainingBenchmark {
    private static final int BATCH = 64;
    private static final int WORKERS = 2;
    private static final double LEARNING_RATE = 1e-3;
    private static final int WARMUP_BATCHES = 5;

    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        String uptimeBefore = loadAverage();
        SparkSession spark = SparkSession.builder().config(SparkSessions.withDefaults(new SparkConf(false)
            .setMaster("local[2]").setAppName("dlspark training benchmark").set("spark.ui.enabled", "false"))).getOrCreate();
        Path scratch = Files.createTempDirectory("dlspark-train-bench");
        MemorySampler memory = new MemorySampler();
        memory.start();
        try {
            run(spark, o, scratch, memory, uptimeBefore);
        } finally {
            memory.interrupt();
            spark.stop();
            try (var paths = Files.walk(scratch)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(SparkSession spark, Options o, Path scratch, MemorySampler memory, String uptimeBefore)
        throws Exception {
        String data = o.data;
        if (data == null) {
            data = scratch.resolve("shards").toUri().toString();
            long t = System.nanoTime();
            new IngestJob(spark).run(new IngestJob.Request(DatasetKind.FASHION_MNIST, o.input, data,
                IngestOptions.defaults(), null, 0.0, false));
            System.out.printf(Locale.ROOT, "# ingested %s into %s in %.1f s%n", o.input, data, (System.nanoTime() - t) / 1e9);
        }
        org.apache.hadoop.conf.Configuration hconf = spark.sparkContext().hadoopConfiguration();
        ShardManifest manifest = ManifestIo.read(new org.apache.hadoop.fs.Path(data), hconf);
        ImageShape shape = manifest.shape();
        ModelSpec spec = ModelCatalog.resolve("lenet");
        OptimizerConfig adam = OptimizerConfig.adam(LEARNING_RATE);
        MinibatchAssembler assembler = new MinibatchAssembler(shape, manifest.classCount(), spec.convolutional());
        PartitionData train = collect(spark, data, Split.TRAIN, o.seed, shape.size());
        PartitionData test = collect(spark, data, Split.TEST, o.seed, shape.size());
        EpochPlan plan = new EpochPlan(o.seed, BATCH, o.averagingFrequency);

        printMachine(train, test, manifest, o, uptimeBefore);

        // (i) single-machine throughput windows, fresh networks, same first minibatches of epoch 1.
        MultiLayerNetwork template = (MultiLayerNetwork) spec.build(new ModelInput.ImageInput(shape), manifest.classCount(), adam, o.seed);
        NetworkBlueprint blueprint = NetworkBlueprint.of(template);
        List<DataSet> window = assemble(train, plan.order(train.size(), 0, 0), assembler, WARMUP_BATCHES + o.windowBatches);
        memory.phase("single");
        fitWindow((MultiLayerNetwork) blueprint.build(), window.subList(0, WARMUP_BATCHES + 20), 1); // JIT, oneDNN primitives
        Fit engaged1 = fitWindow((MultiLayerNetwork) blueprint.build(), window, 1);
        Fit engaged2 = fitWindow((MultiLayerNetwork) blueprint.build(), window, 2);
        Fit plain1 = fitWindow((MultiLayerNetwork) spec.build(new ModelInput.ImageInput(shape), manifest.classCount(), adam, o.seed),
            window.subList(0, Math.min(window.size(), WARMUP_BATCHES + o.plainBatches)), 1);
        window = null;
        memory.phase(null);
        int singleThreads = engaged2.samplesPerSecond() > engaged1.samplesPerSecond() ? 2 : 1;
        System.out.printf(Locale.ROOT, "# single-machine windows (after %d warm-up batches): oneDNN 1 thread %s; "
                + "oneDNN 2 threads %s; out-of-the-box 1 thread %s -> epochs run at %d thread(s)%n",
            WARMUP_BATCHES, engaged1, engaged2, plain1, singleThreads);

        // Alternating epochs: dlspark epoch e (TrainJob, resumed from epoch e-1's checkpoint), single-machine epoch e.
        MultiLayerNetwork single = (MultiLayerNetwork) blueprint.build();
        MultiLayerNetwork evalNet = (MultiLayerNetwork) blueprint.build();
        String output = scratch.resolve("model").toUri().toString();
        PrintWriter progress = new PrintWriter(OutputStream.nullOutputStream());
        List<EpochRow> rows = new ArrayList<>();
        List<RoundStats> allRounds = new ArrayList<>();
        List<RoundStats> alsoRounds = new ArrayList<>();
        for (int epoch = 1; epoch <= o.epochs; epoch++) {
            setThreads(1);
            List<RoundStats> rounds = new ArrayList<>();
            TrainingConfig request = TrainingConfig.builder().data(data).model("lenet").epochs(epoch).output(output).workers(WORKERS).batchSize(BATCH).averagingFrequency(o.averagingFrequency).treeDepth(2).seed(o.seed).roundTimeoutSeconds(0).threadsPerWorker(1).exchange(o.exchange).learningRateScaling(o.lrScaling).optimizer(adam).resume(epoch > 1).overwrite(false).checkpointEveryRounds(0).build();
            memory.phase("dlspark");
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            TrainResult result = new TrainJob(spark, progress).run(request, rounds::add);
            double callSeconds = (System.nanoTime() - t0) / 1e9;
            double dlCpu = (processCpuNanos() - cpu0) / 1e9;
            memory.phase(null);
            allRounds.addAll(rounds);
            EpochMetrics metrics = result.epochs().get(result.epochs().size() - 1);
            if (o.alsoExchange != null) {
                alsoRounds.addAll(alsoEpoch(spark, request, o.alsoExchange, scratch, progress, result.state()));
            }
            result.state().applyTo(evalNet);
            setThreads(2);
            double dlAccuracy = accuracy(evalNet, test, assembler, manifest.labelNames());

            setThreads(singleThreads);
            List<DataSet> batches = assemble(train, plan.order(train.size(), epoch - 1, 0), assembler, Integer.MAX_VALUE);
            memory.phase("single");
            long cpu1 = processCpuNanos();
            long t1 = System.nanoTime();
            double singleLoss = 0;
            for (DataSet batch : batches) {
                single.fit(batch);
                singleLoss += single.score() * batch.numExamples();
            }
            double singleSeconds = (System.nanoTime() - t1) / 1e9;
            double singleCpu = (processCpuNanos() - cpu1) / 1e9;
            memory.phase(null);
            batches = null;
            setThreads(2);
            double singleAccuracy = accuracy(single, test, assembler, manifest.labelNames());

            EpochRow row = new EpochRow(epoch, rounds, metrics, callSeconds, dlCpu, dlAccuracy, train.size(),
                singleSeconds, singleCpu, singleLoss / train.size(), singleAccuracy);
            rows.add(row);
            System.out.println(row.line(singleThreads));
            System.out.flush();
        }
        String uptimeAfter = loadAverage();
        if (o.alsoExchange != null) {
            printExchangeComparison(allRounds, alsoRounds, o);
        }
        Payload payload = Payload.measure(single);
        printTable(rows, allRounds, engaged1, engaged2, plain1, singleThreads, memory, o, uptimeBefore, uptimeAfter,
            payload);
    }

    /**
     * The same dlspark epoch again with the other exchange, from the same checkpoint, into its own output; checks that
     * it ends in the same state and returns its rounds.
     */
    private static List<RoundStats> alsoEpoch(SparkSession spark, TrainingConfig main, RoundExchange exchange, Path scratch,
                                              PrintWriter progress, io.dlspark.core.nn.NetworkState expected)
        throws Exception {
        String output = scratch.resolve("model-" + exchange.option()).toUri().toString();
        TrainingConfig request = main.toBuilder().output(output).exchange(exchange).overwrite(false)
            .checkpointEveryRounds(0).build();
        List<RoundStats> rounds = new ArrayList<>();
        TrainResult result = new TrainJob(spark, progress).run(request, rounds::add);
        if (!java.util.Arrays.equals(expected.params(), result.state().params())) {
            throw new IllegalStateException("--exchange " + exchange.option() + " ended epoch " + main.epochs()
                + " with different parameters");
        }
        return rounds;
    }

    private static void printExchangeComparison(List<RoundStats> main, List<RoundStats> also, Options o) {
        System.out.printf(Locale.ROOT, "%n=== exchanges side by side (same epochs, same parameters at every epoch end) ===%n");
        for (var side : List.of(Map.entry(o.exchange, main), Map.entry(o.alsoExchange, also))) {
            List<RoundStats> rounds = side.getValue();
            long samples = rounds.stream().mapToLong(RoundStats::samples).sum();
            double wall = rounds.stream().mapToDouble(RoundStats::wallMs).sum();
            double overhead = rounds.stream().mapToDouble(r -> r.broadcastMs() + r.overheadMs() + r.averageMs()).sum();
            System.out.printf(Locale.ROOT, "--exchange %-4s  %6.0f samples/s over all epochs, %5.1f ms overhead per round "
                    + "(%4.1f %% of round time), %5.1f ms per round over epochs 2..%d%n", side.getKey().option(),
                samples / (wall / 1000), overhead / rounds.size(), 100 * overhead / wall,
                rounds.stream().filter(r -> r.epoch() > 0).mapToDouble(r -> r.broadcastMs() + r.overheadMs() + r.averageMs())
                    .average().orElse(Double.NaN), o.epochs);
        }
    }

    // ---------------------------------------------------------------- single machine

    private static Fit fitWindow(MultiLayerNetwork net, List<DataSet> batches, int threads) {
        setThreads(threads);
        for (int i = 0; i < WARMUP_BATCHES; i++) {
            net.fit(batches.get(i));
        }
        long samples = 0;
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        for (int i = WARMUP_BATCHES; i < batches.size(); i++) {
            net.fit(batches.get(i));
            samples += batches.get(i).numExamples();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Fit(samples, seconds, (processCpuNanos() - cpu) / 1e9, batches.size() - WARMUP_BATCHES);
    }

    private static List<DataSet> assemble(PartitionData data, int[] order, MinibatchAssembler assembler, int maxBatches) {
        List<DataSet> out = new ArrayList<>();
        for (int from = 0; from < data.size() && out.size() < maxBatches; from += BATCH) {
            out.add(assembler.assemble(data, order, from, Math.min(from + BATCH, data.size())));
        }
        return out;
    }

    private static double accuracy(MultiLayerNetwork net, PartitionData test, MinibatchAssembler assembler,
                                   List<String> labels) {
        Evaluation evaluation = new Evaluation(labels);
        int[] order = new int[test.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int from = 0; from < test.size(); from += 256) {
            DataSet batch = assembler.assemble(test, order, from, Math.min(from + 256, test.size()));
            evaluation.eval(batch.getLabels(), net.output(batch.getFeatures(), false));
        }
        return evaluation.accuracy();
    }

    /**
     * The native thread knobs dlspark's workers set (io.dlspark.core.nn.NativeThreads): libnd4j's environment,
     * OpenMP (oneDNN) for the calling thread and OpenBLAS. Set directly, not through NativeThreads, whose
     * once-per-value cache would then skip the workers' own call; restored to 1 before every dlspark epoch, since the
     * BLAS and libnd4j settings are JVM-wide.
     */
    private static void setThreads(int threads) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    private static PartitionData collect(SparkSession spark, String data, Split split, long seed, int recordSize) {
        TrainingData loaded = TrainingData.load(spark.read().parquet(new org.apache.hadoop.fs.Path(
            new org.apache.hadoop.fs.Path(data), split.dirName()).toString()), 1, seed, recordSize);
        try {
            return loaded.partitions().collect().get(0);
        } finally {
            loaded.release();
        }
    }

    // ---------------------------------------------------------------- reporting

    private static void printMachine(PartitionData train, PartitionData test, ShardManifest manifest, Options o,
                                     String uptime) {
        System.out.println("# machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
            + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), max heap "
            + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB, ND4J native variant '"
            + System.getProperty("org.bytedeco.javacpp.platform.extension", "") + "', oneDNN available: "
            + OneDnn.available() + ", OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS")
            + ", Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION());
        System.out.printf(Locale.ROOT, "# data: %s, %d train / %d test records, shape %s; LeNet, batch %d per worker, "
                + "Adam %.0e (dlspark: x %.2f by --lr-scaling %s), local[2], %d workers x 1 native thread, K=%d, "
                + "--exchange %s, %d epoch(s), seed %d%n",
            manifest.dataset(), train.size(), test.size(), manifest.shape(), BATCH, LEARNING_RATE,
            o.lrScaling.factor(WORKERS), o.lrScaling.option(), WORKERS, o.averagingFrequency, o.exchange.option(), o.epochs,
            o.seed);
        System.out.println("# load before: " + uptime);
    }

    private static void printTable(List<EpochRow> rows, List<RoundStats> rounds, Fit engaged1, Fit engaged2, Fit plain1,
                                   int singleThreads, MemorySampler memory, Options o, String before, String after,
                                   Payload payload) {
        long dlSamples = 0;
        double dlTrainSeconds = 0;
        double dlEpochSeconds = 0;
        double dlCpu = 0;
        double singleSeconds = 0;
        double singleCpu = 0;
        long singleSamples = 0;
        for (EpochRow r : rows) {
            dlSamples += r.metrics.samples();
            dlTrainSeconds += r.trainSeconds();
            dlEpochSeconds += r.metrics.seconds();
            dlCpu += r.dlCpu;
            singleSeconds += r.singleSeconds;
            singleCpu += r.singleCpu;
            singleSamples += r.singleSamples;
        }
        double dlRate = dlSamples / dlTrainSeconds;
        double singleRate = singleSamples / singleSeconds;
        Fit best = singleThreads == 2 ? engaged2 : engaged1;
        double broadcast = 0;
        double fit = 0;
        double wait = 0;
        double overhead = 0;
        double average = 0;
        double wall = 0;
        for (RoundStats s : rounds) {
            broadcast += s.broadcastMs();
            fit += s.fitMs();
            wait += s.waitMs();
            overhead += s.overheadMs();
            average += s.averageMs();
            wall += s.wallMs();
        }
        int n = rounds.size();
        double perRoundOverhead = (broadcast + overhead + average) / n;
        double perWorkerBatches = (double) dlSamples / BATCH / WORKERS / n;
        double meanWorkerFitPerBatch = (fit - wait) / n / perWorkerBatches;
        double singleFitPerBatch = 1000.0 * singleSeconds / (singleSamples / (double) BATCH);
        double window1PerBatch = 1000.0 * engaged1.seconds / engaged1.batches;

        StringBuilder t = new StringBuilder();
        t.append("\n=== dlspark training benchmark: Fashion-MNIST, LeNet, batch 64/worker, Adam 1e-3, local[2] ===\n");
        t.append(String.format(Locale.ROOT, "%-70s %14s%n", "(i) throughput", "value"));
        t.append(row("dlspark TrainJob, 2 workers x 1 thread, training rounds (all epochs)",
            String.format("%.0f samples/s", dlRate)));
        t.append(row("dlspark TrainJob, incl. validation + checkpoint (metrics.jsonl seconds)",
            String.format("%.0f samples/s", dlSamples / dlEpochSeconds)));
        t.append(row(String.format("single-machine DL4J fit, oneDNN, %d thread(s), same epochs", singleThreads),
            String.format("%.0f samples/s", singleRate)));
        t.append(row(String.format("single-machine oneDNN 1 thread, window %d batches", engaged1.batches),
            String.format("%.0f samples/s", engaged1.samplesPerSecond())));
        t.append(row(String.format("single-machine oneDNN 2 threads, window %d batches", engaged2.batches),
            String.format("%.0f samples/s", engaged2.samplesPerSecond())));
        t.append(row(String.format("single-machine out-of-the-box (no oneDNN), 1 thread, window %d batches", plain1.batches),
            String.format("%.0f samples/s", plain1.samplesPerSecond())));
        t.append(row("RATIO dlspark / single-machine (same epochs, side by side; target >= 1.6)",
            String.format("%.2f", dlRate / singleRate)));
        if (rows.size() > 1) {
            t.append(row("ratio over epochs 2.." + rows.size() + " (after dlspark's warm-up epoch)",
                String.format("%.2f", warmRatio(rows))));
        }
        t.append(row(String.format("ratio dlspark / better window (%d thread(s))", singleThreads),
            String.format("%.2f", dlRate / best.samplesPerSecond())));
        t.append(row("ratio dlspark / out-of-the-box DL4J window", String.format("%.2f", dlRate / plain1.samplesPerSecond())));
        t.append(row("process CPU per wall second: dlspark TrainJob calls / single-machine epochs",
            String.format("%.2f / %.2f", dlCpu / dlCpuWall(rows), singleCpu / singleSeconds)));
        t.append(String.format(Locale.ROOT, "%-70s%n", "(ii) round overhead (" + n + " rounds, K=" + o.averagingFrequency + ")"));
        t.append(row("broadcast per round", String.format("%.1f ms", broadcast / n)));
        t.append(row("scheduling + transfer + tree aggregation per round", String.format("%.1f ms", overhead / n)));
        t.append(row("driver averaging per round", String.format("%.1f ms", average / n)));
        t.append(row("overhead total per round (broadcast + scheduling/aggregation + averaging)",
            String.format("%.1f ms", perRoundOverhead)));
        t.append(row("slowest worker fit per round / round wall",
            String.format("%.0f / %.0f ms", fit / n, wall / n)));
        t.append(row("straggler wait per round (slowest - mean fit)", String.format("%.1f ms", wait / n)));
        t.append(row("overhead share of training-round time", String.format("%.1f %%", 100 * (broadcast + overhead + average) / wall)));
        t.append(row("overhead share of epoch time (incl. validation + checkpoint)",
            String.format("%.1f %%", 100 * (broadcast + overhead + average) / (1000 * dlEpochSeconds))));
        t.append(row("payload: broadcast NetworkState / one worker's RoundSum (Java serialization)",
            String.format("%.1f MB / %.1f MB", payload.stateBytes / 1e6, payload.sumBytes / 1e6)));
        t.append(row("  serialize + deserialize in this JVM: NetworkState / RoundSum",
            String.format("%.1f ms / %.1f ms", payload.stateMs, payload.sumMs)));
        t.append(row("validation + checkpoint per epoch", String.format("%.1f s + %.1f s",
            rows.stream().mapToDouble(r -> r.metrics.phases().evaluationMs()).sum() / 1000 / rows.size(),
            rows.stream().mapToDouble(r -> r.metrics.phases().checkpointMs()).sum() / 1000 / rows.size())));
        t.append(row("fit per minibatch: dlspark worker (mean) / single epochs / single 1-thread window",
            String.format("%.1f / %.1f / %.1f ms", meanWorkerFitPerBatch, singleFitPerBatch, window1PerBatch)));
        t.append(String.format(Locale.ROOT, "%-70s%n", "(iii) test accuracy (10,000 test images; target |diff| <= 0.5 pp)"));
        for (EpochRow r : rows) {
            if (r.epoch == 1 || r.epoch == rows.size()) {
                t.append(row(String.format("after %d epoch(s): dlspark / single-machine / diff", r.epoch),
                    String.format("%.2f %% / %.2f %% / %+.2f pp", 100 * r.dlAccuracy, 100 * r.singleAccuracy,
                        100 * (r.dlAccuracy - r.singleAccuracy))));
            }
        }
        t.append(String.format(Locale.ROOT, "%-70s%n", "(iv) peak memory of the executor (= driver JVM), sampled every 200 ms"));
        t.append(row("dlspark training: heap used", mib(memory.peakHeap("dlspark"))));
        t.append(row("dlspark training: off-heap physical (Pointer.physicalBytes, process RSS)",
            mib(memory.peakPhysical("dlspark"))));
        t.append(row("dlspark training: ND4J off-heap allocated (Pointer.totalBytes)", mib(memory.peakTotal("dlspark"))));
        t.append(row("dlspark training: off-heap estimate (physicalBytes - committed heap)",
            mib(memory.peakOffHeap("dlspark"))));
        t.append(row("single-machine fit (context): heap / physical / Pointer.totalBytes",
            mib(memory.peakHeap("single")) + " / " + mib(memory.peakPhysical("single")) + " / "
                + mib(memory.peakTotal("single"))));
        t.append("load average before: ").append(before).append('\n');
        t.append("load average after:  ").append(after).append('\n');
        System.out.print(t);
    }

    private static double dlCpuWall(List<EpochRow> rows) {
        return rows.stream().mapToDouble(r -> r.callSeconds).sum();
    }

    private static String row(String label, String value) {
        return String.format(Locale.ROOT, "  %-68s %20s%n", label, value);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

    private static String loadAverage() {
        try {
            Process p = new ProcessBuilder("uptime").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out;
        } catch (Exception e) {
            return String.format(Locale.ROOT, "load average %.2f (1 min)",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** Bytes and Java (de)serialization time of what a round moves: the broadcast state and a worker's result. */
    private record Payload(long stateBytes, double stateMs, long sumBytes, double sumMs) {
        static Payload measure(MultiLayerNetwork net) throws Exception {
            io.dlspark.core.nn.NetworkState state = io.dlspark.core.nn.NetworkState.of(net);
            io.dlspark.core.train.RoundSum sum = io.dlspark.core.train.RoundSum.of(state, 320, 5, new double[] {0}, 0);
            long[] stateBytes = new long[1];
            long[] sumBytes = new long[1];
            double stateMs = roundTrip(state, stateBytes);
            double sumMs = roundTrip(sum, sumBytes);
            return new Payload(stateBytes[0], stateMs, sumBytes[0], sumMs);
        }

        /** Median of 5 serialize + deserialize round trips, in ms. */
        private static double roundTrip(Object value, long[] bytes) throws Exception {
            double[] ms = new double[5];
            for (int i = 0; i < ms.length; i++) {
                long t = System.nanoTime();
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                try (java.io.ObjectOutputStream oos = new java.io.ObjectOutputStream(out)) {
                    oos.writeObject(value);
                }
                try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                    new java.io.ByteArrayInputStream(out.toByteArray()))) {
                    in.readObject();
                }
                ms[i] = (System.nanoTime() - t) / 1e6;
                bytes[0] = out.size();
            }
            java.util.Arrays.sort(ms);
            return ms[2];
        }
    }

    /** A throughput window. */
    /** dlspark / single-machine samples/s over every epoch but the first. */
    private static double warmRatio(List<EpochRow> rows) {
        long dlSamples = 0;
        double dlSeconds = 0;
        long singleSamples = 0;
        double singleSeconds = 0;
        for (EpochRow r : rows.subList(1, rows.size())) {
            dlSamples += r.metrics.samples();
            dlSeconds += r.trainSeconds();
            singleSamples += r.singleSamples;
            singleSeconds += r.singleSeconds;
        }
        return (dlSamples / dlSeconds) / (singleSamples / singleSeconds);
    }

    private record Fit(long samples, double seconds, double cpuSeconds, int batches) {
        double samplesPerSecond() {
            return samples / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f samples/s (%.1f ms/batch, cpu %.2f)", samplesPerSecond(),
                1000 * seconds / batches, cpuSeconds / seconds);
        }
    }

    /** One epoch of both sides. */
    private record EpochRow(int epoch, List<RoundStats> rounds, EpochMetrics metrics, double callSeconds, double dlCpu,
                            double dlAccuracy, long singleSamples, double singleSeconds, double singleCpu,
                            double singleLoss, double singleAccuracy) {
        double trainSeconds() {
            return rounds.stream().mapToDouble(RoundStats::wallMs).sum() / 1000;
        }

        String line(int singleThreads) {
            double overhead = rounds.stream().mapToDouble(s -> s.broadcastMs() + s.overheadMs() + s.averageMs()).sum();
            return String.format(Locale.ROOT, "epoch %d: dlspark %d rounds %.1f s train (%.1f s epoch, %.1f s call), "
                    + "%.0f samples/s, loss %.4f, overhead %.1f ms/round, cpu %.2f, test acc %.2f %% | single %d thread(s) "
                    + "%.1f s, %.0f samples/s, loss %.4f, cpu %.2f, test acc %.2f %% | ratio %.2f",
                epoch, rounds.size(), trainSeconds(), metrics.seconds(), callSeconds, metrics.samples() / trainSeconds(),
                metrics.trainLoss(), overhead / rounds.size(), dlCpu / callSeconds, 100 * dlAccuracy, singleThreads,
                singleSeconds, singleSamples / singleSeconds, singleLoss, singleCpu / singleSeconds, 100 * singleAccuracy,
                (metrics.samples() / trainSeconds()) / (singleSamples / singleSeconds));
        }
    }

    /** Samples heap used and ND4J off-heap every 200 ms, keeping peaks per phase. */
    private static final class MemorySampler extends Thread {
        private final MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
        private final java.util.Map<String, long[]> peaks = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile String phase;

        MemorySampler() {
            super("memory-sampler");
            setDaemon(true);
        }

        void phase(String name) {
            if (name != null) {
                sample(name);
            } else if (phase != null) {
                sample(phase);
            }
            phase = name;
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                String p = phase;
                if (p != null) {
                    sample(p);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void sample(String p) {
            long heap = bean.getHeapMemoryUsage().getUsed();
            long physical = Pointer.physicalBytes();
            long total = Pointer.totalBytes();
            long offHeap = physical - bean.getHeapMemoryUsage().getCommitted();
            peaks.compute(p, (k, v) -> {
                long[] a = v == null ? new long[4] : v;
                a[0] = Math.max(a[0], heap);
                a[1] = Math.max(a[1], physical);
                a[2] = Math.max(a[2], total);
                a[3] = Math.max(a[3], offHeap);
                return a;
            });
        }

        long peakHeap(String p) {
            return peaks.getOrDefault(p, new long[4])[0];
        }

        long peakPhysical(String p) {
            return peaks.getOrDefault(p, new long[4])[1];
        }

        long peakTotal(String p) {
            return peaks.getOrDefault(p, new long[4])[2];
        }

        long peakOffHeap(String p) {
            return peaks.getOrDefault(p, new long[4])[3];
        }
    }

    private record Options(String data, String input, int epochs, int windowBatches, int plainBatches,
                           int averagingFrequency, long seed, RoundExchange exchange, RoundExchange alsoExchange,
                           LearningRateScaling lrScaling) {
        static Options parse(String[] args) {
            BenchArgs a = BenchArgs.parse(args, "--epochs", "--data", "--input", "--window-batches", "--plain-batches",
                "--averaging-frequency", "--seed", "--exchange", "--also-exchange", "--lr-scaling");
            int epochs = a.integer("--epochs", 5);
            int window = a.integer("--window-batches", 200);
            int plain = a.integer("--plain-batches", 60);
            RoundExchange exchange = RoundExchange.parse(a.string("--exchange", "jobs"), "--exchange");
            RoundExchange also = a.has("--also-exchange")
                ? RoundExchange.parse(a.string("--also-exchange", null), "--also-exchange") : null;
            if (epochs < 1 || window < 1 || plain < 1 || plain > window) {
                throw new IllegalArgumentException("--epochs and --window-batches >= 1, 1 <= --plain-batches <= --window-batches");
            }
            if (also == exchange) {
                throw new IllegalArgumentException("--also-exchange must differ from --exchange");
            }
            return new Options(a.string("--data", null), a.string("--input", "/usr/share/datasets/fashion-mnist"), epochs,
                window, plain, a.integer("--averaging-frequency", 5), a.longInteger("--seed", 42), exchange, also,
                LearningRateScaling.parse(a.string("--lr-scaling", "none"), "--lr-scaling"));
        }
    }
}
