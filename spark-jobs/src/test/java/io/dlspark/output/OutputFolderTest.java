package io.dlspark.output;

import io.dlspark.core.UsageException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputFolderTest {
    @TempDir
    java.nio.file.Path dir;

    private final Configuration conf = new Configuration();

    private Path out() {
        return new Path(dir.resolve("model").toUri());
    }

    @Test
    void checkTouchesNothingAndRefusesAnExistingOutputWithoutAFlag() throws IOException {
        OutputFolder.check(out(), conf, false, false);
        assertFalse(Files.exists(dir.resolve("model")));
        Files.createDirectories(dir.resolve("model"));
        UsageException e = assertThrows(UsageException.class, () -> OutputFolder.check(out(), conf, false, false));
        assertTrue(e.getMessage().contains("already exists; pass --resume"), e.getMessage());
        OutputFolder.check(out(), conf, true, false);
        OutputFolder.check(out(), conf, false, true);
    }

    @Test
    void aReplaceableOutputThatExistsNeedsOverwrite() throws IOException {
        OutputFolder.checkReplaceable(out(), conf, false);
        assertFalse(Files.exists(dir.resolve("model")));
        Files.createDirectories(dir.resolve("model"));
        UsageException e = assertThrows(UsageException.class, () -> OutputFolder.checkReplaceable(out(), conf, false));
        assertTrue(e.getMessage().startsWith("--output ") && e.getMessage().contains("pass --overwrite"), e.getMessage());
        OutputFolder.checkReplaceable(out(), conf, true);
    }

    @Test
    void aSecondWriterIsToldTheRunIsInProgress() throws IOException {
        try (OutputFolder first = OutputFolder.begin(out(), conf, false)) {
            assertTrue(Files.isDirectory(dir.resolve("model")));
            RunInProgressException e = assertThrows(RunInProgressException.class,
                () -> OutputFolder.begin(out(), conf, true));
            assertTrue(e.getMessage().contains(".model.lock"), e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve(".model.lock")), "the lock goes with the run");
        OutputFolder.begin(out(), conf, true).close();
    }

    @Test
    void replacingKeepsTheEarlierOutputUntilCommit() throws IOException {
        Files.createDirectories(dir.resolve("model"));
        Files.writeString(dir.resolve("model/manifest.json"), "old");
        try (OutputFolder failed = OutputFolder.begin(out(), conf, true)) {
            Files.writeString(java.nio.file.Path.of(failed.dir().toUri()).resolve("manifest.json"), "half");
            assertEquals("old", Files.readString(dir.resolve("model/manifest.json")));
        }
        assertEquals("old", Files.readString(dir.resolve("model/manifest.json")), "a run that fails keeps the old output");
        try (OutputFolder replaced = OutputFolder.begin(out(), conf, true)) {
            Files.writeString(java.nio.file.Path.of(replaced.dir().toUri()).resolve("manifest.json"), "new");
            replaced.commit();
        }
        assertEquals("new", Files.readString(dir.resolve("model/manifest.json")));
        try (var names = Files.list(dir)) {
            assertEquals(java.util.List.of("model"), names.map(p -> p.getFileName().toString()).toList());
        }
    }
}
