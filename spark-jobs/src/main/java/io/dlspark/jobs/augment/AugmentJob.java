package io.dlspark.jobs.augment;

import io.dlspark.augment.AugmentConfig;
import io.dlspark.augment.Augmenter;
import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.Versions;
import io.dlspark.core.io.AtomicOutput;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.ShardManifest.SplitCounts;
import io.dlspark.core.shard.Split;
import io.dlspark.shards.ShardSetWriter;
import io.dlspark.spark.JobDescription;
import io.dlspark.text.TextPipelines;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * The {@code dlspark augment} job: a new shard set with every training record plus {@code copies} augmented copies
 * (copy {@code k} is the record augmented for epoch {@code k - 1}, id {@code <id>#aug<k>}) and the validation and test
 * records unchanged.
 */
public final class AugmentJob {
    /** Separates a record id from the copy number in the ids of augmented copies. */
    public static final String COPY_SUFFIX = "#aug";
    private static final Logger LOG = LoggerFactory.getLogger(AugmentJob.class);

    private final SparkSession spark;

    public AugmentJob(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * One augment run's inputs, validated at construction.
     *
     * @param seed       overrides the config's {@code augment.seed} when not null
     * @param partitions shard files of the train split; null for one per {@link ShardSetWriter#RECORDS_PER_SHARD}
     */
    public record Request(String input, String output, String config, int copies, Long seed, Integer partitions,
                          boolean overwrite) {
        public Request {
            if (copies < 1) {
                throw new UsageException("--copies: must be at least 1, got " + copies);
            }
            if (partitions != null && partitions < 1) {
                throw new UsageException("--partitions: must be at least 1, got " + partitions);
            }
        }
    }

    public AugmentResult run(Request request) throws IOException {
        try (JobDescription job = JobDescription.of(spark, "dlspark augment")) {
            long start = System.nanoTime();
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            Path inputPath = PathOption.of("--input", request.input(), conf);
            Path outputPath = PathOption.of("--output", request.output(), conf);
            Path inputRoot = HadoopFiles.fs(inputPath, conf).makeQualified(inputPath);
            Path outputRoot = HadoopFiles.fs(outputPath, conf).makeQualified(outputPath);
            if (inputRoot.equals(outputRoot)) {
                throw new UsageException("--output " + outputRoot + " is the --input; write the augmented shards elsewhere");
            }
            ShardManifest input = ManifestIo.read(inputRoot, conf);
            if (input.count(Split.TRAIN) == 0) {
                throw new UsageException("--input " + inputRoot + ": the shard set has no training records to augment");
            }
            AugmentSizeCheck.check(input, request.copies());
            AugmentConfig config = PipelineFactory.config(request.config(), request.seed());
            Augmenter<Object> augmenter = PipelineFactory.augmenter(config, input, request.config());
            LOG.info("Augmenting {} training records of {} with {} copies each: {}", input.count(Split.TRAIN), inputRoot,
                request.copies(), config.describe());
            try (AtomicOutput out = AtomicOutput.begin(outputRoot, conf, request.overwrite())) {
                writeShards(input, inputRoot, augmenter, request, out.temporary());
                copyTextFeatures(input, inputRoot, out.temporary(), conf);
                long originals = input.count(Split.TRAIN);
                ShardManifest manifest = new ShardManifest(ShardManifest.SCHEMA_VERSION, input.dataset(), input.sources(),
                    input.recordFormat(), input.shape(), input.labelNames(), input.seed(), input.validationFraction(),
                    counts(input, request.copies()), ShardSetWriter.files(out.temporary(), conf), input.sourceChecksums(),
                    input.badRecords(), Instant.now().toString(), Versions.dlspark(),
                    new ShardManifest.Augmentation(inputRoot.toString(),
                        HadoopFiles.sha256(new Path(inputRoot, ShardManifest.FILE_NAME), conf), request.config(),
                        config.describe(), config.seed(), request.copies(), originals, originals * request.copies()),
                    input.subset(), input.positiveLabel(), input.deduplication(), input.textFeatures(), input.scenes());
                ManifestIo.write(manifest, out.temporary(), conf);
                out.commit();
                return new AugmentResult(out.target().toString(), manifest, (System.nanoTime() - start) / 1e9);
            }
        }
    }

    private void writeShards(ShardManifest input, Path inputRoot, Augmenter<Object> augmenter, Request request,
                             Path root) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Augmenter<Object>> published = jsc.broadcast(augmenter);
        int copies = request.copies();
        JobDescription described = JobDescription.of(jsc.sc(),
            "dlspark augment: " + input.count(Split.TRAIN) + " training records x " + (copies + 1));
        try {
            List<JavaRDD<Row>> splits = new ArrayList<>();
            for (Split split : Split.values()) {
                long records = input.count(split);
                if (records == 0) {
                    continue;
                }
                boolean train = split == Split.TRAIN;
                int shards = train && request.partitions() != null ? request.partitions()
                    : ShardSetWriter.shardsFor(train ? records * (copies + 1) : records);
                JavaRDD<Row> sorted = read(input, inputRoot, split)
                    .repartitionByRange(shards, col(ShardColumns.RECORD_ID))
                    .sortWithinPartitions(ShardColumns.RECORD_ID)
                    .javaRDD();
                splits.add(train
                    ? sorted.mapPartitions(rows -> new CopyIterator(rows, published.value(), copies))
                    : sorted.map(row -> withSplit(row, split, row.get(2), "")));
            }
            JavaRDD<Row> all = splits.get(0);
            for (int i = 1; i < splits.size(); i++) {
                all = all.union(splits.get(i));
            }
            ShardSetWriter.write(spark, all, input.recordFormat(), root);
        } finally {
            published.destroy();
            described.close();
        }
    }

    /**
     * Text shard sets: copies the fitted vectorisers (fitted on the original training split) beside the augmented
     * shards, so that the manifest's {@code textFeatures} paths hold there too.
     */
    private static void copyTextFeatures(ShardManifest input, Path inputRoot, Path root, Configuration conf)
        throws IOException {
        if (input.textFeatures() == null) {
            return;
        }
        Path source = new Path(inputRoot, TextPipelines.FOLDER);
        if (!FileUtil.copy(HadoopFiles.fs(source, conf), source, HadoopFiles.fs(root, conf),
            new Path(root, TextPipelines.FOLDER), false, conf)) {
            throw new DataException("cannot copy the text vectorisers " + source + " into " + root);
        }
    }

    /** A split's rows in shard column order (text with its group); their number must be the manifest's. */
    private Dataset<Row> read(ShardManifest input, Path inputRoot, Split split) {
        boolean text = input.recordFormat() == RecordFormat.TEXT_UTF8;
        Path dir = new Path(inputRoot, split.dirName());
        Dataset<Row> shards = spark.read().parquet(dir.toString());
        Dataset<Row> rows = text
            ? shards.select(col(ShardColumns.RECORD_ID), col(ShardColumns.LABEL), col(ShardColumns.TEXT),
                col(ShardColumns.SOURCE), Arrays.asList(shards.columns()).contains(ShardColumns.GROUP)
                    ? col(ShardColumns.GROUP) : functions.lit(null).cast(DataTypes.StringType).as(ShardColumns.GROUP))
            : shards.select(ShardColumns.RECORD_ID, ShardColumns.LABEL, ShardColumns.PIXELS, ShardColumns.SOURCE);
        long found = rows.count();
        if (found != input.count(split)) {
            throw new DataException(dir + ": holds " + found + " records but the manifest says " + input.count(split));
        }
        return rows;
    }

    private static Row withSplit(Row row, Split split, Object payload, String idSuffix) {
        if (row.size() > 4) {
            return ShardSetWriter.textRow(row.getString(0) + idSuffix, row.getInt(1), (String) payload, row.getString(3),
                row.getString(4), split);
        }
        return ShardSetWriter.row(row.getString(0) + idSuffix, row.getInt(1), payload, row.getString(3), split);
    }

    /** The input's counts with the train split's multiplied by {@code copies + 1}. */
    private static Map<String, SplitCounts> counts(ShardManifest input, int copies) {
        Map<String, SplitCounts> counts = new LinkedHashMap<>();
        input.splits().forEach((split, c) -> {
            if (!split.equals(Split.TRAIN.dirName())) {
                counts.put(split, c);
                return;
            }
            long[] perClass = c.perClass().clone();
            for (int i = 0; i < perClass.length; i++) {
                perClass[i] *= copies + 1;
            }
            counts.put(split, new SplitCounts(c.records() * (copies + 1), perClass));
        });
        return counts;
    }

    /** Each training row, then its {@code copies} augmented copies. */
    private static final class CopyIterator implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final Augmenter<Object> augmenter;
        private final int copies;
        private Row current;
        private int copy;

        CopyIterator(Iterator<Row> rows, Augmenter<Object> augmenter, int copies) {
            this.rows = rows;
            this.augmenter = augmenter;
            this.copies = copies;
            this.copy = copies;
        }

        @Override
        public boolean hasNext() {
            return copy < copies || rows.hasNext();
        }

        @Override
        public Row next() {
            if (copy == copies) {
                current = rows.next();
                copy = 0;
                return withSplit(current, Split.TRAIN, current.get(2), "");
            }
            copy++;
            String id = current.getString(0);
            return withSplit(current, Split.TRAIN, augmenter.apply(current.get(2), id, copy - 1), COPY_SUFFIX + copy);
        }
    }
}
