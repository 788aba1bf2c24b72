package io.dlspark.bench;

import io.dlspark.bench.FineTuneTable.Method;
import io.dlspark.bench.FineTuneTable.Run;
import io.dlspark.core.artifact.Checkpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fine-tuning benchmark's options, label subsets, median table and target verdicts (no Spark run). */
class FineTuneBenchmarkTest {
    @TempDir
    Path dir;

    private String[] withData(String... args) throws Exception {
        Path spam = Files.createDirectories(dir.resolve("spam"));
        Path brown = Files.createDirectories(dir.resolve("brown"));
        return Stream.concat(Stream.of("--spamassassin", spam.toString(), "--brown", brown.toString()),
            Stream.of(args)).toArray(String[]::new);
    }

    @Test
    void defaultsAndGivenOptions() throws Exception {
        FineTuneBenchOptions defaults = FineTuneBenchOptions.parse(withData());
        assertEquals(List.of(FineTuneTask.SPAM, FineTuneTask.BROWN), defaults.tasks());
        assertArrayEquals(new double[] {1, 0.1}, defaults.fractions());
        assertArrayEquals(new long[] {1, 2, 3}, defaults.seeds());
        assertEquals("bert-tiny", defaults.model());
        assertEquals(Map.of(), defaults.modelOverrides(), "the spec's own length needs no override");
        assertEquals(128, defaults.spec().size().maxLength());
        assertNull(defaults.base());

        FineTuneBenchOptions given = FineTuneBenchOptions.parse(withData("--tasks", "brown", "--fractions", "0.25",
            "--seeds", "7", "--length", "64", "--learning-rate", "1e-4", "--epochs", "2", "--base", dir.resolve("b")
                .toString()));
        assertEquals(List.of(FineTuneTask.BROWN), given.tasks());
        assertArrayEquals(new double[] {0.25}, given.fractions());
        assertEquals(Map.of("max-length", 64), given.modelOverrides());
        assertEquals(64, given.spec().size().maxLength());
        assertEquals(1e-4, given.optimizer().learningRate(), 0);
        assertEquals(defaults.optimizer().name(), given.optimizer().name(), "the spec's optimizer, another rate");
        assertEquals(2, given.epochs());
        assertFalse(given.baseHoldsArtifact() || given.baseInterrupted(), "a new folder is pretrained into");

        java.nio.file.Files.createDirectories(dir.resolve("b").resolve(Checkpoints.DIR));
        FineTuneBenchOptions interrupted = FineTuneBenchOptions.parse(withData("--base", dir.resolve("b").toString()));
        assertTrue(interrupted.baseInterrupted(), "checkpoints alone: the interrupted pretraining is resumed");
        assertFalse(interrupted.baseHoldsArtifact());

        assertEquals(List.of(Method.values()), defaults.methods(), "all four methods by default");
        assertNull(defaults.initFrom());
        Path artifact = Files.createDirectories(dir.resolve("artifact"));
        Files.writeString(artifact.resolve("manifest.json"), "{}");
        FineTuneBenchOptions some = FineTuneBenchOptions.parse(withData("--methods", "pretrained,logistic",
            "--init-from", artifact.toString(), "--base", dir.resolve("continued").toString()));
        assertEquals(List.of(Method.PRETRAINED, Method.LOGISTIC), some.methods());
        assertEquals(artifact.toString(), some.initFrom());
    }

    @Test
    void theMlpTrainsAsManyStepsOnAShareOfTheLabelsAsOnAll() {
        assertEquals(2, FineTuneTask.SPAM.mlpEpochs(1));
        assertEquals(20, FineTuneTask.SPAM.mlpEpochs(0.1));
        assertEquals(8, FineTuneTask.SPAM.mlpEpochs(0.25));
        assertEquals(10, FineTuneTask.BROWN.mlpEpochs(1));
        assertEquals(100, FineTuneTask.BROWN.mlpEpochs(0.1));
    }

