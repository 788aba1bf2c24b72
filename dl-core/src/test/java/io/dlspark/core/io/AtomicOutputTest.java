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
