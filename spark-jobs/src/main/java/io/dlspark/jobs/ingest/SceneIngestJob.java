package io.dlspark.jobs.ingest;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.Versions;
import io.dlspark.core.data.IdxFile;
import io.dlspark.core.data.IdxReader;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.IdxObjectSource;
import io.dlspark.core.detect.ObjectSource;
import io.dlspark.core.detect.Scene;
import io.dlspark.core.detect.SceneGenerator;
import io.dlspark.core.detect.SceneSettings;
import io.dlspark.core.detect.SceneSplits;
import io.dlspark.core.ingest.IdxDatasetSource;
import io.dlspark.core.io.AtomicOutput;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.security.Redactor;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.ShardManifest.ObjectRange;
import io.dlspark.core.shard.ShardManifest.SplitCounts;
import io.dlspark.core.shard.Split;
import io.dlspark.shards.DetectionRows;
import io.dlspark.shards.ShardSetWriter;
import io.dlspark.spark.JobDescription;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dlspark ingest --dataset fashion-mnist-scenes}: composes detection scenes from Fashion-MNIST IDX files on the
 * executors ({@link SceneGenerator}; scene i of a split depends only on the seed and i) and writes them as shards of
 * {@link RecordFormat#DETECTION_UINT8_HWC} with a manifest that records the generator's settings and seed.
 */
public final class SceneIngestJob {
    private static final Logger LOG = LoggerFactory.getLogger(SceneIngestJob.class);
    private static final String DATASET = "fashion-mnist-scenes";

    private final SparkSession spark;

    private final PrintWriter console;

    public SceneIngestJob(SparkSession spark) {
        this(spark, new PrintWriter(Writer.nullWriter()));
    }

    /** An ingest job that prints its progress lines to {@code console}. */
    public SceneIngestJob(SparkSession spark, PrintWriter console) {
        this.spark = spark;
        this.console = console;
    }

    /**
     * One run's inputs, checked at construction.
     *
     * @param scenes     scenes per split; train and validation draw from the training images (validation from the
     *                   held-out last {@code validationFraction} of them), test from the t10k images only
     * @param partitions shard files of the train split (others proportional); null for one per 10000 scenes
     */
    public record Request(String input, String output, long seed, double validationFraction, SceneSettings settings,
                          Map<Split, Long> scenes, Integer partitions, boolean overwrite) {
        public Request {
            scenes = Map.copyOf(scenes);
            for (Split split : Split.values()) {
                long n = scenes.getOrDefault(split, 0L);
                if (n < 0 || n > Integer.MAX_VALUE) {
                    throw new UsageException("--" + split.dirName() + "-scenes: must be in [0, " + Integer.MAX_VALUE
                        + "], got " + n);
                }
            }
            if (scenes.getOrDefault(Split.TRAIN, 0L) == 0) {
                throw new UsageException("--train-scenes: must be at least 1");
            }
            if (scenes.getOrDefault(Split.VALIDATION, 0L) > 0 && validationFraction == 0) {
                throw new UsageException("--val-fraction: validation scenes need held-out objects; give a fraction > 0");
            }
            if (partitions != null && partitions < 1) {
                throw new UsageException("--partitions: must be at least 1, got " + partitions);
            }
        }

        long count(Split split) {
            return scenes.getOrDefault(split, 0L);
        }
    }

    /** One task's work: scenes {@code [from, to)} of one split. */
    private record Chunk(Split split, int from, int to) implements Serializable {
    }

    public IngestResult run(Request request) throws IOException {
        try (JobDescription job = JobDescription.of(spark, "dlspark ingest scenes")) {
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            Path output = IngestJob.checkedOutput(request.output(), request.overwrite(), conf);
            long start = System.nanoTime();
            Path input = PathOption.of("--input", request.input(), conf);
            Path trainImages = find(input, "train-images-idx3-ubyte", conf);
            Path trainLabels = find(input, "train-labels-idx1-ubyte", conf);
            IdxObjectSource train = read(trainImages, trainLabels, conf);
            int validationStart = SceneSplits.validationStart(train.size(), request.validationFraction());
            Map<Split, ObjectSource> sources = new EnumMap<>(Split.class);
            Map<String, ObjectRange> ranges = new LinkedHashMap<>();
            List<Path> files = new ArrayList<>(List.of(trainImages, trainLabels));
            sources.put(Split.TRAIN, train.range(0, validationStart));
            ranges.put(Split.TRAIN.dirName(), range(trainImages, trainLabels, 0, validationStart));
            if (request.count(Split.VALIDATION) > 0) {
                sources.put(Split.VALIDATION, train.range(validationStart, train.size()));
                ranges.put(Split.VALIDATION.dirName(), range(trainImages, trainLabels, validationStart, train.size()));
            }
            if (request.count(Split.TEST) > 0) {
                Path testImages = find(input, "t10k-images-idx3-ubyte", conf);
                Path testLabels = find(input, "t10k-labels-idx1-ubyte", conf);
                IdxObjectSource test = read(testImages, testLabels, conf);
                sources.put(Split.TEST, test);
                ranges.put(Split.TEST.dirName(), range(testImages, testLabels, 0, test.size()));
                files.addAll(List.of(testImages, testLabels));
            }
            SceneSettings settings = request.settings();
            LOG.info("Read the object images of {} in {} ms", input, (System.nanoTime() - start) / 1_000_000);

            try (AtomicOutput out = AtomicOutput.begin(output, conf, request.overwrite())) {
                writeShards(request, sources, out.temporary());
                Map<String, SplitCounts> counts = counts(out.temporary(), request);
                List<ShardManifest.ShardFile> checksums = new ArrayList<>();
                for (Path file : files) {
                    checksums.add(new ShardManifest.ShardFile(Redactor.redact(file.toString()),
                        HadoopFiles.fs(file, conf).getFileStatus(file).getLen(), HadoopFiles.sha256(file, conf)));
                }
                ShardManifest manifest = new ShardManifest(ShardManifest.SCHEMA_VERSION, DATASET,
                    files.stream().map(f -> Redactor.redact(f.toString())).toList(), RecordFormat.DETECTION_UINT8_HWC,
                    new ImageShape(settings.canvasSize(), settings.canvasSize(), 1), IdxDatasetSource.FASHION_MNIST_LABELS,
                    request.seed(), request.validationFraction(), counts, ShardSetWriter.files(out.temporary(), conf),
                    checksums, new ShardManifest.BadRecords(0, List.of()), Instant.now().toString(), Versions.dlspark(),
                    null, null, null, null, null, new ShardManifest.SceneGeneration(settings, request.seed(), ranges));
                ManifestIo.write(manifest, out.temporary(), conf);
                out.commit();
                return new IngestResult(out.target().toString(), manifest, (System.nanoTime() - start) / 1e9);
            }
        }
    }

    private void writeShards(Request request, Map<Split, ObjectSource> sources, Path root) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Chunk> chunks = chunks(request);
        Broadcast<Map<Split, ObjectSource>> objects = jsc.broadcast(new EnumMap<>(sources));
        SceneSettings settings = request.settings();
        long seed = request.seed();
        JobDescription described = JobDescription.of(jsc.sc(),
            "dlspark ingest: scenes in " + chunks.size() + " shards");
        try {
            long records = chunks.stream().mapToLong(c -> c.to() - c.from()).sum();
            JavaRDD<Row> rows = jsc.parallelize(chunks, chunks.size())
                .flatMap(chunk -> rows(chunk, objects.value().get(chunk.split()), settings, seed));
            IngestProgress.during(spark, console, records, chunks.size(),
                    () -> ShardSetWriter.write(spark, rows, RecordFormat.DETECTION_UINT8_HWC, root))
                .finish(records);
        } finally {
            objects.destroy();
            described.close();
        }
    }

    /** The rows of one chunk's scenes, generated lazily in index order. */
    private static Iterator<Row> rows(Chunk chunk, ObjectSource source, SceneSettings settings, long seed) {
        SceneGenerator generator = new SceneGenerator(settings, SceneSplits.seed(seed, chunk.split().dirName()));
        return new Iterator<>() {
            private int next = chunk.from();

            @Override
            public boolean hasNext() {
                return next < chunk.to();
            }

            @Override
            public Row next() {
                Scene scene = generator.scene(next++, source);
                return row(chunk.split(), scene);
            }
        };
    }

    static Row row(Split split, Scene scene) {
        String id = String.format(java.util.Locale.ROOT, "%s-%07d", split.dirName(), scene.index());
        String source = "scene " + scene.index() + " of " + split.dirName() + " objects " + scene.sourceIndices();
        return DetectionRows.row(id, scene.pixels(), scene.objects(), source, split);
    }

    /** Each split's scene indices cut into shard-sized chunks, train by {@code partitions}, others proportionally. */
    private static List<Chunk> chunks(Request request) {
        long train = request.count(Split.TRAIN);
        int trainChunks = request.partitions() != null ? request.partitions() : ShardSetWriter.shardsFor(train);
        List<Chunk> chunks = new ArrayList<>();
        for (Split split : Split.values()) {
            long n = request.count(split);
            if (n == 0) {
                continue;
            }
            int parts = ShardSetWriter.shardsOf(split, n, train, trainChunks);
            for (int i = 0; i < parts; i++) {
                chunks.add(new Chunk(split, (int) (n * i / parts), (int) (n * (i + 1) / parts)));
            }
        }
        return chunks;
    }

    /** Scenes per split, and objects per class (a scene holds several, so these are object counts). */
    private Map<String, SplitCounts> counts(Path root, Request request) {
        Map<String, SplitCounts> counts = new LinkedHashMap<>();
        int classes = IdxDatasetSource.FASHION_MNIST_LABELS.size();
        for (Split split : Split.values()) {
            if (request.count(split) == 0) {
                continue;
            }
            long[] perClass = DetectionCounts.objectsPerClass(spark, new Path(root, split.dirName()), classes);
            counts.put(split.dirName(), new SplitCounts(request.count(split), perClass));
            LOG.info("Wrote {} {} scenes", request.count(split), split.dirName());
        }
        return counts;
    }

    private static ObjectRange range(Path images, Path labels, int from, int to) {
        return new ObjectRange(Redactor.redact(images.toString()), Redactor.redact(labels.toString()), from, to);
    }

    private static Path find(Path input, String name, Configuration conf) throws IOException {
        FileSystem fs = HadoopFiles.fs(input, conf);
        for (String candidate : List.of(name + ".gz", name)) {
            Path path = new Path(input, candidate);
            if (fs.isFile(path)) {
                return path;
            }
        }
        throw new UsageException("--input " + input + ": no " + name + "[.gz] (expected Fashion-MNIST's IDX files)");
    }

    private static IdxObjectSource read(Path images, Path labels, Configuration conf) throws IOException {
        IdxFile imageFile;
        IdxFile labelFile;
        FileSystem fs = HadoopFiles.fs(images, conf);
        try (InputStream in = fs.open(images)) {
            imageFile = IdxReader.read(in, images.toString());
        }
        try (InputStream in = fs.open(labels)) {
            labelFile = IdxReader.read(in, labels.toString());
        }
        IdxObjectSource source = new IdxObjectSource(imageFile, labelFile);
        int classes = IdxDatasetSource.FASHION_MNIST_LABELS.size();
        for (int i = 0; i < source.size(); i++) {
            if (source.label(i) >= classes) {
                throw new DataException(labels + ": label " + source.label(i) + " of record " + i
                    + " is not a Fashion-MNIST class (0-" + (classes - 1) + ")");
            }
        }
        return source;
    }
}