    @Test
    void continuingAndMethodOptionsAreCheckedBeforeAnyStep() throws Exception {
        assertEquals("--methods: unknown method 'bayes' (expected pretrained, scratch, mlp, logistic)",
            message("--methods", "scratch,bayes"));
        assertEquals("--methods: give pretrained, scratch, mlp and/or logistic, each once",
            message("--methods", "mlp,mlp"));
        String none = dir.resolve("none").toString();
        assertEquals("--init-from " + none + ": no pretrain artifact there (no manifest.json)",
            message("--init-from", none));
        Path artifact = Files.createDirectories(dir.resolve("held"));
        Files.writeString(artifact.resolve("manifest.json"), "{}");
        String[] args = withData("--init-from", artifact.toString(), "--base", artifact.toString());
        String reused = assertThrows(IllegalArgumentException.class, () -> FineTuneBenchOptions.parse(args)).getMessage();
        assertEquals("--init-from " + artifact + ": --base " + artifact + " already holds a pretrained encoder, which is "
            + "reused as it is; give a new --base to continue pretraining into", reused);
    }

    @Test
    void badOptionsFailInOneLineNamingTheOption() throws Exception {
        assertEquals("--tasks: unknown task 'mnist' (known: spam, brown)", message("--tasks", "spam,mnist"));
        assertEquals("--tasks: give spam and/or brown, each once", message("--tasks", "spam,spam"));
        assertEquals("--fractions: each must be in (0, 1], got 0.0", message("--fractions", "1,0"));
        assertEquals("--fractions: each must be in (0, 1], got 1.5", message("--fractions", "1.5"));
        assertEquals("--fractions: give distinct fractions", message("--fractions", "0.1,0.1"));
        assertEquals("option --fractions takes comma-separated numbers, not 'ten'", message("--fractions", "ten"));
        assertEquals("--seeds: give distinct seeds", message("--seeds", "1,1"));
        assertEquals("--epochs: must be at least 1, got 0", message("--epochs", "0"));
        assertEquals("--pretrain-epochs: must be at least 1, got 0", message("--pretrain-epochs", "0"));
        assertEquals("--length: must be at least 8 WordPiece ids, got 4", message("--length", "4"));
        assertEquals("--learning-rate: must be positive, got -1.0", message("--learning-rate", "-1"));
        assertEquals("--model mlp: not a transformer encoder (kind = transformer)", message("--model", "mlp"));
        String missing = dir.resolve("nowhere").toString();
        assertEquals("--brown " + missing + ": no such folder", message("--brown", missing));
        java.nio.file.Files.createDirectories(dir.resolve("empty-base"));
        String empty = dir.resolve("empty-base").toString();
        assertEquals("--base " + empty + ": exists but holds neither a pretrain artifact nor the checkpoints of an "
            + "interrupted pretraining; give a folder that does not exist yet (the benchmark pretrains into it) or one "
            + "it wrote", message("--base", empty));
        String unknown = assertThrows(IllegalArgumentException.class,
            () -> FineTuneBenchOptions.parse(new String[] {"--size", "3"})).getMessage();
        assertTrue(unknown.startsWith("unknown option --size"), unknown);
    }

    private String message(String option, String value) throws Exception {
        String[] args = withData();
        List<String> all = new ArrayList<>(List.of(args));
        int at = all.indexOf(option);
        if (at >= 0) {
            all.set(at + 1, value);
        } else {
            all.addAll(List.of(option, value));
        }
        String m = assertThrows(IllegalArgumentException.class,
            () -> FineTuneBenchOptions.parse(all.toArray(String[]::new))).getMessage();
        assertTrue(!m.contains("\n"), m);
        return m;
    }

