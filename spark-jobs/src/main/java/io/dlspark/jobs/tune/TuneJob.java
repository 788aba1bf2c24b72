package io.dlspark.jobs.tune;

import io.dlspark.console.ProgressLine;
import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ArtifactFiles;
import io.dlspark.core.artifact.InputPreprocessing;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.artifact.TrainingProvenance;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.io.AtomicFiles;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.OutputHead;
import io.dlspark.core.nn.NetworkKind;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.security.Redactor;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.spark.JobDescription;
import io.dlspark.train.ArtifactVersions;
import io.dlspark.train.TrainJob;
import io.dlspark.tuning.OptimizerSpec;
import io.dlspark.tuning.TuningConfig;
import io.dlspark.tuning.early.AshaScheduler;
import io.dlspark.tuning.ledger.TrialLedger;
import io.dlspark.tuning.ledger.TrialRecord;
import io.dlspark.tuning.ledger.TrialStatus;
import io.dlspark.tuning.search.LocalSearch;
import io.dlspark.tuning.search.SearchDriver;
import io.dlspark.tuning.search.TrialFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code dlspark tune} job: reads the tuning configuration, opens (or resumes) the trial ledger in the output
 * folder, runs the search asynchronously with trials as Spark jobs (one executor slot each, or the whole cluster
 * each with {@code --distributed-trials}), and writes the report and a model trained with the best configuration.
 */
public final class TuneJob {
    private static final Logger LOG = LoggerFactory.getLogger(TuneJob.class);
    static final String LEDGER = "ledger.jsonl";
    static final String CONFIG_COPY = "tuning.conf";
    static final String BEST_MODEL = "best-model";
    /**
     * Spark settings a search needs unless the user sets them: the fair scheduler, so that the trials' concurrent
     * jobs share the executor slots.
     */
    public static final Map<String, String> SPARK_DEFAULTS = Map.of("spark.scheduler.mode", "FAIR");

    private final SparkSession spark;
    private final PrintWriter console;

    public TuneJob(SparkSession spark, PrintWriter console) {
        this.spark = spark;
        this.console = console;
    }

