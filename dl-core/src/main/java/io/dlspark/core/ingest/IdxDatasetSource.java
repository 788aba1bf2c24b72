package io.dlspark.core.ingest;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.data.IdxFile;
import io.dlspark.core.data.IdxReader;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.data.StratifiedSplitter;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardManifest.BadRecord;
import io.dlspark.core.shard.ShardManifest.ShardFile;
import io.dlspark.core.shard.Split;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * IDX image and label files in one folder, named like MNIST's: {@code train-images-idx3-ubyte[.gz]},
 * {@code train-labels-idx1-ubyte[.gz]} and, for the upstream test split, {@code t10k-*} (or {@code test-*}).
 * The training files are split into train and validation; the upstream test files become the test split.
 */
public final class IdxDatasetSource implements DatasetSource {
    /** Fashion-MNIST's class names, in label order. */
    public static final List<String> FASHION_MNIST_LABELS = List.of(
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private final String dataset;
    private final List<String> defaultLabels;

    private IdxDatasetSource(String dataset, List<String> defaultLabels) {
        this.dataset = dataset;
        this.defaultLabels = defaultLabels;
    }

    public static IdxDatasetSource fashionMnist() {
        return new IdxDatasetSource("fashion-mnist", FASHION_MNIST_LABELS);
    }

    /** Plain IDX data with digit labels 0-9 unless label names are given. */
    public static IdxDatasetSource idx() {
        return new IdxDatasetSource("idx", IntStream.range(0, 10).mapToObj(Integer::toString).toList());
    }

    @Override
    public IngestPlan plan(Path input, IngestOptions options, Configuration conf) throws IOException {
        FileSystem fs = HadoopFiles.fs(input, conf);
        if (!fs.exists(input)) {
            throw new UsageException("--input " + input + ": no such file or folder");
        }
        List<String> labels = options.labelNames() != null ? options.labelNames() : defaultLabels;
        Path trainImages = find(fs, input, "train", "images", true);
        Path trainLabels = find(fs, input, "train", "labels", true);
        Path testImages = find(fs, input, "t10k", "images", false);
        if (testImages == null) {
            testImages = find(fs, input, "test", "images", false);
        }
        Path testLabels = find(fs, input, "t10k", "labels", false);
        if (testLabels == null) {
            testLabels = find(fs, input, "test", "labels", false);
        }
        if ((testImages == null) != (testLabels == null)) {
            throw new UsageException("--input " + input + ": found test " + (testImages == null ? "labels" : "images")
                + " without the matching " + (testImages == null ? "images" : "labels") + " file");
        }

        List<RecordRef> records = new ArrayList<>();
        List<BadRecord> bad = new ArrayList<>();
        List<ShardFile> checksums = new ArrayList<>();
        ImageShape shape = addPair(trainImages, trainLabels, "train", null, labels, options, conf, records, bad, checksums);
        if (testImages != null) {
            addPair(testImages, testLabels, "t10k", shape, labels, options, conf, records, bad, checksums);
        }
        List<String> sources = new ArrayList<>();
        checksums.forEach(f -> sources.add(f.path()));
        return new IngestPlan(dataset, sources, RecordFormat.IMAGE_UINT8_HWC, shape, labels, records, bad, checksums,
            new InlinePixelsDecoder());
    }

    private static ImageShape addPair(Path imagesPath, Path labelsPath, String prefix, ImageShape expected,
                                      List<String> labels, IngestOptions options, Configuration conf,
                                      List<RecordRef> records, List<BadRecord> bad, List<ShardFile> checksums)
        throws IOException {
        IdxFile images = read(imagesPath, conf, checksums);
        IdxFile labelFile = read(labelsPath, conf, checksums);
        if (images.dims().length < 3 || images.dims().length > 4) {
            throw new DataException(imagesPath + ": IDX images need 3 or 4 dimensions (count, rows, columns[, channels]), found "
                + images.dims().length);
        }
        if (labelFile.dims().length != 1) {
            throw new DataException(labelsPath + ": IDX labels need 1 dimension, found " + labelFile.dims().length);
        }
        int channels = images.dims().length == 4 ? images.dims()[3] : 1;
        ImageShape shape = new ImageShape(images.dims()[1], images.dims()[2], channels);
        if (expected != null && !expected.equals(shape)) {
            throw new DataException(imagesPath + ": images are " + shape + " but the training images are " + expected);
        }
        boolean test = prefix.equals("t10k");
        int declared = Math.max(images.declaredRecords(), labelFile.declaredRecords());
        int[] usable = new int[declared];
        boolean[] ok = new boolean[declared];
        for (int i = 0; i < declared; i++) {
            String source = imagesPath + "#" + i;
            if (i >= images.completeRecords()) {
                bad.add(new BadRecord(source, i >= images.declaredRecords()
                    ? "no image: the label file has more records than the image file"
                    : "truncated IDX file: image record missing"));
            } else if (i >= labelFile.completeRecords()) {
                bad.add(new BadRecord(source, i >= labelFile.declaredRecords()
                    ? "no label: the image file has more records than " + labelsPath.getName()
                    : "truncated IDX file " + labelsPath.getName() + ": label missing"));
            } else if (labelFile.unsignedValue(i) >= labels.size()) {
                bad.add(new BadRecord(source, "label " + labelFile.unsignedValue(i) + " out of range [0, " + labels.size() + ")"));
            } else {
                ok[i] = true;
                usable[i] = labelFile.unsignedValue(i);
            }
        }
        int[] okIndex = IntStream.range(0, declared).filter(i -> ok[i]).toArray();
        String sourcePrefix = imagesPath + "#";
        boolean[] validation = test ? new boolean[okIndex.length]
            : new StratifiedSplitter(options.validationFraction(), options.seed())
                .validationMask(IntStream.of(okIndex).map(i -> usable[i]).toArray(), labels.size());
        for (int k = 0; k < okIndex.length; k++) {
            int i = okIndex[k];
            Split split = test ? Split.TEST : validation[k] ? Split.VALIDATION : Split.TRAIN;
            records.add(new RecordRef(recordId(prefix, i), usable[i], split, sourcePrefix + i, images.record(i)));
        }
        return shape;
    }

    /** {@code prefix-NNNNN}: the record's index, zero-padded to five digits so that ids sort in file order. */
    static String recordId(String prefix, int index) {
        String digits = Integer.toString(index);
        StringBuilder id = new StringBuilder(prefix.length() + 1 + Math.max(5, digits.length())).append(prefix).append('-');
        for (int pad = digits.length(); pad < 5; pad++) {
            id.append('0');
        }
        return id.append(digits).toString();
    }

    private static IdxFile read(Path path, Configuration conf, List<ShardFile> checksums) throws IOException {
        FileSystem fs = HadoopFiles.fs(path, conf);
        var digest = HadoopFiles.newSha256();
        IdxFile file;
        try (InputStream in = new java.security.DigestInputStream(fs.open(path), digest)) {
            file = IdxReader.read(in, path.toString());
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        checksums.add(new ShardFile(path.toString(), fs.getFileStatus(path).getLen(),
            java.util.HexFormat.of().formatHex(digest.digest())));
        return file;
    }

    private static Path find(FileSystem fs, Path dir, String prefix, String kind, boolean required) throws IOException {
        List<Path> matches = new ArrayList<>();
        for (FileStatus status : fs.listStatus(dir)) {
            String name = status.getPath().getName();
            if (status.isFile() && name.startsWith(prefix + "-" + kind + "-idx")) {
                matches.add(status.getPath());
            }
        }
        if (matches.size() > 1) {
            throw new UsageException("--input " + dir + ": more than one " + prefix + " " + kind + " file: " + matches);
        }
        if (matches.isEmpty()) {
            if (required) {
                throw new UsageException("--input " + dir + ": no " + prefix + "-" + kind + "-idx*-ubyte[.gz] file there");
            }
            return null;
        }
        return matches.get(0);
    }
}
