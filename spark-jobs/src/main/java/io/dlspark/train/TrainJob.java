package io.dlspark.train;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.Versions;
import io.dlspark.core.artifact.CheckpointState;
import io.dlspark.core.artifact.Checkpoints;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.eval.EvaluationReport;
import io.dlspark.core.io.AtomicFiles;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.Json;
import io.dlspark.core.model.ModelCatalog;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.nn.NetworkBlueprint;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.core.train.MinibatchAssembler;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
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

    public TrainJob(SparkSession spark, PrintWriter console) {
        this.spark = spark;
        this.console = console;
    }

    public TrainResult run(TrainRequest request) throws IOException {
        return run(request, stats -> { });
    }

    /** Runs training; {@code onRound} also receives every round's statistics. */
    public TrainResult run(TrainRequest request, ParameterAveragingMaster.RoundListener onRound) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Path dataRoot = new Path(request.data());
        ShardManifest data = ManifestIo.read(dataRoot, conf);
        if (data.recordFormat() != RecordFormat.IMAGE_UINT8_HWC) {
            throw new UsageException("--data " + dataRoot + ": training on " + data.recordFormat() + " shards is not supported yet");
        }
        if (data.count(Split.TRAIN) == 0) {
            throw new UsageException("--data " + dataRoot + ": the shard set has no training records");
        }
        ModelSpec spec = ModelCatalog.resolve(request.model());
        long seed = request.settings().seed();
        NeuralNetwork net = spec.build(data.shape(), data.classCount(), request.optimizer(), seed);
        ModelCompatibility.check(net, spec.name(), data.shape(), data.classCount(), spec.convolutional());

        Path output = new Path(request.output());
        Optional<Checkpoints.Loaded> resumed = prepareOutput(output, conf, request, net);
        CheckpointState start = new CheckpointState(0, 0, 0, seed, null);
        if (resumed.isPresent()) {
            net = resumed.get().network();
            start = resumed.get().state();
            ModelCompatibility.check(net, spec.name(), data.shape(), data.classCount(), spec.convolutional());
            LOG.info("Resuming from {} at epoch {} round {}", resumed.get().path(), start.epoch() + 1, start.round() + 1);
        }

        int workers = request.workers() != null ? request.workers() : jsc.defaultParallelism();
        TrainingSettings settings = request.settings().withWorkers(workers);
        MinibatchAssembler assembler = new MinibatchAssembler(data.shape(), data.classCount(), spec.convolutional());
        NetworkBlueprint blueprint = NetworkBlueprint.of(net);
        ParameterAveragingMaster master = new ParameterAveragingMaster(jsc, settings, blueprint, assembler);
        Checkpoints checkpoints = new Checkpoints(output, conf);
        MetricsLog metrics = new MetricsLog(output, conf, start.epoch());

        TrainingData train = TrainingData.load(spark.read().parquet(new Path(dataRoot, Split.TRAIN.dirName()).toString()),
            workers, seed, data.shape().size());
        TrainingData validation = data.count(Split.VALIDATION) == 0 ? null
            : TrainingData.load(spark.read().parquet(new Path(dataRoot, Split.VALIDATION.dirName()).toString()),
                workers, seed, data.shape().size());
        if (train.records() != data.count(Split.TRAIN)) {
            throw new DataException("--data " + dataRoot + ": the train shards hold " + train.records()
                + " records but the manifest says " + data.count(Split.TRAIN));
        }
        LOG.info("Training {} ({} parameters) on {} records with {} workers, batch {}, averaging every {} minibatches",
            spec.name(), Networks.numParams(net), train.records(), workers, settings.batchSize(), settings.averagingFrequency());

        NetworkState state = NetworkState.of(net);
        NeuralNetwork driverNet = net;
        ProgressPrinter progress = new ProgressPrinter(console, request.epochs(), train.records());
        List<EpochMetrics> epochs = new ArrayList<>();
        EvaluationReport lastValidation = null;
        try {
            for (int epoch = start.epoch(); epoch < request.epochs(); epoch++) {
                EpochAccumulator accumulator = new EpochAccumulator();
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
                    .evaluate("validation", validation, blueprint, state, assembler, data.labelNames());
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
                console.flush();
            }
        } finally {
            train.release();
            if (validation != null) {
                validation.release();
            }
        }
        state.applyTo(driverNet);
        ModelArtifactManifest manifest = manifest(request, spec, data, dataRoot, conf, driverNet, workers, lastValidation);
        AtomicFiles.write(new Path(output, ModelArtifactManifest.MODEL_FILE), conf, out -> Networks.save(driverNet, out));
        AtomicFiles.writeString(new Path(output, ModelArtifactManifest.FILE_NAME), Json.pretty(manifest), conf);
        LOG.info("Wrote model artifact {}", output);
        return new TrainResult(output.toString(), manifest, epochs, state);
    }

    private static double checkpoint(Checkpoints checkpoints, NeuralNetwork driverNet, NetworkState state, int epoch,
                                     int round, long seed) throws IOException {
        long start = System.nanoTime();
        state.applyTo(driverNet);
        checkpoints.write(driverNet, new CheckpointState(epoch, round, state.iteration(), seed, Instant.now().toString()));
        return (System.nanoTime() - start) / 1e6;
    }

    private static Optional<Checkpoints.Loaded> prepareOutput(Path output, Configuration conf, TrainRequest request,
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

    private static ModelArtifactManifest manifest(TrainRequest request, ModelSpec spec, ShardManifest data, Path dataRoot,
                                                  Configuration conf, NeuralNetwork net, int workers,
                                                  EvaluationReport validation) throws IOException {
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochs", request.epochs());
        training.put("workers", workers);
        training.put("batchSize", request.settings().batchSize());
        training.put("averagingFrequency", request.settings().averagingFrequency());
        training.put("treeDepth", request.settings().treeDepth());
        training.put("optimizer", request.optimizer().name());
        training.put("learningRate", request.optimizer().learningRate());
        training.put("seed", request.settings().seed());
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (validation != null) {
            metrics.put("validationAccuracy", validation.accuracy());
            metrics.put("validationLogLoss", validation.logLoss());
            metrics.put("validationMacroF1", validation.macroF1());
        }
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("dlspark", Versions.dlspark());
        versions.put("deeplearning4j", org.deeplearning4j.nn.conf.NeuralNetConfiguration.class.getPackage().getImplementationVersion());
        versions.put("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
        versions.put("java", Versions.java());
        String manifestSha = HadoopFiles.sha256(new Path(dataRoot, ShardManifest.FILE_NAME), conf);
        return new ModelArtifactManifest(ModelArtifactManifest.FORMAT_VERSION, spec.name(), Networks.kind(net), data.shape(),
            spec.convolutional(), data.labelNames(), Networks.numParams(net), training,
            new ModelArtifactManifest.DataProvenance(dataRoot.toString(), manifestSha, data.dataset()), metrics, versions,
            Instant.now().toString());
    }
}
