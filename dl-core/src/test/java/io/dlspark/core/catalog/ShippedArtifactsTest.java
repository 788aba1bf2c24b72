package io.dlspark.core.catalog;

import io.dlspark.core.artifact.ArtifactFiles;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.gen.GenerativeArtifact;
import io.dlspark.core.gen.GenerativeModel;
import io.dlspark.core.gen.GenerativeSpec;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.transformer.TransformerSpec;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.nn.onednn.OneDnn;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every model the catalog ships, written through the artifact writers, is read by DL4J's own {@code ModelSerializer}
 * and predicts exactly as the network it was written from: its configuration names only DL4J and ND4J classes, except
 * a transformer's SameDiff blocks, which have no DL4J equivalent (reading those needs dl-core on the class path).
 */
class ShippedArtifactsTest {
    private static final int CLASSES = 10;
    private static final int ITERATION = 37;
    private static final int EPOCH = 3;

    static List<String> classifiers() {
        return ModelCatalog.names().stream().filter(n -> ModelCatalog.resolveAny(n, Map.of()) instanceof ModelSpec).toList();
    }

    /** Where the transformer specs' SameDiff blocks live: the one dlspark package an artifact may name. */
    private static final String TRANSFORMER_BLOCKS = "io.dlspark.core.model.transformer.";

    /** Whether {@code name} is a transformer encoder, whose artifact keeps dlspark's blocks (dl-core needed to read it). */
    private static boolean transformer(String name) {
        return ModelCatalog.names().contains(name) && ModelCatalog.resolveAny(name, Map.of()) instanceof TransformerSpec;
    }

    static List<String> generative() {
        return ModelCatalog.names().stream().filter(n -> ModelCatalog.resolveAny(n, Map.of()) instanceof GenerativeSpec)
            .toList();
    }

    static List<String> detectors() {
        return ModelCatalog.names().stream()
            .filter(n -> ModelCatalog.resolveAny(n, Map.of()) instanceof io.dlspark.core.model.yolo.YoloSpec).toList();
    }

    @Test
    void theCatalogShipsClassifiersAndGenerativeModels() {
        List<String> all = new ArrayList<>(classifiers());
        all.addAll(generative());
        all.addAll(detectors());
        assertEquals(ModelCatalog.names(), all.stream().sorted().toList(), "every spec is a classifier, generative or a detector");
        assertEquals(List.of("yolo-fashion", "yolo-small"), detectors());
        assertTrue(classifiers().containsAll(ModelCatalogTest.shipped()), classifiers().toString());
        assertTrue(generative().containsAll(List.of("gan-mlp", "dcgan", "vae-mlp")), generative().toString());
    }

    /**
     * Writes the artifact of a network that has fitted two minibatches ({@link #written}) and reads it back with
     * {@code ModelSerializer} directly.
     */
    @ParameterizedTest
    @MethodSource("classifiers")
    void everyClassifierArtifactNamesOnlyDl4jClassesAndPredictsIdentically(String name, @TempDir Path dir)
        throws IOException {
        ModelSpec spec = ModelCatalog.resolve(name);
        ModelInput input = spec.exampleInput();
        NeuralNetwork net = written(spec, dir, true);
        File zip = dir.resolve(ModelArtifactManifest.MODEL_FILE).toFile();

        assertPlain(name, zip);
        NeuralNetwork loaded = net instanceof MultiLayerNetwork
            ? ModelSerializer.restoreMultiLayerNetwork(zip, true) : ModelSerializer.restoreComputationGraph(zip, true);
        assertEquals(net.getClass(), loaded.getClass(), name);
        INDArray features = ModelCatalogTest.batch(input, spec.convolutional(), 5, CLASSES, 99).getFeatures();
        assertArrayEquals(floats(Networks.output(net, features)), floats(Networks.output(loaded, features)),
            name + ": plain DL4J predicts what the trained network predicts");
        assertArrayEquals(floats(net.params()), floats(loaded.params()), name);
        INDArray state = Networks.updaterState(net);
        if (state == null) {
            assertEquals(null, Networks.updaterState(loaded), name + ": an updater without state (plain SGD)");
        } else {
            assertArrayEquals(floats(state), floats(Networks.updaterState(loaded)), name + " updater state");
        }
        assertEquals(ITERATION, Networks.iterationCount(loaded), name);
        assertEquals(EPOCH, Networks.epochCount(loaded), name);
        assertEquals(learningRates(net), learningRates(loaded),
            name + ": further training follows the same learning rates once any warm-up has ended");
    }

