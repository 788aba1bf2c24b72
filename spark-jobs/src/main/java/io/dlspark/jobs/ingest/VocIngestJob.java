package io.dlspark.jobs.ingest;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.Versions;
import io.dlspark.core.data.BadRecordException;
import io.dlspark.core.data.ImageDecoder;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.detect.GroundTruth;
import io.dlspark.core.detect.VocAnnotation;
import io.dlspark.core.detect.VocDataset;
import io.dlspark.core.io.AtomicOutput;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.io.SerializableHadoopConf;
import io.dlspark.core.security.Redactor;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.ShardManifest.SplitCounts;
import io.dlspark.core.shard.Split;
import io.dlspark.shards.DetectionRows;
import io.dlspark.shards.ShardSetWriter;
import io.dlspark.spark.JobDescription;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code dlspark ingest --dataset voc}: a Pascal VOC folder to {@link RecordFormat#DETECTION_UINT8_HWC} shards. The
 * driver parses every annotation (bad XML or a missing image fails before anything is written) and draws the
 * validation images with the seed; executors decode the JPEGs, scale them to {@code --image-shape} and the boxes
 * with them.
 */
public final class VocIngestJob {
    private static final Logger LOG = LoggerFactory.getLogger(VocIngestJob.class);

    private final SparkSession spark;

    private final PrintWriter console;

    public VocIngestJob(SparkSession spark) {
        this(spark, new PrintWriter(Writer.nullWriter()));
    }

    /** An ingest job that prints its progress lines to {@code console}. */
    public VocIngestJob(SparkSession spark, PrintWriter console) {
        this.spark = spark;
        this.console = console;
    }

    /** One run's inputs; {@code shape} is required because VOC images differ in size. */
    public record Request(String input, String output, long seed, double validationFraction, ImageShape shape,
                          Integer partitions, boolean overwrite) {
        public Request {
            if (shape == null) {
                throw new UsageException("--image-shape: required for --dataset voc (its images differ in size), "
                    + "for example 224x224x3");
            }
            if (!(validationFraction >= 0 && validationFraction < 1)) {
                throw new UsageException("--val-fraction: must be in [0, 1), got " + validationFraction);
            }
            if (partitions != null && partitions < 1) {
                throw new UsageException("--partitions: must be at least 1, got " + partitions);
            }
        }
    }

    /** One image to decode: its split, its annotation and the path of its JPEG. */
    private record Item(Split split, VocAnnotation annotation, String image) implements Serializable {
    }

    public IngestResult run(Request request) throws IOException {
        try (JobDescription job = JobDescription.of(spark, "dlspark ingest voc")) {
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            Path output = IngestJob.checkedOutput(request.output(), request.overwrite(), conf);
            long start = System.nanoTime();
            Path root = PathOption.of("--input", request.input(), conf);
            VocDataset voc = VocDataset.scan(root, conf);
            List<String> classes = voc.classNames();
            Map<Split, List<Item>> items = split(voc, request);
            LOG.info("Planned {} VOC images of {} classes from {} in {} ms", voc.annotations().size(), classes.size(), root,
                (System.nanoTime() - start) / 1_000_000);
            try (AtomicOutput out = AtomicOutput.begin(output, conf, request.overwrite())) {
                writeShards(SplitChunks.of(s -> items.getOrDefault(s, List.of()), request.partitions()), classes,
                    request.shape(), out.temporary());
                Map<String, SplitCounts> counts = new LinkedHashMap<>();
                for (Split split : Split.values()) {
                    List<Item> inSplit = items.getOrDefault(split, List.of());
                    if (!inSplit.isEmpty()) {
                        counts.put(split.dirName(), new SplitCounts(inSplit.size(), DetectionCounts.objectsPerClass(spark,
                            new Path(out.temporary(), split.dirName()), classes.size())));
                    }
                }
                ShardManifest manifest = new ShardManifest(ShardManifest.SCHEMA_VERSION, "voc",
                    List.of(Redactor.redact(root.toString())), RecordFormat.DETECTION_UINT8_HWC, request.shape(), classes,
                    request.seed(), request.validationFraction(), counts, ShardSetWriter.files(out.temporary(), conf), null,
                    new ShardManifest.BadRecords(0, List.of()), Instant.now().toString(), Versions.dlspark());
                ManifestIo.write(manifest, out.temporary(), conf);
                out.commit();
                return new IngestResult(out.target().toString(), manifest, (System.nanoTime() - start) / 1e9);
            }
        }
    }

    /** Annotations in name order; a seeded shuffle picks {@code round(n * fraction)} of them for validation. */
    private static Map<Split, List<Item>> split(VocDataset voc, Request request) {
        List<VocAnnotation> all = voc.annotations();
        int[] order = new int[all.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(request.seed());
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        boolean[] validation = new boolean[all.size()];
        int held = (int) Math.round(all.size() * request.validationFraction());
        for (int i = 0; i < held; i++) {
            validation[order[i]] = true;
        }
        Map<Split, List<Item>> items = new EnumMap<>(Split.class);
        for (int i = 0; i < all.size(); i++) {
            Split split = validation[i] ? Split.VALIDATION : Split.TRAIN;
            items.computeIfAbsent(split, s -> new ArrayList<>())
                .add(new Item(split, all.get(i), voc.imagePath(all.get(i)).toString()));
        }
        return items;
    }

    private void writeShards(List<List<Item>> chunks, List<String> classes, ImageShape shape, Path root)
        throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableHadoopConf> hadoopConf = jsc.broadcast(
            new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration()));
        JobDescription described = JobDescription.of(jsc.sc(),
            "dlspark ingest: VOC images in " + chunks.size() + " shards");
        try {
            long records = chunks.stream().mapToLong(List::size).sum();
            JavaRDD<Row> rows = jsc.parallelize(chunks, chunks.size()).flatMap(chunk -> chunk.stream()
                .map(item -> row(item, classes, shape, hadoopConf.value().get())).iterator());
            IngestProgress.during(spark, console, records, chunks.size(),
                    () -> ShardSetWriter.write(spark, rows, RecordFormat.DETECTION_UINT8_HWC, root))
                .finish(records);
        } finally {
            hadoopConf.destroy();
            described.close();
        }
    }

    /** One image scaled to {@code shape}, its boxes scaled with it; a broken or mis-sized image fails naming it. */
    static Row row(Item item, List<String> classes, ImageShape shape, Configuration conf) {
        VocAnnotation a = item.annotation();
        byte[] encoded;
        try {
            encoded = HadoopFiles.readBytes(new Path(item.image()), conf);
        } catch (IOException e) {
            throw new DataException(item.image() + ": cannot read: " + e.getMessage(), e);
        }
        byte[] pixels;
        try {
            ImageShape actual = ImageDecoder.probeShape(encoded, item.image());
            if (actual.width() != a.width() || actual.height() != a.height()) {
                throw new DataException(item.image() + ": image is " + actual.width() + "x" + actual.height()
                    + " but " + a.source() + " says " + a.width() + "x" + a.height());
            }
            pixels = new ImageDecoder(shape, ResizeMode.SCALE).decode(encoded, item.image());
        } catch (BadRecordException e) {
            throw new DataException(e.getMessage() + " (annotated in " + a.source() + ")");
        }
        double sx = (double) shape.width() / a.width();
        double sy = (double) shape.height() / a.height();
        List<GroundTruth> objects = a.groundTruth(classes).stream()
            .map(g -> new GroundTruth(g.box().scale(sx, sy), g.classId(), g.difficult())).toList();
        return DetectionRows.row(a.filename(), pixels, objects, a.source(), item.split());
    }
}
