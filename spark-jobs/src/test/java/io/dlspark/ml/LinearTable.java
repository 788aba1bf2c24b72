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

/** A seeded regression table: x1, x2 uniform in [-1, 1], y = 3 x1 - 2 x2 + 5 + N(0, noise²), features (Vector). */
public final class LinearTable {
    static final StructType SCHEMA = new StructType()
        .add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType)
        .add("y", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());

    private LinearTable() {
    }

    public static Dataset<Row> frame(SparkSession spark, int n, double noise, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x1 = 2 * random.nextDouble() - 1;
            double x2 = 2 * random.nextDouble() - 1;
            double y = 3 * x1 - 2 * x2 + 5 + noise * random.nextGaussian();
            rows.add(RowFactory.create(x1, x2, y, Vectors.dense(x1, x2)));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }
}
