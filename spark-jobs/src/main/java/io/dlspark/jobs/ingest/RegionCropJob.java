package io.dlspark.jobs.ingest;

import io.dlspark.augment.random.RecordSeeds;
import io.dlspark.core.UsageException;
import io.dlspark.core.Versions;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.GroundTruth;
import io.dlspark.core.detect.rcnn.ProposalSettings;
import io.dlspark.core.detect.rcnn.RegionSampler;
import io.dlspark.core.detect.rcnn.RegionWarp;
import io.dlspark.core.detect.rcnn.SlidingWindowProposals;
import io.dlspark.core.io.AtomicOutput;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.security.Redactor;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.ShardManifest.SplitCounts;
import io.dlspark.core.shard.Split;
import io.dlspark.shards.DetectionRows;
import io.dlspark.shards.ShardSetWriter;
import io.dlspark.spark.JobDescription;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code dlspark ingest --dataset rcnn-regions}: the R-CNN classifier's training set from detection shards. On the
 * executors each scene's proposals are sampled ({@link RegionSampler}, seeded by seed and record id), warped to
 * {@link #WARP}x{@link #WARP} and written as class shards with the scene classes plus {@code background}.
 */
public final class RegionCropJob {
    /** The side of every warped region (the region classifier's input). */
    public static final int WARP = 28;
    /** The name of the extra class of regions that hold no object. */
    public static final String BACKGROUND = "background";
    private static final String DATASET = "rcnn-regions";

    private final SparkSession spark;

    public RegionCropJob(SparkSession spark) {
        this.spark = spark;
    }

    /** One run's inputs: the scene shards, the output, the proposals and how many regions of each kind per scene. */
    public record Request(String input, String output, ProposalSettings proposals, int positives, int backgrounds,
                          long seed, boolean overwrite) {
        public Request {
            if (positives < 1) {
                throw new UsageException("--positives: must be at least 1, got " + positives);
            }
            if (backgrounds < 1) {
                throw new UsageException("--backgrounds: must be at least 1, got " + backgrounds);
            }
        }
    }

    public IngestResult run(Request request) throws IOException {
        try (JobDescription job = JobDescription.of(spark, "dlspark ingest rcnn-regions")) {
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            Path output = IngestJob.checkedOutput(request.output(), request.overwrite(), conf);
            Path input = PathOption.of("--input", request.input(), conf);
            ShardManifest scenes = ManifestIo.read(input, conf);
            if (scenes.recordFormat() != RecordFormat.DETECTION_UINT8_HWC) {
                throw new UsageException("--input " + request.input() + " holds " + scenes.recordFormat()
                    + " records; rcnn-regions needs detection shards (boxes and classes)");
            }
            long start = System.nanoTime();
            List<String> labels = new ArrayList<>(scenes.labelNames());
            labels.add(BACKGROUND);
            ImageShape cropShape = new ImageShape(WARP, WARP, scenes.shape().channels());
            try (AtomicOutput out = AtomicOutput.begin(output, conf, request.overwrite())) {
                List<Split> splits = new ArrayList<>();
                JavaRDD<Row> rows = null;
                for (Split split : List.of(Split.TRAIN, Split.VALIDATION)) {
                    if (scenes.count(split) == 0) {
                        continue;
                    }
                    splits.add(split);
                    JavaRDD<Row> crops = crops(new Path(input, split.dirName()), split, request, scenes);
                    rows = rows == null ? crops : rows.union(crops);
                }
                if (rows == null) {
                    throw new UsageException("--input " + request.input() + " has no train or validation scenes");
                }
                ShardSetWriter.write(spark, rows, RecordFormat.IMAGE_UINT8_HWC, out.temporary());
                Map<String, SplitCounts> counts = new LinkedHashMap<>();
                for (Split split : splits) {
                    counts.put(split.dirName(), counts(new Path(out.temporary(), split.dirName()), labels.size()));
                }
                ShardManifest manifest = new ShardManifest(ShardManifest.SCHEMA_VERSION, DATASET,
                    List.of(Redactor.redact(input.toString())), RecordFormat.IMAGE_UINT8_HWC, cropShape, labels,
                    request.seed(), scenes.validationFraction(), counts, ShardSetWriter.files(out.temporary(), conf),
                    scenes.files(), new ShardManifest.BadRecords(0, List.of()), Instant.now().toString(),
                    Versions.dlspark());
                ManifestIo.write(manifest, out.temporary(), conf);
                out.commit();
                return new IngestResult(out.target().toString(), manifest, (System.nanoTime() - start) / 1e9);
            }
        }
    }

    /** The warped regions of every scene of one split, as class shard rows. */
    private JavaRDD<Row> crops(Path splitDir, Split split, Request request, ShardManifest scenes) {
        ImageShape shape = scenes.shape();
        ProposalSettings settings = request.proposals();
        RegionSampler sampler = new RegionSampler(scenes.labelNames().size(), request.positives(),
            request.backgrounds());
        long seed = request.seed();
        return spark.read().parquet(splitDir.toString()).javaRDD().flatMap(row -> {
            String id = row.getAs(ShardColumns.RECORD_ID);
            byte[] pixels = row.getAs(ShardColumns.PIXELS);
            List<GroundTruth> objects = DetectionRows.objects(row);
            SlidingWindowProposals proposals = new SlidingWindowProposals(settings);
            RegionWarp warp = new RegionWarp(WARP);
            List<RegionSampler.Region> regions = sampler.sample(proposals.propose(pixels, shape), objects,
                RecordSeeds.record(seed, id, 0));
            List<Row> out = new ArrayList<>(regions.size());
            for (int k = 0; k < regions.size(); k++) {
                RegionSampler.Region region = regions.get(k);
                out.add(ShardSetWriter.row(String.format(Locale.ROOT, "%s-r%03d", id, k), region.label(),
                    warp.warp(pixels, shape, region.box()), id + " " + region.box(), split));
            }
            return out.iterator();
        });
    }

    private SplitCounts counts(Path splitDir, int classes) {
        long[] perClass = new long[classes];
        for (Row row : spark.read().parquet(splitDir.toString()).groupBy(ShardColumns.LABEL).count().collectAsList()) {
            perClass[row.getInt(0)] = row.getLong(1);
        }
        return new SplitCounts(java.util.Arrays.stream(perClass).sum(), perClass);
    }
}
