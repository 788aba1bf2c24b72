package io.dlspark.jobs.ingest;

import io.dlspark.core.UsageException;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.ingest.IngestPlan;
import io.dlspark.core.ingest.TextCorpus;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.ShardManifest.BadRecord;
import io.dlspark.core.shard.Split;
import io.dlspark.shards.ShardVerifier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The documents of {@code ingest --dataset text-corpus}: comma-separated inputs, each a folder of {@code .txt} files or
 * a text shard set, of which only the training split is read (so a labelled set's test documents stay out of a
 * pretraining corpus); the passages of one document in a shard set are joined back into it.
 */
final class CorpusDocuments {
    private CorpusDocuments() {
    }

    /** The plan of the corpus {@code inputs} names; with several inputs, ids start with each input's folder name. */
    static IngestPlan plan(SparkSession spark, String inputs, IngestOptions options, Configuration conf) throws IOException {
        List<String> uris = java.util.Arrays.stream(inputs.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (uris.isEmpty()) {
            throw new UsageException("--input '" + inputs + "': names no folder or shard set");
        }
        List<Path> paths = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String uri : uris) {
            Path path = PathOption.of("--input", uri, conf);
            if (uris.size() > 1 && !names.add(path.getName())) {
                throw new UsageException("--input " + uri + ": another input has the folder name '" + path.getName()
                    + "', which prefixes the record ids; give the corpora folders of different names");
            }
            paths.add(path);
        }
        List<BadRecord> bad = new ArrayList<>();
        List<TextCorpus.Document> documents = new ArrayList<>();
        for (Path path : paths) {
            String prefix = paths.size() > 1 ? path.getName() + "/" : "";
            if (HadoopFiles.exists(new Path(path, ShardManifest.FILE_NAME), conf)) {
                documents.addAll(shardDocuments(spark, path, prefix, conf));
            } else {
                documents.addAll(TextCorpus.readFolder(path, prefix, conf, bad));
            }
        }
        return TextCorpus.plan(paths.stream().map(Path::toString).toList(), documents, bad, options);
    }

    /** The training split of a text shard set, its passages ({@link TextCorpus#documentOf}) joined per document. */
    private static List<TextCorpus.Document> shardDocuments(SparkSession spark, Path root, String prefix,
                                                           Configuration conf) throws IOException {
        ShardManifest manifest = ManifestIo.read(root, conf);
        manifest.requireText("--input " + root);
        if (manifest.count(Split.TRAIN) == 0) {
            return List.of();
        }
        ShardVerifier.verify(manifest, root, Split.TRAIN, conf);
        Map<String, Map<String, String>> byDocument = new TreeMap<>();
        for (Row row : spark.read().parquet(new Path(root, Split.TRAIN.dirName()).toString())
            .select(ShardColumns.RECORD_ID, ShardColumns.TEXT).collectAsList()) {
            String id = row.getString(0);
            byDocument.computeIfAbsent(TextCorpus.documentOf(id), d -> new TreeMap<>())
                .put(id, row.isNullAt(1) ? "" : row.getString(1));
        }
        List<TextCorpus.Document> documents = new ArrayList<>(byDocument.size());
        byDocument.forEach((document, passages) -> documents.add(new TextCorpus.Document(prefix + document,
            root + "#" + document, String.join("\n", passages.values()))));
        return documents;
    }
}