    /** Every parameter's learning rate at a few positions after the shipped warm-ups (200 iterations) end. */
    private static List<String> learningRates(NeuralNetwork net) {
        org.deeplearning4j.nn.api.Layer[] layers = net instanceof MultiLayerNetwork mln ? mln.getLayers()
            : ((ComputationGraph) net).getLayers();
        List<String> rates = new ArrayList<>();
        for (org.deeplearning4j.nn.api.Layer layer : layers) {
            for (String param : new java.util.TreeSet<>(layer.paramTable().keySet())) {
                org.nd4j.linalg.learning.config.IUpdater updater = layer.conf().getLayer().getUpdaterByParam(param);
                for (int[] at : new int[][] {{250, EPOCH}, {1_000, 8}, {5_000, 30}}) {
                    rates.add(layer.getIndex() + "/" + param + "@" + at[0] + "," + at[1] + "="
                        + updater.getLearningRate(at[0], at[1]));
                }
            }
        }
        return rates;
    }

    /**
     * A JVM whose class path holds DL4J, ND4J and their dependencies but no dlspark class reads every classifier's
     * {@code model.zip} with {@code ModelSerializer} and predicts exactly what the network it was written from does.
     */
    @Test
    void aJvmWithoutDlsparkReadsEveryClassifierArtifactAndPredictsIdentically(@TempDir Path dir) throws Exception {
        List<String> args = new ArrayList<>();
        Map<String, INDArray> expected = new java.util.LinkedHashMap<>();
        for (String name : classifiers().stream().filter(n -> !transformer(n)).toList()) {
            ModelSpec spec = ModelCatalog.resolve(name);
            Path folder = dir.resolve(name);
            NeuralNetwork net = written(spec, folder, false);
            INDArray features = ModelCatalogTest.batch(spec.exampleInput(), spec.convolutional(), 3, CLASSES, 41)
                .getFeatures();
            Nd4j.saveBinary(features, folder.resolve("input.bin").toFile());
            expected.put(name, Networks.output(net, features));
            args.add(name + ":" + Networks.kind(net));
        }
        PlainJvm.score(dir, args);
        for (var entry : expected.entrySet()) {
            INDArray scored = Nd4j.readBinary(dir.resolve(entry.getKey()).resolve("output.bin").toFile());
            assertArrayEquals(floats(entry.getValue()), floats(scored), entry.getKey() + " scored without dlspark");
        }
    }

    /**
     * Builds {@code spec}'s network (fitting two minibatches first when {@code fit}, so that the updater has state),
     * moves the counters into the schedules, engages oneDNN as executors do and writes {@code model.zip} into
     * {@code dir} with {@link ArtifactFiles#writeModel}; returns the network as built (not engaged).
     */
    private static NeuralNetwork written(ModelSpec spec, Path dir, boolean fit) throws IOException {
        ModelInput input = spec.exampleInput();
        NeuralNetwork net = spec.build(input, CLASSES, spec.optimizer(), 7);
        for (int step = 0; fit && step < 2; step++) {
            net.fit(ModelCatalogTest.batch(input, spec.convolutional(), 4, CLASSES, step));
        }
        Networks.setCounters(net, ITERATION, EPOCH);
        NeuralNetwork engaged = net instanceof MultiLayerNetwork mln ? OneDnn.engage(mln)
            : OneDnn.engage((ComputationGraph) net);
        ArtifactFiles.writeModel(new org.apache.hadoop.fs.Path(dir.toString()), engaged, new Configuration());
        return net;
    }

