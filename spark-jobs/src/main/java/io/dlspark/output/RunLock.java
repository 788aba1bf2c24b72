package io.dlspark.output;

import io.dlspark.core.DataException;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.Json;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * A lock file with a lease, so that one process at a time runs a pipeline run id: created exclusively, naming its
 * holder ({@link LeaseHolder}), its modification time the heartbeat. Needs exclusive create and settable modification
 * times (local, HDFS; not S3).
 */
public final class RunLock implements AutoCloseable {
    /** The lease of a lock whose holder does not say otherwise: 10 minutes. */
    public static final long DEFAULT_LEASE_MILLIS = 600_000;
    private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

    private final Path file;
    private final Configuration conf;
    private final LeaseHolder holder;
    private final LongSupplier clock;
    private final ScheduledExecutorService renewer;
    private final AtomicBoolean lost = new AtomicBoolean();

    private RunLock(Path file, Configuration conf, LeaseHolder holder, LongSupplier clock, boolean renew) {
        this.file = file;
        this.conf = conf;
        this.holder = holder;
        this.clock = clock;
        if (renew) {
            renewer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dlspark-lease-renewal");
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(1, holder.leaseMillis() / 3);
            renewer.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
        } else {
            renewer = null;
        }
    }

    /** Takes the lock for this process, renewing it in the background until {@link #close()}. */
    public static RunLock acquire(Path file, Configuration conf, long leaseMillis) throws IOException {
        LeaseHolder self = LeaseHolder.self(leaseMillis, java.time.Instant.now().toString());
        return acquire(file, conf, self, System::currentTimeMillis, true);
    }

    /** Takes the lock for {@code self} at the time {@code clock} tells; throws {@link RunInProgressException} when held. */
    static RunLock acquire(Path file, Configuration conf, LeaseHolder self, LongSupplier clock, boolean renew)
        throws IOException {
        FileSystem fs = HadoopFiles.fs(file, conf);
        for (int attempt = 0; attempt < 2; attempt++) {
            if (tryCreate(fs, file, self, clock.getAsLong())) {
                if (self.token().equals(readHolder(fs, file).token())) {
                    return new RunLock(file, conf, self, clock, renew);
                }
                continue;
            }
            LeaseHolder current;
            try {
                current = readHolder(fs, file);
            } catch (IOException | RuntimeException e) {
                current = null;
            }
            long heartbeat = fs.getFileStatus(file).getModificationTime();
            String stale = staleness(current, heartbeat, clock.getAsLong(), self.host());
            if (stale == null) {
                throw new RunInProgressException("another run of this id is in progress: " + file + " is held by "
                    + (current == null ? "a process that is still writing it" : current.describe() + ", lease "
                    + current.leaseMillis() / 1000 + " s") + ", heartbeat " + (clock.getAsLong() - heartbeat) / 1000 + " s ago");
            }
            LOG.warn("Taking over the lock {}: {}", file, stale);
            fs.delete(file, false);
        }
        throw new RunInProgressException("another process took the lock " + file + " at the same time");
    }

    /** Why the lock is stale, or null when its holder may still run. */
    static String staleness(LeaseHolder current, long heartbeat, long now, String thisHost) {
        if (current == null) {
            // Unreadable: a holder killed while writing it. Trust it only for one default lease after its creation.
            return now - heartbeat > DEFAULT_LEASE_MILLIS ? "unreadable and older than the default lease" : null;
        }
        if (now - heartbeat > current.leaseMillis()) {
            return "its lease expired (holder " + current.describe() + ", heartbeat " + (now - heartbeat) / 1000 + " s ago)";
        }
        if (current.host().equals(thisHost) && ProcessHandle.of(current.pid()).map(p -> !p.isAlive()).orElse(true)) {
            return "its holder " + current.describe() + " no longer runs";
        }
        return null;
    }

    private static boolean tryCreate(FileSystem fs, Path file, LeaseHolder self, long now) throws IOException {
        try (FSDataOutputStream out = fs.create(file, false)) {
            out.write(Json.pretty(self).getBytes(StandardCharsets.UTF_8));
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        fs.setTimes(file, now, -1);
        return true;
    }

    private static LeaseHolder readHolder(FileSystem fs, Path file) throws IOException {
        return Json.read(HadoopFiles.readString(file, fs.getConf()), LeaseHolder.class, file.toString());
    }

    /** Extends the lease; marks the lock lost when another process has taken it over. */
    void renew() {
        try {
            FileSystem fs = HadoopFiles.fs(file, conf);
            if (!fs.exists(file) || !holder.token().equals(readHolder(fs, file).token())) {
                lost.set(true);
                LOG.error("Lost the lock {}: another process took it over", file);
                return;
            }
            fs.setTimes(file, clock.getAsLong(), -1);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not renew the lock {}: {}", file, e.getMessage());
        }
    }

    /** Throws when another process took the lock over (this one's lease had expired). */
    public void checkHeld() {
        if (lost.get()) {
            throw new DataException("lost the lock " + file + " to another process (the lease expired); stopping this run");
        }
    }

    public LeaseHolder holder() {
        return holder;
    }

    /** Stops renewing and removes the lock file if this process still holds it. */
    @Override
    public void close() throws IOException {
        if (renewer != null) {
            renewer.shutdownNow();
        }
        FileSystem fs = HadoopFiles.fs(file, conf);
        try {
            if (fs.exists(file) && holder.token().equals(readHolder(fs, file).token())) {
                fs.delete(file, false);
            }
        } catch (DataException e) {
            LOG.warn("Left the unreadable lock file {} in place: {}", file, e.getMessage());
        }
    }
}
