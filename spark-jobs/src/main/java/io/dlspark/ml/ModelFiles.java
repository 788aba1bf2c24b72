package io.dlspark.ml;

import io.dlspark.core.artifact.ArtifactFiles;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.nn.Networks;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * How a {@link DlsparkModel} is saved and loaded: MLlib's params metadata ({@code metadata/}) and, under
 * {@link #ARTIFACT}, a dlspark artifact ({@code model.zip}, loadable by plain DL4J, and {@code manifest.json}).
 */
final class ModelFiles {
    /** The artifact folder inside a saved model. */
    static final String ARTIFACT = "artifact";

    private ModelFiles() {
    }

    /** An artifact's manifest and network. */
    record Loaded(ModelArtifactManifest manifest, NeuralNetwork network) {
    }

    /** Reads the artifact folder {@code path} (manifest and {@code model.zip}). */
    static Loaded loadArtifact(String path, SparkSession spark) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path root = new Path(path);
        try {
            ModelArtifactManifest manifest = ArtifactFiles.read(root, conf, "artifact");
            Path file = new Path(root, ModelArtifactManifest.MODEL_FILE);
            try (InputStream in = HadoopFiles.fs(file, conf).open(file)) {
                return new Loaded(manifest, Networks.load(manifest.networkKind(), in, file.toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("artifact " + path + ": " + e.getMessage(), e);
        }
    }

    /** Makes a model of a uid, a manifest and a network. */
    interface Factory<M> {
        M create(String uid, ModelArtifactManifest manifest, NeuralNetwork network);
    }

    /** Writes a model. */
    static final class Writer extends MLWriter {
        private final DlsparkModel<?> model;

        Writer(DlsparkModel<?> model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(model, path, sparkSession());
            Path artifact = new Path(path, ARTIFACT);
            Configuration conf = sparkSession().sparkContext().hadoopConfiguration();
            try {
                ArtifactFiles.writeModel(artifact, model.network(), conf);
                ArtifactFiles.write(artifact, model.artifact(), conf);
            } catch (IOException e) {
                throw new UncheckedIOException("save " + path + ": " + e.getMessage(), e);
            }
        }
    }

    /** Reads a model of class {@code type} saved by {@link Writer}. */
    static final class Reader<M extends DlsparkModel<M>> extends MLReader<M> {
        private final Class<M> type;
        private final Factory<M> factory;

        Reader(Class<M> type, Factory<M> factory) {
            this.type = type;
            this.factory = factory;
        }

        @Override
        public M load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(),
                type.getName());
            Loaded loaded = loadArtifact(new Path(path, ARTIFACT).toString(), sparkSession());
            M model = factory.create(metadata.uid(), loaded.manifest(), loaded.network());
            metadata.getAndSetParams(model, scala.Option.empty());
            return model;
        }
    }
}
