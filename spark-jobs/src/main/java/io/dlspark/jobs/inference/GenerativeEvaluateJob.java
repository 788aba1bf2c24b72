package io.dlspark.jobs.inference;

import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.gen.GenerativeArtifact;
import io.dlspark.core.gen.GenerativeFamily;
import io.dlspark.core.gen.GenerativeModel;
import io.dlspark.core.gen.LatentNoise;
import io.dlspark.core.io.AtomicFiles;
import io.dlspark.core.io.Json;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.PartitionData;
import io.dlspark.engine.DistributedLosses;
import io.dlspark.feed.TrainingData;
import io.dlspark.gen.ClassDiversity;
import io.dlspark.gen.ClassifierFeatures;
import io.dlspark.gen.FeatureMoments;
import io.dlspark.gen.FrechetDistance;
import io.dlspark.spark.JobDescription;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.Serializable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code dlspark evaluate --generative}: the domain-classifier FID of generated images to the test split, beside the
 * real-vs-real floor and the uniform-noise ceiling, with each set's predicted-class entropy and coverage (and a VAE's
 * test ELBO).
 */
public final class GenerativeEvaluateJob {
    private static final int CHUNK = 500;
    private final SparkSession spark;

    public GenerativeEvaluateJob(SparkSession spark) {
        this.spark = spark;
    }

    /** One image set's distance to the test split and its class diversity. */
    public record SetReport(long images, double fid, double classEntropy, int classCoverage, long[] classCounts) {
    }

    public record Report(String model, String classifier, int featureDimension, long seed, SetReport generated,
                         SetReport realTrain, SetReport uniformNoise, SetReport realTest, Map<String, Double> testLosses) {
    }

    public record Result(Report report, String output) {
    }

