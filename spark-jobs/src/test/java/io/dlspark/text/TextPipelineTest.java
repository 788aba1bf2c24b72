package io.dlspark.text;

import io.dlspark.core.eval.EvaluationReport;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.io.Json;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.core.shard.TextFeatureKind;
import io.dlspark.jobs.inference.EvaluateJob;
import io.dlspark.jobs.inference.PredictJob;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
import io.dlspark.spark.SparkTestSession;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainingConfig;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The text pipeline end to end on a SpamAssassin-layout fixture built here: ingest with deduplication and groups,
 * vectorisers fitted on train only, mlp training through the parameter-averaging master, binary and per-group
 * evaluation, and a predict round trip that matches evaluate.
 */
class TextPipelineTest {
    private static final List<String> HAM = List.of("meeting", "project", "schedule", "review", "team", "report", "lunch");
    private static final List<String> SPAM = List.of("cheap", "pills", "offer", "winner", "casino", "free", "viagra");
    private static final String TEST_ONLY_WORD = "zyzzogeton";

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static String shards;
    private static ShardManifest manifest;
    private static String model;

    @BeforeAll
    static void ingest() throws IOException {
        spark = SparkTestSession.get();
        Path raw = dir.resolve("raw");
        SplittableRandom random = new SplittableRandom(5);
        writeGroup(raw, "easy-ham-1", 30, HAM, random);
        writeGroup(raw, "easy-ham-2", 20, HAM, random);
        writeGroup(raw, "hard-ham-1", 10, HAM, random);
        writeGroup(raw, "spam-1", 20, SPAM, random);
        writeGroup(raw, "spam-2", 20, SPAM, random);
        // a copy of easy-ham-1/00001 with other headers: removed before the split
        String original = Files.readString(raw.resolve("easy-ham-1/00001.json"));
        String body = Json.read(original, Map.class, "fixture").get("text").toString().split("\n\n", 2)[1];
        Files.writeString(raw.resolve("easy-ham-2/09999.json"), json("easy-ham-2",
            "From: other@example.org\nSubject: forwarded\n\n" + body));
        Files.writeString(raw.resolve("spam-2/09998.json"), "{ not json");
        shards = dir.resolve("shards").toString();
        new IngestJob(spark).run(new IngestJob.Request(DatasetKind.SPAMASSASSIN, raw.toString(), shards,
            new IngestOptions(0.1, 3, null, io.dlspark.core.data.ResizeMode.NONE, null, 0.25), 2, 0.05, false,
            new TextVectorizerSettings(500, 1, 1, true, 16, 500)));
        manifest = io.dlspark.core.shard.ManifestIo.read(new org.apache.hadoop.fs.Path(shards),
            spark.sparkContext().hadoopConfiguration());
    }

    private static void writeGroup(Path raw, String group, int count, List<String> words, SplittableRandom random)
        throws IOException {
        Files.createDirectories(raw.resolve(group));
        for (int i = 1; i <= count; i++) {
            StringBuilder body = new StringBuilder();
            for (int w = 0; w < 12; w++) {
                body.append(words.get(random.nextInt(words.size()))).append(' ');
            }
            body.append("note").append(group.hashCode() & 0xff).append(i);
            String message = "From: sender" + i + "@example.org\nSubject: " + words.get(i % words.size()) + "\n\n" + body + "\n";
            Files.writeString(raw.resolve(group).resolve(String.format("%05d.json", i)), json(group, message));
        }
    }

    private static String json(String group, String message) {
        return Json.line(Map.of("id", "x", "group", group, "text", message));
    }

    @Test
    void ingestDeduplicatesBeforeTheSplitAndKeepsGroups() {
        assertEquals(1, manifest.deduplication().removed());
        assertTrue(manifest.deduplication().records().get(0).source().endsWith("easy-ham-2/09999.json"));
        assertTrue(manifest.deduplication().records().get(0).duplicateOf().endsWith("easy-ham-1/00001.json"));
        assertEquals(1, manifest.badRecords().count(), "the broken JSON file is listed, not dropped");
        assertTrue(manifest.badRecords().records().get(0).reason().startsWith("not valid JSON"));
        long records = manifest.count(Split.TRAIN) + manifest.count(Split.VALIDATION) + manifest.count(Split.TEST);
        assertEquals(100, records, "101 readable messages, one duplicate removed");
        assertEquals("spam", manifest.positiveLabel());
        List<Row> groups = spark.read().parquet(shards + "/test").groupBy("group").count().collectAsList();
        assertEquals(5, groups.size(), "every group is represented in the stratified test split");
    }

