package io.dlspark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dlspark.core.artifact.InputPreprocessing;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.io.Json;
import io.dlspark.ml.Blobs;
import io.dlspark.ml.LinearTable;
import io.dlspark.spark.SparkTestSession;
import io.dlspark.testing.ProjectDir;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tables through the CLI: {@code ingest --dataset table}, then {@code train}, {@code evaluate}, {@code tune} and
 * {@code pipeline} on the shard set, for a regression (y = 3 x1 - 2 x2 + 5 + noise) and a classification table.
 */
class TableCliTest {
    private static final Logger LOG = LoggerFactory.getLogger(TableCliTest.class);
    private static final double NOISE = 0.1;
    private static final String[] TRAINING = {"--model", "mlp", "--epochs", "30", "--workers", "2", "--batch-size",
        "16", "--averaging-frequency", "4", "--optimizer", "adam", "--learning-rate", "3e-3", "--seed", "5"};

    @TempDir
    static Path dir;

    private static SparkSession spark;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = DlsparkCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exit, out.toString(), err.toString());
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static String write(Dataset<Row> table, String name, String format) {
        String path = dir.resolve(name).toString();
        table.coalesce(1).write().format(format).option("header", "true").save(path);
        return path;
    }

    /** A two-trial search over the learning rate of an mlp, with {@code objective}. */
    private static Path tuning(String name, String objective, String training, String extra) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, """
            tuning {
              objective { metric = %s }
              space { lr { type = real, target = training.learningRate, min = 1e-3, max = 1e-2, scale = log } }
              optimizer { type = random, seed = 3 }
              training { model = mlp, epochs = 2, batch-size = 16, seed = 7 %s }
              trials = 2
              %s
            }
            """.formatted(objective, training, extra));
        return file;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path file) throws IOException {
        return new ObjectMapper().readValue(file.toFile(), Map.class);
    }

    /** Ingests {@code input} as a regression table and trains an mlp on it; returns the artifact folder. */
    private static Path regressor(String input, String name, List<String> features, String label, boolean standardize,
                                  String... training) {
        String shards = dir.resolve(name + "-shards").toString();
        String[] ingestArgs = {"ingest", "--dataset", "table", "--input", input, "--output", shards, "--features",
            String.join(",", features), "--label", label, "--task", "regression"};
        Result ingest = cli(standardize ? concat(ingestArgs, "--standardize") : ingestArgs);
        assertEquals(0, ingest.exit(), ingest.err());
        assertTrue(ingest.out().contains("ingested table"), ingest.out());
        Path model = dir.resolve(name + "-model");
        Result train = cli(concat(concat(new String[] {"train", "--data", shards, "--output", model.toString()}, training)));
        assertEquals(0, train.exit(), train.err());
        assertTrue(train.out().contains("validation RMSE"), train.out());
        return model;
    }

    @Test
    void aRegressionTableTrainsAndEvaluatesToTheNoiseLevel() throws IOException {
        String input = write(LinearTable.frame(spark, 1000, NOISE, 3).drop("features"), "linear.parquet", "parquet");
        Path model = regressor(input, "linear", List.of("x1", "x2"), "y", false, TRAINING);
        ModelArtifactManifest artifact = Json.read(Files.readString(model.resolve("manifest.json")),
            ModelArtifactManifest.class, "manifest");
        assertEquals("y", artifact.regression().label());
        assertEquals(5.0, artifact.regression().mean(), 0.3);
        assertEquals(InputPreprocessing.Input.VECTOR, artifact.preprocessing().input());
        assertTrue(artifact.finalMetrics().containsKey("validationRmse"), artifact.finalMetrics().toString());

        Result evaluate = cli("evaluate", "--model", model.toString(), "--data", dir.resolve("linear-shards").toString());
        assertEquals(0, evaluate.exit(), evaluate.err());
        assertTrue(evaluate.out().contains("RMSE") && evaluate.out().contains("MAE") && evaluate.out().contains("R2")
            && !evaluate.out().contains("accuracy"), evaluate.out());
        Map<String, Object> metrics = json(model.resolve("metrics-test.json"));
        double rmse = ((Number) metrics.get("rmse")).doubleValue();
        double mae = ((Number) metrics.get("mae")).doubleValue();
        double r2 = ((Number) metrics.get("r2")).doubleValue();
        LOG.info("Linear table (noise {}) through the CLI: test RMSE {}, MAE {}, R2 {} on {} records", NOISE, rmse, mae, r2,
            metrics.get("records"));
        assertTrue(rmse < 2.5 * NOISE, "RMSE " + rmse + " should be near the noise " + NOISE);
        assertTrue(mae <= rmse && mae > 0, "MAE " + mae);
        assertTrue(r2 > 0.99, "R2 " + r2);
        assertFalse(metrics.containsKey("accuracy"), metrics.toString());
    }

    @Test
    void aClassTableTrainsTunesAndEvaluatesWithItsLabelNames() throws IOException {
        String input = write(Blobs.frame(spark, 600, 3, 7).drop("features", "label"), "blobs.csv", "csv");
        String shards = dir.resolve("blobs-shards").toString();
        Result ingest = cli("ingest", "--dataset", "table", "--input", input, "--output", shards, "--features",
            "x0,x1,x2,x3", "--label", "name");
        assertEquals(0, ingest.exit(), ingest.err());
        Path model = dir.resolve("blobs-model");
        Result train = cli(concat(new String[] {"train", "--data", shards, "--output", model.toString()},
            "--model", "mlp", "--epochs", "8", "--workers", "2", "--batch-size", "16", "--seed", "5"));
        assertEquals(0, train.exit(), train.err());
        Result evaluate = cli("evaluate", "--model", model.toString(), "--data", shards);
        assertEquals(0, evaluate.exit(), evaluate.err());
        Map<String, Object> metrics = json(model.resolve("metrics-test.json"));
        double accuracy = ((Number) metrics.get("accuracy")).doubleValue();
        LOG.info("Blobs table through the CLI: test accuracy {}", accuracy);
        assertTrue(accuracy > 0.95, "accuracy " + accuracy + "\n" + evaluate.out());
        assertTrue(evaluate.out().contains("cat") && evaluate.out().contains("emu"), evaluate.out());

        Path tuning = tuning("blobs-tune.conf", "validation.accuracy, goal = maximize", "", "parallel-trials = 2");
        Result tune = cli("tune", "--config", tuning.toString(), "--data", shards, "--output",
            dir.resolve("blobs-tune").toString());
        assertEquals(0, tune.exit(), tune.err());
        ModelArtifactManifest best = Json.read(Files.readString(dir.resolve("blobs-tune/best-model/manifest.json")),
            ModelArtifactManifest.class, "manifest");
        assertEquals(List.of("cat", "dog", "emu"), best.labelNames());
        assertEquals(InputPreprocessing.Input.VECTOR, best.preprocessing().input());

        String linear = write(LinearTable.frame(spark, 100, NOISE, 3).drop("features"), "small-linear.json", "json");
        String linearShards = dir.resolve("small-linear-shards").toString();
        assertEquals(0, cli("ingest", "--dataset", "table", "--input", linear, "--output", linearShards, "--features",
            "x1,x2", "--label", "y", "--task", "regression").exit());
        Result mismatch = cli("evaluate", "--model", model.toString(), "--data", linearShards);
        assertEquals(2, mismatch.exit());
        assertTrue(mismatch.err().contains("is a classifier but --data " + linearShards
            + " holds the regression target 'y'"), mismatch.err());
        Result parallelRegression = cli("tune", "--config", tuning.toString(), "--data", linearShards, "--output",
            dir.resolve("linear-tune").toString());
        assertEquals(2, parallelRegression.exit());
        assertTrue(parallelRegression.err().contains("tune a regressor with --distributed-trials"), parallelRegression.err());
        assertFalse(Files.exists(dir.resolve("linear-tune")));
        Result wrongOption = cli("ingest", "--dataset", "fashion-mnist", "--input", linear, "--output",
            dir.resolve("x").toString(), "--label", "y");
        assertEquals(2, wrongOption.exit());
        assertTrue(wrongOption.err().contains("apply to --dataset table only"), wrongOption.err());
    }

    @Test
    void aPipelineTunesTrainsAndEvaluatesARegressionTable() throws IOException {
        String input = write(LinearTable.frame(spark, 400, NOISE, 5).drop("features"), "pipeline.orc", "orc");
        Path tuning = tuning("linear-tune.conf", "validation.loss, goal = minimize", ", workers-per-trial = 2", "");
        Path config = dir.resolve("pipeline.conf");
        Files.writeString(config, """
            pipeline { run-root = "%s", stages = [ingest, tune, train, evaluate] }
            ingest { dataset = table, input = "%s", features = "x1, x2", label = y, task = regression, seed = 3 }
            tune { config = "%s", distributed-trials = true }
            train { epochs = 4, workers = 2, averaging-frequency = 4, seed = 5 }
            evaluate { split = test }
            """.formatted(dir.resolve("runs"), input, tuning));
        Result run = cli("pipeline", "--config", config.toString(), "--run-id", "linear");
        assertEquals(0, run.exit(), run.err() + run.out());
        assertTrue(run.out().contains("test RMSE"), run.out());
        LOG.info("Pipeline ingest/tune/train/evaluate of a regression table: {}", run.out().lines()
            .filter(l -> l.contains("test RMSE")).findFirst().orElseThrow());
        Map<String, Object> metrics = json(dir.resolve("runs/linear/evaluate/metrics-test.json"));
        assertTrue(((Number) metrics.get("rmse")).doubleValue() < 3, metrics.toString());
    }

    @Test
    void theBostonHousePricesTrainThroughTheCli() throws IOException {
        Path csv = ProjectDir.get().resolve("data/boston/data.csv");
        assumeTrue(Files.isRegularFile(csv), "no " + csv + " (deploy/fetch-datasets.sh boston)");
        List<String> features = List.of("crim", "zn", "indus", "chas", "nox", "rm", "age", "dis", "rad", "tax",
            "ptratio", "b", "lstat");
        Path model = regressor(csv.toString(), "boston", features, "medv", true, "--model", "mlp", "--epochs", "60",
            "--workers", "2", "--batch-size", "16", "--averaging-frequency", "8", "--optimizer", "adam",
            "--learning-rate", "1e-3", "--seed", "7");
        Result evaluate = cli("evaluate", "--model", model.toString(), "--data", dir.resolve("boston-shards").toString());
        assertEquals(0, evaluate.exit(), evaluate.err());
        Map<String, Object> metrics = json(model.resolve("metrics-test.json"));
        double rmse = ((Number) metrics.get("rmse")).doubleValue();
        LOG.info("Boston house prices through the CLI (--standardize): test RMSE {}, MAE {}, R2 {} on {} records", rmse,
            metrics.get("mae"), metrics.get("r2"), metrics.get("records"));
        assertTrue(Double.isFinite(rmse) && rmse > 0, metrics.toString());
        assertTrue(((Number) metrics.get("r2")).doubleValue() > 0.7, "standardized features fit the prices: " + metrics);
    }
}
