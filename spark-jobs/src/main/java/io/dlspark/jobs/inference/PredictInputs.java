package io.dlspark.jobs.inference;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.data.BadRecordException;
import io.dlspark.core.data.ImageDecoder;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.ingest.SpamAssassinSource;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.SerializableHadoopConf;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.core.text.DocumentText;
import io.dlspark.feed.FeatureInputs;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What {@code dlspark predict} feeds a model: rows of {@code record_id}, the model's raw input ({@code text}, or
 * {@code pixels} of the model's input shape) and {@code error}, from a shard set or from the files of a folder (or
 * one file) decoded on executors: text or email documents, or PNG/JPEG images scaled like {@code ingest --resize scale}.
 */
final class PredictInputs {
    private final FeatureInputs features;
    private final String column;
    private final DataType type;
    private final FileDecoder decoder;
    private final ModelArtifactManifest artifact;

    /** Decodes one input file's bytes into the model's raw input, or says why it cannot. */
    @FunctionalInterface
    interface FileDecoder extends Serializable {
        Object decode(byte[] bytes, String file) throws BadRecordException;
    }

    private PredictInputs(FeatureInputs features, String column, DataType type, FileDecoder decoder,
                          ModelArtifactManifest artifact) {
        this.features = features;
        this.column = column;
        this.type = type;
        this.decoder = decoder;
        this.artifact = artifact;
    }

    /** The inputs of a text model (through its own vectoriser) or of an image model (its input shape). */
    static PredictInputs of(ModelArtifactManifest artifact, Path modelRoot) {
        if (artifact.textFeatures() != null) {
            boolean email = SpamAssassinSource.DATASET.equals(artifact.data().dataset());
            FileDecoder text = email ? DocumentText::email : DocumentText::plain;
            return new PredictInputs(FeatureInputs.text(artifact.textFeatures(), modelRoot), ShardColumns.TEXT,
                DataTypes.StringType, text, artifact);
        }
        ImageDecoder images = new ImageDecoder(artifact.inputShape(), ResizeMode.SCALE);
        return new PredictInputs(FeatureInputs.images(artifact.inputShape()).adapted(artifact.inputAdapter()),
            ShardColumns.PIXELS, DataTypes.BinaryType, images::decode, artifact);
    }

    /** Images scaled to {@code shape} (an R-CNN's scene shape, which is not its classifier's input). */
    static PredictInputs images(ImageShape shape, ModelArtifactManifest artifact) {
        ImageDecoder images = new ImageDecoder(shape, ResizeMode.SCALE);
        return new PredictInputs(FeatureInputs.images(shape), ShardColumns.PIXELS, DataTypes.BinaryType,
            images::decode, artifact);
    }

    /** How the rows' raw inputs become network input. */
    FeatureInputs features() {
        return features;
    }

    /** The rows of every input under {@code input}: a shard set's records, or each file decoded on an executor. */
    Dataset<Row> read(SparkSession spark, Path input, Configuration conf) throws IOException {
        if (HadoopFiles.exists(new Path(input, ShardManifest.FILE_NAME), conf)) {
            return shards(spark, input, conf);
        }
        FileSystem fs = HadoopFiles.fs(input, conf);
        if (!fs.exists(input)) {
            throw new UsageException("--input " + input + ": no such file or folder");
        }
        List<String> files = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(input, true);
        String base = fs.makeQualified(input).toUri().getPath();
        while (it.hasNext()) {
            Path path = it.next().getPath();
            String relative = path.toUri().getPath().substring(Math.min(base.length() + 1, path.toUri().getPath().length()));
            if (Arrays.stream(relative.split("/")).noneMatch(s -> s.startsWith(".") || s.startsWith("_"))) {
                files.add(path.toString());
            }
        }
        if (files.isEmpty()) {
            throw new UsageException("--input " + input + ": no files to predict");
        }
        files.sort(null);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableHadoopConf> hadoopConf = jsc.broadcast(new SerializableHadoopConf(conf));
        int baseLength = base.length();
        FileDecoder decode = decoder;
        JavaRDD<Row> rows = jsc.parallelize(files, Math.max(1, Math.min(files.size(), jsc.defaultParallelism() * 4)))
            .map(file -> decodeFile(file, baseLength, decode, hadoopConf.value().get()));
        return spark.createDataFrame(rows, new StructType().add(ShardColumns.RECORD_ID, DataTypes.StringType, false)
            .add(column, type, true).add(PredictJob.ERROR, DataTypes.StringType, true));
    }

    private Dataset<Row> shards(SparkSession spark, Path input, Configuration conf) throws IOException {
        ShardManifest data = ManifestIo.read(input, conf);
        RecordFormat expected = artifact.textFeatures() != null ? RecordFormat.TEXT_UTF8 : RecordFormat.IMAGE_UINT8_HWC;
        if (data.recordFormat() != expected || expected == RecordFormat.IMAGE_UINT8_HWC
            && !Objects.equals(data.shape(), artifact.inputShape())) {
            throw new UsageException("--input " + input + " holds " + (data.shape() == null ? data.recordFormat()
                : data.recordFormat() + " " + data.shape()) + " but the model takes " + (expected == RecordFormat.TEXT_UTF8
                ? "text" : "images " + artifact.inputShape()));
        }
        List<String> splits = new ArrayList<>();
        for (Split split : Split.values()) {
            if (HadoopFiles.exists(new Path(input, split.dirName()), conf)) {
                splits.add(new Path(input, split.dirName()).toString());
            }
        }
        return spark.read().parquet(splits.toArray(new String[0])).select(functions.col(ShardColumns.RECORD_ID),
            functions.col(column), functions.lit(null).cast(DataTypes.StringType).as(PredictJob.ERROR));
    }

    private static Row decodeFile(String file, int baseLength, FileDecoder decoder, Configuration conf) {
        Path path = new Path(file);
        String pathText = path.toUri().getPath();
        String id = pathText.length() > baseLength ? pathText.substring(baseLength + 1) : path.getName();
        try (InputStream in = path.getFileSystem(conf).open(path)) {
            return RowFactory.create(id, decoder.decode(in.readAllBytes(), file), null);
        } catch (BadRecordException e) {
            return RowFactory.create(id, null, e.reason());
        } catch (IOException | RuntimeException e) {
            return RowFactory.create(id, null, "unreadable: " + e.getMessage());
        }
    }
}
