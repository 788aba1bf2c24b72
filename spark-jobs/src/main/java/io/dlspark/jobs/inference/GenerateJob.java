package io.dlspark.jobs.inference;

import io.dlspark.core.UsageException;
import io.dlspark.core.gen.GenerativeArtifact;
import io.dlspark.core.gen.GenerativeModel;
import io.dlspark.core.gen.ImageGrid;
import io.dlspark.core.gen.LatentNoise;
import io.dlspark.core.gen.Vae;
import io.dlspark.core.io.AtomicFiles;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.Split;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.PartitionData;
import io.dlspark.spark.JobDescription;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.util.List;

/**
 * {@code dlspark generate}: a PNG grid of samples from a generative artifact, drawn from {@code seed}; for a VAE also
 * test images beside their reconstructions, or a traversal of the first two latent dimensions over [-2.5, 2.5]
 * (the other dimensions 0). Asking a classifier artifact is a usage error.
 */
public final class GenerateJob {
    /** What to draw. */
    public enum Mode { SAMPLES, RECONSTRUCT, TRAVERSE }

    private static final double TRAVERSE_RANGE = 2.5;
    private final SparkSession spark;

    public GenerateJob(SparkSession spark) {
        this.spark = spark;
    }

    /** Writes the grid; returns its pixel width and height. */
    public int[] run(String modelUri, Mode mode, int count, String outputUri, long seed, String dataUri) throws IOException {
        try (JobDescription job = JobDescription.of(spark, "dlspark generate")) {
            if (count < 1) {
                throw new UsageException("--count: must be at least 1, got " + count);
            }
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            Path root = PathOption.of("--model", modelUri, conf);
            Path output = PathOption.of("--output", outputUri, conf);
            GenerativeArtifact artifact = GenerativeArtifact.read(root, conf, "--model");
            GenerativeModel model = artifact.load(root, conf);
            if (mode != Mode.SAMPLES && !(model instanceof Vae)) {
                throw new UsageException("--" + mode.name().toLowerCase(java.util.Locale.ROOT) + ": only a VAE has an encoder and "
                    + "a latent space to traverse; --model " + root + " is a " + artifact.family());
            }
            int columns = (int) Math.ceil(Math.sqrt(count));
            INDArray images = switch (mode) {
                case SAMPLES -> model.generate(LatentNoise.gaussian(count, model.latentSize(), seed));
                case TRAVERSE -> traverse((Vae) model, columns);
                case RECONSTRUCT -> reconstruct((Vae) model, artifact, count, dataUri, conf);
            };
            if (mode == Mode.RECONSTRUCT) {
                columns = 2 * (int) Math.ceil(Math.sqrt(count / 2.0));
            }
            int finalColumns = columns;
            AtomicFiles.write(output, conf,
                out -> ImageGrid.writePng(images, artifact.shape(), artifact.convolutional(), finalColumns, out));
            int rows = (int) ((images.size(0) + columns - 1) / columns);
            return new int[] {columns * artifact.shape().width(), rows * artifact.shape().height()};
        }
    }

    private static INDArray traverse(Vae vae, int side) {
        if (vae.latentSize() < 2) {
            throw new UsageException("--traverse needs a latent of at least 2 dimensions, the model has " + vae.latentSize());
        }
        float[] codes = new float[side * side * vae.latentSize()];
        for (int row = 0; row < side; row++) {
            for (int col = 0; col < side; col++) {
                int base = (row * side + col) * vae.latentSize();
                codes[base] = (float) (-TRAVERSE_RANGE + 2 * TRAVERSE_RANGE * col / Math.max(1, side - 1));
                codes[base + 1] = (float) (TRAVERSE_RANGE - 2 * TRAVERSE_RANGE * row / Math.max(1, side - 1));
            }
        }
        return vae.generate(Nd4j.create(codes, new long[] {(long) side * side, vae.latentSize()}, 'c'));
    }

    /** Pairs of (test image, reconstruction), the first {@code count / 2} test records by record id. */
    private INDArray reconstruct(Vae vae, GenerativeArtifact artifact, int count, String dataUri, Configuration conf) {
        if (dataUri == null) {
            throw new UsageException("--reconstruct needs --data, the shard set whose test images to reconstruct");
        }
        int pairs = Math.max(1, count / 2);
        List<Row> rows = spark.read().parquet(new Path(new Path(dataUri), Split.TEST.dirName()).toString())
            .select(ShardColumns.PIXELS).orderBy(ShardColumns.RECORD_ID).limit(pairs).collectAsList();
        int size = artifact.shape().size();
        byte[] pixels = new byte[rows.size() * size];
        int[] order = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            byte[] p = (byte[]) rows.get(i).get(0);
            if (p.length != size) {
                throw new UsageException("--data " + dataUri + " holds images of " + p.length + " bytes, the model takes "
                    + artifact.shape());
            }
            System.arraycopy(p, 0, pixels, i * size, size);
            order[i] = i;
        }
        INDArray originals = new MinibatchAssembler(artifact.shape(), 0, artifact.convolutional())
            .assemble(new PartitionData(0, pixels, new int[rows.size()], new long[rows.size()], size), order, 0, rows.size())
            .getFeatures();
        INDArray reconstructions = vae.generate(vae.encodeMean(originals));
        INDArray flat = originals.reshape(originals.size(0), size);
        INDArray grid = Nd4j.create(flat.dataType(), 2L * rows.size(), size);
        for (int i = 0; i < rows.size(); i++) {
            grid.putRow(2L * i, flat.getRow(i));
            grid.putRow(2L * i + 1, reconstructions.getRow(i));
        }
        return grid;
    }
}
