package io.dlspark.jobs.inference;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ArtifactFiles;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.Detection;
import io.dlspark.core.io.AtomicFiles;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.Json;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.engine.DetectionEvaluator.ScoredImage;
import io.dlspark.feed.DetectionCodec;
import io.dlspark.spark.JobDescription;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code dlspark detect}: a detector artifact over detection shards (every split) or a folder of PNG/JPEG images
 * (scaled to its input), decoded on the executors; boxes, classes and scores as JSON lines, or the first images drawn
 * with their boxes on one PNG. The output file is written to a temporary name, then renamed.
 */
public final class DetectJob {
    /** Images drawn on a PNG output. */
    public static final int PICTURE_IMAGES = 16;

    private final SparkSession spark;

    public DetectJob(SparkSession spark) {
        this.spark = spark;
    }

    /** What was written: images detected in, boxes found, inputs that could not be read, and the file. */
    public record Result(long images, long boxes, long errors, String output) {
    }

    /** Detects with {@code modelUri} in {@code inputUri} and writes {@code outputUri} ({@code .jsonl} or {@code .png}). */
    public Result run(String modelUri, String inputUri, String outputUri, Integer workers) throws IOException {
        return run(modelUri, inputUri, outputUri, workers, 0);
    }

    /** As {@link #run(String, String, String, Integer)}, keeping only detections scored at least {@code minScore}. */
    public Result run(String modelUri, String inputUri, String outputUri, Integer workers, double minScore)
        throws IOException {
        return run(modelUri, inputUri, outputUri, workers, minScore, false);
    }

