package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.model.transformer.TransformerSpec;
import io.dlspark.core.shard.Split;
import io.dlspark.core.shard.TextFeatureKind;
import io.dlspark.core.transfer.BaseModel;
import io.dlspark.core.transfer.TransferSettings;
import io.dlspark.feed.FeatureInputs;
import io.dlspark.jobs.inference.EvaluateJob;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
import io.dlspark.spark.SparkTestSession;
import io.dlspark.text.WordPieceVocabularyJob;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dlspark transfer --base <pretrain artifact>}: the classifier starts from exactly the pretrained encoder, reads
 * WordPiece ids of the pretraining vocabulary, trains, and refuses labelled shards tokenized with another vocabulary;
 * {@code dlspark train --features wordpiece} trains the same encoder from scratch on the vocabulary beside the shards.
 */
class FineTuneTest {
    private static final String[] SENTENCES = PretrainJobTest.SENTENCES;
    private static final Map<String, Object> SMALL = PretrainJobTest.SMALL;

    @TempDir
    static java.nio.file.Path dir;
    private static SparkSession spark;
    private static Configuration conf;
    private static String pretrained;
    private static String labelled;

    @BeforeAll
    static void pretrainThenLabel() throws Exception {
        spark = SparkTestSession.get();
        conf = spark.sparkContext().hadoopConfiguration();
        java.nio.file.Path texts = dir.resolve("corpus-texts");
        Files.createDirectories(texts);
        for (int d = 0; d < 60; d++) {
            Files.writeString(texts.resolve("doc" + d + ".txt"), SENTENCES[d % 6] + ". " + SENTENCES[(d + 1) % 6] + ".",
                StandardCharsets.UTF_8);
        }
        String corpus = dir.resolve("corpus").toString();
        new IngestJob(spark).run(new IngestJob.Request(DatasetKind.TEXT_CORPUS, texts.toString(), corpus,
            new IngestOptions(0.1, 3, null, ResizeMode.NONE, null, 0.1, 9), 1, 0.0, false));
        new WordPieceVocabularyJob(spark).run(new WordPieceVocabularyJob.Request(corpus, null, 96, 6, 0));
        pretrained = dir.resolve("pretrained").toString();
        new PretrainJob(new TrainJob(spark, new PrintWriter(new StringWriter()))).run(TrainingConfig.builder()
            .data(corpus).model("bert-tiny").modelOverrides(SMALL).epochs(1).output(pretrained).workers(2).batchSize(16)
            .seed(5).optimizer(OptimizerConfig.adam(3e-3)).build(), PretrainJob.MLM, s -> { });

        java.nio.file.Path classes = dir.resolve("labelled-texts");
        for (int i = 0; i < 80; i++) {
            String topic = i % 2 == 0 ? "animals" : "politics";
            java.nio.file.Path file = classes.resolve(topic).resolve("t" + i + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, SENTENCES[(i % 2 == 0 ? new int[] {0, 4, 5} : new int[] {1, 2, 3})[(i / 2) % 3]]);
        }
        labelled = dir.resolve("labelled").toString();
        new IngestJob(spark).run(new IngestJob.Request(DatasetKind.TEXT_FOLDER, classes.toString(), labelled,
            new IngestOptions(0.25, 3, null, ResizeMode.NONE, null), 1, 0.0, false));
    }

    private static TransferJob.Request request(String data, String output, String freezeThrough) {
        OptimizerConfig fineTune = OptimizerConfig.adam(3e-3);
        return new TransferJob.Request(pretrained, new TransferSettings(freezeThrough, true, fineTune, 0, 7),
            TrainingConfig.builder().data(data).model(pretrained).output(output).epochs(3).batchSize(8).workers(2)
                .optimizer(fineTune).seed(7).build());
    }

