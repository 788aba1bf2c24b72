package io.dlspark.train;

import io.dlspark.augment.ImagePipeline;
import io.dlspark.console.ProgressLine;
import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ArtifactFiles;
import io.dlspark.core.artifact.CheckpointState;
import io.dlspark.core.artifact.Checkpoints;
import io.dlspark.core.artifact.InputPreprocessing;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.artifact.TrainingProvenance;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.gen.GenerativeArtifact;
import io.dlspark.core.gen.GenerativeFamily;
import io.dlspark.core.gen.GenerativeModel;
import io.dlspark.core.gen.GenerativeSpec;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.model.CatalogSpec;
import io.dlspark.core.model.InstanceWeightedLoss;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.model.OutputHead;
import io.dlspark.core.model.yolo.YoloSpec;
import io.dlspark.core.nn.NetworkKind;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.core.shard.TextFeatures;
import io.dlspark.core.train.EpochPlan;
import io.dlspark.core.train.GradientCheck;
import io.dlspark.core.train.GradientSums;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.RecordAugmenter;
import io.dlspark.engine.ParameterAveragingMaster;
import io.dlspark.feed.FeatureInputs;
import io.dlspark.feed.OnlineAugmentation;
import io.dlspark.feed.RecordSource;
import io.dlspark.feed.ShardRecords;
import io.dlspark.feed.TrainingData;
import io.dlspark.output.OutputFolder;
import io.dlspark.preflight.Preflight;
import io.dlspark.spark.JobDescription;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code dlspark train} job for every model (classifier, GAN, VAE, transfer): validates the whole run before any
 * side effect, then trains with the {@link EpochLoop} into a locked output folder and commits the artifact.
 */
