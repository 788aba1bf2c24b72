package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.gen.GenerativeArtifact;
import io.dlspark.core.gen.GenerativeFamily;
import io.dlspark.core.gen.GenerativeHealth;
import io.dlspark.core.gen.GenerativeModel;
import io.dlspark.core.gen.GenerativeSpec;
import io.dlspark.core.gen.ImageGrid;
import io.dlspark.core.gen.LatentNoise;
import io.dlspark.core.gen.SampleSpread;
import io.dlspark.core.io.AtomicFiles;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.Json;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.NetworkKind;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.security.Redactor;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.engine.DistributedLosses;
import io.dlspark.engine.ParameterAveragingMaster;
import io.dlspark.engine.TrainingSettings;
import io.dlspark.feed.TrainingData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code dlspark train} for generative models (GAN, VAE): the same parameter-averaging master, on unsupervised
 * minibatches (labels are neither needed nor read). Each epoch writes the training losses, the validation losses
 * (VAE: negative ELBO), a progress grid from fixed noise under {@code progress/}, and warns when the discriminator
 * loss goes to 0 or the samples stop varying. The artifact holds one {@code <network>.zip} per network,
 * {@code generative.json} and {@code manifest.json}; a VAE also reports the test ELBO.
 */
final class GenerativeTrainJob {
    static final String PROGRESS_DIR = "progress";
    static final int GRID_SIDE = 8;
    private static final int REFERENCE_IMAGES = 256;
    private static final long GRID_SEED_MIX = 0x6A09E667F3BCC909L;
    private static final Logger LOG = LoggerFactory.getLogger(GenerativeTrainJob.class);

    private final SparkSession spark;
    private final PrintWriter console;

    GenerativeTrainJob(SparkSession spark, PrintWriter console) {
        this.spark = spark;
        this.console = console;
    }

    /** The fixed latent codes of the progress grids of a run with {@code seed}. */
    static INDArray gridNoise(int latentSize, long seed) {
        return LatentNoise.gaussian(GRID_SIDE * GRID_SIDE, latentSize, seed ^ GRID_SEED_MIX);
    }