    @Test
    void theClassifierStartsFromExactlyThePretrainedEncoderAndTrains() throws Exception {
        BaseModel base = BaseModel.load(pretrained, conf);
        assertTrue(PretrainedEncoder.pretrained(base));
        PretrainedEncoder source = PretrainedEncoder.of(base, request(labelled, "unused", null), new Path(labelled), conf);
        ModelInput input = new ModelInput.TokenInput(12, 96);
        ComputationGraph start = (ComputationGraph) source.build(input, 2, 7);
        ComputationGraph scratch = (ComputationGraph) ModelCatalog.resolve("bert-tiny", SMALL).build(input, 2,
            OptimizerConfig.adam(3e-3), 7);
        int compared = 0;
        for (GraphVertex vertex : ((ComputationGraph) base.network()).getVertices()) {
            if (vertex.numParams() == 0 || vertex.getVertexName().equals(TransformerSpec.MLM_OUTPUT)) {
                continue;
            }
            assertEquals(vertex.paramTable(false), start.getVertex(vertex.getVertexName()).paramTable(false),
                vertex.getVertexName());
            compared++;
        }
        assertTrue(compared >= 6, "embeddings, attention, feed-forward and norms: " + compared);
        assertNotEquals(scratch.getParam("token-embedding_W"), start.getParam("token-embedding_W"));
        assertEquals(2L, start.getParam("output_W").shape()[1]);

        TrainResult tuned = new TransferJob(spark, new PrintWriter(new StringWriter()))
            .run(request(labelled, dir.resolve("tuned").toString(), null));
        ModelArtifactManifest manifest = tuned.manifest();
        assertEquals(pretrained, manifest.transfer().baseUri());
        assertEquals(TextFeatureKind.WORDPIECE, manifest.textFeatures().kind());
        assertEquals(Files.readString(java.nio.file.Path.of(pretrained, WordPieceVocabularyJob.FILE_NAME)),
            Files.readString(dir.resolve("tuned").resolve(manifest.textFeatures().pipeline())));
        assertEquals(3, tuned.epochs().size());
        assertTrue(tuned.epochs().get(2).trainLoss() < tuned.epochs().get(0).trainLoss(),
            tuned.epochs().get(0).trainLoss() + " -> " + tuned.epochs().get(2).trainLoss());
        assertFalse(Arrays.equals(start.params().toFloatVector(), tuned.state().params()), "the encoder was fine-tuned");
        FeatureInputs reread = FeatureInputs.text(manifest.textFeatures(), new Path(tuned.output()));
        assertEquals(12, reread.width(), "the artifact's copy of the vocabulary reads back for evaluation");
        EvaluateJob.Result evaluated = new EvaluateJob(spark).run(tuned.output(), labelled, Split.VALIDATION, null, 2);
        assertEquals((double) manifest.finalMetrics().get("validationAccuracy"), evaluated.report().accuracy(), 1e-9,
            "evaluate tokenizes with the artifact's vocabulary as training did");
    }

    /**
     * {@code --windows 2}: the fine-tuned classifier reads each text as two windows of the encoder's max-length, the
     * artifact records them, and evaluate reads the validation texts the same way (the accuracy training reported).
     */
    @Test
    void fineTuningWithWindowsRecordsThemAndEvaluateReadsTextsTheSameWay() throws Exception {
        TransferJob.Request plain = request(labelled, dir.resolve("windowed").toString(), null);
        TrainResult tuned = new TransferJob(spark, new PrintWriter(new StringWriter())).run(new TransferJob.Request(
            plain.base(), plain.transfer(), plain.train().toBuilder().epochs(1)
                .modelOverrides(Map.of("pooling", "mean", "windows", 2)).build()));
        ModelArtifactManifest manifest = tuned.manifest();
        assertEquals(2, manifest.textFeatures().windowCount());
        assertEquals(24, manifest.textFeatures().sequenceLength(), "two windows of max-length 12");
        assertEquals(2, manifest.preprocessing().text().windows(), "the recipe a plain DL4J user reads names them");
        assertEquals(24, manifest.preprocessing().text().sequenceLength());
        assertEquals(24, FeatureInputs.text(manifest.textFeatures(), new Path(tuned.output())).width());
        EvaluateJob.Result evaluated = new EvaluateJob(spark).run(tuned.output(), labelled, Split.VALIDATION, null, 2);
        assertEquals((double) manifest.finalMetrics().get("validationAccuracy"), evaluated.report().accuracy(), 1e-9);
    }

    @Test
    void fineTuningMaySetTheHeadsPoolingButNotTheEncodersSizes() throws Exception {
        BaseModel base = BaseModel.load(pretrained, conf);
        TransferJob.Request cls = request(labelled, "unused", null);
        TransferJob.Request mean = new TransferJob.Request(cls.base(), cls.transfer(),
            cls.train().toBuilder().modelOverrides(Map.of("pooling", "mean")).build());
        ModelInput input = new ModelInput.TokenInput(12, 96);
        ComputationGraph first = (ComputationGraph) PretrainedEncoder.of(base, cls, new Path(labelled), conf)
            .build(input, 2, 7);
        ComputationGraph averaged = (ComputationGraph) PretrainedEncoder.of(base, mean, new Path(labelled), conf)
            .build(input, 2, 7);
        assertEquals(first.params(), averaged.params(), "the same encoder and head parameters");
        INDArray ids = Nd4j.createFromArray(new float[][] {{2, 5, 9, 7, 0, 0, 0, 0, 0, 0, 0, 0}});
        assertNotEquals(first.outputSingle(ids), averaged.outputSingle(ids), "another pooling, another output");

        TransferJob.Request wider = new TransferJob.Request(cls.base(), cls.transfer(),
            cls.train().toBuilder().modelOverrides(Map.of("hidden", 64)).build());
        String message = assertThrows(UsageException.class,
            () -> PretrainedEncoder.of(base, wider, new Path(labelled), conf)).getMessage();
        assertEquals("model override hidden: --base " + pretrained + " is a pretrained encoder whose sizes are its own; "
            + "fine-tuning may set only pooling, dropout, windows", message);
    }