public final class TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

    private final SparkSession spark;
    private final PrintWriter console;
    private final GradientCheck gradientCheck;
    private final Clock clock;

    public TrainJob(SparkSession spark, PrintWriter console) {
        this(spark, console, GradientCheck.DEFAULT);
    }

    /** A job whose end-of-training gradient table flags layers by {@code gradientCheck}. */
    public TrainJob(SparkSession spark, PrintWriter console, GradientCheck gradientCheck) {
        this(spark, console, gradientCheck, Clock.systemUTC());
    }

    /** As {@link #TrainJob(SparkSession, PrintWriter, GradientCheck)}, stamping metrics lines and artifacts by {@code clock}. */
    public TrainJob(SparkSession spark, PrintWriter console, GradientCheck gradientCheck, Clock clock) {
        this.spark = spark;
        this.console = console;
        this.gradientCheck = gradientCheck;
        this.clock = clock;
    }

    public TrainResult run(TrainingConfig config) throws IOException {
        return run(config, stats -> { });
    }

    /** Trains the model {@code config} names; {@code onRound} also receives every round's statistics. */
    public TrainResult run(TrainingConfig config, ParameterAveragingMaster.RoundListener onRound) throws IOException {
        try (JobDescription job = JobDescription.of(spark, "dlspark train " + config.model())) {
            CatalogSpec catalogSpec = ModelCatalog.resolveAny(config.model(), config.modelOverrides());
            if (catalogSpec instanceof GenerativeSpec generative) {
                return runGenerative(config, generative, onRound);
            }
            if (catalogSpec instanceof YoloSpec detector) {
                return new DetectionTrainJob(this).run(config, detector, onRound);
            }
            return run(config, ModelSource.of((ModelSpec) catalogSpec, scaledOptimizer(config, (ModelSpec) catalogSpec)),
                onRound);
        }
    }

    /** The requested optimizer (null: the spec's) with its learning rate scaled as {@code --lr-scaling} says. */
    OptimizerConfig scaledOptimizer(TrainingConfig config, CatalogSpec spec) {
        double factor = config.learningRateScaling().factor(workers(config));
        OptimizerConfig optimizer = factor == 1 ? config.optimizer()
            : (config.optimizer() != null ? config.optimizer() : spec.optimizer()).scaled(factor);
        if (factor != 1) {
            LOG.info("--lr-scaling {}: learning rate {} x {} = {}", config.learningRateScaling().option(),
                optimizer.learningRate() / factor, factor, optimizer.learningRate());
        }
        return optimizer;
    }

    private int workers(TrainingConfig config) {
        return config.workers() != null ? config.workers() : spark.sparkContext().defaultParallelism();
    }

    /** Trains the network of {@code source}; {@code onRound} also receives every round's statistics. */
    public TrainResult run(TrainingConfig config, ModelSource source, ParameterAveragingMaster.RoundListener onRound)
        throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        return run(config, ShardRecords.open(spark, PathOption.of("--data", config.data(), conf), conf), source, onRound);
    }

    /**
     * Trains the classifier {@code config} names on {@code records} (a shard set or rows held in memory) instead of
     * the shard set {@code config.data()} names; a generative model is a usage error.
     */
    public TrainResult run(TrainingConfig config, RecordSource records, ParameterAveragingMaster.RoundListener onRound)
        throws IOException {
        CatalogSpec catalogSpec = ModelCatalog.resolveAny(config.model(), config.modelOverrides());
        if (!(catalogSpec instanceof ModelSpec spec)) {
            throw new UsageException("--model " + config.model() + ": a generative model trains on shard sets only, not on "
                + records.describe());
        }
        return run(config, records, ModelSource.of(spec, scaledOptimizer(config, spec)), onRound);
    }

    /**
     * Trains the network of {@code source} on {@code records}: a classifier, or a regressor when the records' manifest
     * says their labels are a standardized regression target (a table ingested with {@code --task regression}).
     */
    public TrainResult run(TrainingConfig config, RecordSource records, ModelSource source,
                           ParameterAveragingMaster.RoundListener onRound) throws IOException {
        ModelArtifactManifest.RegressionTarget target = regressionTarget(records.manifest());
        if (target != null) {
            checkRegression(config);
        }
        return runSupervised(config, records, source, target, onRound);
    }

    /** The regression target a table shard set's manifest records, or null for class labels. */
    public static ModelArtifactManifest.RegressionTarget regressionTarget(ShardManifest data) {
        if (data.table() == null || !data.table().regressionTask()) {
            return null;
        }
        ShardManifest.Target t = data.table().regression();
        return new ModelArtifactManifest.RegressionTarget(data.table().label(), t.mean(), t.std());
    }

    /** The settings that only a classifier has are usage errors for a regressor. */
    private static void checkRegression(TrainingConfig config) {
        if (config.selection().metric() == EpochSelection.Metric.ACCURACY) {
            throw new UsageException("--keep-best accuracy: a regressor has no accuracy; keep the best epoch by loss");
        }
        if (config.augment() != null) {
            throw new UsageException("--augment: applies to classifiers, not to the regressor " + config.model());
        }
    }

    /**
     * Trains the model {@code config} names with a regression head on {@code records}, whose one label name is the
     * target's and whose float labels are its standardized values; the artifact records {@code target}.
     */
    public TrainResult runRegression(TrainingConfig config, RecordSource records,
                                     ModelArtifactManifest.RegressionTarget target,
                                     ParameterAveragingMaster.RoundListener onRound) throws IOException {
        CatalogSpec catalogSpec = ModelCatalog.resolveAny(config.model(), config.modelOverrides());
        if (!(catalogSpec instanceof ModelSpec spec)) {
            throw new UsageException("--model " + config.model() + ": a generative model has no regression head");
        }
        return runRegression(config, records, ModelSource.of(spec, scaledOptimizer(config, spec)), target, onRound);
    }

    /** Trains the network of {@code source} with a regression head on {@code records}, as the method above. */
    public TrainResult runRegression(TrainingConfig config, RecordSource records, ModelSource source,
                                     ModelArtifactManifest.RegressionTarget target,
                                     ParameterAveragingMaster.RoundListener onRound) throws IOException {
        checkRegression(config);
        return runSupervised(config, records, source, target, onRound);
    }

    /** The one supervised path: a classifier, or with a {@code target} (else null) a regressor. */
    private TrainResult runSupervised(TrainingConfig config, RecordSource records, ModelSource source,
                                      ModelArtifactManifest.RegressionTarget target,
                                      ParameterAveragingMaster.RoundListener onRound) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path dataRoot = records.root();
        config.selection().refuseMap("--keep-best", "--model " + source.name());
        ShardManifest data = checkData(config, records);
        ImagePipeline augmentation = config.augment() == null ? null : OnlineAugmentation.load(config.augment(), data);
        FeatureInputs inputs = source.featureInputs(data, dataRoot, config.features());
        OutputHead head = target == null ? OutputHead.softmax(data.classCount()) : OutputHead.regression(1);
        NeuralNetwork net = source.build(inputs.modelInput(), head, config.seed());
        if (records.weighted()) {
            InstanceWeightedLoss.weighOutput(net);
        }
        ModelCompatibility.check(net, source.name(), inputs, head.outputs(), source.convolutional());
        int workers = preflight(config, conf, net, source.name(), inputs.modelInput(), data, source.convolutional());

        try (OutputFolder out = OutputFolder.begin(PathOption.of("--output", config.output(), conf), conf, config.overwrite())) {
            Path dir = out.dir();
            TrainingData train = inputs.load(records.split(Split.TRAIN), workers, config.seed());
            TrainingData validation = data.count(Split.VALIDATION) == 0 ? null
                : inputs.load(records.split(Split.VALIDATION), workers, config.seed());
            try {
                checkCount(records.describe(), data, train);
                NetworkTrainee trainee = target == null ? new ClassifierTrainee(source, net, inputs, data, jsc(), validation)
                    : new RegressionTrainee(source, net, inputs, target, jsc(), validation);
                Run run = train(config, trainee, train, workers, dir, augmentation, onRound, conf);
                EpochValidation last = run.kept() != null ? run.kept().restore(trainee, run.epochsLogged())
                    : run.lastValidation();
                printGradients(run.epochs());
                NeuralNetwork trained = trainee.network();
                TextFeatures.Vectorizer vectorizer = copyVectorizer(inputs, dataRoot, dir, conf);
                ModelArtifactManifest manifest = new ModelArtifactManifest(ModelArtifactManifest.FORMAT_VERSION,
                    source.name(), Networks.kind(trained), data.shape(), source.convolutional(), data.labelNames(),
                    Networks.numParams(trained), provenance(config, source.optimizer() != null ? source.optimizer() : config.optimizer(), workers,
                        augmentation),
                    records.provenance(conf), supervisedMetrics(trainee, last, run),
                    ArtifactVersions.current(), clock.instant().toString(), source.transfer(), vectorizer,
                    InputPreprocessing.of(data, source.inputAdapter(), source.convolutional(), vectorizer), target);
                ArtifactFiles.writeModel(dir, trained, conf);
                ArtifactFiles.write(dir, manifest, conf);
                out.commit();
                LOG.info("Wrote model artifact {}", out.target());
                return new TrainResult(out.target().toString(), manifest, run.epochs(), trainee.state());
            } finally {
                train.release();
                if (validation != null) {
                    validation.release();
                }
            }
        }
    }

    private TrainResult runGenerative(TrainingConfig config, GenerativeSpec spec,
                                      ParameterAveragingMaster.RoundListener onRound) throws IOException {
        if (config.learningRateScaling() != LearningRateScaling.NONE) {
            throw new UsageException("--lr-scaling: applies to classifiers, not to the generative model " + config.model());
        }
        if (config.augment() != null) {
            throw new UsageException("--augment: applies to classifiers, not to the generative model " + config.model());
        }
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        ShardRecords records = ShardRecords.open(spark, PathOption.of("--data", config.data(), conf), conf);
        ShardManifest data = checkData(config, records);
        OptimizerConfig optimizer = config.optimizer() != null ? config.optimizer() : spec.optimizer();
        GenerativeModel model = spec.build(data.shape(), optimizer, config.seed());
        if (config.selection().keepsBest() && (config.selection().metric() != EpochSelection.Metric.LOSS
            || model.family() != GenerativeFamily.VAE)) {
            throw new UsageException("--keep-best " + config.selection().option() + ": a generative model keeps its best "
                + "epoch by validation loss only, and only a VAE's (negative ELBO) ranks epochs; " + config.model()
                + " is a " + model.family().name().toLowerCase(Locale.ROOT));
        }
        int workers = preflight(config, conf, null, spec.name(), null, data, spec.convolutional());

        try (OutputFolder out = OutputFolder.begin(PathOption.of("--output", config.output(), conf), conf, config.overwrite())) {
            Path dir = out.dir();
            TrainingData train = loadImages(records, Split.TRAIN, workers, config.seed());
            TrainingData validation = data.count(Split.VALIDATION) == 0 ? null
                : loadImages(records, Split.VALIDATION, workers, config.seed());
            try {
                checkCount(records.describe(), data, train);
                GenerativeTrainee trainee = new GenerativeTrainee(spec, model, data, jsc(), train, validation, dir, conf,
                    config.seed());
                Run run = train(config, trainee, train, workers, dir, null, onRound, conf);
                Map<String, Object> finalMetrics = new LinkedHashMap<>();
                if (run.kept() != null) {
                    run.kept().restore(trainee, run.epochsLogged());
                }
                NetworkState state = trainee.state();
                if (validation != null) {
                    trainee.losses("validation", validation, state).forEach((n, v) -> finalMetrics.put("validation_" + n, v));
                }
                if (trainee.model().family() == GenerativeFamily.VAE && data.count(Split.TEST) > 0) {
                    TrainingData test = loadImages(records, Split.TEST, workers, config.seed());
                    try {
                        Map<String, Double> testLosses = trainee.losses("test", test, state);
                        testLosses.forEach((name, value) -> finalMetrics.put("test_" + name, value));
                        console.printf(Locale.ROOT, "test ELBO %.2f nats per image (%s)%n",
                            -testLosses.get("negative_elbo"), GenerativeTrainee.format(testLosses));
                    } finally {
                        test.release();
                    }
                }
                if (run.kept() != null) {
                    finalMetrics.put("keptEpoch", run.kept().epoch());
                    finalMetrics.put("epochsTrained", run.epochsLogged());
                }
                GenerativeModel trained = trainee.model();
                GenerativeArtifact.write(dir, spec.name(), trained, data.shape(), spec.convolutional(), conf);
                @SuppressWarnings("unchecked")
                Map<String, Object> settings = new com.fasterxml.jackson.databind.ObjectMapper()
                    .convertValue(trained.settings(), Map.class);
                ModelArtifactManifest manifest = new ModelArtifactManifest(ModelArtifactManifest.FORMAT_VERSION,
                    spec.name(), NetworkKind.MULTI_LAYER, data.shape(), spec.convolutional(), data.labelNames(),
                    state.params().length, provenance(config, optimizer, workers, null)
                        .withGenerative(trained.family().name().toLowerCase(Locale.ROOT), settings),
                    records.provenance(conf), finalMetrics, ArtifactVersions.current(),
                    clock.instant().toString(), null);
                ArtifactFiles.write(dir, manifest, conf);
                out.commit();
                LOG.info("Wrote generative model artifact {}", out.target());
                return new TrainResult(out.target().toString(), manifest, run.epochs(), state);
            } finally {
                train.release();
                if (validation != null) {
                    validation.release();
                }
            }
        }
    }

    /** What the epoch loop left: the epochs it ran, the last validation, the kept-epoch listener and epochs logged. */
    record Run(List<EpochMetrics> epochs, EpochValidation lastValidation, KeepBest kept, int epochsLogged) {
    }

    /** Resumes if asked, then runs the epoch loop with the listeners every run has. */
    <M> Run train(TrainingConfig config, Trainee<M> trainee, TrainingData train, int workers, Path dir,
                          RecordAugmenter augmentation, ParameterAveragingMaster.RoundListener onRound,
                          Configuration conf) throws IOException {
        Checkpoints checkpoints = new Checkpoints(dir, conf);
        CheckpointState start = new CheckpointState(0, 0, 0, config.seed(), null);
        if (config.resume()) {
            Optional<Checkpoints.Restored<M>> resumed = checkpoints.latest(trainee.reader(checkpoints));
            if (resumed.isPresent()) {
                start = resumed.get().state();
                checkResumable(start, resumed.get().path(), config, train);
                trainee.adopt(resumed.get().model(), resumed.get().path().toString());
                LOG.info("Resuming from {} at epoch {} round {}", resumed.get().path(), start.epoch() + 1, start.round() + 1);
            } else {
                LOG.info("No checkpoint under {}; starting from scratch", dir);
            }
        }
        LOG.info("Training {} on {} records with {} workers, batch {}, averaging every {} minibatches", trainee.name(),
            train.records(), workers, config.batchSize(), config.averagingFrequency());
        if (augmentation instanceof ImagePipeline pipeline) {
            LOG.info("Online augmentation of the training split: {}", pipeline.config().describe());
        }
        MetricsLog metrics = new MetricsLog(dir, conf, start.epoch());
        List<EpochMetrics> epochs = new ArrayList<>();
        EpochValidation[] last = {EpochValidation.NONE};
        List<EpochListener> listeners = new ArrayList<>();
        listeners.add(new ProgressPrinter(ProgressLine.of(console, "train"), config.epochs(), train.records()));
        listeners.add(new EpochListener() {
            @Override
            public void onRound(io.dlspark.engine.RoundStats stats) {
                onRound.onRound(stats);
            }

            @Override
            public void afterEpoch(EpochEnd end) {
                epochs.add(end.line());
                last[0] = end.validation();
            }
        });
        listeners.add(new CheckpointWriter(checkpoints, trainee, config.checkpointEveryRounds(), config.seed()));
        listeners.add(metrics);
        listeners.add(new ConsoleReporter(console));
        KeepBest kept = null;
        if (config.selection().keepsBest()) {
            kept = KeepBest.start(config.selection(), metrics, checkpoints, trainee, console, config.seed());
            listeners.add(kept);
        }
        io.dlspark.engine.TrainingSettings settings = config.engineSettings(workers);
        JavaSparkContext jsc = jsc();
        MinibatchAssembler assembler = trainee.assembler();
        NetworkState finalState = new EpochLoop<>(config.epochs(), trainee,
            blueprint -> new ParameterAveragingMaster(jsc, settings, blueprint, assembler, augmentation),
            train, listeners, clock).run(start);
        trainee.apply(finalState);
        return new Run(epochs, last[0], kept, metrics.epochCount());
    }

    /** A checkpoint's position must lie inside this run and its seed be the run's, else resuming would lie. */
    private static void checkResumable(CheckpointState start, Path path, TrainingConfig config, TrainingData train) {
        if (start.seed() != config.seed()) {
            throw new UsageException("--seed " + config.seed() + " --resume: checkpoint " + path + " was trained with seed "
                + start.seed() + "; resume with the seed of the interrupted run");
        }
        if (start.epoch() > config.epochs()) {
            throw new UsageException("--epochs " + config.epochs() + " --resume: checkpoint " + path + " already holds "
                + start.epoch() + " epochs; ask for at least that many");
        }
        int rounds = new EpochPlan(config.seed(), config.batchSize(), config.averagingFrequency()).rounds(train.sizes());
        if (start.round() >= rounds) {
            throw new UsageException("checkpoint " + path + " is at round " + start.round() + " of an epoch that has "
                + rounds + " rounds with --batch-size " + config.batchSize() + " --averaging-frequency "
                + config.averagingFrequency() + "; resume with the settings of the interrupted run");
        }
    }

    /** Reads and checks the shard manifest and the output, and runs the preflight checks; returns the worker count. */
    int preflight(TrainingConfig config, Configuration conf, NeuralNetwork net, String model, ModelInput input,
                          ShardManifest data, boolean convolutional) throws IOException {
        Path output = PathOption.of("--output", config.output(), conf);
        OutputFolder.check(output, conf, config.overwrite(), config.resume());
        int workers = workers(config);
        Preflight.beforeRun(spark, Map.of("--output", output.getParent()), config.workers(), "--workers");
        if (net != null) {
            Preflight.trainingMemory(spark, net, model, input, convolutional, data.classCount(), config.batchSize(), workers);
        }
        return workers;
    }

    /** The records' manifest, once it is known to hold training records and, to keep the best epoch, validation ones. */
    static ShardManifest checkData(TrainingConfig config, RecordSource records) {
        ShardManifest data = records.manifest();
        if (data.count(Split.TRAIN) == 0) {
            throw new UsageException(records.describe() + ": the shard set has no training records");
        }
        if (config.selection().keepsBest() && data.count(Split.VALIDATION) == 0) {
            throw new UsageException("--keep-best " + config.selection().option() + ": "
                + (records.root() != null ? "the shard set " + records.root() : records.describe())
                + " has no validation split to pick the epoch by (ingest with "
                + (data.recordFormat() == RecordFormat.DETECTION_UINT8_HWC
                    ? "--validation-scenes > 0, or --val-fraction > 0 for VOC)" : "--val-fraction > 0)"));
        }
        return data;
    }

    static void checkCount(String records, ShardManifest data, TrainingData train) {
        if (train.records() != data.count(Split.TRAIN)) {
            throw new DataException(records + ": the train shards hold " + train.records()
                + " records but the manifest says " + data.count(Split.TRAIN));
        }
    }

    SparkSession spark() {
        return spark;
    }

    /** The time stamp of an artifact written now. */
    String now() {
        return clock.instant().toString();
    }

    JavaSparkContext jsc() {
        return JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    private static TrainingData loadImages(RecordSource records, Split split, int workers, long seed) {
        return TrainingData.load(records.split(split), workers, seed, records.manifest().shape().size());
    }

    private void printGradients(List<EpochMetrics> epochs) {
        if (epochs.isEmpty() || epochs.get(epochs.size() - 1).gradients() == null) {
            return;
        }
        List<GradientSums.LayerGradients> last = epochs.get(epochs.size() - 1).gradients();
        console.print(gradientCheck.table(last));
        for (GradientCheck.Finding finding : gradientCheck.assess(last)) {
            if (finding.flag().problem()) {
                LOG.warn("layer {}: {} gradients (L2 norm {} = {} x the output layer's)", finding.layer().layer(),
                    finding.flag().name().toLowerCase(Locale.ROOT), finding.layer().gradientNorm(), finding.relativeNorm());
            }
        }
        console.flush();
    }

    /** Copies a text vectoriser into the artifact (temporary name, then rename) and returns its entry there. */
    private static TextFeatures.Vectorizer copyVectorizer(FeatureInputs inputs, Path dataRoot, Path output,
                                                         Configuration conf) throws IOException {
        if (inputs.vectorizer() == null) {
            return null;
        }
        Path source = new Path(dataRoot, inputs.vectorizer().pipeline());
        Path target = new Path(output, ModelArtifactManifest.VECTORIZER_DIR);
        Path temporary = new Path(output, "_" + ModelArtifactManifest.VECTORIZER_DIR + ".tmp");
        FileSystem fs = HadoopFiles.fs(output, conf);
        fs.delete(temporary, true);
        if (!FileUtil.copy(HadoopFiles.fs(source, conf), source, fs, temporary, false, conf)) {
            throw new DataException("cannot copy the vectoriser " + source + " into " + output);
        }
        fs.delete(target, true);
        if (!fs.rename(temporary, target)) {
            throw new DataException("cannot rename " + temporary + " to " + target);
        }
        return inputs.vectorizer().at(ModelArtifactManifest.VECTORIZER_DIR);
    }

    /** The final validation metrics of the kept network ({@code last}: its epoch's validation), and which epoch was kept. */
    static Map<String, Object> supervisedMetrics(NetworkTrainee trainee, EpochValidation last, Run run) {
        Map<String, Object> metrics = new LinkedHashMap<>(trainee.validationMetrics(last));
        if (run.kept() != null) {
            metrics.put("keptEpoch", run.kept().epoch());
            metrics.put("epochsTrained", run.epochsLogged());
        }
        return metrics;
    }

    /**
     * The training settings an artifact records; {@code optimizer} may be null. Its learning rate is the one trained
     * with, after any {@code --lr-scaling}.
     */
    static TrainingProvenance provenance(TrainingConfig config, OptimizerConfig optimizer, int workers,
                                         ImagePipeline augmentation) {
        return new TrainingProvenance(config.epochs(), workers, config.batchSize(), config.averagingFrequency(),
            config.treeDepth(), config.exchange().option(), config.learningRateScaling().option(),
            optimizer == null ? null : optimizer.name(), optimizer == null ? null : optimizer.learningRate(),
            optimizer == null ? null : optimizer.describe(), config.seed(), config.selection().option(),
            config.selection().patience(), augmentation == null ? null : augmentation.config().describe(), null, null,
            null, null);
    }
}
