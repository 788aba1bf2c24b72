package io.dlspark.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an MNIST-layout IDX folder holding the first {@code limit} training records of another (test files copied
 * unchanged), so that a benchmark can train on a subset through the ordinary ingest.
 */
final class IdxSubset {
    private IdxSubset() {
    }

    static Path write(Path source, Path target, int limit) throws IOException {
        Files.createDirectories(target);
        for (String kind : new String[] {"images-idx3-ubyte.gz", "labels-idx1-ubyte.gz"}) {
            truncate(source.resolve("train-" + kind), target.resolve("train-" + kind), limit);
            Files.copy(source.resolve("t10k-" + kind), target.resolve("t10k-" + kind), StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static void truncate(Path in, Path out, int limit) throws IOException {
        byte[] all;
        try (InputStream stream = new GZIPInputStream(Files.newInputStream(in))) {
            all = stream.readAllBytes();
        }
        ByteBuffer header = ByteBuffer.wrap(all);
        int dimensions = header.getInt() & 0xFF;
        int count = header.getInt();
        if (limit > count) {
            throw new IllegalArgumentException(in + " holds " + count + " records, fewer than the limit " + limit);
        }
        long itemBytes = 1;
        for (int d = 1; d < dimensions; d++) {
            itemBytes *= header.getInt();
        }
        int headerBytes = 4 + 4 * dimensions;
        ByteBuffer.wrap(all).putInt(4, limit);
        try (OutputStream stream = new GZIPOutputStream(Files.newOutputStream(out))) {
            stream.write(all, 0, (int) (headerBytes + limit * itemBytes));
        }
    }
}