    public Result run(String modelUri, String dataUri, String classifierUri, int count, long seed, String outputUri,
                      Integer workers) throws IOException {
        try (JobDescription job = JobDescription.of(spark, "dlspark evaluate --generative")) {
            if (count < 2) {
                throw new UsageException("--count: FID needs at least 2 samples, got " + count);
            }
            if (classifierUri == null) {
                throw new UsageException("--classifier: evaluate --generative needs the classifier artifact whose features FID uses");
            }
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            Path modelRoot = PathOption.of("--model", modelUri, conf);
            Path classifierRoot = PathOption.of("--classifier", classifierUri, conf);
            Path dataRoot = PathOption.of("--data", dataUri, conf);
            Path outputPath = outputUri == null ? null : PathOption.of("--output", outputUri, conf);
            GenerativeArtifact artifact = GenerativeArtifact.read(modelRoot, conf, "--model");
            GenerativeModel model = artifact.load(modelRoot, conf);
            ClassifierFeatures classifier = ClassifierFeatures.load(classifierRoot, conf);
            ShardManifest data = ManifestIo.read(dataRoot, conf);
            ImageShape shape = data.shape();
            if (!artifact.shape().equals(shape)) {
                throw new UsageException("--model " + modelRoot + " generates " + artifact.shape() + " but --data " + dataUri
                    + " holds " + shape);
            }
            if (data.count(Split.TEST) < 2 || data.count(Split.TRAIN) < 2) {
                throw new UsageException("--data " + dataUri + ": FID needs train and test records");
            }
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            int tasks = workers != null ? workers : jsc.defaultParallelism();
            MinibatchAssembler classifierInput = new MinibatchAssembler(shape, 0, classifier.convolutional());
            int dimension = classifier.dimension(classifierInput.assemble(blank(shape), new int[] {0}, 0, 1).getFeatures());

            Summary test = real(jsc, dataUri, Split.TEST, tasks, classifier, classifierInput, dimension);
            Summary train = real(jsc, dataUri, Split.TRAIN, tasks, classifier, classifierInput, dimension);
            Summary generated = new Summary(new FeatureMoments(dimension), new long[classifier.classes()]);
            Summary noise = new Summary(new FeatureMoments(dimension), new long[classifier.classes()]);
            SplittableRandom uniform = new SplittableRandom(LatentNoise.next(seed));
            for (int from = 0; from < count; from += CHUNK) {
                int n = Math.min(CHUNK, count - from);
                INDArray samples = model.generate(LatentNoise.gaussian(n, model.latentSize(), seed + from));
                classifier.summarise(toClassifierLayout(samples, shape, artifact.convolutional(), classifier.convolutional()),
                    generated.moments, generated.counts);
                float[] values = new float[n * shape.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) uniform.nextDouble();
                }
                classifier.summarise(toClassifierLayout(Nd4j.create(values, new long[] {n, shape.size()}, 'c'), shape,
                    classifier.convolutional(), classifier.convolutional()), noise.moments, noise.counts);
            }
            Map<String, Double> testLosses = new LinkedHashMap<>();
            if (artifact.family() == GenerativeFamily.VAE) {
                TrainingData records = TrainingData.load(spark.read().parquet(new Path(new Path(dataUri), Split.TEST.dirName()).toString()),
                    tasks, 0, shape.size());
                try {
                    double[] losses = DistributedLosses.mean(jsc, "test", records, model.blueprint(), model.state(),
                        new MinibatchAssembler(shape, 0, artifact.convolutional()), seed);
                    for (int i = 0; i < losses.length; i++) {
                        testLosses.put(model.lossNames().get(i), losses[i]);
                    }
                    testLosses.put("elbo", -losses[0]);
                } finally {
                    records.release();
                }
            }
            Report report = new Report(modelUri, classifierUri, dimension, seed, generated.against(test),
                train.against(test), noise.against(test), test.against(test), testLosses);
            Path output = outputPath != null ? outputPath : new Path(modelRoot, "metrics-generative.json");
            AtomicFiles.writeString(output, Json.pretty(report), conf);
            return new Result(report, output.toString());
        }
    }

    /** The report as a console table. */
    public static String table(Report report) {
        StringBuilder text = new StringBuilder(String.format(java.util.Locale.ROOT,
            "%-22s %8s %10s %12s %9s%n", "set (vs test)", "images", "FID", "class H", "coverage"));
        row(text, "generated", report.generated());
        row(text, "real train (floor)", report.realTrain());
        row(text, "uniform noise (ceil)", report.uniformNoise());
        row(text, "real test (itself)", report.realTest());
        if (!report.testLosses().isEmpty()) {
            text.append(String.format(java.util.Locale.ROOT, "test ELBO %.2f nats per image%n", report.testLosses().get("elbo")));
        }
        return text.toString();
    }

    private static void row(StringBuilder text, String name, SetReport set) {
        text.append(String.format(java.util.Locale.ROOT, "%-22s %8d %10.3f %12.3f %6d/%d%n", name, set.images(), set.fid(),
            set.classEntropy(), set.classCoverage(), set.classCounts().length));
    }

    /** Generated rows ({@code [n, size]} in the generator's layout) as the classifier's input. */
    static INDArray toClassifierLayout(INDArray rows, ImageShape shape, boolean rowsChw, boolean classifierConvolutional) {
        if (shape.channels() != 1 && rowsChw != classifierConvolutional) {
            throw new UsageException("generator and classifier disagree on the channel layout of " + shape
                + " images; train both flat or both convolutional");
        }
        return classifierConvolutional ? rows.reshape(rows.size(0), shape.channels(), shape.height(), shape.width()) : rows;
    }

    private static PartitionData blank(ImageShape shape) {
        return new PartitionData(0, new byte[shape.size()], new int[] {-1}, new long[1], shape.size());
    }

    private Summary real(JavaSparkContext jsc, String dataUri, Split split, int tasks, ClassifierFeatures classifier,
                         MinibatchAssembler input, int dimension) {
        TrainingData records = TrainingData.load(spark.read().parquet(new Path(new Path(dataUri), split.dirName()).toString()),
            tasks, 0, input.shape().size());
        Broadcast<ClassifierFeatures> published = jsc.broadcast(classifier);
        int classes = classifier.classes();
        JobDescription described = JobDescription.of(jsc.sc(),
            "dlspark evaluate --generative: " + split.dirName() + " features");
        try {
            return records.partitions().mapPartitions((Iterator<PartitionData> it) -> {
                PartitionData partition = it.next();
                Summary summary = new Summary(new FeatureMoments(dimension), new long[classes]);
                int[] order = new int[partition.size()];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                for (int from = 0; from < partition.size(); from += CHUNK) {
                    published.value().summarise(input.assemble(partition, order, from,
                        Math.min(from + CHUNK, partition.size())).getFeatures(), summary.moments, summary.counts);
                }
                return List.of(summary).iterator();
            }).treeReduce(Summary::merge, 2);
        } finally {
            published.destroy();
            records.release();
            described.close();
        }
    }

    /** Feature moments and predicted-class counts of an image set. */
    private record Summary(FeatureMoments moments, long[] counts) implements Serializable {
        Summary merge(Summary other) {
            moments.merge(other.moments);
            for (int i = 0; i < counts.length; i++) {
                counts[i] += other.counts[i];
            }
            return this;
        }

        SetReport against(Summary reference) {
            ClassDiversity diversity = ClassDiversity.of(counts);
            return new SetReport(moments.count(), FrechetDistance.of(moments, reference.moments), diversity.entropy(),
                diversity.coverage(), counts);
        }
    }
}
