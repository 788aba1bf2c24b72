package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.Checkpoints;
import io.dlspark.core.gen.GenerativeArtifact;
import io.dlspark.core.gen.GenerativeHealth;
import io.dlspark.core.gen.GenerativeModel;
import io.dlspark.core.gen.GenerativeSpec;
import io.dlspark.core.gen.ImageGrid;
import io.dlspark.core.gen.LatentNoise;
import io.dlspark.core.gen.SampleSpread;
import io.dlspark.core.io.AtomicFiles;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.train.LayerUpdaters;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.TrainableBlueprint;
import io.dlspark.engine.DistributedLosses;
import io.dlspark.feed.TrainingData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A generative model (GAN, VAE) as the epoch loop trains it: after each epoch, the validation losses (VAE: negative
 * ELBO), a progress grid from fixed noise under {@code progress/}, and warnings when the discriminator loss goes to
 * 0 or the samples stop varying.
 */
final class GenerativeTrainee implements Trainee<GenerativeModel> {
    static final String PROGRESS_DIR = "progress";
    static final int GRID_SIDE = 8;
    private static final int REFERENCE_IMAGES = 256;
    private static final long GRID_SEED_MIX = 0x6A09E667F3BCC909L;
    private static final Logger LOG = LoggerFactory.getLogger(GenerativeTrainee.class);

    private final GenerativeSpec spec;
    private final ShardManifest data;
    private final MinibatchAssembler assembler;
    private final JavaSparkContext jsc;
    private final TrainingData validation;
    private final Path output;
    private final Configuration conf;
    private final long seed;
    private final INDArray fixedNoise;
    private final double realSpread;
    private GenerativeModel model;

    GenerativeTrainee(GenerativeSpec spec, GenerativeModel model, ShardManifest data, JavaSparkContext jsc,
                      TrainingData train, TrainingData validation, Path output, Configuration conf, long seed) {
        this.spec = spec;
        this.model = model;
        this.data = data;
        this.assembler = assembler(data, spec);
        this.jsc = jsc;
        this.validation = validation;
        this.output = output;
        this.conf = conf;
        this.seed = seed;
        this.fixedNoise = gridNoise(model.latentSize(), seed);
        this.realSpread = realSpread(train, assembler);
    }

    /** Unsupervised minibatches of the images (labels are neither needed nor read). */
    static MinibatchAssembler assembler(ShardManifest data, GenerativeSpec spec) {
        return new MinibatchAssembler(data.shape(), 0, spec.convolutional());
    }

    /** The fixed latent codes of the progress grids of a run with {@code seed}. */
    static INDArray gridNoise(int latentSize, long seed) {
        return LatentNoise.gaussian(GRID_SIDE * GRID_SIDE, latentSize, seed ^ GRID_SEED_MIX);
    }

    GenerativeModel model() {
        return model;
    }

    @Override
    public MinibatchAssembler assembler() {
        return assembler;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public TrainableBlueprint blueprint() {
        return model.blueprint();
    }

    @Override
    public NetworkState state() {
        return model.state();
    }

    @Override
    public void apply(NetworkState state) {
        model.apply(state);
    }

    @Override
    public Checkpoints.Content checkpoint(Checkpoints checkpoints) {
        return dir -> GenerativeArtifact.write(dir, spec.name(), model, data.shape(), spec.convolutional(), conf);
    }

    @Override
    public Checkpoints.Reader<GenerativeModel> reader(Checkpoints checkpoints) {
        return dir -> GenerativeArtifact.read(dir, conf, "checkpoint").load(dir, conf);
    }

    @Override
    public void adopt(GenerativeModel restored, String from) {
        if (restored.family() != model.family()
            || restored.state().params().length != model.state().params().length) {
            throw new UsageException("checkpoint " + from + " holds a " + restored.family() + " with "
                + restored.state().params().length + " parameters, not the " + model.state().params().length
                + " of --model " + spec.name());
        }
        model = restored;
    }

    @Override
    public EpochValidation validate(int epoch, NetworkState state, EpochAccumulator accumulator) throws IOException {
        Map<String, Double> validationLosses = validation == null ? Map.of()
            : named(DistributedLosses.mean(jsc, "validation", validation, model.blueprint(), state, assembler, seed));
        model.apply(state);
        INDArray samples = model.generate(fixedNoise);
        Path grid = new Path(new Path(output, PROGRESS_DIR), String.format(Locale.ROOT, "epoch-%04d.png", epoch + 1));
        AtomicFiles.write(grid, conf, out -> ImageGrid.writePng(samples, data.shape(), spec.convolutional(), GRID_SIDE, out));
        Map<String, Double> trainLosses = named(accumulator.meanLosses());
        double spread = SampleSpread.of(samples);
        List<String> warnings = GenerativeHealth.warnings(model.family(), model.settings(), trainLosses, spread, realSpread);
        warnings.forEach(LOG::warn);
        return new Sampled(trainLosses, validationLosses, spread, grid, warnings);
    }

    /** Losses of {@code state} on {@code split}'s data, by name. */
    Map<String, Double> losses(String split, TrainingData records, NetworkState state) {
        return named(DistributedLosses.mean(jsc, split, records, model.blueprint(), state, assembler, seed));
    }

    /** The first network's (in packing order); every network of the model is built with the run's optimizer. */
    @Override
    public LayerUpdaters updaters(NetworkState state) {
        return LayerUpdaters.of(model.networks().values().iterator().next(), Math.max(0, state.iteration() - 1),
            state.epoch());
    }

    @Override
    public Object metricsLine(EpochMetrics line, EpochValidation validation) {
        Sampled s = (Sampled) validation;
        return new GenerativeEpochMetrics(line.epoch(), line.timestamp(), line.learningRate(), line.samples(), line.rounds(), s.trainLosses(),
            s.validationLosses(), s.spread(), s.grid().getName(), s.warnings(), line.seconds(), line.samplesPerSecond(),
            line.phases());
    }

    @Override
    public String describe(EpochMetrics line, EpochValidation validation, int epochs) {
        Sampled s = (Sampled) validation;
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
            "epoch %d/%d: train %s, validation %s, sample spread %.3f, %.0f samples/s, %.1f s, grid %s", line.epoch(),
            epochs, format(s.trainLosses()), s.validationLosses().isEmpty() ? "n/a" : format(s.validationLosses()),
            s.spread(), line.samplesPerSecond(), line.seconds(), s.grid()));
        s.warnings().forEach(w -> text.append(System.lineSeparator()).append("WARNING: ").append(w));
        return text.toString();
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

    private Map<String, Double> named(double[] values) {
        Map<String, Double> named = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            named.put(model.lossNames().get(i), values[i]);
        }
        return named;
    }

    static String format(Map<String, Double> losses) {
        StringBuilder text = new StringBuilder();
        losses.forEach((name, value) -> text.append(text.length() == 0 ? "" : " ").append(name).append(' ')
            .append(String.format(Locale.ROOT, "%.4f", value)));
        return text.toString();
    }

    /** An epoch's losses, the spread of its fixed-noise samples, its progress grid and health warnings. */
    record Sampled(Map<String, Double> trainLosses, Map<String, Double> validationLosses, double spread, Path grid,
                   List<String> warnings) implements EpochValidation {
        @Override
        public Double loss() {
            return validationLosses.isEmpty() ? null : validationLosses.values().iterator().next();
        }
    }
}