    @Test
    void labelledShardsWithAnotherVocabularyAreRefusedNamingBothFiles() throws Exception {
        java.nio.file.Path other = copyOfLabelled("other-vocabulary");
        List<String> tokens = new java.util.ArrayList<>(Files.readAllLines(java.nio.file.Path.of(pretrained,
            WordPieceVocabularyJob.FILE_NAME)));
        tokens.add("zebra");
        Files.write(other.resolve(WordPieceVocabularyJob.FILE_NAME), tokens);
        String output = dir.resolve("refused").toString();
        String message = assertThrows(UsageException.class, () -> new TransferJob(spark,
            new PrintWriter(new StringWriter())).run(request(other.toString(), output, null))).getMessage();
        assertTrue(message.startsWith("--data: ") && message.contains(other + "/vocab.txt")
            && message.contains(pretrained + "/vocab.txt") && !message.contains("\n"), message);
        String frozen = assertThrows(UsageException.class, () -> new TransferJob(spark,
            new PrintWriter(new StringWriter())).run(request(labelled, output, "encoder1"))).getMessage();
        assertTrue(frozen.contains("--freeze-through"), frozen);
        assertFalse(Files.exists(dir.resolve("refused")));
    }
    @Test
    void trainFeaturesWordpieceTrainsAnEncoderFromScratchOnTheVocabularyBesideTheShards() throws Exception {
        java.nio.file.Path own = copyOfLabelled("own-vocabulary");
        new WordPieceVocabularyJob(spark).run(new WordPieceVocabularyJob.Request(own.toString(), null, 96, 6, 0));
        String output = dir.resolve("scratch-wordpiece").toString();
        TrainResult trained = new TrainJob(spark, new PrintWriter(new StringWriter())).run(scratch(own.toString(), "bert-tiny",
            output));

        ModelArtifactManifest manifest = trained.manifest();
        assertEquals(TextFeatureKind.WORDPIECE, manifest.textFeatures().kind());
        assertEquals(12, manifest.textFeatures().sequenceLength(), "the spec's max-length");
        assertEquals(Files.readString(own.resolve(WordPieceVocabularyJob.FILE_NAME)),
            Files.readString(java.nio.file.Path.of(output).resolve(manifest.textFeatures().pipeline())));
        assertTrue(trained.epochs().get(2).trainLoss() < trained.epochs().get(0).trainLoss(),
            trained.epochs().get(0).trainLoss() + " -> " + trained.epochs().get(2).trainLoss());
        EvaluateJob.Result evaluated = new EvaluateJob(spark).run(output, own.toString(), Split.VALIDATION, null, 2);
        assertEquals((double) manifest.finalMetrics().get("validationAccuracy"), evaluated.report().accuracy(), 1e-9,
            "evaluate tokenizes with the artifact's copy of the vocabulary");
    }

    @Test
    void trainFeaturesWordpieceIsRefusedWithoutAVocabularyOrATokenModel() {
        String output = dir.resolve("refused-wordpiece").toString();
        String missing = assertThrows(UsageException.class, () -> new TrainJob(spark, new PrintWriter(new StringWriter()))
            .run(scratch(labelled, "bert-tiny", output))).getMessage();
        assertTrue(missing.startsWith("--features wordpiece: no WordPiece vocabulary ") && missing.contains(labelled + "/vocab.txt")
            && missing.contains("dlspark vocab") && !missing.contains("\n"), missing);
        String notTokens = assertThrows(UsageException.class, () -> new TrainJob(spark, new PrintWriter(new StringWriter()))
            .run(scratch(labelled, "mlp", output))).getMessage();
        assertEquals("--features wordpiece: model 'mlp' does not read token ids (a transformer encoder such as "
            + "bert-tiny, or text-cnn, does)", notTokens);
        assertFalse(Files.exists(java.nio.file.Path.of(output)));
    }

    private static TrainingConfig scratch(String data, String model, String output) {
        return TrainingConfig.builder().data(data).model(model).modelOverrides(model.equals("mlp") ? Map.of() : SMALL)
            .features(TextFeatureKind.WORDPIECE).epochs(3).batchSize(8).workers(2).optimizer(OptimizerConfig.adam(3e-3))
            .seed(7).output(output).build();
    }

    private static java.nio.file.Path copyOfLabelled(String name) throws java.io.IOException {
        java.nio.file.Path copy = dir.resolve(name);
        try (var walk = Files.walk(java.nio.file.Path.of(labelled))) {
            for (java.nio.file.Path p : walk.toList()) {
                Files.copy(p, copy.resolve(java.nio.file.Path.of(labelled).relativize(p).toString()));
            }
        }
        return copy;
    }
}
