package io.dlspark.core.detect;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.data.BadRecordException;
import io.dlspark.core.data.ImageDecoder;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.io.HadoopFiles;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * A Pascal VOC folder on any Hadoop file system: {@code Annotations/*.xml}, each naming its image in
 * {@code JPEGImages/}. Scanning parses every annotation and checks that its image exists, so a bad file fails
 * before any output is written.
 */
public final class VocDataset {
    private final Path root;
    private final List<VocAnnotation> annotations;

    private VocDataset(Path root, List<VocAnnotation> annotations) {
        this.root = root;
        this.annotations = List.copyOf(annotations);
    }

    /** Parses {@code root/Annotations/*.xml} in name order and checks each named image. */
    public static VocDataset scan(Path root, Configuration conf) throws IOException {
        FileSystem fs = HadoopFiles.fs(root, conf);
        Path folder = new Path(root, "Annotations");
        if (!fs.isDirectory(folder)) {
            throw new UsageException("--input " + root + ": no Annotations/ folder (expected the Pascal VOC layout)");
        }
        FileStatus[] files = fs.listStatus(folder, p -> p.getName().endsWith(".xml"));
        Arrays.sort(files, Comparator.comparing(s -> s.getPath().getName()));
        if (files.length == 0) {
            throw new UsageException("--input " + root + ": Annotations/ holds no .xml file");
        }
        List<VocAnnotation> annotations = new ArrayList<>();
        for (FileStatus file : files) {
            String source = file.getPath().toString();
            VocAnnotation annotation;
            try (InputStream in = fs.open(file.getPath())) {
                annotation = VocAnnotationParser.parse(in, source);
            }
            Path image = imagePath(root, annotation);
            if (!fs.isFile(image)) {
                throw new DataException(image + ": missing image named by " + source);
            }
            annotations.add(annotation);
        }
        return new VocDataset(root, annotations);
    }

    public List<VocAnnotation> annotations() {
        return annotations;
    }

    /** The distinct object class names, sorted: the class indices of {@link VocAnnotation#groundTruth}. */
    public List<String> classNames() {
        TreeSet<String> names = new TreeSet<>();
        annotations.forEach(a -> a.objects().forEach(o -> names.add(o.name())));
        return List.copyOf(names);
    }

    /** The image file of {@code annotation}. */
    public Path imagePath(VocAnnotation annotation) {
        return imagePath(root, annotation);
    }

    /** The annotated image as uint8 RGB in HWC order; not an image, or not of the annotated size, fails naming it. */
    public byte[] readImage(VocAnnotation annotation, Configuration conf) throws IOException {
        Path path = imagePath(annotation);
        ImageShape shape = new ImageShape(annotation.height(), annotation.width(), 3);
        try {
            return new ImageDecoder(shape, ResizeMode.NONE).decode(HadoopFiles.readBytes(path, conf), path.toString());
        } catch (BadRecordException e) {
            throw new DataException(e.getMessage() + " (annotated in " + annotation.source() + ")");
        }
    }

    private static Path imagePath(Path root, VocAnnotation annotation) {
        String name = annotation.filename();
        if (name.contains("/") || name.contains("\\") || name.equals("..")) {
            throw new DataException(annotation.source() + ": <filename> '" + name + "' must be a plain file name");
        }
        return new Path(new Path(root, "JPEGImages"), name);
    }
}
