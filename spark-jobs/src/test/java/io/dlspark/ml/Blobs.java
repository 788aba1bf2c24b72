package io.dlspark.ml;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small seeded, well separated Gaussian blobs: columns x0..x3, label (double), name (string), features (Vector). */
public final class Blobs {
    static final String[] NAMES = {"cat", "dog", "emu"};
    static final StructType SCHEMA = new StructType()
        .add("x0", DataTypes.DoubleType).add("x1", DataTypes.DoubleType)
        .add("x2", DataTypes.DoubleType).add("x3", DataTypes.DoubleType)
        .add("label", DataTypes.DoubleType).add("name", DataTypes.StringType)
        .add("features", SQLDataTypes.VectorType());

    private Blobs() {
    }

    /** {@code n} rows of {@code classes} blobs centred 3 apart along a different axis each, unit noise 0.5. */
    public static Dataset<Row> frame(SparkSession spark, int n, int classes, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            double[] x = new double[4];
            for (int d = 0; d < 4; d++) {
                x[d] = (d == c ? 3.0 : 0.0) + 0.5 * random.nextGaussian() + 10;
            }
            rows.add(RowFactory.create(x[0], x[1], x[2], x[3], (double) c, NAMES[c], Vectors.dense(x)));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }
}
