package io.dlspark.core.bench;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.fixtures.FashionMnistSlice;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.ModelSummary;
import io.dlspark.core.nn.NativeThreads;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.nn.onednn.OneDnn;
import io.dlspark.core.train.EpochPlan;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.core.train.PartitionData;
import io.dlspark.core.train.RoundFitter;
import io.dlspark.core.train.SingleNetwork;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Training throughput per model family on Fashion-MNIST (28x28x1, 10 classes), through the workers' code path: each
 * worker is a thread with one native thread, its own oneDNN-engaged network built from the blueprint (as on Spark
 * executors) and its own partition, fitted by {@link RoundFitter}. Spark scheduling and averaging are not included
 * ({@code benchmarks/run.sh training} measures them for LeNet). Per model: parameters, training FLOPs per sample
 * (3x the forward estimate of {@code dlspark models describe}), samples/s with 1 and 2 workers, and the GFLOP/s
 * they imply.
 *
 * <pre>benchmarks/run.sh models [--models mlp,lenet5,lenet,alexnet-small,vgg11-small,vgg16-small,resnet8,resnet20] [--samples N]
 *     [--batch-size B] [--warmup-batches N] [--data DIR]</pre>
 */
public final class ModelsBenchmark {
    private ModelsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = BenchArgs.parse(args, "--models", "--samples", "--batch-size", "--warmup-batches", "--data");
        List<String> models = a.list("--models",
            List.of("mlp", "lenet5", "lenet", "alexnet-small", "vgg11-small", "vgg16-small", "resnet8", "resnet20"));
        int samples = a.integer("--samples", 8192);
        int batch = a.integer("--batch-size", 64);
        int warmup = a.integer("--warmup-batches", 10);
        String data = a.string("--data", null);
        Path dir = FashionMnistSlice.directory(data);
        ModelInput input = new ModelInput.ImageInput(FashionMnistSlice.SHAPE);
        System.out.printf(Locale.ROOT, "Fashion-MNIST, %d samples per run, batch %d, %d warm-up minibatches per worker, oneDNN %s%n",
            samples, batch, warmup, OneDnn.available() ? "available" : "NOT available");
        System.out.printf(Locale.ROOT, "%-14s %10s %12s %12s %12s %10s %10s%n", "model", "params", "MFLOP/sample",
            "1w samples/s", "2w samples/s", "1w GFLOP/s", "2w GFLOP/s");
        for (String name : models) {
            ModelSpec spec = ModelCatalog.resolve(name);
            ModelSummary summary = spec.summarize(input, 10);
            NetworkBlueprint blueprint = NetworkBlueprint.of(spec.build(input, 10, spec.optimizer(), 1));
            MinibatchAssembler assembler = new MinibatchAssembler(FashionMnistSlice.SHAPE, 10, spec.convolutional());
            double one = throughput(blueprint, assembler, FashionMnistSlice.partitions(dir, samples, 1), batch, warmup);
            double two = throughput(blueprint, assembler, FashionMnistSlice.partitions(dir, samples, 2), batch, warmup);
            double flops = summary.trainingFlops();
            System.out.printf(Locale.ROOT, "%-14s %,10d %12.2f %12.0f %12.0f %10.2f %10.2f%n", name, summary.params(),
                flops / 1e6, one, two, one * flops / 1e9, two * flops / 1e9);
        }
    }

    /** Samples per second of all workers fitting their partitions at once, after each fitted its warm-up batches. */
    private static double throughput(NetworkBlueprint blueprint, MinibatchAssembler assembler, List<PartitionData> parts,
                                     int batch, int warmup) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parts.size());
        try {
            List<NeuralNetwork> nets = new ArrayList<>();
            List<Future<?>> warm = new ArrayList<>();
            for (PartitionData part : parts) {
                NeuralNetwork net = blueprint.build();
                nets.add(net);
                warm.add(pool.submit(() -> {
                    NativeThreads.limit(1);
                    new RoundFitter(new EpochPlan(1, batch, warmup), assembler).fit(new SingleNetwork(net), NetworkState.of(net), part, 0, 0, null);
                }));
            }
            for (Future<?> f : warm) {
                f.get();
            }
            long start = System.nanoTime();
            List<Future<Long>> timed = new ArrayList<>();
            for (int w = 0; w < parts.size(); w++) {
                NeuralNetwork net = nets.get(w);
                PartitionData part = parts.get(w);
                timed.add(pool.submit(() -> new RoundFitter(new EpochPlan(2, batch, Integer.MAX_VALUE / batch), assembler)
                    .fit(new SingleNetwork(net), NetworkState.of(net), part, 1, 0, null).samples()));
            }
            long total = 0;
            for (Future<Long> f : timed) {
                total += f.get();
            }
            return total / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }
}
