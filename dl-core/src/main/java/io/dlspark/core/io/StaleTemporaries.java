package io.dlspark.core.io;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Deletes the hidden temporaries ({@code .<name>._tmp-<uuid>}, {@code .<name>._old-<uuid>}) that killed jobs left in
 * a folder. Lock-free rule: a temporary is stale when neither it nor anything under it was modified during the
 * {@link #STALE_AFTER_MILLIS} before the new run began; a live job writes into its temporary far more often.
 */
final class StaleTemporaries {
    /** Six hours without a write. */
    static final long STALE_AFTER_MILLIS = 6L * 3600 * 1000;
    private static final Logger LOG = LoggerFactory.getLogger(StaleTemporaries.class);
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\._(tmp|old)-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");

    private StaleTemporaries() {
    }

    /** Deletes the stale temporaries directly in {@code parent}; {@code runStart} is the new run's start (epoch ms). */
    static int clean(FileSystem fs, Path parent, long runStart) throws IOException {
        FileStatus[] children;
        try {
            children = fs.listStatus(parent);
        } catch (FileNotFoundException e) {
            return 0;
        }
        int deleted = 0;
        for (FileStatus child : children) {
            if (TEMPORARY.matcher(child.getPath().getName()).matches()
                && newestModification(fs, child) < runStart - STALE_AFTER_MILLIS) {
                if (fs.delete(child.getPath(), true)) {
                    LOG.info("Deleted {}, left by a job that stopped before committing", child.getPath());
                    deleted++;
                }
            }
        }
        return deleted;
    }

    private static long newestModification(FileSystem fs, FileStatus status) throws IOException {
        long newest = status.getModificationTime();
        if (status.isDirectory()) {
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(status.getPath(), true);
            while (files.hasNext()) {
                newest = Math.max(newest, files.next().getModificationTime());
            }
        }
        return newest;
    }
}
