package io.dlspark.bench;

import io.dlspark.core.bench.BenchArgs;

/**
 * The command line of {@link TransferBenchmark}.
 *
 * @param input          the Fashion-MNIST IDX folder
 * @param model          the network (catalog name or spec file) pretrained on classes 0-4 and trained from scratch
 * @param base           folder of the pretrained base: reused when it already holds an artifact of {@code model},
 *                       else pretrained into and kept; null pretrains into a temporary folder
 * @param pretrainEpochs pretraining epochs on classes 0-4, with the model's own optimizer
 * @param epochs         fine-tuning and from-scratch epochs on classes 5-9
 * @param sizes          labelled training images per class of 5-9
 * @param seeds          one subset, fine-tuning and from-scratch run per seed
 * @param freezeThrough  the last frozen layer (name or index), or null for every layer below the head
 * @param learningRate   Adam's learning rate from scratch
 * @param fineTuneLr     Adam's learning rate when fine-tuning
 */
record TransferBenchmarkOptions(String input, String model, String base, int pretrainEpochs, int epochs, int[] sizes,
                                long[] seeds, String freezeThrough, double learningRate, double fineTuneLr) {
    static TransferBenchmarkOptions parse(String[] args) {
        BenchArgs a = BenchArgs.parse(args, "--input", "--model", "--base", "--pretrain-epochs", "--epochs", "--sizes",
            "--seeds", "--freeze-through", "--learning-rate", "--fine-tune-lr");
        String freezeThrough = a.string("--freeze-through", "3");
        double learningRate = a.real("--learning-rate", 1e-3);
        return new TransferBenchmarkOptions(a.string("--input", "data/fashion-mnist"), a.string("--model", "vgg11-small"),
            a.string("--base", null), a.integer("--pretrain-epochs", 3), a.integer("--epochs", 20),
            a.integers("--sizes", new int[] {10, 50, 200}), a.longIntegers("--seeds", new long[] {1, 2, 3}),
            freezeThrough.equals("head") ? null : freezeThrough, learningRate, a.real("--fine-tune-lr", learningRate));
    }
}
