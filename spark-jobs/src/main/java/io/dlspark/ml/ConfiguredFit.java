package io.dlspark.ml;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.ConfiguredNetwork;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.train.LearningRateScaling;
import io.dlspark.train.ModelSource;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A fit whose model is a DL4J configuration ({@code modelConfiguration}): its input and output sizes checked against
 * the DataFrame's, from the schema when it tells them and otherwise before the first training job.
 */
final class ConfiguredFit {
    private static final String PARAM = "modelConfiguration";

    private ConfiguredFit() {
    }

    /** Checks the input size against what the schema tells: a declared image shape, or a vector's ML attribute size. */
    static void checkSchema(ConfiguredNetwork network, StructType schema, String featuresCol, String imageShape) {
        String features = "featuresCol '" + featuresCol + "'";
        if (imageShape != null) {
            ImageShape shape = ImageShape.parse(imageShape, "imageShape");
            network.checkInput(PARAM, shape.size(), shape.channels(), features + " (imageShape " + imageShape + ")");
            return;
        }
        StructField field = schema.apply(featuresCol);
        if (field.dataType().equals(SQLDataTypes.VectorType())) {
            int size = AttributeGroup.fromStructField(field).size();
            if (size > 0) {
                network.checkInput(PARAM, size, 0, features + " (by its ML attribute metadata)");
            }
        }
    }

    /**
     * Checks the network against the prepared records (feature width, classes or one regression target) and returns
     * its model source, its learning rate {@code learningRate} (null: the configuration's) scaled by {@code scaling}
     * for the run's workers ({@code workers}, null: the cluster's default parallelism).
     */
    static ModelSource source(ConfiguredNetwork network, FitRecords.Prepared prepared, String featuresCol,
                              String labelCol, Double learningRate, LearningRateScaling scaling, Integer workers,
                              SparkSession spark) {
        ShardManifest manifest = prepared.records().manifest();
        int channels = manifest.recordFormat() == RecordFormat.IMAGE_UINT8_HWC ? manifest.shape().channels() : 0;
        network.checkInput(PARAM, prepared.width(), channels, "featuresCol '" + featuresCol + "'");
        if (prepared.target() == null) {
            network.checkOutputs(PARAM, prepared.labelNames().size(), "labelCol '" + labelCol + "' (classes)");
        } else {
            network.checkOutputs(PARAM, 1, "a regressor of labelCol '" + labelCol + "'");
        }
        Double rate = learningRate == null ? null
            : learningRate * scaling.factor(workers != null ? workers : spark.sparkContext().defaultParallelism());
        return ModelSource.of(network, rate);
    }
}