    public TuneResult run(TuneRequest request) throws IOException {
        try (JobDescription job = JobDescription.of(spark, "dlspark tune")) {
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            Path configPath = PathOption.of("--config", request.config(), conf);
            Path dataRoot = PathOption.of("--data", request.data(), conf);
            Path output = PathOption.of("--output", request.output(), conf);
            String configText = HadoopFiles.readString(configPath, conf);
            TuningFile file = TuningFile.parse(configText, "--config " + request.config());
            TuningConfig tuning = file.tuning();
            TrialTraining training = file.training();
            OptimizerSpec optimizer = request.optimizer() == null ? tuning.optimizer()
                : new OptimizerSpec(request.optimizer(), tuning.optimizer().seed(), tuning.optimizer().gridResolution(),
                    tuning.optimizer().initialPoints());
            int trials = request.trials() != null ? request.trials() : tuning.trials();
            int slots = request.distributedTrials() ? 1
                : request.parallelTrials() != null ? request.parallelTrials() : tuning.parallelTrials();

            ShardManifest data = ManifestIo.read(dataRoot, conf);
            if (data.recordFormat() != RecordFormat.IMAGE_UINT8_HWC && data.recordFormat() != RecordFormat.FEATURES_FLOAT32) {
                throw new UsageException("--data " + dataRoot + ": tuning on " + data.recordFormat() + " shards is not supported yet");
            }
            checkRegression(data, dataRoot, request, tuning);
            ModelSpec model = ModelCatalog.resolve(training.model());
            TrialPlanner planner = new TrialPlanner(tuning.space(), training, ModelInput.of(data),
                TrainJob.regressionTarget(data) != null ? OutputHead.regression(1) : OutputHead.softmax(data.classCount()),
                request.distributedTrials());
            if (request.distributedTrials()) {
                DistributedTrialRunner.config(training, request.data(), request.output()).build();
            }
            prepareOutput(output, conf, configText, request);

            TrialLedger ledger = TrialLedger.open(new Path(output, LEDGER), conf);
            SearchDriver driver = new SearchDriver(tuning.space(), tuning.objective(), optimizer.create(tuning.space()),
                ledger, tuning.earlyStopping().map(AshaScheduler::new), trials);
            TrialSegments segments = new TrialSegments(training.epochs(), tuning.earlyStopping());
            String header = String.format(Locale.ROOT, "objective %s (%s); optimizer %s (seed %d); %d trials, %s; "
                    + "up to %d epochs per trial%s; data %s",
                tuning.objective().metric(), tuning.objective().goal().name().toLowerCase(Locale.ROOT),
                optimizer.kind().name().toLowerCase(Locale.ROOT), optimizer.seed(), trials,
                request.distributedTrials() ? "each distributed over the cluster" : slots + " at a time",
                training.epochs(), tuning.earlyStopping().map(a -> ", ASHA rungs " + a.rungs() + " keeping 1/"
                    + a.reductionFactor()).orElse(""), dataRoot);
            console.println("dlspark tune: " + header);
            console.flush();

            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Broadcast<TrialData> shared = null;
            try {
                TrialFunction function;
                ParallelTrialRunner parallel = null;
                if (request.distributedTrials()) {
                    function = new DistributedTrialRunner(spark, request.data(), output, planner, training, segments);
                } else {
                    shared = jsc.broadcast(TrialData.load(spark, dataRoot, data, training.seed(), training.maxTrainRecords(),
                        model.convolutional()));
                    parallel = new ParallelTrialRunner(jsc, shared, planner, segments, training.threadsPerTrial());
                    function = parallel;
                }
                TrialFunction announced = (trial, reporter) -> {
                    console.printf(Locale.ROOT, "trial %d started: %s%n", trial.id(), trial.assignment());
                    console.flush();
                    function.run(trial, reporter);
                };
                TrialFunction followed = new TrialProgress(announced, ProgressLine.everyUpdate(console, "tune"),
                    tuning.objective().metric(), trials, driver.records().size());
                List<TrialRecord> written = new LocalSearch(driver, "driver", slots).run(followed);
                LOG.info("Search finished: {} trials run now, {} in the ledger", written.size(), driver.records().size());
                List<TrialRecord> records = driver.records();
                TrialRecord best = best(records, tuning.objective())
                    .orElseThrow(() -> new DataException("every one of the " + records.size()
                        + " trials failed; see " + new Path(output, LEDGER) + " for their errors"));
                TrialSpec bestSpec = planner.plan(tuning.space().assignment(best.params()));
                String artifact;
                Double artifactObjective = null;
                if (parallel != null) {
                    SegmentResult trained = parallel.trainFully(bestSpec);
                    Map<String, Double> last = trained.epochs().get(trained.epochs().size() - 1);
                    artifactObjective = last.get(tuning.objective().metric());
                    writeArtifact(new Path(output, BEST_MODEL), conf, bestSpec, trained, model, data, dataRoot, training, last);
                    artifact = BEST_MODEL;
                } else {
                    artifact = "trials/" + DistributedTrialRunner.trialDir(output, best.trialId()).getName();
                }
                TuneReport.write(output, conf, header, tuning.objective(), training.epochs(), records, best,
                    bestSpec.settings(), artifact, artifactObjective);
                console.printf(Locale.ROOT, "best trial %d: %s %.4f with %s%nmodel: %s%nreport: %s%n", best.trialId(),
                    tuning.objective().metric(), best.objective().getAsDouble(), best.params(),
                    new Path(output, artifact), new Path(output, TuneReport.REPORT));
                console.flush();
                return new TuneResult(output.toString(), records, best, bestSpec, new Path(output, artifact).toString());
            } finally {
                if (shared != null) {
                    shared.destroy();
                }
            }
        }
    }

