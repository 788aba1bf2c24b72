package io.dlspark.ml;

import io.dlspark.cli.DlsparkCli;
import io.dlspark.core.Versions;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.shards.ShardSchemas;
import io.dlspark.shards.ShardSetWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.functions;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Test helper: a fit's prepared records written as a shard set, and {@code dlspark train} on it. */
final class ShardsFromRecords {
    private ShardsFromRecords() {
    }

    /** Writes {@code prepared}'s training records (then releases them) as the shard set {@code shards} of {@code shape}. */
    static void write(FitRecords.Prepared prepared, String shards, String dataset, ImageShape shape, Configuration conf)
        throws java.io.IOException {
        try {
            ShardSchemas.writer(prepared.records().split(Split.TRAIN).withColumn(ShardColumns.SOURCE, functions.lit("memory")))
                .parquet(new Path(shards, Split.TRAIN.dirName()).toString());
            ShardManifest described = prepared.records().manifest();
            ManifestIo.write(new ShardManifest(ShardManifest.SCHEMA_VERSION, dataset, List.of(), described.recordFormat(),
                shape, described.labelNames(), 5, 0, described.splits(), ShardSetWriter.files(new Path(shards), conf),
                List.of(), new ShardManifest.BadRecords(0, List.of()), "2026-01-01T00:00:00Z", Versions.dlspark()),
                new Path(shards), conf);
        } finally {
            prepared.release();
        }
    }

    /** Runs {@code dlspark train} with {@code args} (which name {@code --output out}) and returns the trained parameters. */
    static float[] train(String out, String... args) {
        StringWriter err = new StringWriter();
        int code = DlsparkCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
        assertEquals(0, code, err.toString());
        return NetworkState.of(DlsparkClassificationModel.fromArtifact(out).network()).params();
    }
}
