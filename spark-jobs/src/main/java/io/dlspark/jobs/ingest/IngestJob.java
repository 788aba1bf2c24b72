package io.dlspark.jobs.ingest;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.Versions;
import io.dlspark.core.ingest.ClassSubset;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.ingest.IngestPlan;
import io.dlspark.core.ingest.RecordDecoder;
import io.dlspark.core.ingest.RecordRef;
import io.dlspark.core.ingest.TextCorpus;
import io.dlspark.core.io.AtomicOutput;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.io.SerializableHadoopConf;
import io.dlspark.core.security.Redactor;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.ShardManifest.BadRecord;
import io.dlspark.core.shard.ShardManifest.SplitCounts;
import io.dlspark.core.shard.Split;
import io.dlspark.core.shard.TextFeatures;
import io.dlspark.output.OutputFolder;
import io.dlspark.shards.ShardSetWriter;
import io.dlspark.spark.JobDescription;
import io.dlspark.text.TextPipelines;
import io.dlspark.text.TextVectorizerSettings;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ingest/shard job. The driver plans the records (listing, labels, split) without reading image files; executors
 * decode them; each split is written as Parquet in record order under a temporary folder, then the manifest, then the
 * folder is renamed into place. The same input and seed give the same shard contents, whatever the executors.
 */