    @Test
    void aWordSeenOnlyOutsideTrainingMapsToUnknown() {
        var tokens = manifest.textFeatures().vectorizer(TextFeatureKind.TOKEN_IDS);
        PipelineModel pipeline = PipelineModel.load(shards + "/" + tokens.pipeline());
        TokenIds ids = TokenIds.of(pipeline, tokens.sequenceLength());
        assertTrue(ids.id("meeting") > TokenIds.UNKNOWN && ids.id("cheap") > TokenIds.UNKNOWN);
        assertEquals(TokenIds.UNKNOWN, ids.id(TEST_ONLY_WORD));
        int[] encoded = ids.encode(List.of("meeting", TEST_ONLY_WORD));
        assertEquals(16, encoded.length);
        assertEquals(TokenIds.UNKNOWN, encoded[1]);
        assertEquals(TokenIds.PADDING, encoded[2]);
        // TF-IDF: a document made of the unseen word has no features at all
        var row = pipeline.transform(spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(TEST_ONLY_WORD)),
            new org.apache.spark.sql.types.StructType().add("text", "string"))).select("words").first();
        assertEquals(List.of(TEST_ONLY_WORD), row.getList(0));
        PipelineModel tfidf = PipelineModel.load(shards + "/" + manifest.textFeatures().vectorizer(TextFeatureKind.TFIDF).pipeline());
        var vector = (org.apache.spark.ml.linalg.Vector) tfidf.transform(spark.createDataFrame(
            List.of(org.apache.spark.sql.RowFactory.create(TEST_ONLY_WORD + " meeting")),
            new org.apache.spark.sql.types.StructType().add("text", "string"))).select("features").first().get(0);
        assertEquals(1, vector.numNonzeros(), "only the training word has a TF-IDF weight");
    }

    /** The mlp both predict tests use, trained once on first use (training is the slow part of this class). */
    private static synchronized String model() throws IOException {
        if (model == null) {
            String output = dir.resolve("model").toString();
            new TrainJob(spark, new PrintWriter(new StringWriter())).run(TrainingConfig.builder().data(shards).model("mlp").epochs(3).output(output).workers(2).batchSize(8).averagingFrequency(2).treeDepth(2).seed(7).roundTimeoutSeconds(0).threadsPerWorker(1).optimizer(OptimizerConfig.adam(3e-3)).resume(false).overwrite(false).checkpointEveryRounds(0).build());
            model = output;
        }
        return model;
    }

    @Test
    void trainEvaluateAndPredictRoundTrip() throws Exception {
        String model = model();
        assertTrue(Files.isDirectory(dir.resolve("model/vectorizer")), "the artifact carries the vectoriser");
        io.dlspark.core.artifact.InputPreprocessing preprocessing = io.dlspark.core.io.Json.read(
            Files.readString(dir.resolve("model/manifest.json")), io.dlspark.core.artifact.ModelArtifactManifest.class,
            "manifest").preprocessing();
        assertEquals(io.dlspark.core.artifact.InputPreprocessing.Input.TEXT_TFIDF, preprocessing.input());
        assertEquals(List.of(manifest.textFeatures().vectorizer(TextFeatureKind.TFIDF).vocabularySize()),
            preprocessing.shape());
        assertEquals(manifest.textFeatures().tokenPattern(), preprocessing.text().tokenPattern());
        assertEquals(manifest.textFeatures().ngrams(), preprocessing.text().ngrams());
        assertEquals("vectorizer", preprocessing.text().pipeline(), "the artifact's own copy of the pipeline");
        EvaluationReport report = new EvaluateJob(spark).run(model, shards, Split.TEST, null, 2).report();
        assertNotNull(report.binary());
        assertEquals("spam", report.binary().positiveLabel());
        assertTrue(report.accuracy() > 0.9, "the fixture's classes are separable: " + report.accuracy());
        assertTrue(report.binary().rocAuc() > 0.9);
        assertEquals(5, report.groups().size());
        EvaluationReport.GroupMetrics hard = report.groups().stream().filter(g -> g.group().equals("hard-ham-1")).findFirst()
            .orElseThrow();
        assertNull(hard.recall(), "hard ham has no spam");
        assertNotNull(hard.falsePositiveRate());

        String out = dir.resolve("predictions").toString();
        PredictJob.Result result = new PredictJob(spark).run(model, shards, out, PredictJob.Format.JSONL, false);
        assertEquals(0, result.errors());
        Map<String, String> predicted = spark.read().json(result.output()).collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getString(r.fieldIndex("id")), r -> r.getString(r.fieldIndex("predicted"))));
        List<Row> test = spark.read().parquet(shards + "/test").select("record_id", "label").collectAsList();
        long correct = test.stream().filter(r -> predicted.get(r.getString(0)).equals(List.of("ham", "spam").get(r.getInt(1))))
            .count();
        assertEquals(100, predicted.size(), "every record of the shard set is predicted");
        assertEquals(report.accuracy(), (double) correct / test.size(), 1e-12, "predict agrees with evaluate");
    }

    @Test
    void predictGivesErrorRowsForUnparseableInput() throws Exception {
        String model = model();
        Path inbox = dir.resolve("inbox");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("good.eml"), "From: a@b.c\nSubject: cheap pills\n\nfree offer winner casino\n");
        Files.write(inbox.resolve("bad.eml"), "no headers here at all".getBytes(StandardCharsets.US_ASCII));
        PredictJob.Result result = new PredictJob(spark).run(model, inbox.toString(), dir.resolve("inbox-out").toString(),
            PredictJob.Format.PARQUET, false);
        assertEquals(1, result.predicted());
        assertEquals(1, result.errors());
        Map<String, Row> rows = spark.read().parquet(result.output()).collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r));
        assertEquals("spam", rows.get("good.eml").getString(1));
        assertTrue(rows.get("bad.eml").getString(3).contains("no RFC 822 header fields"));
        assertTrue(rows.get("bad.eml").isNullAt(1));
    }
}