    /**
     * A regression target (a table ingested with {@code --task regression}) trains each trial with {@code dlspark
     * train}'s regression head, so it needs distributed trials, and an objective on the loss (there is no accuracy).
     */
    private static void checkRegression(ShardManifest data, Path dataRoot, TuneRequest request, TuningConfig tuning) {
        if (TrainJob.regressionTarget(data) == null) {
            return;
        }
        if (!request.distributedTrials()) {
            throw new UsageException("--data " + dataRoot + " holds the regression target '" + data.table().label()
                + "'; tune a regressor with --distributed-trials (parallel trials train classifiers only)");
        }
        if (tuning.objective().metric().contains("accuracy")) {
            throw new UsageException("tuning.objective.metric " + tuning.objective().metric() + ": a regressor has no "
                + "accuracy; use validation.loss (its mean squared error, standardized)");
        }
    }

    /** The best trial that trained every epoch, else the best stopped one. */
    static Optional<TrialRecord> best(List<TrialRecord> records, io.dlspark.tuning.optim.Objective objective) {
        Comparator<TrialRecord> byLoss = Comparator.comparingDouble(r -> objective.loss(r.objective().getAsDouble()));
        Optional<TrialRecord> complete = records.stream().filter(r -> r.status() == TrialStatus.OK).min(byLoss);
        return complete.isPresent() ? complete
            : records.stream().filter(r -> r.status() == TrialStatus.STOPPED).min(byLoss);
    }

    private static void prepareOutput(Path output, Configuration conf, String configText, TuneRequest request)
        throws IOException {
        FileSystem fs = HadoopFiles.fs(output, conf);
        Path copy = new Path(output, CONFIG_COPY);
        if (fs.exists(output)) {
            if (!request.resume()) {
                throw new UsageException("--output " + output + " already exists; pass --resume to continue its search");
            }
            if (fs.exists(copy) && !HadoopFiles.readString(copy, conf).equals(configText)) {
                throw new UsageException("--config " + request.config() + " differs from " + copy
                    + ", the configuration the search in --output started with");
            }
        }
        fs.mkdirs(output);
        if (!fs.exists(copy)) {
            AtomicFiles.writeString(copy, configText, conf);
        }
    }

    private static void writeArtifact(Path dir, Configuration conf, TrialSpec spec, SegmentResult trained,
                                      ModelSpec model, ShardManifest data, Path dataRoot, TrialTraining training,
                                      Map<String, Double> last) throws IOException {
        NeuralNetwork net = spec.blueprint().build();
        trained.state().applyTo(net);
        long all = data.count(io.dlspark.core.shard.Split.TRAIN);
        TrainingProvenance settings = TrainingProvenance.ofTrial(spec.settings(), training.epochs(),
            training.maxTrainRecords() == 0 ? all : Math.min(all, training.maxTrainRecords()), training.seed());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("validationAccuracy", last.get("validation.accuracy"));
        metrics.put("validationLogLoss", last.get("validation.loss"));
        String manifestSha = HadoopFiles.sha256(new Path(dataRoot, ShardManifest.FILE_NAME), conf);
        ModelArtifactManifest manifest = new ModelArtifactManifest(ModelArtifactManifest.FORMAT_VERSION, model.name(),
            NetworkKind.MULTI_LAYER, data.shape(), model.convolutional(), data.labelNames(), Networks.numParams(net),
            settings, new ModelArtifactManifest.DataProvenance(Redactor.redact(dataRoot.toString()), manifestSha,
            data.dataset()), metrics, ArtifactVersions.current(), Instant.now().toString(), null, null,
            InputPreprocessing.of(data, null, model.convolutional(), null), null);
        ArtifactFiles.writeModel(dir, net, conf);
        ArtifactFiles.write(dir, manifest, conf);
        LOG.info("Wrote the best configuration's model to {}", dir);
    }
}
