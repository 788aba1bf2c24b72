package io.dlspark.feed;

import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Records already in a DataFrame, with the shard columns plus {@link #SPLIT} (a split's folder name) and optionally
 * {@link TrainingData#WEIGHT}, described by a manifest built in memory; no shard folder is written. The artifact's
 * data provenance holds that manifest's SHA-256.
 */
public final class InMemoryRecords implements RecordSource {
    /** The column naming each row's split ({@code train} or {@code validation}). */
    public static final String SPLIT = "split";

    private final Dataset<Row> rows;
    private final ShardManifest manifest;
    private final String description;

    /** {@code rows} of {@code record_id, label, <content>, split}, described by {@code manifest}. */
    public InMemoryRecords(Dataset<Row> rows, ShardManifest manifest, String description) {
        this.rows = rows;
        this.manifest = manifest;
        this.description = description;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public ShardManifest manifest() {
        return manifest;
    }

    /** The split's rows; only the training split keeps a {@link TrainingData#WEIGHT} column (validation is unweighted). */
    @Override
    public Dataset<Row> split(Split split) {
        Dataset<Row> rows = this.rows.filter(functions.col(SPLIT).equalTo(split.dirName())).drop(SPLIT);
        return split == Split.TRAIN ? rows : rows.drop(TrainingData.WEIGHT);
    }

    @Override
    public Path root() {
        return null;
    }

    @Override
    public ModelArtifactManifest.DataProvenance provenance(Configuration conf) {
        byte[] digest = HadoopFiles.newSha256().digest(ManifestIo.toJson(manifest).getBytes(StandardCharsets.UTF_8));
        return new ModelArtifactManifest.DataProvenance(description, HexFormat.of().formatHex(digest), manifest.dataset());
    }

    @Override
    public boolean weighted() {
        return java.util.Arrays.asList(rows.columns()).contains(TrainingData.WEIGHT);
    }
}
