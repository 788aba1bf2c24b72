package io.dlspark.core.ingest;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.data.BadRecordException;
import io.dlspark.core.data.ImageDecoder;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.data.StratifiedSplitter;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.Split;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One subfolder per class, one record per file ({@code <input>/<class>/<file>}); an input of exactly {@code train} and
 * {@code test} holds one such tree each, and {@code test} becomes the test split. Names starting with {@code .} or
 * {@code _} are ignored, as Hadoop does.
 */
public final class FolderDatasetSource implements DatasetSource {
    private final String dataset;
    private final RecordFormat format;

    private FolderDatasetSource(String dataset, RecordFormat format) {
        this.dataset = dataset;
        this.format = format;
    }

    public static FolderDatasetSource images() {
        return new FolderDatasetSource("image-folder", RecordFormat.IMAGE_UINT8_HWC);
    }

    public static FolderDatasetSource text() {
        return new FolderDatasetSource("text-folder", RecordFormat.TEXT_UTF8);
    }

    @Override
    public IngestPlan plan(Path input, IngestOptions options, Configuration conf) throws IOException {
        FileSystem fs = HadoopFiles.fs(input, conf);
        if (!fs.exists(input) || !fs.getFileStatus(input).isDirectory()) {
            throw new UsageException("--input " + input + ": no such folder");
        }
        List<String> top = subfolders(fs, input);
        boolean presplit = top.equals(List.of("test", "train"));
        Path trainRoot = presplit ? new Path(input, "train") : input;
        List<String> labels = subfolders(fs, trainRoot);
        if (labels.isEmpty()) {
            throw new UsageException("--input " + trainRoot + ": no class folders (expected one subfolder per class)");
        }
        List<RecordRef> records = new ArrayList<>();
        addTree(fs, trainRoot, presplit ? "train/" : "", labels, false, options, records);
        if (presplit) {
            Path testRoot = new Path(input, "test");
            for (String label : subfolders(fs, testRoot)) {
                if (!labels.contains(label)) {
                    throw new DataException(new Path(testRoot, label) + ": class '" + label + "' has no training folder");
                }
            }
            addTree(fs, testRoot, "test/", labels, true, options, records);
        }
        RecordDecoder decoder = format == RecordFormat.TEXT_UTF8 ? new TextFileDecoder() : imageDecoder(records, options, conf);
        ImageShape shape = decoder instanceof ImageFileDecoder image ? image.shape() : null;
        return new IngestPlan(dataset, List.of(input.toString()), format, shape, labels, records, List.of(), List.of(), decoder);
    }

    private static void addTree(FileSystem fs, Path root, String idPrefix, List<String> labels, boolean test,
                                IngestOptions options, List<RecordRef> out) throws IOException {
        List<RecordRef> tree = new ArrayList<>();
        for (int label = 0; label < labels.size(); label++) {
            Path classDir = new Path(root, labels.get(label));
            if (test && !fs.exists(classDir)) {
                continue;
            }
            List<Path> files = filesUnder(fs, classDir);
            if (files.isEmpty() && !test) {
                throw new DataException(classDir + ": class folder '" + labels.get(label) + "' holds no files");
            }
            String base = classDir.toUri().getPath();
            for (Path file : files) {
                String relative = file.toUri().getPath().substring(base.length() + 1);
                tree.add(new RecordRef(idPrefix + labels.get(label) + "/" + relative, label, test ? Split.TEST : Split.TRAIN,
                    file.toString(), null));
            }
        }
        if (test) {
            out.addAll(tree);
            return;
        }
        int[] treeLabels = tree.stream().mapToInt(RecordRef::label).toArray();
        boolean[] validation = new StratifiedSplitter(options.validationFraction(), options.seed())
            .validationMask(treeLabels, labels.size());
        for (int i = 0; i < tree.size(); i++) {
            RecordRef r = tree.get(i);
            out.add(validation[i] ? new RecordRef(r.recordId(), r.label(), Split.VALIDATION, r.source(), null) : r);
        }
    }

    private static ImageFileDecoder imageDecoder(List<RecordRef> records, IngestOptions options, Configuration conf)
        throws IOException {
        if (options.imageShape() != null) {
            return new ImageFileDecoder(new ImageDecoder(options.imageShape(), options.resize()), options.imageShape());
        }
        List<String> failures = new ArrayList<>();
        for (RecordRef ref : records) {
            try {
                ImageShape shape = ImageDecoder.probeShape(HadoopFiles.readBytes(new Path(ref.source()), conf), ref.source());
                return new ImageFileDecoder(new ImageDecoder(shape, options.resize()), shape);
            } catch (BadRecordException e) {
                failures.add(e.getMessage());
                if (failures.size() >= 20) {
                    break;
                }
            }
        }
        throw new DataException("no readable image to take the common shape from; first failures: " + failures);
    }

    private static List<String> subfolders(FileSystem fs, Path dir) throws IOException {
        Set<String> names = new TreeSet<>();
        for (FileStatus status : fs.listStatus(dir)) {
            if (status.isDirectory() && visible(status.getPath().getName())) {
                names.add(status.getPath().getName());
            }
        }
        return new ArrayList<>(names);
    }

    /** The files under {@code dir}, recursively, sorted, without those below a name starting with {@code .} or {@code _}. */
    static List<Path> filesUnder(FileSystem fs, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
        String base = dir.toUri().getPath();
        while (it.hasNext()) {
            Path path = it.next().getPath();
            String relative = path.toUri().getPath().substring(base.length());
            if (Arrays.stream(relative.split("/")).filter(s -> !s.isEmpty()).allMatch(FolderDatasetSource::visible)) {
                files.add(path);
            }
        }
        files.sort(null);
        return files;
    }

    private static boolean visible(String name) {
        return !name.startsWith(".") && !name.startsWith("_");
    }
}
