package io.dlspark.core.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Small helpers over Hadoop's {@link FileSystem}, so that every path may be file://, hdfs:// or s3a://. */
public final class HadoopFiles {
    private HadoopFiles() {
    }

    public static FileSystem fs(Path path, Configuration conf) throws IOException {
        return path.getFileSystem(conf);
    }

    public static boolean exists(Path path, Configuration conf) throws IOException {
        return fs(path, conf).exists(path);
    }

    public static byte[] readBytes(Path path, Configuration conf) throws IOException {
        try (InputStream in = fs(path, conf).open(path)) {
            return in.readAllBytes();
        }
    }

    public static String readString(Path path, Configuration conf) throws IOException {
        return new String(readBytes(path, conf), StandardCharsets.UTF_8);
    }

    /** Writes the text, replacing any existing file. Callers that need atomicity write under an {@link AtomicOutput}. */
    public static void writeString(Path path, String text, Configuration conf) throws IOException {
        try (FSDataOutputStream out = fs(path, conf).create(path, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** SHA-256 of a file's bytes, as lower-case hex. */
    public static String sha256(Path path, Configuration conf) throws IOException {
        MessageDigest digest = newSha256();
        try (InputStream in = new DigestInputStream(fs(path, conf).open(path), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
