package io.dlspark.core.data;

import io.dlspark.core.DataException;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files of unsigned bytes, gzipped or not. A wrong magic number or an unreadable header is a
 * {@link DataException} naming the file; a body shorter than the header declares is returned with
 * {@link IdxFile#completeRecords()} below the declared count, so that the caller can report the missing records.
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE_TYPE = 0x08;
    private static final int MAX_DIMS = 8;

    private IdxReader() {
    }

    /** Reads the whole stream; {@code source} names it in errors. The stream is not closed. */
    public static IdxFile read(InputStream in, String source) throws IOException {
        DataInputStream data = new DataInputStream(maybeGunzip(in, source));
        int magic;
        try {
            magic = data.readInt();
        } catch (EOFException e) {
            throw new DataException(source + ": not an IDX file (shorter than its 4-byte magic number)");
        }
        int zeros = magic >>> 16;
        int type = (magic >>> 8) & 0xFF;
        int dimCount = magic & 0xFF;
        if (zeros != 0 || type != UNSIGNED_BYTE_TYPE || dimCount < 1 || dimCount > MAX_DIMS) {
            throw new DataException(String.format(
                "%s: wrong IDX magic number 0x%08X (expected 0x000008NN: unsigned bytes, 1-%d dimensions)",
                source, magic, MAX_DIMS));
        }
        int[] dims = new int[dimCount];
        long total = 1;
        for (int i = 0; i < dimCount; i++) {
            try {
                dims[i] = data.readInt();
            } catch (EOFException e) {
                throw new DataException(source + ": IDX header truncated in dimension " + i + " of " + dimCount);
            }
            if (dims[i] < 0) {
                throw new DataException(source + ": IDX dimension " + i + " is negative (" + dims[i] + ")");
            }
            total *= dims[i];
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new DataException(source + ": IDX body of " + total + " bytes is too large for one file reader");
        }
        byte[] body = new byte[(int) total];
        int read = data.readNBytes(body, 0, body.length);
        long recordSize = dims[0] == 0 ? 1 : total / dims[0];
        int complete = recordSize == 0 ? dims[0] : (int) (read / recordSize);
        return new IdxFile(source, dims, body, complete);
    }

    private static InputStream maybeGunzip(InputStream in, String source) throws IOException {
        PushbackInputStream pushback = new PushbackInputStream(in, 2);
        byte[] head = pushback.readNBytes(2);
        pushback.unread(head);
        boolean gzip = head.length == 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B;
        if (!gzip) {
            return pushback;
        }
        return new TruncationTolerantGzip(pushback, source);
    }

    /** A gzip stream whose premature end reads as end of data, so that a truncated .gz yields its complete records. */
    private static final class TruncationTolerantGzip extends InputStream {
        private final GZIPInputStream gzip;
        private final String source;

        TruncationTolerantGzip(InputStream in, String source) throws IOException {
            try {
                this.gzip = new GZIPInputStream(in, 1 << 16);
            } catch (EOFException e) {
                throw new DataException(source + ": gzip header truncated");
            }
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return gzip.read(b, off, len);
            } catch (EOFException e) {
                return -1;
            } catch (java.util.zip.ZipException e) {
                throw new DataException(source + ": corrupt gzip data: " + e.getMessage(), e);
            }
        }
    }
}
