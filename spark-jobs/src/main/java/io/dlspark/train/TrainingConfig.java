package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.shard.TextFeatureKind;
import io.dlspark.engine.ExchangePrecision;
import io.dlspark.engine.RoundExchange;
import io.dlspark.engine.TrainingSettings;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One training run's settings, immutable and validated completely when built, before any side effect. The CLI, the
 * pipeline's train stage, the tuner and the programmatic API all build it, so every default and bound lives here.
 */
public final class TrainingConfig {
    /** Default seed of initialisation, data layout and minibatch order. */
    public static final long DEFAULT_SEED = 42;

    /** A bounded integer setting: its option, its pipeline key, its default and its bounds. */
    public enum Setting {
        EPOCHS("--epochs", "epochs", 1, 1, 100_000),
        WORKERS("--workers", "workers", 0, 1, 100_000),
        BATCH_SIZE("--batch-size", "batch-size", 64, 1, 1_000_000),
        AVERAGING_FREQUENCY("--averaging-frequency", "averaging-frequency", 5, 1, 1_000_000),
        TREE_DEPTH("--tree-depth", "tree-depth", 2, 1, 16),
        THREADS_PER_WORKER("--threads-per-worker", "threads-per-worker", 1, 1, 1024),
        ROUND_TIMEOUT_SECONDS("--round-timeout", "round-timeout-seconds", 0, 0, 7 * 86_400),
        CHECKPOINT_EVERY_ROUNDS("--checkpoint-every-rounds", "checkpoint-every-rounds", 0, 0, 1_000_000),
        UPDATER_AVERAGING_EVERY("--updater-averaging-every", "updater-averaging-every", 1, 1, 1_000_000),
        ALLREDUCE_PIPELINE("--allreduce-pipeline", "allreduce-pipeline", 1, 1, 1_000_000),
        PATIENCE("--patience", "patience", 0, 0, 100_000);

        private final String option;
        private final String key;
        private final int defaultValue;
        private final int min;
        private final int max;

        Setting(String option, String key, int defaultValue, int min, int max) {
            this.option = option;
            this.key = key;
            this.defaultValue = defaultValue;
            this.min = min;
            this.max = max;
        }

        /** The command-line option, e.g. {@code --batch-size}. */
        public String option() {
            return option;
        }

        /** The key in a pipeline's {@code train} block, e.g. {@code batch-size}. */
        public String key() {
            return key;
        }

        /** The value when none is given (for {@link #WORKERS}: 0, meaning the cluster's default parallelism). */
        public int defaultValue() {
            return defaultValue;
        }

        public int min() {
            return min;
        }

        public int max() {
            return max;
        }
    }

    private final String data;
    private final String model;
    private final Map<String, Object> modelOverrides;
    private final String output;
    private final Map<Setting, Integer> values;
    private final long seed;
    private final RoundExchange exchange;
    private final ExchangePrecision exchangePrecision;
    private final LearningRateScaling learningRateScaling;
    private final OptimizerConfig optimizer;
    private final boolean resume;
    private final boolean overwrite;
    private final String augment;
    private final TextFeatureKind features;
    private final EpochSelection selection;

    private TrainingConfig(Builder b, Map<Setting, Integer> values) {
        this.data = b.data;
        this.model = b.model;
        this.modelOverrides = Map.copyOf(b.modelOverrides);
        this.output = b.output;
        this.values = values;
        this.seed = b.seed;
        this.exchange = b.exchange;
        this.exchangePrecision = b.exchangePrecision;
        this.learningRateScaling = b.learningRateScaling;
        this.optimizer = b.optimizer;
        this.resume = b.resume;
        this.overwrite = b.overwrite;
        this.augment = b.augment;
        this.features = b.features;
        this.selection = b.selection;
    }

    /** A builder whose errors name settings by their command-line options. */
    public static Builder builder() {
        return new Builder(Setting::option);
    }

    /** A builder whose errors name settings as {@code names} says, e.g. by a pipeline's keys. */
    public static Builder builder(Function<Setting, String> names) {
        return new Builder(names);
    }

    /** A builder holding this configuration's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder(names()).data(data).model(model).modelOverrides(modelOverrides).output(output).seed(seed)
            .exchange(exchange).exchangePrecision(exchangePrecision).learningRateScaling(learningRateScaling).optimizer(optimizer).resume(resume)
            .overwrite(overwrite).augment(augment).features(features).selection(selection);
        values.forEach((setting, value) -> b.values.put(setting, value));
        if (values.get(Setting.WORKERS) == 0) {
            b.values.remove(Setting.WORKERS);
        }
        return b;
    }

    private Function<Setting, String> names() {
        return Setting::option;
    }

    /** The shard set's URI (for a run on in-memory records, a name for them, e.g. {@code dataframe:<uid>}). */
    public String data() {
        return data;
    }

