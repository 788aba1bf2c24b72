package io.dlspark.core.io;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.UUID;

/**
 * A directory that appears at its final path only when complete: work goes to a hidden sibling that {@link #commit()}
 * renames into place; an existing target is replaced only at commit, and killed jobs' leftovers are removed
 * ({@link StaleTemporaries}).
 */
public final class AtomicOutput implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicOutput.class);

    private final Path target;
    private final Path temporary;
    private final FileSystem fs;
    private final boolean overwrite;
    private boolean committed;

    private AtomicOutput(Path target, Configuration conf, boolean overwrite) throws IOException {
        this.fs = target.getFileSystem(conf);
        this.target = fs.makeQualified(new Path(target.toString()));
        this.overwrite = overwrite;
        this.temporary = new Path(this.target.getParent(), "." + this.target.getName() + "._tmp-" + UUID.randomUUID());
    }

    /** Checks the target and creates the temporary directory; an existing target without overwrite is a usage error. */
    public static AtomicOutput begin(Path target, Configuration conf, boolean overwrite) throws IOException {
        AtomicOutput output = new AtomicOutput(target, conf, overwrite);
        if (!overwrite && output.fs.exists(output.target)) {
            throw new UsageException(output.target + " already exists; pass --overwrite to replace it");
        }
        StaleTemporaries.clean(output.fs, output.target.getParent(), System.currentTimeMillis());
        if (!output.fs.mkdirs(output.temporary)) {
            throw new DataException(output.temporary + ": cannot create the temporary output directory");
        }
        return output;
    }

    /** Where the job writes; becomes {@link #target()} on commit. */
    public Path temporary() {
        return temporary;
    }

    public Path target() {
        return target;
    }

    /** Moves the finished output into place, replacing an old one when overwriting was asked for. */
    public void commit() throws IOException {
        Path old = null;
        if (fs.exists(target)) {
            if (!overwrite) {
                throw new UsageException(target + " appeared while the job ran; pass --overwrite to replace it");
            }
            old = new Path(target.getParent(), "." + target.getName() + "._old-" + UUID.randomUUID());
            rename(target, old);
        }
        rename(temporary, target);
        committed = true;
        if (old != null) {
            fs.delete(old, true);
        }
        LOG.info("Committed {}", target);
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new DataException("cannot rename " + from + " to " + to);
        }
    }

    /** Deletes the temporary directory unless the output was committed. */
    @Override
    public void close() throws IOException {
        if (!committed && fs.exists(temporary)) {
            fs.delete(temporary, true);
        }
    }
}
