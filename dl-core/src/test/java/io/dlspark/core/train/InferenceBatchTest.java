package io.dlspark.core.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An inference pass takes 256 records, fewer token sequences when they are long, never none. */
class InferenceBatchTest {
    @Test
    void longTokenSequencesTakeFewerRecordsAPass() {
        assertEquals(256, InferenceBatch.rows(new PixelFeatures(new byte[4 * 784], 784)));
        assertEquals(256, InferenceBatch.rows(new TokenRows(64, new int[128])));
        assertEquals(256, InferenceBatch.rows(new TokenRows(128, new int[128])));
        assertEquals(64, InferenceBatch.rows(new TokenRows(512, new int[512])), "4 windows of 128");
        assertEquals(1, InferenceBatch.rows(40_000));
    }
}
