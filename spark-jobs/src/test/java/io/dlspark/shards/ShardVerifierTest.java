package io.dlspark.shards;

import io.dlspark.core.DataException;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.spark.SparkTestSession;
import io.dlspark.testing.MnistLikeShards;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardVerifierTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void intactShardsPassAndAnAlteredOneIsNamed() throws IOException {
        String root = MnistLikeShards.ingest(SparkTestSession.get(), dir, 40, 10, 3);
        Configuration conf = new Configuration();
        ShardManifest manifest = ManifestIo.read(new Path(root), conf);
        ShardVerifier.verify(manifest, new Path(root), Split.TRAIN, conf);
        java.nio.file.Path shard;
        try (Stream<java.nio.file.Path> files = Files.list(java.nio.file.Path.of(new Path(root).toUri().getPath(), "train"))) {
            shard = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(shard);
        bytes[bytes.length / 2] ^= 1;
        Files.write(shard, bytes, StandardOpenOption.TRUNCATE_EXISTING);
        // without Hadoop's local .crc file, so that the manifest's SHA-256 is what catches the change
        Files.deleteIfExists(shard.resolveSibling("." + shard.getFileName() + ".crc"));
        DataException e = assertThrows(DataException.class, () -> ShardVerifier.verify(manifest, new Path(root), Split.TRAIN, conf));
        assertTrue(e.getMessage().contains(shard.getFileName().toString()) && e.getMessage().contains("does not match the manifest"),
            e.getMessage());
        ShardVerifier.verify(manifest, new Path(root), Split.TEST, conf);
        Files.delete(shard);
        DataException missing = assertThrows(DataException.class, () -> ShardVerifier.verify(manifest, new Path(root), Split.TRAIN, conf));
        assertTrue(missing.getMessage().contains("is missing"), missing.getMessage());
    }
}
