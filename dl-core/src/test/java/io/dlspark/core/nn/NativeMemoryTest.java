package io.dlspark.core.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A collection is due past 60 % of the ceiling, and again only after 512 MiB more; never without a ceiling. */
class NativeMemoryTest {
    private static final long GIB = 1L << 30;

    @Test
    void collectsPastTheShareAndAgainOnlyAfterGrowth() {
        long ceiling = 12 * GIB;
        assertFalse(NativeMemory.due(7 * GIB, ceiling, 0), "under 60 % of 12 GiB");
        assertTrue(NativeMemory.due(8 * GIB, ceiling, 0));
        assertFalse(NativeMemory.due(8 * GIB, ceiling, 8 * GIB - GIB / 4), "a live set near the share is not collected every step");
        assertTrue(NativeMemory.due(8 * GIB, ceiling, 8 * GIB - GIB));
        assertFalse(NativeMemory.due(20 * GIB, 0, 0), "no ceiling, no collection");
    }
}