public final class IngestJob {
    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);
    private static final int BAD_RECORDS_IN_ERROR = 10;

    private final SparkSession spark;

    private final PrintWriter console;

    public IngestJob(SparkSession spark) {
        this(spark, new PrintWriter(Writer.nullWriter()));
    }

    /** An ingest job that prints its progress lines to {@code console}. */
    public IngestJob(SparkSession spark, PrintWriter console) {
        this.spark = spark;
        this.console = console;
    }

    /**
     * One ingest run's inputs, validated at construction; {@code text} configures the vectorisers fitted on the
     * training split of text data.
     *
     * @param subset classes to keep and relabel, with an optional per-class limit of training records; null for all
     */
    public record Request(DatasetKind dataset, String input, String output, IngestOptions options, Integer partitions,
                          double maxBadFraction, boolean overwrite, ClassSubset subset, TextVectorizerSettings text) {
        public Request(DatasetKind dataset, String input, String output, IngestOptions options, Integer partitions,
                       double maxBadFraction, boolean overwrite) {
            this(dataset, input, output, options, partitions, maxBadFraction, overwrite, null,
                TextVectorizerSettings.defaults());
        }

        public Request(DatasetKind dataset, String input, String output, IngestOptions options, Integer partitions,
                       double maxBadFraction, boolean overwrite, ClassSubset subset) {
            this(dataset, input, output, options, partitions, maxBadFraction, overwrite, subset,
                TextVectorizerSettings.defaults());
        }

        public Request(DatasetKind dataset, String input, String output, IngestOptions options, Integer partitions,
                       double maxBadFraction, boolean overwrite, TextVectorizerSettings text) {
            this(dataset, input, output, options, partitions, maxBadFraction, overwrite, null, text);
        }

        public Request {
            if (partitions != null && partitions < 1) {
                throw new UsageException("--partitions: must be at least 1, got " + partitions);
            }
            if (!(maxBadFraction >= 0.0 && maxBadFraction <= 1.0)) {
                throw new UsageException("--max-bad-fraction: must be in [0, 1], got " + maxBadFraction);
            }
        }
    }

    public IngestResult run(Request request) throws IOException {
        try (JobDescription job = JobDescription.of(spark, "dlspark ingest " + request.dataset().name().toLowerCase(java.util.Locale.ROOT))) {
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            Path output = checkedOutput(request.output(), request.overwrite(), conf);
            long start = System.nanoTime();
            IngestPlan plan = request.dataset() == DatasetKind.TEXT_CORPUS
                ? CorpusDocuments.plan(spark, request.input(), request.options(), conf)
                : request.dataset().source().plan(PathOption.of("--input", request.input(), conf), request.options(), conf);
            ShardManifest.Subset subset = null;
            if (request.subset() != null) {
                ClassSubset.Result restricted = request.subset().apply(plan);
                plan = restricted.plan();
                subset = restricted.recorded();
                LOG.info("Kept classes {} of {}: {} records left out as other classes, {} over the per-class limit",
                    request.subset().classes(), plan.dataset(), subset.droppedOtherClasses(), subset.droppedOverLimit());
            }
            if (plan.records().isEmpty()) {
                throw new DataException("--input " + request.input() + ": no records found");
            }
            LOG.info("Planned {} records of {} from {} in {} ms", plan.records().size(), plan.dataset(), request.input(),
                (System.nanoTime() - start) / 1_000_000);
            try (AtomicOutput out = AtomicOutput.begin(output, conf, request.overwrite())) {
                List<BadRecord> bad = new ArrayList<>(plan.plannedBadRecords());
                Map<String, SplitCounts> counts = writeShards(plan, chunks(plan, request.partitions()), out.temporary(), bad);
                checkBadFraction(bad, counts, request.maxBadFraction());
                TextFeatures text = fitVectorizers(plan, counts, out.temporary(), request.text());
                ShardManifest manifest = new ShardManifest(ShardManifest.SCHEMA_VERSION, plan.dataset(),
                    plan.sources().stream().map(Redactor::redact).toList(),
                    plan.format(), plan.shape(), plan.labelNames(), request.options().seed(),
                    request.options().validationFraction(), counts, ShardSetWriter.files(out.temporary(), conf),
                    plan.sourceChecksums().isEmpty() ? null : plan.sourceChecksums(),
                    new ShardManifest.BadRecords(bad.size(), bad), Instant.now().toString(), Versions.dlspark(), null, subset,
                    plan.positiveLabel(), plan.deduplication(), text, null);
                ManifestIo.write(manifest, out.temporary(), conf);
                out.commit();
                double seconds = (System.nanoTime() - start) / 1e9;
                return new IngestResult(out.target().toString(), manifest, seconds);
            }
        }
    }

    /** The output path, after checking, before any work, that it does not exist unless {@code overwrite}. */
    static Path checkedOutput(String output, boolean overwrite, Configuration conf) throws IOException {
        Path path = PathOption.of("--output", output, conf);
        OutputFolder.checkReplaceable(path, conf, overwrite);
        return path;
    }

    /** Text data: fits the vectorisers on the training shards just written and saves them beside them. */
    private TextFeatures fitVectorizers(IngestPlan plan, Map<String, SplitCounts> counts, Path root,
                                        TextVectorizerSettings settings) throws IOException {
        if (plan.format() != RecordFormat.TEXT_UTF8 || !counts.containsKey(Split.TRAIN.dirName())
            || TextCorpus.DATASET.equals(plan.dataset())) {  // an unlabelled corpus is read as WordPiece ids
            return null;
        }
        long start = System.nanoTime();
        JobDescription described = JobDescription.of(spark.sparkContext(),
            "dlspark ingest: fit text vectorisers on the training split");
        try {
            TextFeatures features = TextPipelines.fit(
                spark.read().parquet(new Path(root, Split.TRAIN.dirName()).toString()), root, settings);
            LOG.info("Fitted text vectorisers {} in {} ms", features.vectorizers(), (System.nanoTime() - start) / 1_000_000);
            return features;
        } finally {
            described.close();
        }
    }

    /**
     * Cuts each split's records, in order, into its shard-sized chunks: {@code partitions} for the train split (default
     * one per {@link ShardSetWriter#RECORDS_PER_SHARD}), proportionally fewer for the others, at least one each.
     */
    private static List<List<RecordRef>> chunks(IngestPlan plan, Integer partitions) {
        return SplitChunks.of(plan::records, partitions);
    }

    /**
     * Decodes and writes every split in one Spark job: one task per chunk, each chunk holding one split's records in
     * order, written with {@code partitionBy(split)} and moved into {@code train/}, {@code validation/}, {@code test/}.
     * When decoding can find bad records, the decoded records are cached first and the bad ones collected.
     */
    private Map<String, SplitCounts> writeShards(IngestPlan plan, List<List<RecordRef>> chunks, Path root,
                                                 List<BadRecord> bad) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableHadoopConf> hadoopConf = jsc.broadcast(new SerializableHadoopConf(conf));
        RecordDecoder decoder = plan.decoder();
        RecordFormat format = plan.format();
        int classes = plan.labelNames().size();
        JobDescription described = JobDescription.of(jsc.sc(),
            "dlspark ingest: " + plan.records().size() + " records in " + chunks.size() + " shards");
        JavaRDD<DecodeOutcome> outcomes = jsc.parallelize(chunks, chunks.size())
            .mapPartitions((Iterator<List<RecordRef>> it) -> decodeAll(it.next().iterator(), decoder, hadoopConf.value().get()));
        long[][] perClass = new long[Split.values().length][classes];
        try {
            if (decoder.canFail()) {
                outcomes = outcomes.persist(StorageLevel.MEMORY_AND_DISK());
                bad.addAll(outcomes.filter(o -> !o.ok()).map(DecodeOutcome::bad).collect());
                perClass = outcomes.filter(DecodeOutcome::ok).aggregate(perClass, (acc, o) -> {
                    acc[o.split().ordinal()][o.record().label()]++;
                    return acc;
                }, IngestJob::addCounts);
            } else {
                for (RecordRef ref : plan.records()) {
                    perClass[ref.split().ordinal()][ref.label()]++;
                }
            }
            JavaRDD<Row> rows = outcomes.filter(DecodeOutcome::ok)
                .map(o -> format == RecordFormat.TEXT_UTF8
                    ? ShardSetWriter.textRow(o.record().recordId(), o.record().label(), o.record().text(),
                        o.record().source(), o.record().group(), o.split())
                    : ShardSetWriter.row(o.record().recordId(), o.record().label(), o.record().pixels(),
                        o.record().source(), o.split()));
            IngestProgress.during(spark, console, plan.records().size(), chunks.size(),
                    () -> ShardSetWriter.write(spark, rows, format, root))
                .finish(java.util.Arrays.stream(perClass).flatMapToLong(java.util.Arrays::stream).sum());
        } finally {
            outcomes.unpersist(false);
            hadoopConf.destroy();
            described.close();
        }
        Map<String, SplitCounts> counts = new LinkedHashMap<>();
        for (Split split : Split.values()) {
            long total = java.util.Arrays.stream(perClass[split.ordinal()]).sum();
            if (total > 0) {
                counts.put(split.dirName(), new SplitCounts(total, perClass[split.ordinal()]));
                LOG.info("Wrote {} {} records", total, split.dirName());
            }
        }
        return counts;
    }

    private static long[][] addCounts(long[][] a, long[][] b) {
        for (int s = 0; s < a.length; s++) {
            for (int i = 0; i < a[s].length; i++) {
                a[s][i] += b[s][i];
            }
        }
        return a;
    }

    private static Iterator<DecodeOutcome> decodeAll(Iterator<RecordRef> refs, RecordDecoder decoder, Configuration conf) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return refs.hasNext();
            }

            @Override
            public DecodeOutcome next() {
                return DecodeOutcome.of(decoder, refs.next(), conf);
            }
        };
    }

    private static void checkBadFraction(List<BadRecord> bad, Map<String, SplitCounts> counts, double maxBadFraction) {
        long good = counts.values().stream().mapToLong(SplitCounts::records).sum();
        double fraction = bad.isEmpty() ? 0.0 : (double) bad.size() / (bad.size() + good);
        if (fraction > maxBadFraction) {
            StringBuilder message = new StringBuilder(String.format(java.util.Locale.ROOT,
                "%d of %d records are bad (%.4f > --max-bad-fraction %s); nothing was written. First bad records:",
                bad.size(), bad.size() + good, fraction, maxBadFraction));
            bad.stream().limit(BAD_RECORDS_IN_ERROR)
                .forEach(b -> message.append("\n  ").append(b.source()).append(": ").append(b.reason()));
            throw new DataException(message.toString());
        }
        if (!bad.isEmpty()) {
            LOG.warn("{} bad records skipped and listed in the manifest", bad.size());
        }
    }
}
