package io.dlspark.core.catalog;

import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.ModelSummary;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.train.NetworkBlueprint;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCatalogTest {
    private static final ModelInput MNIST = new ModelInput.ImageInput(new ImageShape(28, 28, 1));
    private static final List<String> SHIPPED = List.of("alexnet-small", "bert-mini", "bert-tiny",
        "deep-sigmoid-mlp", "lenet", "lenet5", "mlp", "resnet8", "resnet8-fashion", "resnet8w-fashion",
        "resnet8w-regions", "resnet20", "resnet20-fashion", "text-cnn", "vgg11-small", "vgg16-small");

    static List<String> shipped() {
        return SHIPPED;
    }

    @Test
    void everyRequiredNameIsShipped() {
        assertTrue(ModelCatalog.names().containsAll(SHIPPED), ModelCatalog.names().toString());
    }

    /**
     * Trains the network as executors do: rebuilt from its blueprint (configuration JSON, schedules included) with
     * oneDNN engaged.
     */
    @ParameterizedTest
    @MethodSource("shipped")
    void everyShippedSpecBuildsAndTrainsTwoMinibatches(String name) {
        ModelSpec spec = ModelCatalog.resolve(name);
        ModelInput input = spec.exampleInput();
        NeuralNetwork net = NetworkBlueprint.of(spec.build(input, 10, spec.optimizer(), 7)).build();
        INDArray before = net.params().dup();
        for (int step = 0; step < 2; step++) {
            net.fit(batch(input, spec.convolutional(), 8, 10, step));
        }
        assertTrue(Double.isFinite(Networks.score(net)), name + " score " + Networks.score(net));
        assertNotEquals(before, net.params(), name + ": parameters did not change");
        assertEquals(spec.summarize(input, 10).params(), Networks.numParams(net), name);
        assertEquals(List.of(), io.dlspark.core.nn.IgnoredActivations.in(net),
            name + ": batch-norm layers whose activation DL4J M2.1 would ignore");
    }

    @Test
    void cnnFamiliesScaleToRgbInput() {
        ModelInput cifar = new ModelInput.ImageInput(new ImageShape(32, 32, 3));
        for (String name : List.of("lenet", "lenet5", "alexnet-small", "vgg11-small", "vgg16-small")) {
            ModelSpec spec = ModelCatalog.resolve(name);
            MultiLayerNetwork net = (MultiLayerNetwork) NetworkBlueprint.of(spec.build(cifar, 10, spec.optimizer(), 1)).build();
            net.fit(batch(cifar, true, 4, 10, 0));
            assertTrue(Double.isFinite(net.score()), name);
        }
    }

    @Test
    void parameterCountsMatchHandComputedValues() {
        assertEquals(431_080, params("lenet", MNIST, 10));
        // LeNet-5: C1 6*(25+1), C3 16*(6*25+1), dense 400*120+120, 120*84+84, output 84*10+10.
        assertEquals(156 + 2_416 + 48_120 + 10_164 + 850, params("lenet5", MNIST, 10));
        // mlp 256-128 on 4x4x1 with 3 classes.
        ModelInput small = new ModelInput.ImageInput(new ImageShape(4, 4, 1));
        assertEquals(16 * 256 + 256 + 256 * 128 + 128 + 128 * 3 + 3, params("mlp", small, 3));
        assertEquals(16 * 20 + 20 + 20 * 3 + 3,
            ModelCatalog.resolve("mlp", Map.of("hidden-layers", List.of(20))).summarize(small, 3).params());
    }

    @Test
    void describeReportsShapesFlopsAndMemory() {
        ModelSummary lenet = ModelCatalog.resolve("lenet").summarize(MNIST, 10);
        assertEquals(List.of("20x24x24", "20x12x12", "50x8x8", "50x4x4", "500", "10"),
            lenet.rows().stream().map(ModelSummary.Row::outputShape).toList());
        long conv1 = 2L * 25 * 1 * 20 * 24 * 24;
        assertEquals(conv1, lenet.rows().get(0).forwardFlops());
        assertEquals(3 * lenet.forwardFlops(), lenet.trainingFlops());
        long values = 20 * 24 * 24 + 20 * 12 * 12 + 50 * 8 * 8 + 50 * 4 * 4 + 500 + 10;
        assertEquals(values * 64 * 4 * 2, lenet.activationBytes(64));
        String table = lenet.render(64);
        assertTrue(table.contains("431,080"), table);
    }

    @Test
    void overridesReplaceKeysAndListElements() {
        ModelSpec spec = ModelCatalog.resolve("lenet", Map.of("layers.4.size", 100, "optimizer.learning-rate", 0.01,
            "optimizer.name", "nesterov"));
        assertEquals((800 * 100 + 100) + (100 * 10 + 10), spec.summarize(MNIST, 10).rows().stream()
            .skip(4).mapToLong(ModelSummary.Row::params).sum());
        assertEquals(new OptimizerConfig("nesterov", 0.01), spec.optimizer());
        ModelSpec mlp = ModelCatalog.resolve("mlp", Map.of("dropout", 0.3, "batch-norm", true, "activation", "gelu"));
        List<String> types = mlp.summarize(MNIST, 10).rows().stream().map(ModelSummary.Row::type).toList();
        assertEquals(List.of("dense", "batch-norm", "dropout", "dense", "batch-norm", "dropout", "softmax-output"), types);
        assertMessage(() -> ModelCatalog.resolve("mlp", Map.of("dropuot", 0.3)), "models.mlp.dropuot: unknown key");
        assertMessage(() -> ModelCatalog.resolve("lenet", Map.of("layers.9.size", 3)), "models.lenet.layers.9.size: index 9");
        assertMessage(() -> ModelCatalog.resolve("lenet", Map.of("layers.0.colour", 3)), "models.lenet.layers[0].colour: unknown key");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "kind = mlp, hidden-layers = [10], sizes = 3|models.bad.sizes: unknown key",
        "kind = mlp, hidden-layers = [10, -4]|models.bad.hidden-layers[1]: must be >= 1, got -4",
        "kind = mlp, activation = relu6|models.bad.activation: unknown activation 'relu6'",
        "kind = sequential, layers = [{ type = dense, size = 4, activation = swishy }]|models.bad.layers[0].activation: unknown activation",
        "kind = sequential, layers = [{ type = conv2d, filters = 0, kernel = 3 }]|models.bad.layers[0].filters: must be >= 1",
        "kind = densenet|models.bad.kind: unknown model kind 'densenet'",
        "kind = sequential, layers = [{ type = lstm }]|models.bad.layers[0].type: unknown layer type 'lstm'",
        "kind = mlp, optimizer { name = adagrad }|models.bad.optimizer.name: unknown optimizer 'adagrad'",
        "kind = mlp, optimizer { schedule { type = cosine } }|models.bad.optimizer.schedule.period: missing",
        "kind = vgg, convs-per-block = [1, 2], filters = [8]|models.bad.filters: has 1 entries",
    })
    void invalidSpecsAreRejectedNamingTheKey(String text, String expected) throws Exception {
        Path file = Files.createTempDirectory("spec").resolve("bad.conf");
        Files.writeString(file, text);
        assertMessage(() -> ModelCatalog.resolve(file.toString()), expected);
    }

    @Test
    void kernelLargerThanInputIsRejectedAtBuildNamingTheLayer() throws Exception {
        Path file = Files.createTempDirectory("spec").resolve("tiny.conf");
        Files.writeString(file, "kind = sequential, layers = [{ type = conv2d, filters = 4, kernel = 3 },"
            + " { type = pool2d }, { type = conv2d, filters = 4, kernel = 7 }]");
        ModelSpec spec = ModelCatalog.resolve(file.toString());
        ModelInput input = new ModelInput.ImageInput(new ImageShape(10, 10, 1));
        assertMessage(() -> spec.build(input, 3, spec.optimizer(), 1), "models.tiny.layers[2].kernel: 7 is larger than the 4x4 input");
    }

    @Test
    void wrongInputKindNamesModelAndInput() {
        ModelSpec text = ModelCatalog.resolve("text-cnn");
        assertMessage(() -> text.build(MNIST, 10, text.optimizer(), 1), "model 'text-cnn' takes token input, not image 28x28x1");
        ModelSpec lenet = ModelCatalog.resolve("lenet");
        assertMessage(() -> lenet.build(new ModelInput.VectorInput(100), 10, lenet.optimizer(), 1),
            "model 'lenet' takes image input, not vector 100");
        ModelSpec mlp = ModelCatalog.resolve("mlp");
        assertEquals(100L * 256 + 256 + 256 * 128 + 128 + 128 * 2 + 2,
            mlp.build(new ModelInput.VectorInput(100), 2, mlp.optimizer(), 1).params().length());
    }

    @Test
    void unknownModelAndBadOptimizerNameTheOption() {
        UsageException model = assertThrows(UsageException.class, () -> ModelCatalog.resolve("resnet"));
        assertTrue(model.getMessage().contains("--model") && model.getMessage().contains("lenet5"), model.getMessage());
        assertMessage(() -> ModelCatalog.resolve("no/such/spec.conf"), "--model: no model spec file at");
        UsageException optimizer = assertThrows(UsageException.class, () -> new OptimizerConfig("adagrad", 0.1));
        assertTrue(optimizer.getMessage().contains("--optimizer"), optimizer.getMessage());
        assertThrows(UsageException.class, () -> new OptimizerConfig("adam", -1));
    }

    @Test
    void schedulesFollowTheEpochCounterAfterTheBlueprintRoundTrip() {
        ModelSpec spec = ModelCatalog.resolve("mlp", Map.of("optimizer.schedule", Map.of("type", "cosine", "period", 4,
            "min-factor", 0.1)));
        NeuralNetwork net = NetworkBlueprint.of(spec.build(MNIST, 10, spec.optimizer(), 1)).build();
        org.nd4j.linalg.learning.config.IUpdater updater = ((MultiLayerNetwork) net).getLayer(0).conf().getLayer()
            .getUpdaterByParam("W");
        assertEquals(1e-3, updater.getLearningRate(0, 0), 1e-12);
        assertEquals(1e-4 + 0.9e-3 * 0.5, updater.getLearningRate(0, 2), 1e-12);
        assertEquals(1e-4, updater.getLearningRate(0, 4), 1e-12);
        OptimizerConfig step = ModelCatalog.resolve("mlp", Map.of("optimizer.schedule", Map.of("type", "step", "decay", 0.5,
            "every", 2, "warmup", 10))).optimizer();
        assertEquals(1e-3 * 0.5 / 10, step.updater().getLearningRate(0, 2), 1e-12);
        assertEquals(1e-3 * 0.5, step.updater().getLearningRate(20, 2), 1e-12);
    }

    @Test
    void specDefaultOptimizerIsOverriddenByCommandLineChoices() {
        OptimizerConfig vgg = ModelCatalog.resolve("vgg11-small").optimizer();
        assertEquals("cosine", vgg.schedule().type());
        OptimizerConfig lr = vgg.override(null, 0.05);
        assertEquals("adam", lr.name());
        assertEquals(0.05, lr.learningRate());
        assertEquals(vgg.schedule(), lr.schedule());
        OptimizerConfig sgd = vgg.override("sgd", null);
        assertEquals("sgd", sgd.name());
        assertEquals(vgg.learningRate(), sgd.learningRate());
        assertEquals(vgg, vgg.override(null, null));
    }

    private static long params(String name, ModelInput input, int classes) {
        ModelSpec spec = ModelCatalog.resolve(name);
        NeuralNetwork net = spec.build(input, classes, spec.optimizer(), 1);
        assertEquals(net.params().length(), spec.summarize(input, classes).params());
        return net.params().length();
    }

    /** Random features of the input's layout and one-hot labels. */
    static DataSet batch(ModelInput input, boolean convolutional, int n, int classes, long seed) {
        Random random = new Random(seed);
        long[] shape;
        float[] values;
        if (input instanceof ModelInput.TokenInput tokens) {
            shape = new long[] {n, tokens.length()};
            values = new float[n * tokens.length()];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextInt(tokens.vocabularySize());
            }
        } else {
            ImageShape s = ((ModelInput.ImageInput) input).shape();
            shape = convolutional ? new long[] {n, s.channels(), s.height(), s.width()} : new long[] {n, s.size()};
            values = new float[n * s.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextFloat();
            }
        }
        float[] labels = new float[n * classes];
        for (int i = 0; i < n; i++) {
            labels[i * classes + random.nextInt(classes)] = 1;
        }
        return new DataSet(Nd4j.create(values, shape, 'c'), Nd4j.create(labels, new long[] {n, classes}, 'c'));
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
        UsageException e = assertThrows(UsageException.class, call);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
