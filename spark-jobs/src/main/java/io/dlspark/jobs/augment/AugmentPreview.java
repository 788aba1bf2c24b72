package io.dlspark.jobs.augment;

import io.dlspark.augment.AugmentConfig;
import io.dlspark.augment.ImagePipeline;
import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.io.AtomicFiles;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.spark.JobDescription;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * {@code dlspark augment --preview}: the first {@code count} training records by record id, each beside its
 * augmentations for epochs 0 to {@code versions - 1} (the copies {@code dlspark augment} would write, and what online
 * training shows in those epochs), as one PNG written atomically.
 */
public final class AugmentPreview {
    private final SparkSession spark;

    public AugmentPreview(SparkSession spark) {
        this.spark = spark;
    }

    /** One preview's inputs, validated at construction; {@code seed} overrides the config's when not null. */
    public record Request(String input, String config, Long seed, int count, int versions, String output) {
        public Request {
            if (count < 1) {
                throw new UsageException("--count: must be at least 1, got " + count);
            }
            if (versions < 1) {
                throw new UsageException("--copies: must be at least 1, got " + versions);
            }
        }
    }

    /** Writes the PNG and returns its size in pixels, {@code [width, height]}. */
    public int[] write(Request request) throws IOException {
        try (JobDescription job = JobDescription.of(spark, "dlspark augment --preview")) {
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            Path inputRoot = PathOption.of("--input", request.input(), conf);
            Path output = PathOption.of("--preview", request.output(), conf);
            ShardManifest shards = ManifestIo.read(inputRoot, conf);
            if (shards.recordFormat() != RecordFormat.IMAGE_UINT8_HWC) {
                throw new UsageException("--preview draws images, but --input " + inputRoot + " holds "
                    + shards.recordFormat() + " records");
            }
            AugmentConfig config = PipelineFactory.config(request.config(), request.seed());
            ImagePipeline pipeline = PipelineFactory.image(config, shards, request.config());
            List<Row> rows = spark.read().parquet(new Path(inputRoot, Split.TRAIN.dirName()).toString())
                .select(ShardColumns.RECORD_ID, ShardColumns.PIXELS)
                .orderBy(ShardColumns.RECORD_ID)
                .limit(request.count())
                .collectAsList();
            if (rows.isEmpty()) {
                throw new DataException("--input " + inputRoot + ": no training records to preview");
            }
            BufferedImage grid = PreviewGrid.render(rows.stream().map(r -> r.getString(0)).toList(),
                rows.stream().map(r -> (byte[]) r.get(1)).toList(), pipeline, request.versions());
            AtomicFiles.write(output, conf, out -> {
                if (!ImageIO.write(grid, "png", out)) {
                    throw new DataException("no PNG writer in this Java runtime");
                }
            });
            return new int[] {grid.getWidth(), grid.getHeight()};
        }
    }
}
