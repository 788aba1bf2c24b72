package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.transformer.TransformerSpec;
import io.dlspark.core.shard.Split;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.PartitionData;
import io.dlspark.core.train.TokenMasking;
import io.dlspark.core.transfer.BaseModel;
import io.dlspark.feed.ShardRecords;
import io.dlspark.feed.TrainingData;
import io.dlspark.feed.WordPieceCodec;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
import io.dlspark.spark.SparkTestSession;
import io.dlspark.text.WordPieceVocabularyJob;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dlspark pretrain --objective mlm} on a learnable toy corpus (eight sentences, each repeated): the masks do not
 * depend on the partitioning, the held-out masked-token accuracy rises, resume equals an uninterrupted run, and bad
 * input fails before any side effect; pretraining continues from an artifact ({@code --init-from}).
 */
class PretrainJobTest {
    static final String[] SENTENCES = {
        "the quick brown fox jumps over the lazy dog",
        "a union of states makes a strong nation",
        "congress shall make laws for trade and labor",
        "peace and war are matters for the president",
        "the cat sleeps on the warm mat all day",
        "farmers grow wheat and corn in the fields",
        "ships carry goods across the wide ocean",
        "children read books in the quiet library"};
    static final Map<String, Object> SMALL = Map.of("layers", 1, "hidden", 32, "heads", 2, "feed-forward", 64,
        "max-length", 12, "vocabulary-size", 96);

    @TempDir
    static java.nio.file.Path dir;
    private static SparkSession spark;
    private static String shards;
    private static TrainResult straight;

    @BeforeAll
    static void corpus() throws Exception {
        spark = SparkTestSession.get();
        java.nio.file.Path texts = dir.resolve("texts");
        for (int i = 0; i < 320; i++) {
            java.nio.file.Path file = texts.resolve(i % 2 == 0 ? "a" : "b").resolve("doc" + i + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, SENTENCES[i % SENTENCES.length] + "\n", StandardCharsets.UTF_8);
        }
        shards = dir.resolve("shards").toString();
        new IngestJob(spark).run(new IngestJob.Request(DatasetKind.TEXT_FOLDER, texts.toString(), shards,
            new IngestOptions(0.2, 3, null, ResizeMode.NONE, null), 1, 0.0, false));
        new WordPieceVocabularyJob(spark).run(new WordPieceVocabularyJob.Request(shards, null, 96, 6, 2));
        straight = pretrain(config(dir.resolve("straight").toString(), 4));
    }

    private static TrainingConfig config(String output, int epochs) {
        return TrainingConfig.builder().data(shards).model("bert-tiny").modelOverrides(SMALL).epochs(epochs)
            .output(output).workers(2).batchSize(16).averagingFrequency(2).seed(5)
            .optimizer(ModelCatalog.resolveAny("bert-tiny", Map.of()).optimizer().override(null, 3e-3)).build();
    }

    private static TrainResult pretrain(TrainingConfig config) throws Exception {
        return pretrain(config, PretrainJob.MLM);
    }

    private static TrainResult pretrain(TrainingConfig config, String objective) throws Exception {
        return new PretrainJob(new TrainJob(spark, new PrintWriter(new StringWriter()))).run(config, objective, s -> { });
    }

    @Test
    void masksAreTheSameWithOneOrThreePartitions() throws Exception {
        ShardRecords records = ShardRecords.open(spark, new Path(shards), spark.sparkContext().hadoopConfiguration());
        WordPieceCodec codec = WordPieceCodec.open(new Path(shards, WordPieceVocabularyJob.FILE_NAME), "--data", 12,
            spark.sparkContext().hadoopConfiguration());
        MinibatchAssembler assembler = MinibatchAssembler.maskedTokens(new TokenMasking(5, codec.vocabularySize(),
            WordPieceCodec.MASK, WordPieceCodec.FIRST_REGULAR, TokenMasking.BERT_RATE), 96);
        Map<Long, List<Float>> one = masks(TrainingData.load(WordPieceCodec.rows(records.split(Split.TRAIN)), 1, 5, codec),
            assembler);
        Map<Long, List<Float>> three = masks(TrainingData.load(WordPieceCodec.rows(records.split(Split.TRAIN)), 3, 5, codec),
            assembler);
        assertEquals(records.manifest().count(Split.TRAIN), one.size());
        assertEquals(one, three);
        long predicted = one.values().stream().flatMap(List::stream).filter(v -> v < 0).count();
        assertTrue(predicted > 0, "some tokens are masked");
    }

