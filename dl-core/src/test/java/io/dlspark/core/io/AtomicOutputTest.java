package io.dlspark.core.io;

import io.dlspark.core.UsageException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicOutputTest {
    private final Configuration conf = new Configuration();

    @TempDir
    java.nio.file.Path dir;

    @Test
    void outputAppearsOnlyOnCommit() throws IOException {
        Path target = new Path(dir.resolve("out").toUri());
        try (AtomicOutput out = AtomicOutput.begin(target, conf, false)) {
            HadoopFiles.writeString(new Path(out.temporary(), "a.txt"), "x", conf);
            assertFalse(Files.exists(dir.resolve("out")));
            out.commit();
        }
        assertEquals("x", Files.readString(dir.resolve("out/a.txt")));
        assertEquals(1, entries());
    }

    @Test
    void temporariesLeftByAKilledJobAreRemovedByTheNextOutputInTheSameFolder() throws IOException {
        java.nio.file.Path stale = dir.resolve(".shards._tmp-" + java.util.UUID.randomUUID());
        java.nio.file.Path live = dir.resolve(".other._tmp-" + java.util.UUID.randomUUID());
        java.nio.file.Path unrelated = dir.resolve("._tmp-notes");
        Files.createDirectories(stale.resolve("train"));
        Files.writeString(stale.resolve("train/part-0.parquet"), "half");
        Files.createDirectories(live);
        Files.writeString(live.resolve("part-0.parquet"), "being written");
        Files.createDirectories(unrelated);
        java.nio.file.attribute.FileTime sevenHoursAgo = java.nio.file.attribute.FileTime.fromMillis(
            System.currentTimeMillis() - 7L * 3600 * 1000);
        for (java.nio.file.Path p : new java.nio.file.Path[] {stale.resolve("train/part-0.parquet"), stale.resolve("train"), stale, unrelated}) {
            Files.setLastModifiedTime(p, sevenHoursAgo);
        }
        try (AtomicOutput out = AtomicOutput.begin(new Path(dir.resolve("shards").toUri()), conf, false)) {
            out.commit();
        }
        assertFalse(Files.exists(stale), "a temporary untouched for 7 h is stale");
        assertTrue(Files.exists(live), "a recently written temporary may belong to a running job");
        assertTrue(Files.exists(unrelated), "only dlspark's .<name>._tmp-<uuid> folders are touched");
    }

    @Test
    void failureLeavesNothingBehind() throws IOException {
        Path target = new Path(dir.resolve("out").toUri());
        assertThrows(IllegalStateException.class, () -> {
            try (AtomicOutput out = AtomicOutput.begin(target, conf, false)) {
                HadoopFiles.writeString(new Path(out.temporary(), "a.txt"), "x", conf);
                throw new IllegalStateException("job failed");
            }
        });
        assertEquals(0, entries());
    }

    @Test
    void refusesToOverwriteAndNamesThePath() throws IOException {
        Files.createDirectories(dir.resolve("out"));
        UsageException e = assertThrows(UsageException.class,
            () -> AtomicOutput.begin(new Path(dir.resolve("out").toUri()), conf, false));
        assertTrue(e.getMessage().contains("out") && e.getMessage().contains("--overwrite"), e.getMessage());
    }

    @Test
    void overwriteReplacesOnlyAtCommit() throws IOException {
        Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("out/old.txt"), "old");
        try (AtomicOutput out = AtomicOutput.begin(new Path(dir.resolve("out").toUri()), conf, true)) {
            HadoopFiles.writeString(new Path(out.temporary(), "new.txt"), "new", conf);
            assertTrue(Files.exists(dir.resolve("out/old.txt")));
            out.commit();
        }
        assertFalse(Files.exists(dir.resolve("out/old.txt")));
        assertEquals("new", Files.readString(dir.resolve("out/new.txt")));
        assertEquals(1, entries());
    }

    private long entries() throws IOException {
        try (Stream<java.nio.file.Path> list = Files.list(dir)) {
            return list.count();
        }
    }
}
