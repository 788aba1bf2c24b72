package io.dlspark.bench;

import io.dlspark.core.artifact.Checkpoints;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.bench.BenchArgs;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.model.CatalogSpec;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.model.transformer.TransformerFamily;
import io.dlspark.core.model.transformer.TransformerSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@link FineTuneBenchmark}, checked before any step runs: a bad value fails in one line naming
 * its option.
 *
 * @param tasks          spam and/or brown
 * @param fractions      shares of each training split's labelled records, in (0, 1]
 * @param seeds          one label subset and one run of every method per seed
 * @param epochs         fine-tuning and from-scratch epochs (the two encoders alike)
 * @param pretrainEpochs masked-language-model epochs (when no {@code --base} artifact is reused)
 * @param batchSize      minibatch per worker of pretraining, fine-tuning and from scratch
 * @param model          the transformer encoder (catalog name or spec file)
 * @param length         the encoder's max-length in WordPiece ids (a model override when it differs from the spec's)
 * @param learningRate   fine-tuning and from-scratch learning rate, or null for the spec's optimizer as it is
 * @param workers        parameter-averaging workers
 * @param base           folder of the pretrain artifact: reused when it holds one, resumed when it holds the
 *                       checkpoints of an interrupted pretraining (same data and seeds), else pretrained into;
 *                       null: scratch
 * @param spamAssassin   the SpamAssassin folder
 * @param brown          the Brown corpus folder
 * @param sotu           the State of the Union folder (unlabelled pretraining text)
 * @param passageWords   Brown passage length in words
 * @param splitSeed      the seed of every ingest's train/validation/test split
 * @param pooling        the classifiers' pooling (cls or mean), or null for the spec's
 * @param windows        the windows of {@code length} ids the two encoders read a text as (1: its first window only)
 * @param methods        the methods run for every task, fraction and seed (all four by default)
 * @param initFrom       a pretrain artifact the pretraining continues from (its weights and vocabulary), or null to
 *                       pretrain from scratch with a vocabulary of the corpus
 */
