package io.dlspark.core.shard;

import io.dlspark.core.DataException;

import java.util.Map;

/**
 * Checks a manifest read from a file before anything uses it, so that a damaged or hand-edited one is a one-line
 * error naming the file and the field, not a NullPointerException deep in a job.
 */
final class ManifestCheck {
    private ManifestCheck() {
    }

    static void check(ShardManifest m, String source) {
        if (m.schemaVersion() > ShardManifest.SCHEMA_VERSION) {
            throw new DataException(source + ": manifest schema version " + m.schemaVersion()
                + " is newer than this dlspark understands (" + ShardManifest.SCHEMA_VERSION + ")");
        }
        require(m.recordFormat() != null, source, "recordFormat", "is missing");
        if (m.recordFormat() != RecordFormat.TEXT_UTF8) {
            require(m.shape() != null, source, "shape", "is missing (" + m.recordFormat() + " records need it)");
        }
        require(m.labelNames() != null, source, "labelNames", "is missing");
        require(!m.labelNames().isEmpty(), source, "labelNames", "is empty");
        for (int i = 0; i < m.labelNames().size(); i++) {
            require(m.labelNames().get(i) != null, source, "labelNames[" + i + "]", "is null");
        }
        require(m.splits() != null && !m.splits().isEmpty(), source, "splits", "is missing");
        for (Map.Entry<String, ShardManifest.SplitCounts> split : m.splits().entrySet()) {
            String field = "splits." + split.getKey();
            ShardManifest.SplitCounts counts = split.getValue();
            require(counts != null, source, field, "is null");
            require(counts.records() >= 0, source, field + ".records", "is negative");
            require(counts.perClass() != null, source, field + ".perClass", "is missing");
            require(counts.perClass().length == m.labelNames().size(), source, field + ".perClass",
                "counts " + counts.perClass().length + " classes but labelNames has " + m.labelNames().size());
        }
        require(m.files() != null, source, "files", "is missing");
        for (int i = 0; i < m.files().size(); i++) {
            ShardManifest.ShardFile file = m.files().get(i);
            String field = "files[" + i + "]";
            require(file != null && file.path() != null, source, field + ".path", "is missing");
            require(!file.path().startsWith("/") && !file.path().contains("..") && !file.path().contains(":"),
                source, field + ".path", "'" + file.path() + "' is not a path inside the shard set");
            require(file.bytes() >= 0, source, field + ".bytes", "is negative");
        }
        if (m.positiveLabel() != null) {
            require(m.labelNames().contains(m.positiveLabel()), source, "positiveLabel",
                "'" + m.positiveLabel() + "' is not one of labelNames");
        }
    }

    private static void require(boolean ok, String source, String field, String problem) {
        if (!ok) {
            throw new DataException(source + ": field '" + field + "' " + problem);
        }
    }
}
