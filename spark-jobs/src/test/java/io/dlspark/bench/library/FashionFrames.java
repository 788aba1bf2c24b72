package io.dlspark.bench.library;

import io.dlspark.core.data.IdxFile;
import io.dlspark.core.data.IdxReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fashion-MNIST IDX files as a DataFrame a Spark user would build: {@code pixels} (binary, 784 uint8 values of a
 * 28x28x1 image, row-major) and {@code label} (int class index), in file order.
 */
final class FashionFrames {
    static final String SHAPE = "28x28x1";
    static final StructType SCHEMA = new StructType().add("pixels", DataTypes.BinaryType, false)
        .add("label", DataTypes.IntegerType, false);

    private FashionFrames() {
    }

    /**
     * The first {@code limit} records (0: all) of {@code <prefix>-images-idx3-ubyte.gz} and its labels in {@code dir}
     * ({@code prefix} train or t10k), in {@code partitions} partitions.
     */
    static Dataset<Row> load(SparkSession spark, Path dir, String prefix, int limit, int partitions) throws IOException {
        IdxFile images = read(dir.resolve(prefix + "-images-idx3-ubyte.gz"));
        IdxFile labels = read(dir.resolve(prefix + "-labels-idx1-ubyte.gz"));
        int n = Math.min(images.completeRecords(), labels.completeRecords());
        if (limit > 0) {
            n = Math.min(n, limit);
        }
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create(images.record(i), labels.unsignedValue(i)));
        }
        return spark.createDataFrame(rows, SCHEMA).repartition(partitions);
    }

    private static IdxFile read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return IdxReader.read(in, file.toString());
        }
    }
}