record FineTuneBenchOptions(List<FineTuneTask> tasks, double[] fractions, long[] seeds, int epochs, int pretrainEpochs,
                            int batchSize, String model, int length, Double learningRate, int workers, String base,
                            String spamAssassin, String brown, String sotu, int passageWords, long splitSeed,
                            String pooling, int windows, List<FineTuneTable.Method> methods, String initFrom) {
    private static final String[] KNOWN = {"--tasks", "--fractions", "--seeds", "--epochs", "--pretrain-epochs",
        "--batch-size", "--model", "--length", "--learning-rate", "--workers", "--base", "--spamassassin", "--brown",
        "--sotu", "--passage-words", "--split-seed", "--pooling", "--windows", "--methods", "--init-from"};

    FineTuneBenchOptions {
        if (tasks.isEmpty() || tasks.size() != tasks.stream().distinct().count()) {
            throw new IllegalArgumentException("--tasks: give spam and/or brown, each once");
        }
        for (double f : fractions) {
            if (!(f > 0 && f <= 1)) {
                throw new IllegalArgumentException("--fractions: each must be in (0, 1], got " + f);
            }
        }
        if (fractions.length == 0 || Arrays.stream(fractions).distinct().count() != fractions.length) {
            throw new IllegalArgumentException("--fractions: give distinct fractions");
        }
        if (seeds.length == 0 || Arrays.stream(seeds).distinct().count() != seeds.length) {
            throw new IllegalArgumentException("--seeds: give distinct seeds");
        }
        positive("--epochs", epochs);
        positive("--pretrain-epochs", pretrainEpochs);
        positive("--batch-size", batchSize);
        positive("--workers", workers);
        positive("--passage-words", passageWords);
        positive("--windows", windows);
        if (windows > 1 && !"mean".equals(pooling)) {
            throw new IllegalArgumentException("--windows " + windows + ": needs --pooling mean");
        }
        if (length < 8) {
            throw new IllegalArgumentException("--length: must be at least 8 WordPiece ids, got " + length);
        }
        if (learningRate != null && !(learningRate > 0)) {
            throw new IllegalArgumentException("--learning-rate: must be positive, got " + learningRate);
        }
        encoder(model);
        if (pooling != null && !TransformerFamily.POOLINGS.contains(pooling)) {
            throw new IllegalArgumentException("--pooling: cls or mean, got " + pooling);
        }
        if (tasks.contains(FineTuneTask.SPAM)) {
            folder("--spamassassin", spamAssassin);
        }
        if (tasks.contains(FineTuneTask.BROWN)) {
            folder("--brown", brown);
        }
        if (methods.isEmpty() || methods.size() != methods.stream().distinct().count()) {
            throw new IllegalArgumentException("--methods: give pretrained, scratch, mlp and/or logistic, each once");
        }
        if (initFrom != null && !holdsArtifact(initFrom)) {
            throw new IllegalArgumentException("--init-from " + initFrom + ": no pretrain artifact there (no "
                + ModelArtifactManifest.FILE_NAME + ")");
        }
        if (initFrom != null && holdsArtifact(base)) {
            throw new IllegalArgumentException("--init-from " + initFrom + ": --base " + base + " already holds a "
                + "pretrained encoder, which is reused as it is; give a new --base to continue pretraining into");
        }
        if (base != null && Files.exists(Path.of(base)) && !Files.isDirectory(Path.of(base))) {
            throw new IllegalArgumentException("--base " + base + ": not a folder");
        }
        if (base != null && Files.isDirectory(Path.of(base)) && !holdsArtifact(base) && !interrupted(base)) {
            // pretrain refuses an existing output folder, and would do so only after the ingests
            throw new IllegalArgumentException("--base " + base + ": exists but holds neither a pretrain artifact nor "
                + "the checkpoints of an interrupted pretraining; give a folder that does not exist yet (the "
                + "benchmark pretrains into it) or one it wrote");
        }
    }

    static FineTuneBenchOptions parse(String[] args) {
        BenchArgs a = BenchArgs.parse(args, KNOWN);
        List<FineTuneTask> tasks = a.list("--tasks", List.of("spam", "brown")).stream()
            .map(t -> FineTuneTask.parse(t, "--tasks")).toList();
        return new FineTuneBenchOptions(tasks, a.list("--fractions", List.of("1", "0.1")).stream()
            .mapToDouble(f -> number("--fractions", f)).toArray(), a.longIntegers("--seeds", new long[] {1, 2, 3}),
            a.integer("--epochs", 3), a.integer("--pretrain-epochs", 3), a.integer("--batch-size", 16),
            a.string("--model", "bert-tiny"), a.integer("--length", 128),
            a.has("--learning-rate") ? a.real("--learning-rate", 0) : null, a.integer("--workers", 2),
            a.string("--base", null), a.string("--spamassassin", "data/spamassassin"), a.string("--brown", "data/brown"),
            a.string("--sotu", "data/sotu"), a.integer("--passage-words", 80), a.longInteger("--split-seed", 42),
            a.string("--pooling", null), a.integer("--windows", 1), a.list("--methods",
                Arrays.stream(FineTuneTable.Method.values()).map(m -> m.cliName).toList()).stream()
                .map(m -> FineTuneTable.Method.parse(m, "--methods")).toList(), a.string("--init-from", null));
    }

    /** Whether {@link #base} holds a finished pretrain artifact, reused as it is. */
    boolean baseHoldsArtifact() {
        return holdsArtifact(base);
    }

    /** Whether {@link #base} holds only the checkpoints of an interrupted pretraining, which is then resumed. */
    boolean baseInterrupted() {
        return interrupted(base);
    }

    private static boolean holdsArtifact(String folder) {
        return folder != null && Files.exists(Path.of(folder, ModelArtifactManifest.FILE_NAME));
    }

    private static boolean interrupted(String folder) {
        return folder != null && !holdsArtifact(folder) && Files.isDirectory(Path.of(folder, Checkpoints.DIR));
    }

    /** The encoder's spec with {@link #modelOverrides()}. */
    TransformerSpec spec() {
        return (TransformerSpec) ModelCatalog.resolveAny(model, modelOverrides());
    }

    /** {@code max-length} when {@code --length} differs from the spec's, else none. */
    Map<String, Object> modelOverrides() {
        return encoderDefaultLength() == length ? Map.of() : Map.of("max-length", length);
    }

    /** The classifier head's overrides over the encoder's (pretrained or not): {@code pooling} and windows when given. */
    Map<String, Object> headOverrides() {
        return TransformerFamily.headOverrides(pooling, windows > 1 ? windows : null);
    }

    /** The max-length of {@code --model}'s spec as written. */
    int encoderDefaultLength() {
        return encoder(model).size().maxLength();
    }

    /** The optimizer of fine-tuning and of training from scratch: the spec's, at {@code --learning-rate} if given. */
    OptimizerConfig optimizer() {
        return spec().optimizer().override(null, learningRate);
    }

    private static TransformerSpec encoder(String model) {
        CatalogSpec spec;
        try {
            spec = ModelCatalog.resolveAny(model, Map.of());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--model " + model + ": " + e.getMessage(), e);
        }
        if (!(spec instanceof TransformerSpec encoder)) {
            throw new IllegalArgumentException("--model " + model + ": not a transformer encoder (kind = transformer)");
        }
        return encoder;
    }

    private static void folder(String option, String path) {
        if (!Files.isDirectory(Path.of(path))) {
            throw new IllegalArgumentException(option + " " + path + ": no such folder");
        }
    }

    private static void positive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + ": must be at least 1, got " + value);
        }
    }

    private static double number(String option, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + option + " takes comma-separated numbers, not '" + value + "'", e);
        }
    }
}
