package io.dlspark.train;

import io.dlspark.augment.ImagePipeline;
import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.CheckpointState;
import io.dlspark.core.artifact.Checkpoints;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.eval.EvaluationReport;
import io.dlspark.core.gen.GenerativeSpec;
import io.dlspark.core.io.AtomicFiles;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.Json;
import io.dlspark.core.model.CatalogSpec;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.security.Redactor;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.core.shard.TextFeatures;
import io.dlspark.core.train.GradientCheck;
import io.dlspark.core.train.GradientSums;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.engine.DistributedEvaluator;
import io.dlspark.engine.ParameterAveragingMaster;
import io.dlspark.engine.TrainingSettings;
import io.dlspark.feed.FeatureInputs;
import io.dlspark.feed.OnlineAugmentation;
import io.dlspark.feed.TrainingData;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code dlspark train} job: checks the model against the shard manifest, trains with the
 * {@link ParameterAveragingMaster}, evaluates on the validation split and checkpoints after every epoch, resumes
 * from the newest checkpoint on request, and writes the model artifact.
 */
public final class TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

    private final SparkSession spark;
    private final PrintWriter console;
    private final GradientCheck gradientCheck;

    public TrainJob(SparkSession spark, PrintWriter console) {
        this(spark, console, GradientCheck.DEFAULT);
    }

    /** A job whose end-of-training gradient table flags layers by {@code gradientCheck}. */
    public TrainJob(SparkSession spark, PrintWriter console, GradientCheck gradientCheck) {
        this.spark = spark;
        this.console = console;
        this.gradientCheck = gradientCheck;
    }

    public TrainResult run(TrainRequest request) throws IOException {
        return run(request, stats -> { });
    }

    /** Runs training; {@code onRound} also receives every round's statistics. */
    public TrainResult run(TrainRequest request, ParameterAveragingMaster.RoundListener onRound) throws IOException {
        CatalogSpec catalogSpec = ModelCatalog.resolveAny(request.model(), Map.of());
        if (catalogSpec instanceof GenerativeSpec generative) {
            if (request.settings().learningRateScaling() != LearningRateScaling.NONE) {
                throw new UsageException("--lr-scaling: applies to classifiers, not to the generative model " + request.model());
            }
            if (request.selection().keepsBest()) {
                throw new UsageException("--keep-best: applies to classifiers, not to the generative model " + request.model());
            }
            Path dataRoot = new Path(request.data());
            ShardManifest data = ManifestIo.read(dataRoot, spark.sparkContext().hadoopConfiguration());
            return new GenerativeTrainJob(spark, console).run(request, generative, data, dataRoot, onRound);
        }
        ModelSpec spec = (ModelSpec) catalogSpec;
        double factor = request.settings().learningRateScaling().factor(workers(request));
        OptimizerConfig optimizer = factor == 1 ? request.optimizer()
            : (request.optimizer() != null ? request.optimizer() : spec.optimizer()).scaled(factor);
        if (factor != 1) {
            LOG.info("--lr-scaling {}: learning rate {} x {} = {}", request.settings().learningRateScaling().option(),
                optimizer.learningRate() / factor, factor, optimizer.learningRate());
        }
        return run(request, ModelSource.of(spec, optimizer), onRound);
    }

    private int workers(TrainRequest request) {
        return request.workers() != null ? request.workers() : spark.sparkContext().defaultParallelism();
    }

    /** Trains the network of {@code source}; {@code onRound} also receives every round's statistics. */
    public TrainResult run(TrainRequest request, ModelSource source, ParameterAveragingMaster.RoundListener onRound)
        throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Path dataRoot = new Path(request.data());
        ShardManifest data = ManifestIo.read(dataRoot, conf);
        if (data.count(Split.TRAIN) == 0) {
            throw new UsageException("--data " + dataRoot + ": the shard set has no training records");
        }
        if (request.selection().keepsBest() && data.count(Split.VALIDATION) == 0) {
            throw new UsageException("--keep-best " + request.selection().option() + ": the shard set " + dataRoot
                + " has no validation split to pick the epoch by (ingest with --val-fraction > 0)");
        }
        ImagePipeline augmentation = request.augment() == null ? null : OnlineAugmentation.load(request.augment(), data);
        long seed = request.settings().seed();
        FeatureInputs inputs = FeatureInputs.of(data, dataRoot,
            request.features() != null ? request.features() : source.defaultTextFeatures()).adapted(source.inputAdapter());
        NeuralNetwork net = source.build(inputs.modelInput(), data.classCount(), seed);
        ModelCompatibility.check(net, source.name(), inputs, data.classCount(), source.convolutional());

        Path output = new Path(request.output());
        Optional<Checkpoints.Loaded> resumed = prepareOutput(output, conf, request, net);
        CheckpointState start = new CheckpointState(0, 0, 0, seed, null);
        if (resumed.isPresent()) {
            net = resumed.get().network();
            start = resumed.get().state();
            ModelCompatibility.check(net, source.name(), inputs, data.classCount(), source.convolutional());
            LOG.info("Resuming from {} at epoch {} round {}", resumed.get().path(), start.epoch() + 1, start.round() + 1);
        }

        int workers = workers(request);
        TrainingSettings settings = request.settings().withWorkers(workers);
        MinibatchAssembler assembler = inputs.assembler(data.classCount(), source.convolutional());
        NetworkBlueprint blueprint = NetworkBlueprint.of(net);
        ParameterAveragingMaster master = new ParameterAveragingMaster(jsc, settings, blueprint, assembler, augmentation);
        Checkpoints checkpoints = new Checkpoints(output, conf);
        MetricsLog metrics = new MetricsLog(output, conf, start.epoch());

        TrainingData train = inputs.load(spark.read().parquet(new Path(dataRoot, Split.TRAIN.dirName()).toString()),
            workers, seed);
        TrainingData validation = data.count(Split.VALIDATION) == 0 ? null
            : inputs.load(spark.read().parquet(new Path(dataRoot, Split.VALIDATION.dirName()).toString()), workers, seed);
        if (train.records() != data.count(Split.TRAIN)) {
            throw new DataException("--data " + dataRoot + ": the train shards hold " + train.records()
                + " records but the manifest says " + data.count(Split.TRAIN));
        }
        LOG.info("Training {} ({} parameters) on {} records with {} workers, batch {}, averaging every {} minibatches",
            source.name(), Networks.numParams(net), train.records(), workers, settings.batchSize(), settings.averagingFrequency());
        if (augmentation != null) {
            LOG.info("Online augmentation of the training split: {}", augmentation.config().describe());
        }

        NetworkState state = NetworkState.of(net);
        NeuralNetwork driverNet = net;
        ProgressPrinter progress = new ProgressPrinter(console, request.epochs(), train.records());
        List<EpochMetrics> epochs = new ArrayList<>();
        EvaluationReport lastValidation = null;
        EvaluationReport bestValidation = null;
        BestEpoch best = request.selection().keepsBest() ? resumedBest(request.selection(), metrics, checkpoints, net) : null;
        try {
            for (int epoch = start.epoch(); epoch < request.epochs() && (best == null || !best.exhausted()); epoch++) {
                EpochAccumulator accumulator = new EpochAccumulator();
                state.applyTo(driverNet);
                NeuralNetwork forEpoch = source.forEpoch(driverNet, epoch);
                if (forEpoch != driverNet) {
                    LOG.info("Epoch {}: the trainable layers of {} changed", epoch + 1, source.name());
                    driverNet = forEpoch;
                    blueprint = NetworkBlueprint.of(driverNet);
                    master.release();
                    master = new ParameterAveragingMaster(jsc, settings, blueprint, assembler, augmentation);
                    state = NetworkState.of(driverNet);
                }
                state = state.withCounters(state.iteration(), epoch);
                int rounds = master.rounds(train);
                for (int round = epoch == start.epoch() ? start.round() : 0; round < rounds; round++) {
                    state = master.round(train, state, epoch, round, stats -> {
                        accumulator.add(stats);
                        progress.onRound(stats);
                        onRound.onRound(stats);
                    });
                    int done = round + 1;
                    if (request.checkpointEveryRounds() > 0 && done % request.checkpointEveryRounds() == 0 && done < rounds) {
                        accumulator.addCheckpoint(checkpoint(checkpoints, driverNet, state, epoch, done, seed));
                    }
                }
                long evalStart = System.nanoTime();
                lastValidation = validation == null ? null : new DistributedEvaluator(jsc)
                    .evaluate("validation", validation, blueprint, state, assembler, data.labelNames(), data.positiveClass());
                double evalMs = (System.nanoTime() - evalStart) / 1e6;
                accumulator.addCheckpoint(checkpoint(checkpoints, driverNet, state, epoch + 1, 0, seed));
                EpochMetrics line = accumulator.finish(epoch, lastValidation == null ? null : lastValidation.logLoss(),
                    lastValidation == null ? null : lastValidation.accuracy(), evalMs);
                metrics.append(line);
                epochs.add(line);
                console.printf(java.util.Locale.ROOT, "epoch %d/%d: train loss %.4f, validation accuracy %s, %.0f samples/s, %.1f s%n",
                    epoch + 1, request.epochs(), line.trainLoss(),
                    lastValidation == null ? "n/a" : String.format(java.util.Locale.ROOT, "%.4f", lastValidation.accuracy()),
                    line.samplesPerSecond(), line.seconds());
                if (best != null && best.offer(line)) {
                    bestValidation = lastValidation;
                    state.applyTo(driverNet);
                    checkpoints.writeBest(driverNet, new CheckpointState(epoch + 1, 0, state.iteration(), seed,
                        Instant.now().toString()));
                }
                if (best != null && best.exhausted()) {
                    console.printf(java.util.Locale.ROOT, "stopping early after epoch %d: no better validation %s in the last %d epoch(s)%n",
                        epoch + 1, request.selection().option(), best.epochsSinceBest());
                }
                console.flush();
            }
            if (best != null) {
                Checkpoints.Loaded kept = checkpoints.best(Networks.kind(driverNet)).orElseThrow();
                driverNet = kept.network();
                state = NetworkState.of(driverNet);
                lastValidation = bestValidation != null ? bestValidation : new DistributedEvaluator(jsc).evaluate("validation",
                    validation, NetworkBlueprint.of(driverNet), state, assembler, data.labelNames(), data.positiveClass());
                console.printf(java.util.Locale.ROOT, "keeping epoch %d of %d (best validation %s: %.4f)%n", best.epoch(),
                    metrics.epochCount(), request.selection().option(), best.value());
                console.flush();
            }
        } finally {
            master.release();
            train.release();
            if (validation != null) {
                validation.release();
            }
        }
        printGradients(epochs);
        state.applyTo(driverNet);
        TextFeatures.Vectorizer vectorizer = copyVectorizer(inputs, dataRoot, output, conf);
        ModelArtifactManifest manifest = manifest(request, source, data, dataRoot, conf, driverNet, workers, lastValidation,
            augmentation, vectorizer, best, metrics.epochCount());
        NeuralNetwork trained = driverNet;
        AtomicFiles.write(new Path(output, ModelArtifactManifest.MODEL_FILE), conf, out -> Networks.save(trained, out));
        AtomicFiles.writeString(new Path(output, ModelArtifactManifest.FILE_NAME), Json.pretty(manifest), conf);
        LOG.info("Wrote model artifact {}", output);
        return new TrainResult(output.toString(), manifest, epochs, state);
    }

    private void printGradients(List<EpochMetrics> epochs) {
        if (epochs.isEmpty() || epochs.get(epochs.size() - 1).gradients() == null) {
            return;
        }
        List<GradientSums.LayerGradients> last = epochs.get(epochs.size() - 1).gradients();
        console.print(gradientCheck.table(last));
        for (GradientCheck.Finding finding : gradientCheck.assess(last)) {
            if (finding.flag() != GradientCheck.Flag.OK) {
                LOG.warn("layer {}: {} gradients (L2 norm {} = {} x the output layer's)", finding.layer().layer(),
                    finding.flag().name().toLowerCase(java.util.Locale.ROOT), finding.layer().gradientNorm(), finding.relativeNorm());
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

    /**
     * The best epoch so far of a run that keeps one: none for a fresh run; on resume, the best of the epochs in
     * {@code metrics.jsonl}, whose network must be the best-epoch checkpoint (else the run began without
     * {@code --keep-best} or with another metric, which is a usage error).
     */
    private static BestEpoch resumedBest(EpochSelection selection, MetricsLog metrics, Checkpoints checkpoints,
                                         NeuralNetwork net) throws IOException {
        BestEpoch best = new BestEpoch(selection, metrics.epochs());
        if (best.epoch() > 0) {
            int saved = checkpoints.best(Networks.kind(net)).map(b -> b.state().epoch()).orElse(-1);
            if (saved != best.epoch()) {
                throw new UsageException("--keep-best " + selection.option() + " --resume: the best epoch so far is "
                    + best.epoch() + " but the best-epoch checkpoint holds " + (saved < 0 ? "none" : "epoch " + saved)
                    + "; resume with the --keep-best of the interrupted run");
            }
        }
        return best;
    }

    private static double checkpoint(Checkpoints checkpoints, NeuralNetwork driverNet, NetworkState state, int epoch,
                                     int round, long seed) throws IOException {
        long start = System.nanoTime();
        state.applyTo(driverNet);
        checkpoints.write(driverNet, new CheckpointState(epoch, round, state.iteration(), seed, Instant.now().toString()));
        return (System.nanoTime() - start) / 1e6;
    }

    static Optional<Checkpoints.Loaded> prepareOutput(Path output, Configuration conf, TrainRequest request,
                                                              NeuralNetwork fresh) throws IOException {
        FileSystem fs = HadoopFiles.fs(output, conf);
        if (fs.exists(output)) {
            if (request.overwrite()) {
                fs.delete(output, true);
            } else if (!request.resume()) {
                throw new UsageException("--output " + output + " already exists; pass --resume to continue it or --overwrite to replace it");
            }
        }
        fs.mkdirs(output);
        if (!request.resume()) {
            return Optional.empty();
        }
        Optional<Checkpoints.Loaded> loaded = new Checkpoints(output, conf).latest(Networks.kind(fresh));
        if (loaded.isEmpty()) {
            LOG.info("No checkpoint under {}; starting from scratch", output);
        } else if (Networks.numParams(loaded.get().network()) != Networks.numParams(fresh)) {
            throw new UsageException("checkpoint " + loaded.get().path() + " holds a model with "
                + Networks.numParams(loaded.get().network()) + " parameters, not the " + Networks.numParams(fresh)
                + " of --model " + request.model());
        }
        return loaded;
    }

    private static ModelArtifactManifest manifest(TrainRequest request, ModelSource source, ShardManifest data, Path dataRoot,
                                                  Configuration conf, NeuralNetwork net, int workers,
                                                  EvaluationReport validation, ImagePipeline augmentation,
                                                  TextFeatures.Vectorizer vectorizer, BestEpoch best,
                                                  int epochsTrained)
        throws IOException {
        OptimizerConfig optimizer = source.optimizer() != null ? source.optimizer() : request.optimizer();
        Map<String, Object> training = training(request, optimizer, workers);
        if (augmentation != null) {
            training.put("augment", augmentation.config().describe());
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (validation != null) {
            metrics.put("validationAccuracy", validation.accuracy());
            metrics.put("validationLogLoss", validation.logLoss());
            metrics.put("validationMacroF1", validation.macroF1());
        }
        if (best != null) {
            metrics.put("keptEpoch", best.epoch());
            metrics.put("epochsTrained", epochsTrained);
        }
        String manifestSha = HadoopFiles.sha256(new Path(dataRoot, ShardManifest.FILE_NAME), conf);
        return new ModelArtifactManifest(ModelArtifactManifest.FORMAT_VERSION, source.name(), Networks.kind(net), data.shape(),
            source.convolutional(), data.labelNames(), Networks.numParams(net), training,
            new ModelArtifactManifest.DataProvenance(Redactor.redact(dataRoot.toString()), manifestSha, data.dataset()),
            metrics, ArtifactVersions.current(), Instant.now().toString(), source.transfer(), vectorizer);
    }

    /**
     * The training settings recorded in an artifact manifest; {@code optimizer} may be null. Its learning rate is the
     * one trained with, after any {@code --lr-scaling}.
     */
    static Map<String, Object> training(TrainRequest request, OptimizerConfig optimizer, int workers) {
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochs", request.epochs());
        training.put("workers", workers);
        training.put("batchSize", request.settings().batchSize());
        training.put("averagingFrequency", request.settings().averagingFrequency());
        training.put("treeDepth", request.settings().treeDepth());
        training.put("exchange", request.settings().exchange().option());
        training.put("learningRateScaling", request.settings().learningRateScaling().option());
        if (optimizer != null) {
            training.put("optimizer", optimizer.name());
            training.put("learningRate", optimizer.learningRate());
            training.put("optimizerSettings", optimizer.describe());
        }
        training.put("seed", request.settings().seed());
        training.put("keepBest", request.selection().option());
        training.put("patience", request.selection().patience());
        return training;
    }
}
