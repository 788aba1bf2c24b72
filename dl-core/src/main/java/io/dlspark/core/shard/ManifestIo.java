package io.dlspark.core.shard;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.Json;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;

/** Reads and writes {@link ShardManifest} as JSON on any Hadoop file system. */
public final class ManifestIo {
    private ManifestIo() {
    }

    public static String toJson(ShardManifest manifest) {
        return Json.pretty(manifest);
    }

    public static ShardManifest fromJson(String json, String source) {
        return Json.read(json, ShardManifest.class, source);
    }

    /**
     * Reads {@code <shardRoot>/manifest.json}; a missing one is a usage error naming the path, a damaged one (a
     * field missing or inconsistent) a data error naming the path and the field.
     */
    public static ShardManifest read(Path shardRoot, Configuration conf) {
        Path path = new Path(shardRoot, ShardManifest.FILE_NAME);
        try {
            if (!HadoopFiles.exists(path, conf)) {
                throw new UsageException(path + ": no shard manifest here (is " + shardRoot + " the output of dlspark ingest?)");
            }
            ShardManifest manifest = fromJson(HadoopFiles.readString(path, conf), path.toString());
            ManifestCheck.check(manifest, path.toString());
            return manifest;
        } catch (IOException e) {
            throw new DataException(path + ": cannot read manifest: " + e.getMessage(), e);
        }
    }

    public static void write(ShardManifest manifest, Path shardRoot, Configuration conf) throws IOException {
        HadoopFiles.writeString(new Path(shardRoot, ShardManifest.FILE_NAME), toJson(manifest), conf);
    }
}