    /** GAN and VAE artifacts hold one {@code <network>.zip} per network; each must be plain DL4J too. */
    @ParameterizedTest
    @MethodSource("generative")
    void everyGenerativeArtifactNamesOnlyDl4jClassesAndPredictsIdentically(String name, @TempDir Path dir)
        throws IOException {
        GenerativeSpec spec = ModelCatalog.resolveGenerative(name, Map.of());
        ImageShape shape = new ImageShape(28, 28, 1);
        GenerativeModel model = spec.build(shape, spec.optimizer(), 7);
        GenerativeArtifact.write(new org.apache.hadoop.fs.Path(dir.toString()), name, model, shape, spec.convolutional(),
            new Configuration());
        for (var entry : model.networks().entrySet()) {
            File zip = dir.resolve(entry.getKey() + ".zip").toFile();
            assertPlain(name + "/" + entry.getKey(), zip);
            MultiLayerNetwork loaded = ModelSerializer.restoreMultiLayerNetwork(zip, true);
            MultiLayerNetwork original = entry.getValue();
            boolean images = original.getLayer(0).type() == org.deeplearning4j.nn.api.Layer.Type.CONVOLUTIONAL
                && original.getLayerWiseConfigurations().getInputPreProcess(0) == null;
            long[] inputShape = images ? new long[] {3, shape.channels(), shape.height(), shape.width()}
                : new long[] {3, original.layerInputSize(0)};
            INDArray reshaped = random(inputShape, 5);
            assertArrayEquals(floats(original.output(reshaped, false)), floats(loaded.output(reshaped, false)),
                name + "/" + entry.getKey());
        }
    }

    /** Every type id in the zip's configuration names a DL4J or ND4J class, and no text names a dlspark one. */
    private static void assertPlain(String name, File zip) throws IOException {
        String json;
        try (ZipFile file = new ZipFile(zip)) {
            var entry = file.getEntry("configuration.json");
            assertNotNull(entry, name + ": no configuration.json in " + zip);
            json = new String(file.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> types = new ArrayList<>();
        collectTypes(new ObjectMapper().readTree(json), types);
        assertFalse(types.isEmpty(), name + ": no type ids found; is the scan broken?");
        List<String> foreign = types.stream()
            .filter(t -> !t.startsWith("org.deeplearning4j.") && !t.startsWith("org.nd4j.")).distinct().toList();
        if (transformer(name)) {
            assertFalse(foreign.isEmpty(), name + ": a transformer keeps its SameDiff blocks");
            assertTrue(foreign.stream().allMatch(t -> t.startsWith(TRANSFORMER_BLOCKS)),
                name + ": only transformer blocks stay dlspark classes, found " + foreign);
            types = types.stream().filter(t -> !t.startsWith(TRANSFORMER_BLOCKS)).toList();
        } else {
            assertEquals(List.of(), foreign, name + ": configuration.json names classes outside DL4J and ND4J");
            assertFalse(json.contains("io.dlspark"), name + ": configuration.json mentions io.dlspark");
        }
        for (String type : types.stream().distinct().toList()) {
            String jar = jarOf(type);
            assertTrue(jar.startsWith("deeplearning4j-nn-") || jar.startsWith("nd4j-"),
                name + ": " + type + " comes from " + jar + ", not from deeplearning4j-nn or ND4J");
        }
    }

    /** The file name of the jar that holds {@code type}. */
    private static String jarOf(String type) {
        try {
            Class<?> loaded = Class.forName(type, false, ShippedArtifactsTest.class.getClassLoader());
            String location = loaded.getProtectionDomain().getCodeSource().getLocation().getPath();
            return location.substring(location.lastIndexOf('/', location.length() - 2) + 1);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("type id " + type + " names no class", e);
        }
    }

    private static void collectTypes(JsonNode node, List<String> types) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().startsWith("@")) {
                    types.add(field.getValue().asText());
                }
            });
        }
        if (node.isArray() && node.size() == 2 && node.get(0).isTextual() && node.get(1).isContainerNode()) {
            types.add(node.get(0).asText());
        }
        node.forEach(child -> collectTypes(child, types));
    }

    private static float[] floats(INDArray array) {
        return array.dup().data().asFloat();
    }

    private static INDArray random(long[] shape, long seed) {
        Random random = new Random(seed);
        float[] values = new float[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        return Nd4j.create(values, shape, 'c');
    }
}