    /**
     * As {@link #run(String, String, String, Integer, double)}; with {@code flip}, a one-stage detector averages each
     * image's output with its mirror image's before decoding (an R-CNN is refused).
     */
    public Result run(String modelUri, String inputUri, String outputUri, Integer workers, double minScore,
                      boolean flip) throws IOException {
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new UsageException("--min-score " + minScore + ": must be between 0 and 1");
        }
        try (JobDescription job = JobDescription.of(spark, "dlspark detect")) {
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            Path output = PathOption.of("--output", outputUri, conf);
            String name = output.getName().toLowerCase(Locale.ROOT);
            boolean picture = name.endsWith(".png");
            if (!picture && !name.endsWith(".jsonl")) {
                throw new UsageException("--output " + outputUri + ": must end in .jsonl (boxes as JSON lines) or .png "
                    + "(images with their boxes drawn)");
            }
            Path modelRoot = PathOption.of("--model", modelUri, conf);
            ArtifactFiles.read(modelRoot, conf, "--model");
            DetectionEvaluateJob.Detector detector = DetectionEvaluateJob.read(modelRoot, conf).orElseThrow(() ->
                new UsageException("--model " + modelRoot + " is not a detector (its network does not end in a "
                    + "Yolo2OutputLayer and it has no rcnn.json); use dlspark predict for a classifier"));
            if (flip) {
                detector.checkFlippable(modelRoot);
            }
            Path input = PathOption.of("--input", inputUri, conf);
            List<Row> errors = new ArrayList<>();
            Dataset<Row> rows = rows(detector, modelRoot, input, errors, conf);
            List<ScoredImage> images = DetectionEvaluateJob.detect(spark, detector, rows, "detect", workers, flip)
                .stream().map(i -> new ScoredImage(i.id(), i.truths(),
                    i.detections().stream().filter(d -> d.score() >= minScore).toList())).toList();
            long boxes = images.stream().mapToLong(i -> i.detections().size()).sum();
            byte[] content = picture ? picture(detector, rows, images)
                : lines(images, errors, detector.labelNames()).getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(output, conf, out -> out.write(content));
            return new Result(images.size(), boxes, errors.size(), output.toString());
        }
    }

    /** Detection rows of every split of a detection shard set, or of the decodable images of a folder. */
    private Dataset<Row> rows(DetectionEvaluateJob.Detector detector, Path modelRoot, Path input, List<Row> errors,
                              Configuration conf) throws IOException {
        ImageShape shape = detector.inputShape();
        if (HadoopFiles.exists(new Path(input, ShardManifest.FILE_NAME), conf)) {
            ShardManifest data = ManifestIo.read(input, conf);
            if (data.recordFormat() != RecordFormat.DETECTION_UINT8_HWC || !shape.equals(data.shape())) {
                throw new UsageException("--input " + input + " holds " + data.recordFormat() + " " + data.shape()
                    + " records but the detector takes detection shards or images of " + shape);
            }
            List<String> splits = new ArrayList<>();
            for (Split split : Split.values()) {
                if (HadoopFiles.exists(new Path(input, split.dirName()), conf)) {
                    splits.add(new Path(input, split.dirName()).toString());
                }
            }
            return DetectionCodec.rows(spark.read().parquet(splits.toArray(new String[0])));
        }
        PredictInputs inputs = detector.rcnn() != null ? PredictInputs.images(shape, detector.artifact())
            : PredictInputs.of(detector.artifact(), modelRoot);
        Dataset<Row> decoded = inputs.read(spark, input, conf).cache();
        errors.addAll(decoded.filter(functions.col(PredictJob.ERROR).isNotNull())
            .select(ShardColumns.RECORD_ID, PredictJob.ERROR).collectAsList());
        return decoded.filter(functions.col(PredictJob.ERROR).isNull()).select(functions.col(ShardColumns.RECORD_ID),
            functions.lit(-1).as(ShardColumns.LABEL), functions.col(ShardColumns.PIXELS),
            functions.array().cast(DataTypes.createArrayType(DataTypes.FloatType)).as(ShardColumns.BOXES),
            functions.array().cast(DataTypes.createArrayType(DataTypes.IntegerType)).as(ShardColumns.CLASSES),
            functions.array().cast(DataTypes.createArrayType(DataTypes.BooleanType)).as(ShardColumns.DIFFICULT));
    }

    /** One JSON line per image ({@code id}, {@code detections}), then one per unreadable input ({@code id}, {@code error}). */
    static String lines(List<ScoredImage> images, List<Row> errors, List<String> classNames) {
        StringBuilder out = new StringBuilder();
        for (ScoredImage image : images) {
            List<Map<String, Object>> found = new ArrayList<>();
            for (Detection d : image.detections()) {
                Map<String, Object> box = new LinkedHashMap<>();
                box.put("class", classNames.get(d.classId()));
                box.put("classId", d.classId());
                box.put("score", d.score());
                box.put("box", List.of(d.box().x1(), d.box().y1(), d.box().x2(), d.box().y2()));
                found.add(box);
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("id", image.id());
            line.put("detections", found);
            out.append(Json.line(line)).append('\n');
        }
        for (Row error : errors) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("id", error.getString(0));
            line.put("error", error.getString(1));
            out.append(Json.line(line)).append('\n');
        }
        return out.toString();
    }

    /** The first {@link #PICTURE_IMAGES} images by id with their boxes, as one PNG. */
    private static byte[] picture(DetectionEvaluateJob.Detector detector, Dataset<Row> rows, List<ScoredImage> images)
        throws IOException {
        List<ScoredImage> shown = images.subList(0, Math.min(PICTURE_IMAGES, images.size()));
        Map<String, byte[]> pixels = new HashMap<>();
        for (Row row : rows.filter(functions.col(ShardColumns.RECORD_ID).isin(shown.stream().map(ScoredImage::id)
            .toArray())).select(ShardColumns.RECORD_ID, ShardColumns.PIXELS).collectAsList()) {
            pixels.put(row.getString(0), (byte[]) row.get(1));
        }
        List<DetectionGrid.Tile> tiles = shown.stream().map(i -> new DetectionGrid.Tile(pixels.get(i.id()),
            i.detections())).toList();
        return DetectionGrid.png(tiles, detector.inputShape(), detector.labelNames());
    }
}
