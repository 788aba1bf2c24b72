package io.dlspark.ml;

import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import org.apache.spark.ml.image.ImageSchema;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * An image features column, Spark's {@code image} struct (grey, BGR or BGRA) or binary uint8 HWC pixels of a declared
 * shape, read as the uint8 HWC pixels {@code dlspark ingest} stores (colour as RGB, alpha dropped).
 */
final class ImageColumn {
    private static final int HEIGHT = 1;
    private static final int WIDTH = 2;
    private static final int CHANNELS = 3;
    private static final int DATA = 5;

    private ImageColumn() {
    }

    /** Whether {@code type} is Spark's image struct. */
    static boolean isStruct(DataType type) {
        return type.equals(ImageSchema.columnSchema());
    }

    /** Whether {@code type} is an image column type: Spark's image struct or binary. */
    static boolean isImage(DataType type) {
        return isStruct(type) || type.equals(DataTypes.BinaryType);
    }

    /** The pixels of a struct image's {@code data} with {@code channels} channels (1, 3 BGR or 4 BGRA): grey or RGB. */
    static byte[] rgb(int channels, byte[] data) {
        if (channels == 1) {
            return data;
        }
        int pixels = data.length / channels;
        byte[] out = new byte[pixels * 3];
        for (int p = 0; p < pixels; p++) {
            out[p * 3] = data[p * channels + 2];
            out[p * 3 + 1] = data[p * channels + 1];
            out[p * 3 + 2] = data[p * channels];
        }
        return out;
    }

    /** The pixels of a row's cell (image struct or binary), or null for a null cell. */
    static byte[] read(Row row, int column) {
        if (row.isNullAt(column)) {
            return null;
        }
        Object cell = row.get(column);
        if (cell instanceof byte[] bytes) {
            return bytes;
        }
        Row image = (Row) cell;
        return rgb(image.getInt(CHANNELS), (byte[]) image.get(DATA));
    }

    /** What is wrong with a row's cell for images of {@code shape}, or null when nothing is. */
    static String fault(Row row, int column, ImageShape shape) {
        if (row.isNullAt(column)) {
            return "is null";
        }
        Object cell = row.get(column);
        if (cell instanceof byte[] bytes) {
            return bytes.length == shape.size() ? null
                : "has " + bytes.length + " bytes; " + shape + " pixels take " + shape.size();
        }
        Row image = (Row) cell;
        int channels = image.getInt(CHANNELS);
        int length = ((byte[]) image.get(DATA)).length;
        if (channels != 1 && channels != 3 && channels != 4) {
            return "has " + channels + " channels; expected 1 (grey), 3 (BGR) or 4 (BGRA)";
        }
        if (length != image.getInt(HEIGHT) * image.getInt(WIDTH) * channels) {
            return "has " + length + " bytes of data for " + image.getInt(HEIGHT) + "x" + image.getInt(WIDTH) + "x" + channels;
        }
        ImageShape found = new ImageShape(image.getInt(HEIGHT), image.getInt(WIDTH), channels == 1 ? 1 : 3);
        return found.equals(shape) ? null : "is a " + found + " image; expected " + shape;
    }

    /**
     * The shape of the column's images: {@code declared} (HxWxC, e.g. 28x28x1) when given, else the first row's
     * (struct images only); null when the DataFrame has no rows.
     */
    static ImageShape shape(Dataset<Row> df, String name, String declared) {
        if (declared != null) {
            return ImageShape.parse(declared, "imageShape");
        }
        if (!isStruct(df.schema().apply(name).dataType())) {
            throw missingShape(name);
        }
        java.util.List<Row> first = df.select(functions.col(name)).limit(1).collectAsList();
        if (first.isEmpty() || first.get(0).isNullAt(0)) {
            return null;
        }
        Row image = first.get(0).getStruct(0);
        return new ImageShape(image.getInt(HEIGHT), image.getInt(WIDTH), image.getInt(CHANNELS) == 1 ? 1 : 3);
    }

    /** The error for a binary column without a declared shape. */
    static UsageException missingShape(String name) {
        return new UsageException("featuresCol '" + name + "': binary pixels need imageShape (HxWxC, e.g. 28x28x1)");
    }

    /** The column as binary uint8 HWC pixels (struct images converted by {@link #rgb}). */
    static Column pixels(DataType type, String name) {
        return isStruct(type) ? functions.udf((UDF1<Row, byte[]>) image -> image == null ? null
            : rgb(image.getInt(CHANNELS), (byte[]) image.get(DATA)), DataTypes.BinaryType).apply(functions.col(name))
            : functions.col(name);
    }

    /** Fails naming the first row (0-based, in the DataFrame's order) whose cell is not an image of {@code shape}. */
    static void checkRows(Dataset<Row> df, String name, ImageShape shape) {
        UDF1<Row, String> problem = cell -> fault(cell, 0, shape);
        Dataset<Row> faults = df.select(functions.udf(problem, DataTypes.StringType)
            .apply(functions.struct(functions.col(name))).as("fault"));
        if (faults.filter(functions.col("fault").isNotNull()).isEmpty()) {
            return;
        }
        scala.Tuple2<Row, Long> first = faults.javaRDD().zipWithIndex().filter(t -> !t._1().isNullAt(0)).first();
        throw new UsageException("featuresCol '" + name + "': row " + first._2() + " " + first._1().getString(0));
    }
}
