package io.dlspark.shards;

import io.dlspark.core.DataException;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.ShardManifest.ShardFile;
import io.dlspark.core.shard.Split;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Verifies a split's shard files against the manifest before a job reads them: the same files, with the sizes and
 * SHA-256s the manifest records. Training, tuning and evaluation verify the splits they read, on the driver, once per
 * job: reading each file once costs little next to the epochs that read it many times.
 */
public final class ShardVerifier {
    private ShardVerifier() {
    }

    /** Throws a {@link DataException} naming the file when a shard of {@code split} is missing, extra, resized or altered. */
    public static void verify(ShardManifest manifest, Path root, Split split, Configuration conf) throws IOException {
        String prefix = split.dirName() + "/";
        Map<String, ShardFile> expected = manifest.files().stream().filter(f -> f.path().startsWith(prefix))
            .collect(Collectors.toMap(ShardFile::path, f -> f, (a, b) -> a, TreeMap::new));
        List<ShardFile> actual;
        try {
            actual = HadoopFiles.exists(new Path(root, split.dirName()), conf)
                ? ShardSetWriter.files(root, conf).stream().filter(f -> f.path().startsWith(prefix)).toList() : List.of();
        } catch (ChecksumException e) {
            throw new DataException(root + "/" + split.dirName() + ": a shard file is damaged: " + e.getMessage(), e);
        }
        for (ShardFile file : actual) {
            ShardFile recorded = expected.remove(file.path());
            Path path = new Path(root, file.path());
            if (recorded == null) {
                throw new DataException(path + ": a shard file that " + new Path(root, ShardManifest.FILE_NAME)
                    + " does not list");
            }
            if (recorded.bytes() != file.bytes() || !recorded.sha256().equalsIgnoreCase(file.sha256())) {
                throw new DataException(path + ": does not match the manifest (" + file.bytes() + " bytes, SHA-256 "
                    + file.sha256() + "; the manifest says " + recorded.bytes() + " bytes, " + recorded.sha256() + ")");
            }
        }
        if (!expected.isEmpty()) {
            throw new DataException(new Path(root, expected.keySet().iterator().next())
                + ": a shard file the manifest lists is missing");
        }
    }
}
