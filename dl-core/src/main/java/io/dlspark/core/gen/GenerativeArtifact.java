package io.dlspark.core.gen;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.artifact.PlainNetworks;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.io.AtomicFiles;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.Json;
import io.dlspark.core.nn.NetworkKind;
import io.dlspark.core.nn.Networks;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code generative.json} of a generative model artifact: family, image shape and fitting settings, beside one
 * {@code <network>.zip} per network (GAN: generator, discriminator; VAE: encoder, decoder). A model artifact without
 * it is a classifier.
 */
public record GenerativeArtifact(String model, GenerativeFamily family, ImageShape shape, boolean convolutional,
                                 GenerativeSettings settings, List<String> networks) {
    public static final String FILE_NAME = "generative.json";

    /** Writes the networks (as plain DL4J, {@link PlainNetworks}), then this file, each atomically. */
    public static GenerativeArtifact write(Path root, String model, GenerativeModel trained, ImageShape shape,
                                           boolean convolutional, Configuration conf) throws IOException {
        List<String> names = new ArrayList<>(trained.networks().keySet());
        for (var entry : trained.networks().entrySet()) {
            NeuralNetwork plain = PlainNetworks.of(entry.getValue());
            AtomicFiles.write(new Path(root, entry.getKey() + ".zip"), conf, out -> Networks.save(plain, out));
        }
        GenerativeArtifact artifact = new GenerativeArtifact(model, trained.family(), shape, convolutional,
            trained.settings(), names);
        AtomicFiles.writeString(new Path(root, FILE_NAME), Json.pretty(artifact), conf);
        return artifact;
    }

    /** Whether the artifact folder holds a generative model. */
    public static boolean isGenerative(Path root, Configuration conf) throws IOException {
        return HadoopFiles.exists(new Path(root, FILE_NAME), conf);
    }

    /** Reads the artifact; a classifier artifact (no {@code generative.json}) is a usage error naming {@code option}. */
    public static GenerativeArtifact read(Path root, Configuration conf, String option) throws IOException {
        Path file = new Path(root, FILE_NAME);
        if (!HadoopFiles.exists(file, conf)) {
            String what = HadoopFiles.exists(new Path(root, ModelArtifactManifest.FILE_NAME), conf)
                ? "is a classifier artifact, not a generative model (train gan-mlp, dcgan or vae-mlp)"
                : "holds no model artifact";
            throw new UsageException(option + " " + root + ": " + what);
        }
        return Json.read(HadoopFiles.readString(file, conf), GenerativeArtifact.class, file.toString());
    }

    /** The trained model, networks loaded from the artifact. */
    public GenerativeModel load(Path root, Configuration conf) throws IOException {
        List<MultiLayerNetwork> loaded = new ArrayList<>();
        for (String name : networks) {
            Path file = new Path(root, name + ".zip");
            try (InputStream in = HadoopFiles.fs(file, conf).open(file)) {
                loaded.add((MultiLayerNetwork) Networks.load(NetworkKind.MULTI_LAYER, in, file.toString()));
            }
        }
        return GenerativeBlueprint.of(family, loaded.get(0), loaded.get(1), settings);
    }
}
