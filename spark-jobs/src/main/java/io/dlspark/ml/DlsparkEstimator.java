package io.dlspark.ml;

import io.dlspark.core.UsageException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.CatalogSpec;
import io.dlspark.core.model.ConfiguredNetwork;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.engine.RoundExchange;
import io.dlspark.train.EpochSelection;
import io.dlspark.train.LearningRateScaling;
import io.dlspark.train.ModelSource;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainingConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The params and the fit of every dlspark estimator ({@link DlsparkClassifier}, {@link DlsparkRegressor}): the
 * training settings, checked before any job, and training through the training job into a temporary or checkpoint
 * folder whose artifact becomes the model.
 *
 * @param <E> the estimator's own type, which its setters return
 * @param <M> the model it fits
 */
public abstract class DlsparkEstimator<E extends DlsparkEstimator<E, M>, M extends Model<M>> extends Estimator<M>
    implements PredictionColumns<E>, DefaultParamsWritable {
    private static final Logger LOG = LoggerFactory.getLogger(DlsparkEstimator.class);
    /** The params that set the optimizer, named in its errors. */
    private static final OptimizerConfig.Options OPTIMIZER_PARAMS = new OptimizerConfig.Options("optimizer", "learningRate");

    private final String uid;
    private final Param<String>[] columns;
    private final Param<String> labelCol;
    private final Param<String> weightCol;
    private final Param<String> idCol;
    private final Param<String> validationIndicatorCol;
    private final Param<String> imageShape;
    private final Param<String> model;
    private final Param<String> modelConfiguration;
    private final IntParam epochs;
    private final IntParam workers;
    private final IntParam batchSize;
    private final IntParam averagingFrequency;
    private final Param<String> optimizer;
    private final DoubleParam learningRate;
    private final Param<String> exchange;
    private final Param<String> lrScaling;
    private final LongParam seed;
    private final DoubleParam validationFraction;
    private final Param<String> keepBest;
    private final IntParam patience;
    private final Param<String> checkpointDir;
    private final BooleanParam overwriteCheckpoint;

    /** An estimator with the column params {@code columns} declares and the label column described by {@code label}. */
    protected DlsparkEstimator(String uid, Function<Params, Param<String>[]> columns, String label) {
        this.uid = uid;
        this.columns = columns.apply(this);
        labelCol = new Param<>(this, "labelCol", label);
        weightCol = new Param<>(this, "weightCol", "optional numeric column of instance weights (finite, >= 0, not all "
            + "0): each training row's loss is multiplied by its weight");
        idCol = new Param<>(this, "idCol", "optional unique record id column (string or integer); default: ids from "
            + "each row's content");
        validationIndicatorCol = new Param<>(this, "validationIndicatorCol",
            "optional boolean column: true marks a validation row (instead of validationFraction)");
        imageShape = new Param<>(this, "imageShape", "HxWxC (e.g. 28x28x1) of image features: needed for binary "
            + "pixels; for Spark's image struct, unset: the first row's");
        model = new Param<>(this, "model", "a catalog model name (see dlspark models) or a model spec file");
        modelConfiguration = new Param<>(this, "modelConfiguration", "the model as the JSON of a DL4J "
            + "MultiLayerConfiguration or ComputationGraphConfiguration (conf.toJson()), instead of model");
        epochs = new IntParam(this, "epochs", "training epochs");
        workers = new IntParam(this, "workers", "worker tasks per round; unset: the cluster's default parallelism");
        batchSize = new IntParam(this, "batchSize", "minibatch size per worker");
        averagingFrequency = new IntParam(this, "averagingFrequency", "minibatches between parameter averagings");
        optimizer = new Param<>(this, "optimizer", "sgd, nesterov, adam, adamw or rmsprop; unset: the model spec's");
        learningRate = new DoubleParam(this, "learningRate", "learning rate; unset: the model spec's");
        exchange = new Param<>(this, "exchange", "how workers exchange parameters each round (as dlspark train --exchange)");
        lrScaling = new Param<>(this, "lrScaling", "none, linear or sqrt: scale the learning rate by the worker count");
        seed = new LongParam(this, "seed", "seed of initialisation, record layout, minibatch order and validation split");
        validationFraction = new DoubleParam(this, "validationFraction",
            "fraction of rows (by a seeded hash of the record id) held out for validation, in [0, 1)");
        keepBest = new Param<>(this, "keepBest",
            "last, loss or accuracy: which epoch the model keeps (map is for detectors)");
        patience = new IntParam(this, "patience", "stop after this many epochs without improvement (0: never)");
        checkpointDir = new Param<>(this, "checkpointDir", "optional folder for the run's checkpoints and artifact; "
            + "an existing one is resumed from its newest checkpoint");
        overwriteCheckpoint = new BooleanParam(this, "overwriteCheckpoint",
            "replace an existing checkpointDir instead of resuming it");
        setDefault(labelCol, "label");
        setDefault(model, "mlp");
        setDefault(epochs, TrainingConfig.Setting.EPOCHS.defaultValue());
        setDefault(batchSize, TrainingConfig.Setting.BATCH_SIZE.defaultValue());
        setDefault(averagingFrequency, TrainingConfig.Setting.AVERAGING_FREQUENCY.defaultValue());
        setDefault(exchange, RoundExchange.JOBS.option());
        setDefault(lrScaling, LearningRateScaling.NONE.option());
        setDefault(seed, TrainingConfig.DEFAULT_SEED);
        setDefault(validationFraction, 0.0);
        setDefault(keepBest, "last");
        setDefault(patience, TrainingConfig.Setting.PATIENCE.defaultValue());
        setDefault(overwriteCheckpoint, false);
    }

    @Override
    public String uid() {
        return uid;
    }

    // ---- params ----

    @Override
    public Param<String>[] scoringParams() {
        return columns.clone();
    }

    public Param<String> labelCol() {
        return labelCol;
    }

    public Param<String> weightCol() {
        return weightCol;
    }

    public Param<String> idCol() {
        return idCol;
    }

    public Param<String> validationIndicatorCol() {
        return validationIndicatorCol;
    }

    public Param<String> imageShape() {
        return imageShape;
    }

    public Param<String> model() {
        return model;
    }

    public Param<String> modelConfiguration() {
        return modelConfiguration;
    }

    public IntParam epochs() {
        return epochs;
    }

    public IntParam workers() {
        return workers;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public IntParam averagingFrequency() {
        return averagingFrequency;
    }

    public Param<String> optimizer() {
        return optimizer;
    }

    public DoubleParam learningRate() {
        return learningRate;
    }

    public Param<String> exchange() {
        return exchange;
    }

    public Param<String> lrScaling() {
        return lrScaling;
    }

    public LongParam seed() {
        return seed;
    }

    public DoubleParam validationFraction() {
        return validationFraction;
    }

    public Param<String> keepBest() {
        return keepBest;
    }

    public IntParam patience() {
        return patience;
    }

    public Param<String> checkpointDir() {
        return checkpointDir;
    }

    public BooleanParam overwriteCheckpoint() {
        return overwriteCheckpoint;
    }

    public String getLabelCol() {
        return getOrDefault(labelCol);
    }

    public E setLabelCol(String value) {
        return self(labelCol, value);
    }

    public String getWeightCol() {
        return optional(weightCol);
    }

    public E setWeightCol(String value) {
        return self(weightCol, value);
    }

    public String getIdCol() {
        return optional(idCol);
    }

    public E setIdCol(String value) {
        return self(idCol, value);
    }

    public String getValidationIndicatorCol() {
        return optional(validationIndicatorCol);
    }

    public E setValidationIndicatorCol(String value) {
        return self(validationIndicatorCol, value);
    }

    public String getImageShape() {
        return optional(imageShape);
    }

    public E setImageShape(String value) {
        return self(imageShape, value);
    }

    public String getModel() {
        return getOrDefault(model);
    }

    /** The model by catalog name or spec file; replaces a configuration set before (the last setter wins). */
    public E setModel(String value) {
        clear(modelConfiguration);
        return self(model, value);
    }

    /** The model as a DL4J configuration (stored as its JSON); replaces a model name set before. */
    public E setModel(MultiLayerConfiguration conf) {
        return setModelConfiguration(conf.toJson());
    }

    /** The model as a DL4J configuration (stored as its JSON); replaces a model name set before. */
    public E setModel(ComputationGraphConfiguration conf) {
        return setModelConfiguration(conf.toJson());
    }

    /** The JSON of a DL4J configuration, or null when the model is a catalog name or spec file. */
    public String getModelConfiguration() {
        return optional(modelConfiguration);
    }

    /** The model as the JSON of a DL4J configuration; replaces a model name set before. */
    public E setModelConfiguration(String json) {
        clear(model);
        return self(modelConfiguration, json);
    }

    /** The DL4J configuration the model is, or null for a catalog model; errors name the param. */
    private ConfiguredNetwork configuredNetwork() {
        if (getModelConfiguration() == null) {
            return null;
        }
        if (isSet(model)) {
            throw new UsageException("model '" + getModel() + "' and modelConfiguration are both set; set one (each "
                + "setter clears the other, a ParamMap may not)");
        }
        return ConfiguredNetwork.parse(getModelConfiguration(), "modelConfiguration");
    }

    public int getEpochs() {
        return (Integer) getOrDefault(epochs);
    }

    public E setEpochs(int value) {
        return self(epochs, value);
    }

    /** Worker tasks per round, or null for the cluster's default parallelism. */
    public Integer getWorkers() {
        return isDefined(workers) ? (Integer) getOrDefault(workers) : null;
    }

    public E setWorkers(int value) {
        return self(workers, value);
    }

    public int getBatchSize() {
        return (Integer) getOrDefault(batchSize);
    }

    public E setBatchSize(int value) {
        return self(batchSize, value);
    }

    public int getAveragingFrequency() {
        return (Integer) getOrDefault(averagingFrequency);
    }

    public E setAveragingFrequency(int value) {
        return self(averagingFrequency, value);
    }

    public String getOptimizer() {
        return optional(optimizer);
    }

    public E setOptimizer(String value) {
        return self(optimizer, value);
    }

    /** The learning rate, or null for the model spec's. */
    public Double getLearningRate() {
        return isDefined(learningRate) ? (Double) getOrDefault(learningRate) : null;
    }

    public E setLearningRate(double value) {
        return self(learningRate, value);
    }

    public String getExchange() {
        return getOrDefault(exchange);
    }

    public E setExchange(String value) {
        return self(exchange, value);
    }

    public String getLrScaling() {
        return getOrDefault(lrScaling);
    }

    public E setLrScaling(String value) {
        return self(lrScaling, value);
    }

    public long getSeed() {
        return (Long) getOrDefault(seed);
    }

    public E setSeed(long value) {
        return self(seed, value);
    }

    public double getValidationFraction() {
        return (Double) getOrDefault(validationFraction);
    }

    public E setValidationFraction(double value) {
        return self(validationFraction, value);
    }

    public String getKeepBest() {
        return getOrDefault(keepBest);
    }

    public E setKeepBest(String value) {
        return self(keepBest, value);
    }

    public int getPatience() {
        return (Integer) getOrDefault(patience);
    }

    public E setPatience(int value) {
        return self(patience, value);
    }

    public String getCheckpointDir() {
        return optional(checkpointDir);
    }

    public E setCheckpointDir(String value) {
        return self(checkpointDir, value);
    }

    public boolean getOverwriteCheckpoint() {
        return (Boolean) getOrDefault(overwriteCheckpoint);
    }

    public E setOverwriteCheckpoint(boolean value) {
        return self(overwriteCheckpoint, value);
    }

    private String optional(Param<String> param) {
        return isDefined(param) ? getOrDefault(param) : null;
    }

    // ---- Estimator ----

    /**
     * The training settings these params make, with TrainingConfig's defaults and bounds; errors name the param.
     * {@code output} is the artifact folder.
     */
    public TrainingConfig trainingConfig(String output, boolean resume) {
        ConfiguredNetwork configured = configuredNetwork();
        CatalogSpec spec = configured != null ? null : ModelCatalog.resolveAny(getModel(), Map.of());
        if (configured == null && !(spec instanceof ModelSpec)) {
            throw new UsageException("model '" + getModel() + "': a generative model; " + getClass().getSimpleName()
                + " trains supervised networks");
        }
        LearningRateScaling scaling = LearningRateScaling.parse(getLrScaling(), "lrScaling");
        if (configured != null && getOptimizer() != null) {
            throw new UsageException("optimizer '" + getOptimizer() + "': modelConfiguration brings its own updaters; "
                + "set them in the configuration (learningRate may still replace their learning rate)");
        }
        if (configured != null && getLearningRate() != null
            && !(getLearningRate() > 0 && Double.isFinite(getLearningRate()))) {
            throw new UsageException("learningRate: must be a positive number, got " + getLearningRate());
        }
        if (configured != null && scaling != LearningRateScaling.NONE && getLearningRate() == null) {
            throw new UsageException("lrScaling '" + getLrScaling() + "': with modelConfiguration it scales learningRate; "
                + "set learningRate");
        }
        double fraction = getValidationFraction();
        if (!(fraction >= 0 && fraction < 1)) {
            throw new UsageException("validationFraction: must be in [0, 1), got " + fraction);
        }
        if (fraction > 0 && getValidationIndicatorCol() != null) {
            throw new UsageException("validationFraction " + fraction + " and validationIndicatorCol '"
                + getValidationIndicatorCol() + "' exclude each other");
        }
        EpochSelection selection = EpochSelection.parse(getKeepBest(), getPatience(), "keepBest", "patience");
        selection.refuseMap("keepBest", "a Spark ML estimator's network");
        if (selection.keepsBest() && fraction == 0 && getValidationIndicatorCol() == null) {
            throw new UsageException("keepBest '" + getKeepBest() + "': needs validation rows; set validationFraction > 0 "
                + "or validationIndicatorCol");
        }
        String[] names = {"epochs", "workers", "batchSize", "averagingFrequency"};
        TrainingConfig.Builder builder = TrainingConfig.builder(setting -> switch (setting) {
            case EPOCHS -> names[0];
            case WORKERS -> names[1];
            case BATCH_SIZE -> names[2];
            case AVERAGING_FREQUENCY -> names[3];
            case PATIENCE -> "patience";
            default -> setting.key();
        });
        return builder.data("dataframe:" + uid).model(configured != null ? configured.describe() : getModel())
            .output(output).epochs(getEpochs()).workers(getWorkers())
            .batchSize(getBatchSize()).averagingFrequency(getAveragingFrequency()).seed(getSeed())
            .exchange(RoundExchange.parse(getExchange(), "exchange"))
            .learningRateScaling(scaling)
            .optimizer(configured != null || getOptimizer() == null && getLearningRate() == null ? null
                : spec.optimizer().override(getOptimizer(), getLearningRate(), OPTIMIZER_PARAMS))
            .selection(selection).resume(resume).overwrite(!resume && getOverwriteCheckpoint()).build();
    }

    @Override
    public StructType transformSchema(StructType schema) {
        trainingConfig("unused", false);
        DataType features = FeatureColumn.check(schema, getFeaturesCol(), "featuresCol");
        if (getImageShape() != null) {
            ImageShape.parse(getImageShape(), "imageShape");
        } else if (features.equals(DataTypes.BinaryType)) {
            throw ImageColumn.missingShape(getFeaturesCol());
        }
        if (getWeightCol() != null) {
            InstanceWeights.checkType(schema, getWeightCol());
        }
        StructType output = checkedSchema(schema);
        if (getModelConfiguration() != null) {
            ConfiguredFit.checkSchema(configuredNetwork(), schema, getFeaturesCol(), getImageShape());
        }
        return output;
    }

    /** Checks the label column of {@code schema} and returns the schema the fitted model's transform makes. */
    protected abstract StructType checkedSchema(StructType schema);

    /** Checks and prepares {@code df}'s records for training. */
    protected abstract FitRecords.Prepared prepare(Dataset<Row> df, FitRecords.Columns columns);

    /** Trains on {@code prepared} by {@code config} with {@code job}: the network of {@code source} (null: the catalog's). */
    protected abstract void run(TrainJob job, TrainingConfig config, FitRecords.Prepared prepared, ModelSource source)
        throws IOException;

    /** The model of the artifact a fit wrote to {@code output}. */
    protected abstract M loadFitted(String output, SparkSession spark);

    private M train(SparkSession spark, Dataset<Row> df, TrainingConfig config) {
        FitRecords.Prepared prepared = prepare(df,
            new FitRecords.Columns(getFeaturesCol(), getLabelCol(), getIdCol(), getValidationIndicatorCol(),
                getImageShape(), getWeightCol()));
        try {
            ModelSource source = getModelConfiguration() == null ? null
                : ConfiguredFit.source(configuredNetwork(), prepared, getFeaturesCol(), getLabelCol(), getLearningRate(),
                    config.learningRateScaling(), getWorkers(), spark);
            LOG.info("Fitting {} on {} ({} features, {})", config.model(), prepared.records().describe(), prepared.width(),
                prepared.target() == null ? prepared.labelNames().size() + " classes"
                    : "regression on '" + getLabelCol() + "', mean " + prepared.target().mean() + ", std "
                    + prepared.target().std());
            run(new TrainJob(spark, LoggedConsole.to(LOG)), config, prepared, source);
        } catch (IOException e) {
            throw new UncheckedIOException("fit: " + e.getMessage(), e);
        } finally {
            prepared.release();
        }
        return loadFitted(config.output(), spark);
    }

    @Override
    public M fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        SparkSession spark = dataset.sparkSession();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        boolean temporary = getCheckpointDir() == null;
        Path output = temporary ? new Path(new File(System.getProperty("java.io.tmpdir"),
            "dlspark-fit-" + uid + "-" + UUID.randomUUID()).toURI()) : new Path(getCheckpointDir());
        try {
            boolean resume = !temporary && !getOverwriteCheckpoint() && output.getFileSystem(conf).exists(output);
            M fitted = train(spark, dataset.toDF(), trainingConfig(output.toString(), resume));
            return copyValues(fitted, ParamMap.empty()).setParent(this);
        } catch (IOException e) {
            throw new UncheckedIOException("fit: " + e.getMessage(), e);
        } finally {
            if (temporary) {
                deleteQuietly(output, conf);
            }
        }
    }

    private static void deleteQuietly(Path folder, Configuration conf) {
        try {
            folder.getFileSystem(conf).delete(folder, true);
        } catch (IOException e) {
            LOG.warn("cannot delete the temporary fit folder {}: {}", folder, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: uid=%s, model=%s", getClass().getSimpleName(), uid,
            getModelConfiguration() != null ? "a DL4J configuration" : getModel());
    }
}