    /** Per record key: the masked ids of epoch 2, each predicted position's id negated. */
    private static Map<Long, List<Float>> masks(TrainingData data, MinibatchAssembler assembler) {
        Map<Long, List<Float>> masks = new HashMap<>();
        try {
            for (PartitionData part : data.partitions().collect()) {
                int[] order = new int[part.size()];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                DataSet batch = assembler.assemble(part, order, 0, part.size(), 2);
                for (int k = 0; k < part.size(); k++) {
                    List<Float> ids = new ArrayList<>();
                    for (int t = 0; t < 12; t++) {
                        float id = batch.getFeatures().getFloat(k, t);
                        ids.add(batch.getLabels().getFloat(k, t) >= 0 ? -1 - id : id);
                    }
                    masks.put(part.recordKeys()[k], ids);
                }
            }
        } finally {
            data.release();
        }
        return masks;
    }

    @Test
    void heldOutMaskedTokenAccuracyRisesAndLossFalls() throws Exception {
        List<EpochMetrics> epochs = straight.epochs();
        assertEquals(4, epochs.size());
        EpochMetrics first = epochs.get(0);
        EpochMetrics last = epochs.get(3);
        assertTrue(last.validationAccuracy() > first.validationAccuracy() + 0.1,
            "masked-token accuracy " + first.validationAccuracy() + " -> " + last.validationAccuracy());
        assertTrue(last.validationLoss() < first.validationLoss(), "MLM loss " + first.validationLoss() + " -> "
            + last.validationLoss());
        assertTrue(last.trainLoss() < first.trainLoss());
        assertEquals(last.validationAccuracy(), straight.manifest().finalMetrics().get("validationMaskedTokenAccuracy"));
        assertEquals("mlm", straight.manifest().finalMetrics().get("objective"));
        List<String> lines = Files.readAllLines(dir.resolve("straight/metrics.jsonl"));
        assertEquals(4, lines.size());
        assertTrue(Files.exists(dir.resolve("straight/model.zip")));
    }

    @Test
    void aResumedPretrainingEndsWithTheParametersOfAnUninterruptedOne() throws Exception {
        String out = dir.resolve("resumed").toString();
        assertEquals(2, pretrain(config(out, 2)).epochs().size());
        TrainResult resumed = pretrain(config(out, 4).toBuilder().resume(true).build());
        assertEquals(2, resumed.epochs().size(), "only epochs 3 and 4 ran again");
        assertArrayEquals(straight.state().params(), resumed.state().params());
        assertArrayEquals(straight.state().updater(), resumed.state().updater());
    }

    @Test
    void badInputFailsBeforeAnySideEffectNamingTheOptionOrFile() throws Exception {
        String out = dir.resolve("refused").toString();
        String objective = assertThrows(UsageException.class, () -> pretrain(config(out, 1), "clm")).getMessage();
        assertTrue(objective.startsWith("--objective clm"), objective);
        String model = assertThrows(UsageException.class, () -> pretrain(config(out, 1).toBuilder().model("mlp")
            .modelOverrides(Map.of()).build())).getMessage();
        assertTrue(model.startsWith("--model mlp") && model.contains("transformer"), model);

        java.nio.file.Path bare = dir.resolve("bare");
        copy(java.nio.file.Path.of(shards), bare);
        Files.delete(bare.resolve(WordPieceVocabularyJob.FILE_NAME));
        String vocabulary = assertThrows(UsageException.class, () -> pretrain(config(out, 1).toBuilder()
            .data(bare.toString()).build())).getMessage();
        assertTrue(vocabulary.startsWith("--data " + bare) && vocabulary.contains("vocab.txt"), vocabulary);
        assertFalse(Files.exists(dir.resolve("refused")), "no output was written");
    }

