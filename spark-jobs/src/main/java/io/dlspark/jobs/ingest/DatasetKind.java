package io.dlspark.jobs.ingest;

import io.dlspark.core.ingest.BrownSource;
import io.dlspark.core.ingest.DatasetSource;
import io.dlspark.core.ingest.FolderDatasetSource;
import io.dlspark.core.ingest.IdxDatasetSource;
import io.dlspark.core.ingest.SpamAssassinSource;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.Iterator;
import java.util.function.Supplier;

/** The kinds of raw input {@code dlspark ingest} reads, by their command-line names. */
public enum DatasetKind {
    FASHION_MNIST("fashion-mnist", IdxDatasetSource::fashionMnist),
    IDX("idx", IdxDatasetSource::idx),
    IMAGE_FOLDER("image-folder", FolderDatasetSource::images),
    TEXT_FOLDER("text-folder", FolderDatasetSource::text),
    SPAMASSASSIN("spamassassin", SpamAssassinSource::new),
    BROWN("brown", BrownSource::new),
    /** Unlabelled text (folders of .txt files, text shard sets) cut into passages; planned by {@link CorpusDocuments}. */
    TEXT_CORPUS("text-corpus", () -> noPlan("text-corpus")),
    /** Detection scenes composed from Fashion-MNIST objects; planned by {@link SceneIngestJob}, not from files. */
    FASHION_MNIST_SCENES("fashion-mnist-scenes", () -> noPlan("fashion-mnist-scenes")),
    /** Pascal VOC detection data; planned by {@link VocIngestJob}. */
    VOC("voc", () -> noPlan("voc")),
    /** The R-CNN classifier's warped regions of detection shards; written by {@link RegionCropJob}. */
    RCNN_REGIONS("rcnn-regions", () -> noPlan("rcnn-regions")),
    /** Numeric columns of a Parquet, CSV, JSON or ORC table; read by {@link TableIngestJob}. */
    TABLE("table", () -> noPlan("table"));

    private final String cliName;
    private final Supplier<DatasetSource> source;

    DatasetKind(String cliName, Supplier<DatasetSource> source) {
        this.cliName = cliName;
        this.source = source;
    }

    public String cliName() {
        return cliName;
    }

    /** The planner of this kind's files; the detection kinds have none and fail naming the dataset. */
    public DatasetSource source() {
        return source.get();
    }

    private static DatasetSource noPlan(String name) {
        throw new io.dlspark.core.UsageException("--dataset " + name + ": read by its own ingest job (SceneIngestJob, "
            + "VocIngestJob, RegionCropJob, TableIngestJob) or planner (CorpusDocuments), not by a one-folder source");
    }

    /** Parses a command-line name, naming the valid ones on error. */
    public static DatasetKind parse(String name) {
        return Arrays.stream(values()).filter(k -> k.cliName.equals(name)).findFirst()
            .orElseThrow(() -> new CommandLine.TypeConversionException(
                "'" + name + "' is not a dataset kind; expected one of " + String.join(", ", new Names())));
    }

    /** picocli converter from the command-line name. */
    public static final class Converter implements CommandLine.ITypeConverter<DatasetKind> {
        @Override
        public DatasetKind convert(String value) {
            return parse(value);
        }
    }

    /** The command-line names, for help text. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values()).map(DatasetKind::cliName).iterator();
        }
    }
}