    TrainResult run(TrainRequest request, GenerativeSpec spec, ShardManifest data, Path dataRoot,
                    ParameterAveragingMaster.RoundListener onRound) throws IOException {
        if (request.resume() || request.checkpointEveryRounds() > 0) {
            throw new UsageException("--resume and --checkpoint-every-rounds are not supported for generative model '"
                + request.model() + "' yet");
        }
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        long seed = request.settings().seed();
        OptimizerConfig optimizer = request.optimizer() != null ? request.optimizer() : spec.optimizer();
        GenerativeModel model = spec.build(data.shape(), optimizer, seed);
        Path output = new Path(request.output());
        TrainJob.prepareOutput(output, conf, request, null);

        int workers = request.workers() != null ? request.workers() : jsc.defaultParallelism();
        TrainingSettings settings = request.settings().withWorkers(workers);
        MinibatchAssembler assembler = new MinibatchAssembler(data.shape(), 0, spec.convolutional());
        var blueprint = model.blueprint();
        ParameterAveragingMaster master = new ParameterAveragingMaster(jsc, settings, blueprint, assembler);
        MetricsLog metrics = new MetricsLog(output, conf, 0);
        TrainingData train = load(dataRoot, Split.TRAIN, workers, seed, data);
        TrainingData validation = data.count(Split.VALIDATION) == 0 ? null : load(dataRoot, Split.VALIDATION, workers, seed, data);
        int parameters = model.state().params().length;
        LOG.info("Training {} ({} parameters in {}) on {} records with {} workers, batch {}, averaging every {} minibatches",
            spec.name(), parameters, model.networks().keySet(), train.records(), workers, settings.batchSize(),
            settings.averagingFrequency());

        INDArray fixedNoise = gridNoise(model.latentSize(), seed);
        double realSpread = realSpread(train, assembler);
        NetworkState state = model.state();
        ProgressPrinter progress = new ProgressPrinter(console, request.epochs(), train.records());
        List<EpochMetrics> epochs = new ArrayList<>();
        Map<String, Double> lastValidation = Map.of();
        try {
            for (int epoch = 0; epoch < request.epochs(); epoch++) {
                EpochAccumulator accumulator = new EpochAccumulator();
                double[] lossSums = new double[model.lossNames().size()];
                state = state.withCounters(state.iteration(), epoch);
                int rounds = master.rounds(train);
                for (int round = 0; round < rounds; round++) {
                    state = master.round(train, state, epoch, round, stats -> {
                        accumulator.add(stats);
                        for (int i = 0; i < lossSums.length; i++) {
                            lossSums[i] += stats.losses()[i] * stats.samples();
                        }
                        progress.onRound(stats);
                        onRound.onRound(stats);
                    });
                }
                long evalStart = System.nanoTime();
                lastValidation = validation == null ? Map.of() : named(model, DistributedLosses.mean(jsc, "validation",
                    validation, blueprint, state, assembler, seed));
                model.apply(state);
                INDArray samples = model.generate(fixedNoise);
                Path grid = new Path(new Path(output, PROGRESS_DIR), String.format(Locale.ROOT, "epoch-%04d.png", epoch + 1));
                AtomicFiles.write(grid, conf, out -> ImageGrid.writePng(samples, data.shape(), spec.convolutional(), GRID_SIDE, out));
                double evalMs = (System.nanoTime() - evalStart) / 1e6;
                Map<String, Double> trainLosses = new LinkedHashMap<>();
                for (int i = 0; i < lossSums.length; i++) {
                    trainLosses.put(model.lossNames().get(i), lossSums[i] / Math.max(1, accumulator.samples()));
                }
                double spread = SampleSpread.of(samples);
                List<String> warnings = GenerativeHealth.warnings(model.family(), model.settings(), trainLosses, spread,
                    realSpread);
                Double validationLoss = lastValidation.get(model.lossNames().get(0));
                EpochMetrics line = accumulator.finish(epoch, validationLoss, null, evalMs);
                metrics.append(new GenerativeEpochMetrics(epoch + 1, line.samples(), line.rounds(), trainLosses,
                    lastValidation, spread, grid.getName(), warnings, line.seconds(), line.samplesPerSecond(), line.phases()));
                epochs.add(line);
                console.printf(Locale.ROOT, "epoch %d/%d: train %s, validation %s, sample spread %.3f, %.0f samples/s, %.1f s, grid %s%n",
                    epoch + 1, request.epochs(), format(trainLosses), lastValidation.isEmpty() ? "n/a" : format(lastValidation),
                    spread, line.samplesPerSecond(), line.seconds(), grid);
                for (String warning : warnings) {
                    console.println("WARNING: " + warning);
                    LOG.warn(warning);
                }
                console.flush();
            }
        } finally {
            train.release();
            if (validation != null) {
                validation.release();
            }
        }
        model.apply(state);
        Map<String, Object> finalMetrics = new LinkedHashMap<>();
        lastValidation.forEach((name, value) -> finalMetrics.put("validation_" + name, value));
        if (model.family() == GenerativeFamily.VAE && data.count(Split.TEST) > 0) {
            TrainingData test = load(dataRoot, Split.TEST, workers, seed, data);
            try {
                Map<String, Double> testLosses = named(model, DistributedLosses.mean(jsc, "test", test, blueprint, state,
                    assembler, seed));
                testLosses.forEach((name, value) -> finalMetrics.put("test_" + name, value));
                console.printf(Locale.ROOT, "test ELBO %.2f nats per image (%s)%n", -testLosses.get("negative_elbo"), format(testLosses));
            } finally {
                test.release();
            }
        }
        GenerativeArtifact.write(output, spec.name(), model, data.shape(), spec.convolutional(), conf);
        Map<String, Object> training = TrainJob.training(request, optimizer, workers);
        training.put("family", model.family().name().toLowerCase(Locale.ROOT));
        training.put("settings", model.settings());
        ModelArtifactManifest manifest = new ModelArtifactManifest(ModelArtifactManifest.FORMAT_VERSION, spec.name(),
            NetworkKind.MULTI_LAYER, data.shape(), spec.convolutional(), data.labelNames(), parameters, training,
            new ModelArtifactManifest.DataProvenance(Redactor.redact(dataRoot.toString()),
                HadoopFiles.sha256(new Path(dataRoot, ShardManifest.FILE_NAME), conf), data.dataset()),
            finalMetrics, ArtifactVersions.current(), Instant.now().toString(), null);
        AtomicFiles.writeString(new Path(output, ModelArtifactManifest.FILE_NAME), Json.pretty(manifest), conf);
        LOG.info("Wrote generative model artifact {}", output);
        return new TrainResult(output.toString(), manifest, epochs, state);
    }

    /**
     * The pixel spread of the first {@code REFERENCE_IMAGES} training images of the first partition, computed on its
     * executor: what the collapse check compares the generated samples' spread with.
     */
    private static double realSpread(TrainingData train, MinibatchAssembler assembler) {
        return train.partitions().map(part -> {
            int n = Math.min(REFERENCE_IMAGES, part.size());
            return SampleSpread.of(assembler.assemble(part, IntStream.range(0, n).toArray(), 0, n).getFeatures());
        }).first();
    }

    private TrainingData load(Path dataRoot, Split split, int workers, long seed, ShardManifest data) {
        return TrainingData.load(spark.read().parquet(new Path(dataRoot, split.dirName()).toString()), workers, seed,
            data.shape().size());
    }

    private static Map<String, Double> named(GenerativeModel model, double[] values) {
        Map<String, Double> named = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            named.put(model.lossNames().get(i), values[i]);
        }
        return named;
    }

    private static String format(Map<String, Double> losses) {
        StringBuilder text = new StringBuilder();
        losses.forEach((name, value) -> text.append(text.length() == 0 ? "" : " ").append(name).append(' ')
            .append(String.format(Locale.ROOT, "%.4f", value)));
        return text.toString();
    }
}
