package io.dlspark.spark;

import io.dlspark.cli.DlsparkCli;
import io.dlspark.core.nn.NetworkKind;
import io.dlspark.core.nn.Networks;
import io.dlspark.testing.MnistLikeShards;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.reflect.ClassTag$;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training in local mode under Spark's Java serializer and under Kryo (the default of many clusters) gives the same model. */
class SerializerTrainingTest {
    @TempDir
    Path dir;

    /** A record as dlspark ships them between tasks. */
    record Sample(String id, int label, float[] values) implements java.io.Serializable {
    }

    @AfterAll
    static void restoreTheSharedSession() {
        SparkTestSession.replaceWith(Map.of());
    }

    @Test
    void kryoRoundTripsRecordsWithDlsparksRegistrator() {
        SparkConf conf = SparkSessions.withDefaults(new SparkConf(false)
            .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer"));
        assertEquals(RecordKryoRegistrator.class.getName(), conf.get("spark.kryo.registrator"));
        SerializerInstance kryo = new KryoSerializer(conf).newInstance();
        Sample sample = new Sample("r1", 3, new float[] {1f, 2f});
        Sample back = kryo.deserialize(kryo.serialize(sample, ClassTag$.MODULE$.apply(Sample.class)),
            ClassTag$.MODULE$.apply(Sample.class));
        assertEquals(sample.id(), back.id());
        assertArrayEquals(sample.values(), back.values());
        java.util.List<String> immutable = java.util.List.of("a", "b");
        assertEquals(immutable, kryo.deserialize(kryo.serialize(immutable, ClassTag$.MODULE$.apply(java.util.List.class)),
            ClassTag$.MODULE$.apply(java.util.List.class)));
    }

    @Test
    void aUsersOwnRegistratorIsKept() {
        SparkConf conf = SparkSessions.withDefaults(new SparkConf(false)
            .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer").set("spark.kryo.registrator", "com.example.R"));
        assertEquals("com.example.R," + RecordKryoRegistrator.class.getName(), conf.get("spark.kryo.registrator"));
    }

    @Test
    void trainingUnderKryoEqualsTrainingUnderJavaSerialization() throws IOException {
        float[] java = train("org.apache.spark.serializer.JavaSerializer");
        float[] kryo = train("org.apache.spark.serializer.KryoSerializer");
        assertArrayEquals(java, kryo);
    }

    private float[] train(String serializer) throws IOException {
        Path run = dir.resolve(serializer.substring(serializer.lastIndexOf('.') + 1));
        var spark = SparkTestSession.replaceWith(Map.of("spark.serializer", serializer));
        String shards = MnistLikeShards.ingest(spark, run, 64, 16, 7);
        StringWriter err = new StringWriter();
        Path output = run.resolve("model");
        int exit = DlsparkCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "train", "--data", shards,
            "--model", "mlp", "--epochs", "1", "--workers", "2", "--batch-size", "8", "--averaging-frequency", "2",
            "--seed", "3", "--output", output.toString());
        assertEquals(0, exit, serializer + ": " + err);
        assertTrue(spark.sparkContext().getConf().get("spark.serializer").equals(serializer));
        try (InputStream in = Files.newInputStream(output.resolve("model.zip"))) {
            return Networks.load(NetworkKind.MULTI_LAYER, in, "model.zip").params().toFloatVector();
        }
    }
}
