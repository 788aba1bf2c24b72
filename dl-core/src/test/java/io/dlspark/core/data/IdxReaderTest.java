package io.dlspark.core.data;

import io.dlspark.core.DataException;
import io.dlspark.core.fixtures.IdxFixtures;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {
    private static final byte[] BODY = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    @Test
    void readsPlainIdxImages() throws IOException {
        IdxFile file = IdxReader.read(stream(IdxFixtures.idx(new int[] {3, 2, 2}, BODY)), "images");
        assertArrayEquals(new int[] {3, 2, 2}, file.dims());
        assertEquals(3, file.completeRecords());
        assertEquals(4, file.recordSize());
        assertArrayEquals(new byte[] {5, 6, 7, 8}, file.record(1));
    }

    @Test
    void readsGzippedLabels() throws IOException {
        IdxFile file = IdxReader.read(stream(gzip(IdxFixtures.idx(new int[] {4}, new byte[] {9, 0, (byte) 200, 3}))), "labels.gz");
        assertEquals(4, file.completeRecords());
        assertEquals(200, file.unsignedValue(2));
    }

    @Test
    void truncatedBodyKeepsOnlyCompleteRecords() throws IOException {
        byte[] full = IdxFixtures.idx(new int[] {3, 2, 2}, BODY);
        byte[] cut = Arrays.copyOf(full, full.length - 5);
        IdxFile file = IdxReader.read(stream(cut), "cut");
        assertEquals(3, file.declaredRecords());
        assertEquals(1, file.completeRecords());
    }

    @Test
    void truncatedGzipKeepsOnlyCompleteRecords() throws IOException {
        byte[] big = new byte[100 * 64];
        new java.util.Random(1).nextBytes(big);
        byte[] zipped = gzip(IdxFixtures.idx(new int[] {100, 8, 8}, big));
        IdxFile file = IdxReader.read(stream(Arrays.copyOf(zipped, zipped.length / 2)), "cut.gz");
        assertEquals(100, file.declaredRecords());
        assertTrue(file.completeRecords() > 0 && file.completeRecords() < 100, "complete " + file.completeRecords());
    }

    @Test
    void wrongMagicNumberNamesTheFile() {
        byte[] bad = IdxFixtures.idx(new int[] {3, 2, 2}, BODY);
        bad[2] = 0x0D;
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(stream(bad), "some/file.idx"));
        assertTrue(e.getMessage().contains("some/file.idx") && e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void truncatedHeaderNamesTheFile() {
        DataException e = assertThrows(DataException.class,
            () -> IdxReader.read(stream(new byte[] {0, 0, 8, 3, 0, 0}), "short.idx"));
        assertTrue(e.getMessage().startsWith("short.idx"), e.getMessage());
    }

    @Test
    void emptyFileIsNotIdx() {
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(stream(new byte[0]), "empty.idx"));
        assertTrue(e.getMessage().contains("empty.idx"), e.getMessage());
    }

    private static ByteArrayInputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