    /** A catalog model name or spec file. */
    public String model() {
        return model;
    }

    /** Spec keys that replace the model spec's own (for example a tuning trial's widths); empty for none. */
    public Map<String, Object> modelOverrides() {
        return modelOverrides;
    }

    /** The artifact folder's URI. */
    public String output() {
        return output;
    }

    public int epochs() {
        return values.get(Setting.EPOCHS);
    }

    /** Worker tasks per round, or null for the cluster's default parallelism. */
    public Integer workers() {
        int w = values.get(Setting.WORKERS);
        return w == 0 ? null : w;
    }

    public int batchSize() {
        return values.get(Setting.BATCH_SIZE);
    }

    public int averagingFrequency() {
        return values.get(Setting.AVERAGING_FREQUENCY);
    }

    public int treeDepth() {
        return values.get(Setting.TREE_DEPTH);
    }

    public int threadsPerWorker() {
        return values.get(Setting.THREADS_PER_WORKER);
    }

    public int roundTimeoutSeconds() {
        return values.get(Setting.ROUND_TIMEOUT_SECONDS);
    }

    /** Also checkpoint every N rounds inside an epoch (0: only at epoch ends). */
    public int checkpointEveryRounds() {
        return values.get(Setting.CHECKPOINT_EVERY_ROUNDS);
    }

    /** Average the updater state every N rounds (1: every round; more needs the all-reduce exchange). */
    public int updaterAveragingEvery() {
        return values.get(Setting.UPDATER_AVERAGING_EVERY);
    }

    /** Parts per all-reduce chunk, each averaged as soon as it arrived (1: whole chunks). */
    public int allReducePipeline() {
        return values.get(Setting.ALLREDUCE_PIPELINE);
    }

    public long seed() {
        return seed;
    }

    public RoundExchange exchange() {
        return exchange;
    }

    /** How state values travel over a barrier exchange. */
    public ExchangePrecision exchangePrecision() {
        return exchangePrecision;
    }

    public LearningRateScaling learningRateScaling() {
        return learningRateScaling;
    }

    /** The optimizer, or null for the one the model spec declares. */
    public OptimizerConfig optimizer() {
        return optimizer;
    }

    public boolean resume() {
        return resume;
    }

    public boolean overwrite() {
        return overwrite;
    }

    /** Augmentation config file applied online to the training split, or null for none. */
    public String augment() {
        return augment;
    }

    /** Text shards: which fitted vectoriser feeds the model (null: the model's default). */
    public TextFeatureKind features() {
        return features;
    }

    /** Which epoch the artifact keeps and when to stop early. */
    public EpochSelection selection() {
        return selection;
    }

    /** The master's settings for {@code workers} worker tasks. */
    public TrainingSettings engineSettings(int workers) {
        return new TrainingSettings(workers, batchSize(), averagingFrequency(), treeDepth(), seed, roundTimeoutSeconds(),
            threadsPerWorker(), exchange, checkpointEveryRounds(), exchangePrecision, updaterAveragingEvery(),
            allReducePipeline());
    }

    /** The settings as a map of pipeline keys, for messages and tests. */
    public Map<String, Object> describe() {
        Map<String, Object> all = new LinkedHashMap<>();
        values.forEach((s, v) -> all.put(s.key(), v));
        all.put("seed", seed);
        all.put("exchange", exchange.option());
        all.put("exchange-precision", exchangePrecision.option());
        all.put("lr-scaling", learningRateScaling.option());
        all.put("keep-best", selection.option());
        return all;
    }

    @Override
    public String toString() {
        return "TrainingConfig" + describe();
    }

    /**
     * Builds a {@link TrainingConfig}: {@link #data}, {@link #model} and {@link #output} are required; every other
     * value has the default {@link Setting} documents (seed {@value TrainingConfig#DEFAULT_SEED}, exchange
     * {@code jobs} in fp32, no learning-rate scaling, the model's optimizer, keep the last epoch).
     */
    public static final class Builder {
        private final Function<Setting, String> names;
        private final Map<Setting, Integer> values = new EnumMap<>(Setting.class);
        private String data;
        private String model;
        private Map<String, Object> modelOverrides = Map.of();
        private String output;
        private long seed = DEFAULT_SEED;
        private RoundExchange exchange = RoundExchange.JOBS;
        private ExchangePrecision exchangePrecision = ExchangePrecision.FP32;
        private LearningRateScaling learningRateScaling = LearningRateScaling.NONE;
        private OptimizerConfig optimizer;
        private boolean resume;
        private boolean overwrite;
        private String augment;
        private TextFeatureKind features;
        private EpochSelection selection = EpochSelection.LAST;

