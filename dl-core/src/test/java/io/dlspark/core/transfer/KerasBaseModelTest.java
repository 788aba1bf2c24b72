package io.dlspark.core.transfer;

import io.dlspark.core.model.OptimizerConfig;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A Keras HDF5 model (see src/test/resources/keras/README.md) imported as a base model and fine-tuned. */
class KerasBaseModelTest {
    /** The fixture's output for x[i] = i / 783, computed with numpy by make_fixture.py. */
    private static final float[] EXPECTED = {0.0521167f, 0.2331903f, 0.0797887f, 0.0489387f, 0.2091013f, 0.0432031f,
        0.1226709f, 0.0377393f, 0.0423872f, 0.1308637f};

    /** Copies the fixture to {@code dir} and returns its path. */
    public static Path fixture(Path dir) throws IOException {
        Path file = dir.resolve("dense-784-3-10.h5");
        try (InputStream in = KerasBaseModelTest.class.getResourceAsStream("/keras/dense-784-3-10.h5")) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void importsTheKerasModelWithItsWeights(@TempDir Path dir) throws IOException {
        BaseModel base = BaseModel.load(fixture(dir).toString(), new Configuration());
        assertEquals("keras", base.format());
        assertFalse(base.convolutional());
        assertEquals(64, base.sha256().length());
        MultiLayerNetwork net = assertInstanceOf(MultiLayerNetwork.class, base.network());
        INDArray x = Nd4j.linspace(0, 1, 784).reshape(1, 784).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        assertArrayEquals(EXPECTED, net.output(x).toFloatVector(), 2e-6f);
        assertEquals(10, Transfer.classCount(net));
    }

    @Test
    void fineTunesTheImportedModelWithANewHead(@TempDir Path dir) throws IOException {
        MultiLayerNetwork keras = (MultiLayerNetwork) BaseModel.load(fixture(dir).toString(), new Configuration()).network();
        MultiLayerNetwork net = (MultiLayerNetwork) Transfer.prepare(keras, 4,
            new TransferSettings("0", true, OptimizerConfig.adam(1e-2), 0, 1));
        assertEquals(List.of(0), Transfer.frozenLayers(net));
        assertEquals(4, Transfer.classCount(net));
        float[] hidden = keras.getLayer(0).params().toFloatVector();
        float[] head = net.getLayer(1).params().toFloatVector();
        Random random = new Random(4);
        float[] features = new float[16 * 784];
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextFloat();
        }
        DataSet batch = new DataSet(Nd4j.create(features, new long[] {16, 784}, 'c'), Nd4j.eye(4).repeat(0, 4));
        for (int step = 0; step < 3; step++) {
            net.fit(batch);
        }
        assertArrayEquals(hidden, net.getLayer(0).params().toFloatVector(), "the frozen Keras layer");
        assertFalse(java.util.Arrays.equals(head, net.getLayer(1).params().toFloatVector()), "the new head learned");
    }

    @Test
    void aFileThatIsNotKerasIsAClearError(@TempDir Path dir) throws IOException {
        Path bogus = Files.writeString(dir.resolve("model.h5"), "not hdf5");
        RuntimeException e = assertThrows(RuntimeException.class, () -> BaseModel.load(bogus.toString(), new Configuration()));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("model.h5"), e.getMessage());
    }
}
