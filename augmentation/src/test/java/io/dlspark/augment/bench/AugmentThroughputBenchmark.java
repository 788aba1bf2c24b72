package io.dlspark.augment.bench;

import io.dlspark.augment.AugmentConfigs;
import io.dlspark.augment.ImagePipeline;
import io.dlspark.augment.random.AugmentRandom;
import io.dlspark.core.bench.BenchArgs;
import io.dlspark.core.data.IdxFile;
import io.dlspark.core.data.IdxReader;
import io.dlspark.core.data.ImageShape;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Images per second on one thread for an image augmentation config (default: the shipped
 * {@code conf/augment/fashion-mnist.conf}) on the Fashion-MNIST training images, or on synthetic 28x28 images
 * when the dataset is not installed. Each pass augments every image once for a new epoch, reusing buffers as
 * a training loop would.
 * <pre>benchmarks/run.sh augment-throughput [--config conf/augment/fashion-mnist.conf] [--passes 5]</pre>
 */
public final class AugmentThroughputBenchmark {
    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
    private static final ImageShape SHAPE = new ImageShape(28, 28, 1);
    private static final int WARMUP_PASSES = 2;

    private AugmentThroughputBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        BenchArgs a = BenchArgs.parse(args, "--config", "--passes");
        Path config = Path.of(a.string("--config", "conf/augment/fashion-mnist.conf"));
        int passes = a.integer("--passes", 5);
        ImagePipeline pipeline = ImagePipeline.create(AugmentConfigs.load(config), SHAPE);
        String source = Files.isRegularFile(FASHION) ? FASHION.toString() : "synthetic (Fashion-MNIST not installed)";
        byte[][] images = Files.isRegularFile(FASHION) ? fashionMnist() : synthetic(60_000);
        String[] ids = new String[images.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "train-" + i;
        }
        byte[] out = new byte[SHAPE.size()];
        byte[] scratch = new byte[SHAPE.size()];
        long checksum = 0;
        for (int epoch = 0; epoch < WARMUP_PASSES; epoch++) {
            checksum += pass(pipeline, images, ids, epoch, out, scratch);
        }
        double[] rates = new double[passes];
        for (int p = 0; p < passes; p++) {
            long start = System.nanoTime();
            checksum += pass(pipeline, images, ids, WARMUP_PASSES + p, out, scratch);
            rates[p] = images.length / ((System.nanoTime() - start) / 1e9);
        }
        Arrays.sort(rates);
        System.out.printf("augment-throughput: config %s%n", config);
        System.out.printf("  pipeline: %s%n", pipeline.config().describe());
        System.out.printf("  images: %d from %s, %d timed passes after %d warm-up passes, 1 thread%n",
            images.length, source, passes, WARMUP_PASSES);
        System.out.printf("  images/s per core: median %.0f (min %.0f, max %.0f); target 20000%n",
            rates[passes / 2], rates[0], rates[passes - 1]);
        System.out.printf("  checksum %d%n", checksum);
    }

    private static long pass(ImagePipeline pipeline, byte[][] images, String[] ids, int epoch, byte[] out, byte[] scratch) {
        long sum = 0;
        for (int i = 0; i < images.length; i++) {
            pipeline.applyInto(images[i], out, scratch, ids[i], epoch);
            sum += out[(i * 31) % out.length];
        }
        return sum;
    }

    private static byte[][] fashionMnist() throws IOException {
        IdxFile file;
        try (InputStream in = Files.newInputStream(FASHION)) {
            file = IdxReader.read(in, FASHION.toString());
        }
        byte[][] images = new byte[file.completeRecords()][];
        for (int i = 0; i < images.length; i++) {
            images[i] = file.record(i);
        }
        return images;
    }

    private static byte[][] synthetic(int count) {
        AugmentRandom random = new AugmentRandom(1);
        byte[][] images = new byte[count][SHAPE.size()];
        for (byte[] image : images) {
            for (int i = 0; i < image.length; i++) {
                image[i] = (byte) random.nextInt(256);
            }
        }
        return images;
    }
}
