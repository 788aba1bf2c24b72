package io.dlspark.gen;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ArtifactFiles;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.gen.GenerativeArtifact;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.nn.NetworkKind;
import io.dlspark.core.nn.Networks;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The domain classifier of FID: a dlspark classifier artifact whose penultimate activations are the features and whose
 * predictions give the class distribution; summarises image batches into {@link FeatureMoments} and class counts.
 */
public final class ClassifierFeatures implements Serializable {
    private final byte[] model;
    private final String source;
    private final boolean convolutional;
    private final int classes;
    private transient ThreadLocal<MultiLayerNetwork> nets;

    private ClassifierFeatures(byte[] model, String source, boolean convolutional, int classes) {
        this.model = model;
        this.source = source;
        this.convolutional = convolutional;
        this.classes = classes;
    }

    /** Loads a classifier artifact; a generative artifact or a graph network is a usage error. */
    public static ClassifierFeatures load(Path root, Configuration conf) throws IOException {
        if (!ArtifactFiles.exists(root, conf) || GenerativeArtifact.isGenerative(root, conf)) {
            throw new UsageException("--classifier " + root + ": not a classifier artifact of dlspark train (lenet, mlp)");
        }
        ModelArtifactManifest manifest = ArtifactFiles.read(root, conf, "--classifier");
        if (manifest.networkKind() != NetworkKind.MULTI_LAYER) {
            throw new UsageException("--classifier " + root + ": features need a multi-layer network, not " + manifest.networkKind());
        }
        Path file = new Path(root, ModelArtifactManifest.MODEL_FILE);
        byte[] bytes;
        try (InputStream in = HadoopFiles.fs(file, conf).open(file)) {
            bytes = in.readAllBytes();
        }
        ClassifierFeatures features = new ClassifierFeatures(bytes, file.toString(), manifest.convolutional(),
            manifest.labelNames().size());
        features.network();
        return features;
    }

    /** This thread's classifier network, restored from the model bytes on first use. */
    public MultiLayerNetwork network() {
        synchronized (this) {
            if (nets == null) {
                nets = ThreadLocal.withInitial(this::restore);
            }
        }
        return nets.get();
    }

    private MultiLayerNetwork restore() {
        try {
            return (MultiLayerNetwork) Networks.load(NetworkKind.MULTI_LAYER, new ByteArrayInputStream(model), source);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore the classifier " + source, e);
        }
    }

    public boolean convolutional() {
        return convolutional;
    }

    public int classes() {
        return classes;
    }

    /** Feature width: the output size of the layer before the output layer. */
    public int dimension(INDArray probe) {
        return (int) features(network().feedForward(probe, false)).size(1);
    }

    /** Adds images ({@code [n, ...]} in the classifier's input layout) to the moments and class counts. */
    public void summarise(INDArray images, FeatureMoments moments, long[] classCounts) {
        List<INDArray> activations = network().feedForward(images, false);
        moments.add(features(activations).toFloatMatrix());
        INDArray predicted = activations.get(activations.size() - 1).argMax(1);
        for (long c : predicted.toLongVector()) {
            classCounts[(int) c]++;
        }
    }

    /** The penultimate layer's activations of a forward pass, flattened to {@code [n, features]}. */
    private static INDArray features(List<INDArray> activations) {
        INDArray features = activations.get(activations.size() - 2);
        return features.reshape(features.size(0), features.length() / features.size(0));
    }
}
