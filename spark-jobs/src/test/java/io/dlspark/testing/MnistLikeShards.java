package io.dlspark.testing;

import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.fixtures.IdxFixtures;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A small shard set for job tests: MNIST-like IDX files written in code ({@link IdxFixtures#writeMnistLike}) under
 * {@code dir/raw}, ingested by {@code dlspark ingest} into {@code dir/shards} with (by default) a fifth of the training
 * records held out for validation (split seed 3) in 2 shards per split.
 */
public final class MnistLikeShards {
    private MnistLikeShards() {
    }

    /** Writes and ingests the fixture; returns the shard set's path. */
    public static String ingest(SparkSession spark, Path dir, int trainRecords, int testRecords, int seed)
        throws IOException {
        return ingest(spark, dir, trainRecords, testRecords, seed, 0.2);
    }

    /** Writes and ingests the fixture holding out {@code validationFraction} of the training records. */
    public static String ingest(SparkSession spark, Path dir, int trainRecords, int testRecords, int seed,
                                double validationFraction) throws IOException {
        Path raw = IdxFixtures.writeMnistLike(dir.resolve("raw"), trainRecords, testRecords, seed);
        return ingestRaw(spark, raw, dir.resolve("shards"), validationFraction);
    }

    /** Ingests IDX files already in {@code raw} (for example a fixture edited after writing) into {@code shards}. */
    public static String ingestRaw(SparkSession spark, Path raw, Path shards, double validationFraction)
        throws IOException {
        new IngestJob(spark).run(new IngestJob.Request(DatasetKind.FASHION_MNIST, raw.toString(), shards.toString(),
            new IngestOptions(validationFraction, 3, null, ResizeMode.NONE, null), 2, 0.0, false));
        return shards.toString();
    }
}
