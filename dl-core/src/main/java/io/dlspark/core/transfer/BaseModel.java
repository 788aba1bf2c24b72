package io.dlspark.core.transfer;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ArtifactFiles;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.nn.Networks;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Locale;

/**
 * The model a transfer starts from: a dlspark artifact folder or a Keras HDF5 file (Sequential as a multi-layer
 * network, functional as a graph) on any Hadoop file system. A Keras file must carry its training configuration, which
 * gives the imported network its loss layer.
 *
 * @param network  the loaded network
 * @param uri      where it was loaded from
 * @param format   {@code dlspark} or {@code keras}
 * @param sha256   SHA-256 of the model file
 * @param artifact the artifact's manifest, or null for a Keras model
 */
public record BaseModel(NeuralNetwork network, String uri, String format, String sha256, ModelArtifactManifest artifact) {

    public static BaseModel load(String uri, Configuration conf) throws IOException {
        Path path = new Path(uri);
        String name = path.getName().toLowerCase(Locale.ROOT);
        if (name.endsWith(".h5") || name.endsWith(".hdf5")) {
            return keras(path, conf);
        }
        if (!ArtifactFiles.exists(path, conf)) {
            throw new UsageException("--base " + uri + ": neither a Keras .h5/.hdf5 file nor a dlspark model artifact (no "
                + ModelArtifactManifest.FILE_NAME + " there)");
        }
        return read(uri, conf, "--base");
    }

    /** The dlspark model artifact at {@code uri}; errors name it as the value of {@code option}. */
    public static BaseModel artifact(String uri, Configuration conf, String option) throws IOException {
        if (!ArtifactFiles.exists(new Path(uri), conf)) {
            throw new UsageException(option + " " + uri + ": not a dlspark model artifact (no "
                + ModelArtifactManifest.FILE_NAME + " there)");
        }
        return read(uri, conf, option);
    }

    /** The artifact at {@code uri}, known to have a manifest. */
    private static BaseModel read(String uri, Configuration conf, String option) throws IOException {
        Path path = new Path(uri);
        ModelArtifactManifest artifact = ArtifactFiles.read(path, conf, option);
        Path modelFile = new Path(path, ModelArtifactManifest.MODEL_FILE);
        NeuralNetwork net;
        try (InputStream in = HadoopFiles.fs(modelFile, conf).open(modelFile)) {
            net = Networks.load(artifact.networkKind(), in, modelFile.toString());
        }
        return new BaseModel(net, uri, "dlspark", HadoopFiles.sha256(modelFile, conf), artifact);
    }

    /** The base's own name: the artifact's model name, or the Keras file name. */
    public String modelName() {
        return artifact != null ? artifact.model() : new Path(uri).getName();
    }

    /**
     * The image shape the network itself takes (dlspark bases only): the artifact's input shape, or the shape its own
     * input adapter produced when the base was itself transferred with one.
     */
    public ImageShape networkInputShape() {
        return artifact.inputAdapter() != null ? artifact.inputAdapter().to() : artifact.inputShape();
    }

    /**
     * Whether the network takes images as {@code [batch, channels, height, width]}: the artifact says so; for a Keras
     * model, whether its first layer is a convolution or pooling layer.
     */
    public boolean convolutional() {
        if (artifact != null) {
            return artifact.convolutional();
        }
        if (network instanceof MultiLayerNetwork mln) {
            Layer first = mln.getLayerWiseConfigurations().getConf(0).getLayer();
            return first instanceof ConvolutionLayer || first instanceof SubsamplingLayer;
        }
        return false;
    }

    private static BaseModel keras(Path path, Configuration conf) throws IOException {
        if (!HadoopFiles.exists(path, conf)) {
            throw new UsageException("--base " + path + ": no such Keras model file");
        }
        java.nio.file.Path local = Files.createTempFile("dlspark-keras-", ".h5");
        try {
            Files.write(local, HadoopFiles.readBytes(path, conf));
            NeuralNetwork net;
            try {
                net = KerasModelImport.importKerasSequentialModelAndWeights(local.toString(), true);
            } catch (InvalidKerasConfigurationException sequentialFailed) {
                net = KerasModelImport.importKerasModelAndWeights(local.toString(), true);
            }
            return new BaseModel(net, path.toString(), "keras", HadoopFiles.sha256(path, conf), null);
        } catch (InvalidKerasConfigurationException | UnsupportedKerasConfigurationException | RuntimeException e) {
            throw new DataException("--base " + path + ": cannot import the Keras model: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(local);
        }
    }
}