        private Builder(Function<Setting, String> names) {
            this.names = names;
        }

        public Builder data(String uri) {
            this.data = uri;
            return this;
        }

        public Builder model(String nameOrFile) {
            this.model = nameOrFile;
            return this;
        }

        public Builder modelOverrides(Map<String, Object> overrides) {
            this.modelOverrides = Objects.requireNonNull(overrides, "overrides");
            return this;
        }

        public Builder output(String uri) {
            this.output = uri;
            return this;
        }

        /** Sets a bounded setting; null keeps its default. */
        public Builder set(Setting setting, Integer value) {
            if (value == null) {
                values.remove(setting);
            } else {
                values.put(setting, value);
            }
            return this;
        }

        public Builder epochs(int epochs) {
            return set(Setting.EPOCHS, epochs);
        }

        /** Worker tasks per round; null for the cluster's default parallelism. */
        public Builder workers(Integer workers) {
            return set(Setting.WORKERS, workers);
        }

        public Builder batchSize(int batchSize) {
            return set(Setting.BATCH_SIZE, batchSize);
        }

        public Builder averagingFrequency(int k) {
            return set(Setting.AVERAGING_FREQUENCY, k);
        }

        public Builder treeDepth(int depth) {
            return set(Setting.TREE_DEPTH, depth);
        }

        public Builder threadsPerWorker(int threads) {
            return set(Setting.THREADS_PER_WORKER, threads);
        }

        public Builder roundTimeoutSeconds(int seconds) {
            return set(Setting.ROUND_TIMEOUT_SECONDS, seconds);
        }

        public Builder checkpointEveryRounds(int rounds) {
            return set(Setting.CHECKPOINT_EVERY_ROUNDS, rounds);
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder exchange(RoundExchange exchange) {
            this.exchange = exchange;
            return this;
        }

        /** How state values travel over a barrier exchange (16 bits: {@code live} and {@code allreduce} only). */
        public Builder exchangePrecision(ExchangePrecision precision) {
            this.exchangePrecision = precision;
            return this;
        }

        public Builder learningRateScaling(LearningRateScaling scaling) {
            this.learningRateScaling = scaling;
            return this;
        }

        /** The optimizer; null for the model spec's own. */
        public Builder optimizer(OptimizerConfig optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        public Builder augment(String augmentConfig) {
            this.augment = augmentConfig;
            return this;
        }

        public Builder features(TextFeatureKind features) {
            this.features = features;
            return this;
        }

        public Builder selection(EpochSelection selection) {
            this.selection = selection;
            return this;
        }

        /** The configuration; a usage error naming the first bad setting otherwise. */
        public TrainingConfig build() {
            require(data, "--data", "data");
            require(model, "--model", "model");
            require(output, "--output", "output");
            Map<Setting, Integer> all = new EnumMap<>(Setting.class);
            for (Setting setting : Setting.values()) {
                Integer value = values.get(setting);
                if (value == null) {
                    all.put(setting, setting.defaultValue());
                    continue;
                }
                if (value < setting.min() || value > setting.max()) {
                    throw new UsageException(String.format(Locale.ROOT, "%s: must be between %d and %d, got %d",
                        names.apply(setting), setting.min(), setting.max(), value));
                }
                all.put(setting, value);
            }
            if (exchange == null) {
                throw new UsageException("--exchange: missing");
            }
            if (exchangePrecision == null) {
                throw new UsageException("--exchange-precision: missing");
            }
            exchangePrecision.requireSupportedBy(exchange, "--exchange-precision", "--exchange");
            TrainingSettings.requireUpdaterEvery(all.get(Setting.UPDATER_AVERAGING_EVERY), exchange,
                names.apply(Setting.UPDATER_AVERAGING_EVERY), "--exchange");
            TrainingSettings.requirePipeline(all.get(Setting.ALLREDUCE_PIPELINE), exchange,
                names.apply(Setting.ALLREDUCE_PIPELINE), "--exchange");
            if (learningRateScaling == null) {
                throw new UsageException("--lr-scaling: missing");
            }
            if (selection == null) {
                selection = EpochSelection.LAST;
            }
            if (selection.patience() > Setting.PATIENCE.max()) {
                throw new UsageException(String.format(Locale.ROOT, "%s: must be between 0 and %d, got %d",
                    names.apply(Setting.PATIENCE), Setting.PATIENCE.max(), selection.patience()));
            }
            all.put(Setting.PATIENCE, selection.patience());
            if (resume && overwrite) {
                throw new UsageException("--resume and --overwrite exclude each other");
            }
            return new TrainingConfig(this, all);
        }

        private static void require(String value, String option, String what) {
            if (value == null || value.isBlank()) {
                throw new UsageException(option + ": the " + what + " URI or name is required");
            }
        }
    }
}
