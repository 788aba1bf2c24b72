package io.dlspark.core.io;

import io.dlspark.core.UsageException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

import java.io.IOException;
import java.net.URI;

/** A path given by a command-line option or config key, checked for a URI scheme this Hadoop can open. */
public final class PathOption {
    private PathOption() {
    }

    /**
     * The path of {@code value}; a missing value or a scheme with no Hadoop file system (a typo such as {@code s3:}
     * or {@code hfds:}, or a connector missing from the classpath) is a {@link UsageException} naming {@code option}.
     */
    public static Path of(String option, String value, Configuration conf) {
        if (value == null || value.isBlank()) {
            throw new UsageException(option + ": missing path");
        }
        Path path;
        try {
            path = new Path(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " " + value + ": not a path or URI (" + e.getMessage() + ")");
        }
        URI uri = path.toUri();
        String scheme = uri.getScheme() != null ? uri.getScheme() : FileSystem.getDefaultUri(conf).getScheme();
        try {
            FileSystem.getFileSystemClass(scheme, conf);
        } catch (UnsupportedFileSystemException e) {
            throw new UsageException(option + " " + value + ": no file system for URI scheme '" + scheme
                + "' (file, hdfs and s3a are supported; check the spelling or add the connector's jar)");
        } catch (IOException e) {
            throw new UsageException(option + " " + value + ": " + e.getMessage());
        }
        return path;
    }
}
