package io.dlspark.feed;

import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.security.Redactor;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.shards.ShardVerifier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;

/** The records of a shard set written by {@code dlspark ingest} (or {@code transfer --features-only}). */
public final class ShardRecords implements RecordSource {
    private final SparkSession spark;
    private final Path root;
    private final ShardManifest manifest;

    private ShardRecords(SparkSession spark, Path root, ShardManifest manifest) {
        this.spark = spark;
        this.root = root;
        this.manifest = manifest;
    }

    /**
     * The shard set at {@code root}, its train and validation files checked against the manifest's SHA-256s (once per
     * run, on the driver); a missing manifest is a usage error naming the path.
     */
    public static ShardRecords open(SparkSession spark, Path root, Configuration conf) throws IOException {
        ShardManifest manifest = ManifestIo.read(root, conf);
        ShardVerifier.verify(manifest, root, Split.TRAIN, conf);
        if (manifest.count(Split.VALIDATION) > 0) {
            ShardVerifier.verify(manifest, root, Split.VALIDATION, conf);
        }
        return new ShardRecords(spark, root, manifest);
    }

    @Override
    public String describe() {
        return "--data " + root;
    }

    @Override
    public ShardManifest manifest() {
        return manifest;
    }

    @Override
    public Dataset<Row> split(Split split) {
        return spark.read().parquet(new Path(root, split.dirName()).toString());
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public ModelArtifactManifest.DataProvenance provenance(Configuration conf) throws IOException {
        return new ModelArtifactManifest.DataProvenance(Redactor.redact(root.toString()),
            HadoopFiles.sha256(new Path(root, ShardManifest.FILE_NAME), conf), manifest.dataset());
    }
}
