package io.dlspark.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunLockTest {
    private static final long LEASE = 60_000;
    private final Configuration conf = new Configuration();
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);

    @TempDir
    java.nio.file.Path dir;

    private Path lockFile() {
        return new Path(dir.resolve("_LOCK").toUri());
    }

    private LeaseHolder holder(String host, long pid) {
        return new LeaseHolder("token-" + host + "-" + pid + "-" + System.nanoTime(), host, pid, LEASE, "t0");
    }

    private RunLock acquire(LeaseHolder who) throws IOException {
        return RunLock.acquire(lockFile(), conf, who, now::get, false);
    }

    @Test
    void aHeldLeaseBlocksASecondHolderAndIsFreedOnClose() throws IOException {
        RunLock first = acquire(holder("other-host", 4242));
        RunInProgressException e = assertThrows(RunInProgressException.class, () -> acquire(holder("this-host", 1)));
        assertTrue(e.getMessage().contains("process 4242 on other-host"), e.getMessage());
        first.close();
        assertFalse(Files.exists(dir.resolve("_LOCK")));
        acquire(holder("this-host", 1)).close();
    }

    @Test
    void anExpiredLeaseIsTakenOver() throws IOException {
        acquire(holder("other-host", 4242));
        now.addAndGet(LEASE - 1000);
        assertThrows(RunInProgressException.class, () -> acquire(holder("this-host", 1)));
        now.addAndGet(2000);
        LeaseHolder me = holder("this-host", 1);
        try (RunLock lock = acquire(me)) {
            assertEquals(me.token(), lock.holder().token());
        }
    }

    @Test
    void renewalKeepsTheLeaseAlive() throws IOException {
        RunLock first = acquire(holder("other-host", 4242));
        now.addAndGet(LEASE - 1000);
        first.renew();
        now.addAndGet(LEASE - 1000);
        assertThrows(RunInProgressException.class, () -> acquire(holder("this-host", 1)));
        first.checkHeld();
    }

    @Test
    void aDeadProcessOfThisHostLosesItsLockAtOnce() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        acquire(holder("this-host", finished.pid()));
        try (RunLock lock = acquire(holder("this-host", 2))) {
            assertTrue(lock.holder().pid() == 2);
        }
    }

    @Test
    void aLiveProcessOfThisHostKeepsItsLock() throws IOException {
        acquire(holder("this-host", ProcessHandle.current().pid()));
        assertThrows(RunInProgressException.class, () -> acquire(holder("this-host", 2)));
    }

    @Test
    void aHolderWhoseLockWasTakenOverNoticesOnRenewal() throws IOException {
        RunLock stale = acquire(holder("other-host", 4242));
        now.addAndGet(LEASE + 1);
        acquire(holder("this-host", 1));
        stale.renew();
        assertThrows(io.dlspark.core.DataException.class, stale::checkHeld);
        stale.close();
        assertTrue(FileSystem.getLocal(conf).exists(lockFile()), "closing a lost lock leaves the new holder's file");
    }

    @Test
    void anUnreadableLockIsRespectedWithinTheDefaultLease() throws IOException {
        Files.writeString(dir.resolve("_LOCK"), "{ half");
        FileSystem.getLocal(conf).setTimes(lockFile(), now.get(), -1);
        assertThrows(RunInProgressException.class, () -> acquire(holder("this-host", 1)));
        now.addAndGet(RunLock.DEFAULT_LEASE_MILLIS + 1);
        acquire(holder("this-host", 1)).close();
    }
}
