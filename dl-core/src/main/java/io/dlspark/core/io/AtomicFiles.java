package io.dlspark.core.io;

import io.dlspark.core.DataException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Single files written to a hidden temporary sibling and renamed into place, so readers never see half a file. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes what {@code body} produces to {@code target}, replacing an existing file only when complete. */
    public static void write(Path target, Configuration conf, Body body) throws IOException {
        FileSystem fs = HadoopFiles.fs(target, conf);
        Path temporary = new Path(target.getParent(), "." + target.getName() + "._tmp-" + UUID.randomUUID());
        try {
            try (FSDataOutputStream out = fs.create(temporary, false)) {
                body.writeTo(out);
            }
            if (fs.exists(target) && !fs.delete(target, false)) {
                throw new DataException("cannot replace " + target);
            }
            if (!fs.rename(temporary, target)) {
                throw new DataException("cannot rename " + temporary + " to " + target);
            }
        } finally {
            if (fs.exists(temporary)) {
                fs.delete(temporary, false);
            }
        }
    }

    public static void writeString(Path target, String text, Configuration conf) throws IOException {
        write(target, conf, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Produces a file's bytes. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }
}
