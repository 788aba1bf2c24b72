package io.dlspark.core.bench;

import io.dlspark.core.data.IdxFile;
import io.dlspark.core.data.IdxReader;
import io.dlspark.core.nn.NativeThreads;
import io.dlspark.core.nn.onednn.OneDnn;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Single-machine DL4J LeNet (conv5x5x20, maxpool2, conv5x5x50, maxpool2, dense500, softmax10; Adam 1e-3, float32)
 * fit throughput on Fashion-MNIST, im2col against oneDNN side by side, over batch sizes, native thread counts and
 * workspace modes. Prints one table row per setting with samples/s, process CPU per wall second (to show that the
 * thread setting took effect) and the oneDNN/im2col ratio.
 *
 * <pre>benchmarks/run.sh cpu-lenet [--samples N] [--warmup-batches N] [--batches 64,256] [--threads 1,2]
 *     [--workspaces ENABLED,NONE] [--data DIR]</pre>
 */
public final class LeNetCpuBenchmark {
    private static final String DEFAULT_DATA = "/usr/share/datasets/fashion-mnist";

    private LeNetCpuBenchmark() {
    }

    /** Runs the benchmark; see the class comment for options. */
    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        DataSet all = load(Path.of(options.data), options.samples);
        String variant = System.getProperty("org.bytedeco.javacpp.platform.extension", "");
        System.out.printf("# native variant '%s', oneDNN available: %s, %d training samples per measurement%n",
            variant, OneDnn.available(), options.samples);
        System.out.println("# batch threads workspaces | im2col samples/s per-cpu-s cpu | oneDNN samples/s per-cpu-s cpu"
            + " | ratio");
        for (int batch : options.batches) {
            List<DataSet> batches = all.batchBy(batch);
            for (int threads : options.threads) {
                NativeThreads.limit(threads);
                for (WorkspaceMode mode : options.workspaces) {
                    Result im2col = measure(batches, mode, false, options.warmupBatches);
                    String row = String.format("%7d %7d %10s | %s", batch, threads, mode, im2col);
                    if (OneDnn.available()) {
                        Result oneDnn = measure(batches, mode, true, options.warmupBatches);
                        row += String.format(" | %s | %5.2f", oneDnn,
                            oneDnn.samplesPerSecond / im2col.samplesPerSecond);
                    } else {
                        row += " | n/a | n/a";
                    }
                    System.out.println(row);
                }
            }
        }
    }

    static MultiLayerConfiguration lenet(WorkspaceMode mode) {
        return new NeuralNetConfiguration.Builder()
            .seed(42)
            .dataType(DataType.FLOAT)
            .trainingWorkspaceMode(mode)
            .inferenceWorkspaceMode(mode)
            .weightInit(WeightInit.XAVIER)
            .updater(new Adam(1e-3))
            .list()
            .layer(new ConvolutionLayer.Builder(5, 5).nOut(20).activation(Activation.IDENTITY).build())
            .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
            .layer(new ConvolutionLayer.Builder(5, 5).nOut(50).activation(Activation.IDENTITY).build())
            .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
            .layer(new DenseLayer.Builder().nOut(500).activation(Activation.RELU).build())
            .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                .activation(Activation.SOFTMAX).build())
            .setInputType(InputType.convolutionalFlat(28, 28, 1))
            .build();
    }

    private static Result measure(List<DataSet> batches, WorkspaceMode mode, boolean engage, int warmupBatches) {
        MultiLayerConfiguration conf = engage ? OneDnn.engage(lenet(mode)) : lenet(mode);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        for (int i = 0; i < warmupBatches; i++) {
            net.fit(batches.get(i % batches.size()));
        }
        com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        long samples = 0;
        for (DataSet batch : batches) {
            net.fit(batch);
            samples += batch.numExamples();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
        return new Result(samples / seconds, cpu / seconds);
    }


    private static DataSet load(Path dir, int samples) throws IOException {
        IdxFile images = read(dir.resolve("train-images-idx3-ubyte.gz"));
        IdxFile labels = read(dir.resolve("train-labels-idx1-ubyte.gz"));
        int n = Math.min(samples, images.completeRecords());
        int pixels = images.recordSize();
        byte[] data = images.data();
        float[] features = new float[n * pixels];
        for (int i = 0; i < features.length; i++) {
            features[i] = (data[i] & 0xFF) / 255f;
        }
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) {
            oneHot.putScalar(i, labels.unsignedValue(i), 1.0);
        }
        return new DataSet(Nd4j.create(features, new long[] {n, pixels}), oneHot);
    }

    private static IdxFile read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return IdxReader.read(in, file.toString());
        }
    }

    /** Throughput and process CPU seconds per wall second; samples per CPU second is less sensitive to load. */
    private record Result(double samplesPerSecond, double cpuPerWall) {
        @Override
        public String toString() {
            return String.format("%16.0f %10.0f %4.2f", samplesPerSecond, samplesPerSecond / cpuPerWall, cpuPerWall);
        }
    }

    private record Options(String data, int samples, int warmupBatches, List<Integer> batches, List<Integer> threads,
                           List<WorkspaceMode> workspaces) {
        static Options parse(String[] args) {
            BenchArgs a = BenchArgs.parse(args, "--data", "--samples", "--warmup-batches", "--batches", "--threads",
                "--workspaces");
            List<WorkspaceMode> workspaces = a.has("--workspaces") ? modes(a.string("--workspaces", null))
                : List.of(WorkspaceMode.ENABLED, WorkspaceMode.NONE);
            return new Options(a.string("--data", DEFAULT_DATA), a.integer("--samples", 7680),
                a.integer("--warmup-batches", 5), boxed(a.integers("--batches", new int[] {64, 256})),
                boxed(a.integers("--threads", new int[] {1, 2})), workspaces);
        }

        private static List<Integer> boxed(int[] values) {
            return Arrays.stream(values).boxed().toList();
        }

        private static List<WorkspaceMode> modes(String csv) {
            List<WorkspaceMode> out = new ArrayList<>();
            for (String s : csv.split(",")) {
                out.add(WorkspaceMode.valueOf(s.trim().toUpperCase()));
            }
            return List.copyOf(out);
        }
    }
}
