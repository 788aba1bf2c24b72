package io.dlspark.bench.library;

import io.dlspark.core.bench.BenchArgs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The options of {@code benchmarks/run.sh library}: which parts run, the data folders and the sizes; {@code --quick}
 * (a flag without a value) switches every size default to a smoke-test size, options given explicitly still win.
 */
public record LibraryOptions(List<String> parts, boolean quick, String fashion, String spamAssassin, String boston,
                             int workers, long seed, int batchSize, double learningRate,
                             int fashionImages, int fashionEpochs, int repeats, int warmupRows,
                             int spamMessages, String spamText, int spamEpochs, int hashFeatures, int folds, double[] cvLearningRates,
                             int[] cvWidths, int bostonEpochs, int transformRows, int transformPasses,
                             int transformPartitions) {
    public static final List<String> PARTS = List.of("fashion", "spam", "regression", "transform");

    public static LibraryOptions parse(String[] args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean quick = rest.remove("--quick");
        BenchArgs a = BenchArgs.parse(rest.toArray(new String[0]), "--parts", "--fashion", "--spamassassin", "--boston",
            "--workers", "--seed", "--batch-size", "--lr", "--fashion-images", "--epochs", "--repeats", "--warmup-rows",
            "--spam-messages", "--spam-text", "--spam-epochs", "--hash-features", "--folds", "--cv-lrs", "--cv-widths",
            "--boston-epochs", "--transform-rows", "--transform-passes", "--transform-partitions");
        List<String> parts = a.list("--parts", PARTS);
        for (String part : parts) {
            if (!PARTS.contains(part)) {
                throw new IllegalArgumentException("--parts: unknown part '" + part + "' (known: " + PARTS + ")");
            }
        }
        if (Set.copyOf(parts).size() != parts.size()) {
            throw new IllegalArgumentException("--parts: a part is named twice in " + parts);
        }
        double[] lrs = Arrays.stream(a.string("--cv-lrs", "3e-4,1e-3").split(",")).mapToDouble(Double::parseDouble).toArray();
        int[] widths = a.integers("--cv-widths", new int[] {128, 256});
        LibraryOptions o = new LibraryOptions(parts, quick, a.string("--fashion", "data/fashion-mnist"),
            a.string("--spamassassin", "data/spamassassin"), a.string("--boston", "data/boston/data.csv"),
            a.integer("--workers", 2), a.longInteger("--seed", 42), a.integer("--batch-size", 64),
            a.real("--lr", 1e-3), a.integer("--fashion-images", quick ? 2000 : 0), a.integer("--epochs", quick ? 1 : 3),
            a.integer("--repeats", quick ? 1 : 2), a.integer("--warmup-rows", quick ? 256 : 2048),
            a.integer("--spam-messages", quick ? 300 : 0), a.string("--spam-text", "headers"), a.integer("--spam-epochs", quick ? 1 : 3),
            a.integer("--hash-features", quick ? 4096 : 16384), a.integer("--folds", quick ? 2 : 3), lrs, widths,
            a.integer("--boston-epochs", quick ? 5 : 60), a.integer("--transform-rows", quick ? 2000 : 30000),
            a.integer("--transform-passes", quick ? 1 : 3), a.integer("--transform-partitions", 4));
        if (o.workers < 1 || o.batchSize < 1 || o.fashionEpochs < 1 || o.repeats < 1 || o.warmupRows < 1
            || o.spamEpochs < 1 || o.hashFeatures < 2 || o.folds < 2 || o.bostonEpochs < 1 || o.transformRows < 1
            || o.transformPasses < 1 || o.transformPartitions < 1 || o.fashionImages < 0 || o.spamMessages < 0) {
            throw new IllegalArgumentException("sizes, epochs, --repeats and --transform-* must be >= 1, --folds >= 2, "
                + "--fashion-images and --spam-messages >= 0 (0: all)");
        }
        if (!List.of("headers", "body").contains(o.spamText)) {
            throw new IllegalArgumentException("--spam-text: headers or body, got '" + o.spamText + "'");
        }
        if (lrs.length != 2 || widths.length != 2) {
            throw new IllegalArgumentException("--cv-lrs and --cv-widths take two values each (a 2 x 2 grid)");
        }
        return o;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "parts %s%s, workers %d, seed %d, batch %d, Adam %.0e; fashion %s (%s images, "
                + "%d epoch(s), %d repeat(s)); spam %s (%s messages, text: %s, %d epoch(s), %d hashed features, %d folds, lr %s x "
                + "widths %s); boston %s (%d epochs); transform %d rows x %d pass(es) in %d partitions",
            parts, quick ? " (--quick)" : "", workers, seed, batchSize, learningRate, fashion,
            fashionImages == 0 ? "all" : fashionImages, fashionEpochs, repeats, spamAssassin,
            spamMessages == 0 ? "all" : spamMessages, spamText, spamEpochs, hashFeatures, folds, Arrays.toString(cvLearningRates),
            Arrays.toString(cvWidths), boston, bostonEpochs, transformRows, transformPasses, transformPartitions);
    }
}
