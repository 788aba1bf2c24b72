package io.dlspark.preflight;

import io.dlspark.core.io.HadoopFiles;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

/** An output or checkpoint folder must be creatable and writable: probed by writing and deleting a small file. */
final class WritablePathCheck {
    private WritablePathCheck() {
    }

    /** @param what how the user named the path, e.g. {@code pipeline.run-root} */
    static Optional<String> check(Path folder, Configuration conf, String what) {
        Path probe = new Path(folder, ".dlspark-write-probe-" + UUID.randomUUID());
        try {
            FileSystem fs = HadoopFiles.fs(folder, conf);
            if (fs.exists(folder) && !fs.getFileStatus(folder).isDirectory()) {
                return Optional.of(what + " " + folder + " is a file, not a folder");
            }
            if (!fs.mkdirs(folder)) {
                return Optional.of(what + " " + folder + " cannot be created");
            }
            try (FSDataOutputStream out = fs.create(probe, false)) {
                out.write(1);
            }
            fs.delete(probe, false);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(what + " " + folder + " is not writable: " + e.getMessage()
                + " (choose another path or fix its permissions)");
        }
    }
}
