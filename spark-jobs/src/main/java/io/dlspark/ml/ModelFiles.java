package io.dlspark.ml;

import io.dlspark.core.artifact.ArtifactFiles;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * How a {@link DlsparkClassificationModel} is saved: MLlib's params metadata ({@code metadata/}) and, under
 * {@link #ARTIFACT}, a dlspark artifact ({@code model.zip}, loadable by plain DL4J, and {@code manifest.json}).
 */
final class ModelFiles {
    /** The artifact folder inside a saved model. */
    static final String ARTIFACT = "artifact";

    private ModelFiles() {
    }

    /** Writes a model. */
    static final class Writer extends MLWriter {
        private final DlsparkClassificationModel model;

        Writer(DlsparkClassificationModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(model, path, sparkSession());
            Path artifact = new Path(path, ARTIFACT);
            org.apache.hadoop.conf.Configuration conf = sparkSession().sparkContext().hadoopConfiguration();
            try {
                ArtifactFiles.writeModel(artifact, model.network(), conf);
                ArtifactFiles.write(artifact, model.artifact(), conf);
            } catch (IOException e) {
                throw new UncheckedIOException("save " + path + ": " + e.getMessage(), e);
            }
        }
    }

    /** Reads a model saved by {@link Writer}. */
    static final class Reader extends MLReader<DlsparkClassificationModel> {
        @Override
        public DlsparkClassificationModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(),
                DlsparkClassificationModel.class.getName());
            DlsparkClassificationModel model = DlsparkClassificationModel.fromArtifact(new Path(path, ARTIFACT).toString(),
                sparkSession(), metadata.uid());
            metadata.getAndSetParams(model, scala.Option.empty());
            return model;
        }
    }
}