    private static List<LabelFraction.Labelled> records() {
        List<LabelFraction.Labelled> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            records.add(new LabelFraction.Labelled("ham-" + i, 0));
        }
        for (int i = 0; i < 50; i++) {
            records.add(new LabelFraction.Labelled("spam-" + i, 1));
        }
        for (int i = 0; i < 3; i++) {
            records.add(new LabelFraction.Labelled("rare-" + i, 2));
        }
        return records;
    }

    @Test
    void theLabelSubsetIsStratifiedDeterministicPerSeedAndKeepsEveryClass() {
        List<LabelFraction.Labelled> records = records();
        TreeSet<String> first = LabelFraction.select(records, 0.1, 1);
        List<LabelFraction.Labelled> shuffled = new ArrayList<>(records);
        Collections.shuffle(shuffled, new Random(99));
        assertEquals(first, LabelFraction.select(shuffled, 0.1, 1), "the record order does not matter, only the seed");
        assertNotEquals(first, LabelFraction.select(records, 0.1, 2), "another seed draws another subset");
        assertEquals(20, first.stream().filter(id -> id.startsWith("ham-")).count());
        assertEquals(5, first.stream().filter(id -> id.startsWith("spam-")).count());
        assertEquals(1, first.stream().filter(id -> id.startsWith("rare-")).count(), "a class too small still keeps one");
        assertEquals(records.size(), LabelFraction.select(records, 1, 3).size());
        assertThrows(IllegalArgumentException.class, () -> LabelFraction.select(records, 0, 1));
    }

    private static Run run(FineTuneTask task, double fraction, long seed, Method method, double first) {
        return new Run(task, fraction, seed, method, first, first / 10, seed * 10.0);
    }

    @Test
    void mediansOverSeedsAndTheTargetsMetOrMissed() {
        List<Run> runs = new ArrayList<>();
        double[] pretrained10 = {0.975, 0.96, 0.98};
        for (int s = 0; s < 3; s++) {
            runs.add(run(FineTuneTask.SPAM, 0.1, s + 1, Method.PRETRAINED, pretrained10[s]));
            runs.add(run(FineTuneTask.SPAM, 0.1, s + 1, Method.SCRATCH, 0.90 + s / 100.0));
            runs.add(run(FineTuneTask.SPAM, 1, s + 1, Method.PRETRAINED, 0.95));
            runs.add(run(FineTuneTask.SPAM, 1, s + 1, Method.SCRATCH, 0.95));
            runs.add(run(FineTuneTask.SPAM, 1, s + 1, Method.LOGISTIC, 0.97));
        }
        runs.add(run(FineTuneTask.BROWN, 1, 1, Method.PRETRAINED, 0.5));
        runs.add(run(FineTuneTask.BROWN, 1, 2, Method.PRETRAINED, 0.6));
        runs.add(run(FineTuneTask.BROWN, 1, 1, Method.SCRATCH, 0.4));

        String table = FineTuneTable.medians(runs);
        assertTrue(table.contains("spam     10% pretrained encoder       3 spam F1         0.9750 hard-ham FPR    "
            + "0.0975      20.0"), table);
        assertTrue(table.contains("brown   100% pretrained encoder       2 accuracy        0.5500"), "even count: "
            + "the mean of the middle two\n" + table);
        assertTrue(!table.contains("TF-IDF mlp"), "methods that did not run have no row");

        List<String> targets = FineTuneTable.targets(runs);
        assertEquals(List.of(
            "target: pretrained beats scratch on spam at 10% labels (median spam F1 0.9750 vs 0.9100): met",
            "target: pretrained beats scratch on spam at 100% labels (median spam F1 0.9500 vs 0.9500): missed",
            "target: pretrained beats scratch on brown at 100% labels (median accuracy 0.5500 vs 0.4000): met",
            "target: pretrained spam F1 >= 0.97 at 10% labels (median 0.9750): met"), targets);
        runs.removeIf(r -> r.fraction() == 0.1);
        assertTrue(FineTuneTable.targets(runs).get(2).endsWith("not run (needs --tasks spam and --fractions 0.1)"));
        assertTrue(FineTuneTable.line(runs.get(0)).startsWith("spam   100% seed 1   pretrained encoder   spam F1 0.9500"),
            FineTuneTable.line(runs.get(0)));
        assertEquals(Double.NaN, FineTuneTable.median(new double[0]));
    }
}
