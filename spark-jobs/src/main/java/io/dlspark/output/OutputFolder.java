package io.dlspark.output;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.io.HadoopFiles;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * A run's output folder: checked without side effects first, created only when the run starts, locked while the
 * run writes it, and, when it replaces an earlier output, written beside it and swapped in only at commit.
 */
public final class OutputFolder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputFolder.class);

    private final Path target;
    private final Path dir;
    private final Configuration conf;
    private final RunLock lock;
    private boolean committed;

    private OutputFolder(Path target, Path dir, Configuration conf, RunLock lock) {
        this.target = target;
        this.dir = dir;
        this.conf = conf;
        this.lock = lock;
    }

    /**
     * Checks, without touching anything, that {@code output} may be written: an existing folder needs
     * {@code replace} or {@code resume}; a file is never replaced.
     */
    public static void check(Path folder, Configuration conf, boolean replace, boolean resume) throws IOException {
        Path output = normalized(folder);
        FileSystem fs = HadoopFiles.fs(output, conf);
        if (!fs.exists(output)) {
            return;
        }
        if (!fs.getFileStatus(output).isDirectory()) {
            throw new UsageException("--output " + output + " is a file, not a folder");
        }
        if (!replace && !resume) {
            throw new UsageException("--output " + output
                + " already exists; pass --resume to continue it or --overwrite to replace it");
        }
    }

    /**
     * Checks, without touching anything, an output that a run replaces as a whole (shards, an assembled artifact): an
     * existing one needs {@code overwrite}.
     */
    public static void checkReplaceable(Path output, Configuration conf, boolean overwrite) throws IOException {
        if (!overwrite && HadoopFiles.exists(output, conf)) {
            throw new UsageException("--output " + output + " already exists; pass --overwrite to replace it");
        }
    }

    /**
     * Starts writing {@code output}: takes its lock ({@link #lockFile}; another writer gets a
     * {@link RunInProgressException}), then creates the folder, or with {@code replace} over an existing one, a
     * staging folder beside it that {@link #commit()} swaps in.
     */
    public static OutputFolder begin(Path folder, Configuration conf, boolean replace) throws IOException {
        Path output = normalized(folder);
        RunLock lock = RunLock.acquire(lockFile(output), conf, RunLock.DEFAULT_LEASE_MILLIS);
        try {
            FileSystem fs = HadoopFiles.fs(output, conf);
            Path dir = output;
            if (replace && fs.exists(output)) {
                dir = staging(output);
                fs.delete(dir, true);
            }
            if (!fs.mkdirs(dir)) {
                throw new DataException("--output " + output + ": cannot create " + dir);
            }
            return new OutputFolder(output, dir, conf, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The lock file of {@code output}: a hidden file beside it, so that replacing the folder keeps the lock. */
    public static Path lockFile(Path folder) {
        Path output = normalized(folder);
        return new Path(output.getParent(), "." + output.getName() + ".lock");
    }

    /** {@code folder} without a trailing slash, so that its name is the folder's. */
    private static Path normalized(Path folder) {
        String text = folder.toString();
        int end = text.length();
        while (end > 1 && text.charAt(end - 1) == '/') {
            end--;
        }
        return end == text.length() ? folder : new Path(text.substring(0, end));
    }

    private static Path staging(Path output) {
        return new Path(output.getParent(), "." + output.getName() + ".staging");
    }

    /** Where the run writes: the output itself, or its staging folder when it replaces an earlier output. */
    public Path dir() {
        return dir;
    }

    /** The output the user named. */
    public Path target() {
        return target;
    }

    /** Makes the written folder the output; an earlier output is deleted only once the new one is in its place. */
    public void commit() throws IOException {
        lock.checkHeld();
        if (!dir.equals(target)) {
            FileSystem fs = HadoopFiles.fs(target, conf);
            Path replaced = new Path(target.getParent(), "." + target.getName() + ".replaced");
            fs.delete(replaced, true);
            if (!fs.rename(target, replaced)) {
                throw new DataException("--output " + target + ": cannot move the earlier output aside to " + replaced);
            }
            if (!fs.rename(dir, target)) {
                fs.rename(replaced, target);
                throw new DataException("--output " + target + ": cannot rename " + dir + " to it; the earlier output is kept");
            }
            fs.delete(replaced, true);
        }
        committed = true;
    }

    /** Releases the lock; an uncommitted staging folder is deleted (the earlier output stays as it was). */
    @Override
    public void close() throws IOException {
        try {
            if (!committed && !dir.equals(target)) {
                HadoopFiles.fs(dir, conf).delete(dir, true);
                LOG.info("Run did not finish; {} is kept as it was", target);
            }
        } finally {
            lock.close();
        }
    }
}