    @Test
    void pretrainingContinuesFromAnArtifactWithItsWeightsAndVocabulary() throws Exception {
        BaseModel held = BaseModel.load(straight.output(), spark.sparkContext().hadoopConfiguration());
        TrainingConfig request = config(dir.resolve("unused").toString(), 1);
        PretrainBase base = PretrainBase.load(straight.output(), request, spark.sparkContext().hadoopConfiguration());
        ModelSource fresh = ModelSource.of(((TransformerSpec) ModelCatalog.resolveAny("bert-tiny", SMALL))
            .withMaskedLmHead(), request.optimizer());
        NeuralNetwork built = fresh.build(new ModelInput.TokenInput(12, 96), 0, 77);
        assertFalse(held.network().params().equalsWithEps(built.params(), 1e-6), "a new network differs");
        assertEquals(held.network().params(), base.initialise(built).params(), "every parameter is the artifact's");

        java.nio.file.Path bare = dir.resolve("bare-continued");
        copy(java.nio.file.Path.of(shards), bare);
        Files.delete(bare.resolve(WordPieceVocabularyJob.FILE_NAME));
        String out = dir.resolve("continued").toString();
        TrainResult continued = new PretrainJob(new TrainJob(spark, new PrintWriter(new StringWriter())))
            .run(config(out, 1).toBuilder().data(bare.toString()).build(), PretrainJob.MLM, straight.output(), s -> { });
        double from = straight.epochs().get(0).validationAccuracy();
        double after = continued.epochs().get(0).validationAccuracy();
        assertTrue(after > from + 0.1, "one epoch from the artifact " + after + " against one from scratch " + from);
        assertEquals(Files.readString(java.nio.file.Path.of(shards, WordPieceVocabularyJob.FILE_NAME)),
            Files.readString(dir.resolve("continued").resolve(WordPieceVocabularyJob.FILE_NAME)), "the artifact's vocabulary");
        assertEquals(straight.output(), continued.manifest().transfer().baseUri());
    }

    @Test
    void continuingRefusesAnotherModelOtherSizesOrAnotherVocabularyBeforeAnySideEffect() throws Exception {
        String out = dir.resolve("refused-continued").toString();
        String texts = dir.resolve("texts").toString();
        String notArtifact = assertThrows(UsageException.class, () -> continueFrom(config(out, 1), texts)).getMessage();
        assertTrue(notArtifact.startsWith("--init-from " + texts + ": not a dlspark model artifact"), notArtifact);
        String model = assertThrows(UsageException.class, () -> continueFrom(config(out, 1).toBuilder()
            .model("bert-mini").build(), straight.output())).getMessage();
        assertTrue(model.startsWith("--model bert-mini: --init-from ") && model.contains("--model bert-tiny"), model);
        Map<String, Object> wider = new HashMap<>(SMALL);
        wider.put("hidden", 64);
        String sizes = assertThrows(UsageException.class, () -> continueFrom(config(out, 1).toBuilder()
            .modelOverrides(wider).build(), straight.output())).getMessage();
        assertTrue(sizes.startsWith("model overrides ") && sizes.contains("hidden=64") && sizes.contains("hidden=32"),
            sizes);

        java.nio.file.Path other = dir.resolve("other-vocabulary");
        copy(java.nio.file.Path.of(shards), other);
        Files.writeString(other.resolve(WordPieceVocabularyJob.FILE_NAME), "[PAD]\n[UNK]\nfox\n");
        Files.deleteIfExists(other.resolve("." + WordPieceVocabularyJob.FILE_NAME + ".crc"));
        String vocabulary = assertThrows(UsageException.class, () -> continueFrom(config(out, 1).toBuilder()
            .data(other.toString()).build(), straight.output())).getMessage();
        assertTrue(vocabulary.startsWith("--data: ") && vocabulary.contains("differs from the pretraining vocabulary"),
            vocabulary);
        assertFalse(Files.exists(dir.resolve("refused-continued")), "no output was written");
    }

    private static TrainResult continueFrom(TrainingConfig config, String base) throws Exception {
        return new PretrainJob(new TrainJob(spark, new PrintWriter(new StringWriter()))).run(config, PretrainJob.MLM,
            base, s -> { });
    }

    private static void copy(java.nio.file.Path from, java.nio.file.Path to) throws Exception {
        try (var walk = Files.walk(from)) {
            for (java.nio.file.Path p : walk.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }
}
