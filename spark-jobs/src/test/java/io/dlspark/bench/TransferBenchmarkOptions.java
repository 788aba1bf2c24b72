package io.dlspark.bench;

import java.util.Arrays;

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
    private static final String KNOWN = "--input --model --base --pretrain-epochs --epochs --sizes --seeds "
        + "--freeze-through --learning-rate --fine-tune-lr";

    static TransferBenchmarkOptions parse(String[] args) {
        String input = "data/fashion-mnist";
        String model = "vgg11-small";
        String base = null;
        int pretrainEpochs = 3;
        int epochs = 20;
        int[] sizes = {10, 50, 200};
        long[] seeds = {1, 2, 3};
        String freezeThrough = "3";
        double learningRate = 1e-3;
        Double fineTuneLr = null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--input" -> input = value;
                case "--model" -> model = value;
                case "--base" -> base = value;
                case "--pretrain-epochs" -> pretrainEpochs = Integer.parseInt(value);
                case "--epochs" -> epochs = Integer.parseInt(value);
                case "--sizes" -> sizes = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--seeds" -> seeds = Arrays.stream(value.split(",")).mapToLong(Long::parseLong).toArray();
                case "--freeze-through" -> freezeThrough = value.equals("head") ? null : value;
                case "--learning-rate" -> learningRate = Double.parseDouble(value);
                case "--fine-tune-lr" -> fineTuneLr = Double.parseDouble(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (known: " + KNOWN + ")");
            }
        }
        return new TransferBenchmarkOptions(input, model, base, pretrainEpochs, epochs, sizes, seeds, freezeThrough,
            learningRate, fineTuneLr == null ? learningRate : fineTuneLr);
    }
}
