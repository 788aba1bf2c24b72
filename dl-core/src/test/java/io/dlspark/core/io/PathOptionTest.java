package io.dlspark.core.io;

import io.dlspark.core.UsageException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathOptionTest {
    @Test
    void anUnknownSchemeNamesTheOption() {
        UsageException e = assertThrows(UsageException.class, () -> PathOption.of("--input", "hfds://nn/data", new Configuration()));
        assertTrue(e.getMessage().startsWith("--input hfds://nn/data: no file system for URI scheme 'hfds'"), e.getMessage());
    }

    @Test
    void knownSchemesAndPlainPathsPass() {
        assertEquals("file", PathOption.of("--output", "file:///tmp/x", new Configuration()).toUri().getScheme());
        assertEquals("/tmp/y", PathOption.of("--output", "/tmp/y", new Configuration()).toString());
    }
}
