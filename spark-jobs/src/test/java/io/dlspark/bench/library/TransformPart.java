package io.dlspark.bench.library;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.nn.NativeThreads;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.core.train.PartitionData;
import io.dlspark.ml.DlsparkClassificationModel;
import io.dlspark.ml.DlsparkClassifier;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Part "transform": rows/s of {@link DlsparkClassificationModel#transform} for mlp and lenet on cached Fashion-MNIST
 * pixel rows in {@code local[2]} (2 executor slots), the output forced by summing the prediction column (the scoring
 * is an opaque mapPartitions, so nothing is pruned), against single-machine DL4J {@code output()} of the same network on
 * the same rows in batches of 256 (the scorer's batch), pre-assembled, best of 1 and 2 native threads. Each Spark task
 * limits ND4J to its spark.task.cpus (1) native thread, as the scorer does. DataFrame build and model fits are untimed;
 * each side warms up first.
 */
public final class TransformPart {
    private static final int BATCH = 256;

    private TransformPart() {
    }

    public static void run(SparkSession spark, LibraryOptions o, Path input) throws Exception {
        Dataset<Row> rows = FashionFrames.load(spark, input, "train", o.transformRows(), o.transformPartitions()).cache();
        long n = rows.count();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%n=== transform: %d Fashion-MNIST rows in %d "
                + "partitions, local[2], median of %d pass(es) after a warm-up pass; load %s ===%n", n,
            o.transformPartitions(), o.transformPasses(), BenchOut.loadAverage()));
        for (String name : List.of("mlp", "lenet")) {
            DlsparkClassificationModel model = new DlsparkClassifier().setModel(name).setFeaturesCol("pixels")
                .setImageShape(FashionFrames.SHAPE).setWorkers(o.workers()).setEpochs(1).setBatchSize(o.batchSize())
                .setSeed(o.seed()).fit(rows.limit(o.warmupRows()));
            BenchOut.setThreads(1);
            double shipped = sparkRate(model, rows, n, o.transformPasses());
            List<INDArray> batches = batches(rows, model);
            double single1 = singleRate(model, batches, n, o.transformPasses(), 1);
            double single2 = singleRate(model, batches, n, o.transformPasses(), 2);
            BenchOut.setThreads(1);
            double best = Math.max(single1, single2);
            double floor = floorRate(model, rows, n, o.transformPasses());
            double pair = concurrentRate(model, batches, n, o.transformPasses());
            s.append(BenchOut.row(name + ": Spark transform, 2 slots (1 native thread each)",
                String.format(Locale.ROOT, "%.0f rows/s", shipped)));
            s.append(BenchOut.row(name + ": single-machine DL4J output(), 1 / 2 native threads",
                String.format(Locale.ROOT, "%.0f / %.0f rows/s", single1, single2)));
            s.append(BenchOut.row(name + ": two concurrent single-machine output() loops, 1 native thread each",
                String.format(Locale.ROOT, "%.0f rows/s (%.2f x the best single)", pair, pair / best)));
            s.append(BenchOut.row(name + ": Spark floor: same rows and output columns, no network (1.6 x best single)",
                String.format(Locale.ROOT, "%.0f rows/s (%.0f rows/s)", floor, 1.6 * best)));
            s.append(BenchOut.row(String.format(Locale.ROOT, "%s: RATIO Spark / best single (%d thread(s)); target >= 1.6",
                name, single2 > single1 ? 2 : 1), String.format(Locale.ROOT, "%.2f (%s)",
                shipped / best, BenchOut.verdict(shipped / best >= 1.6))));
        }
        rows.unpersist();
        s.append("  load at the end: ").append(BenchOut.loadAverage()).append('\n');
        System.out.print(s);
    }

    /** Rows/s of the model's transform over {@code rows}, median of {@code passes} after one warm-up pass. */
    private static double sparkRate(DlsparkClassificationModel model, Dataset<Row> rows, long n, int passes) {
        Dataset<Row> forced = model.transform(rows).agg(functions.sum("prediction"), functions.count("*"));
        double[] seconds = new double[passes];
        for (int p = -1; p < passes; p++) {
            long t = System.nanoTime();
            Row result = forced.first();
            if (result.getLong(1) != n) {
                throw new IllegalStateException("transform scored " + result.getLong(1) + " rows of " + n);
            }
            if (p >= 0) {
                seconds[p] = BenchOut.seconds(t);
            }
        }
        return n / median(seconds);
    }

    /**
     * Rows/s of the cheapest transform with the model's output columns: each row's pixels read and constant scores
     * appended, no network; no scorer can beat it, so a target above it is out of reach on this machine.
     */
    private static double floorRate(DlsparkClassificationModel model, Dataset<Row> rows, long n, int passes) {
        int pixels = rows.schema().fieldIndex("pixels");
        Vector constant = Vectors.dense(new double[10]);
        Dataset<Row> floor = rows.mapPartitions((MapPartitionsFunction<Row, Row>)
            it -> new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Row next() {
                    Row row = it.next();
                    Object[] values = new Object[row.length() + 3];
                    for (int i = 0; i < row.length(); i++) {
                        values[i] = row.get(i);
                    }
                    byte[] image = (byte[]) row.get(pixels);
                    values[row.length()] = constant;
                    values[row.length() + 1] = constant;
                    values[row.length() + 2] = (double) (image[0] & 1);
                    return RowFactory.create(values);
                }
            }, Encoders.row(model.transform(rows).schema()));
        Dataset<Row> forced = floor.agg(functions.sum("prediction"), functions.count("*"));
        double[] seconds = new double[passes];
        for (int p = -1; p < passes; p++) {
            long t = System.nanoTime();
            if (forced.first().getLong(1) != n) {
                throw new IllegalStateException("the floor pass lost rows");
            }
            if (p >= 0) {
                seconds[p] = BenchOut.seconds(t);
            }
        }
        return n / median(seconds);
    }

    /** The rows' pixels as the scorer's network inputs, in batches of {@link #BATCH}. */
    private static List<INDArray> batches(Dataset<Row> rows, DlsparkClassificationModel model) {
        ImageShape shape = model.artifact().inputShape();
        List<Row> all = rows.select("pixels").collectAsList();
        int width = shape.size();
        List<INDArray> batches = new ArrayList<>();
        MinibatchAssembler assembler = new MinibatchAssembler(shape, 0, model.artifact().convolutional());
        for (int from = 0; from < all.size(); from += BATCH) {
            int count = Math.min(BATCH, all.size() - from);
            byte[] pixels = new byte[count * width];
            int[] order = new int[count];
            for (int k = 0; k < count; k++) {
                System.arraycopy((byte[]) all.get(from + k).get(0), 0, pixels, k * width, width);
                order[k] = k;
            }
            batches.add(assembler.assemble(new PartitionData(0, pixels, new int[count], new long[count], width), order, 0,
                count).getFeatures());
        }
        return batches;
    }

    /** Rows/s of DL4J output() on the model's network at {@code threads} native threads, median of {@code passes}. */
    private static double singleRate(DlsparkClassificationModel model, List<INDArray> batches, long n, int passes,
                                     int threads) {
        NeuralNetwork net = NetworkBlueprint.of(model.network()).build();
        NetworkState.of(model.network()).applyTo(net);
        BenchOut.setThreads(threads);
        for (int i = 0; i < Math.min(3, batches.size()); i++) {
            Networks.output(net, batches.get(i));
        }
        double[] seconds = new double[passes];
        for (int p = 0; p < passes; p++) {
            long t = System.nanoTime();
            for (INDArray batch : batches) {
                Networks.output(net, batch);
            }
            seconds[p] = BenchOut.seconds(t);
        }
        return n / median(seconds);
    }

    /**
     * Rows/s of two threads, each with its own copy of the network at 1 native thread, scoring half of the batches at
     * the same time: what two executor slots could do on this machine with no Spark at all.
     */
    private static double concurrentRate(DlsparkClassificationModel model, List<INDArray> batches, long n, int passes)
        throws Exception {
        List<NeuralNetwork> nets = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            NeuralNetwork net = NetworkBlueprint.of(model.network()).build();
            NetworkState.of(model.network()).applyTo(net);
            nets.add(net);
        }
        BenchOut.setThreads(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            double[] seconds = new double[passes];
            for (int p = -1; p < passes; p++) {
                long t = System.nanoTime();
                List<java.util.concurrent.Future<?>> halves = new ArrayList<>();
                for (int half = 0; half < 2; half++) {
                    NeuralNetwork net = nets.get(half);
                    int first = half;
                    halves.add(pool.submit(() -> {
                        NativeThreads.limit(1);
                        for (int b = first; b < batches.size(); b += 2) {
                            Networks.output(net, batches.get(b));
                        }
                    }));
                }
                for (java.util.concurrent.Future<?> f : halves) {
                    f.get();
                }
                if (p >= 0) {
                    seconds[p] = BenchOut.seconds(t);
                }
            }
            return n / median(seconds);
        } finally {
            pool.shutdown();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
