package io.dlspark.core.ingest;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.data.BadRecordException;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardManifest.BadRecord;
import io.dlspark.core.shard.Split;
import io.dlspark.core.text.DocumentText;
import io.dlspark.core.text.Passages;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * An unlabelled text corpus planned on the driver: documents read there, split by document (seeded), then cut into
 * passages ({@link Passages}) that keep their document's split, all of the one class {@value #LABEL}.
 */
public final class TextCorpus {
    public static final String DATASET = "text-corpus";
    /** The name of the one (dummy) class of a corpus. */
    public static final String LABEL = "text";
    /** Words per passage when none is asked for: at about 1.5 WordPiece tokens a word, most fit 128 tokens. */
    public static final int DEFAULT_PASSAGE_WORDS = 80;
    private static final String PASSAGE_SEPARATOR = "#p";

    private TextCorpus() {
    }

    /** One document: a stable id (unique in the corpus), where it came from, and its text. */
    public record Document(String id, String source, String text) {
    }

    /**
     * The {@code .txt} files under {@code dir} (recursively; names starting with {@code .} or {@code _} skipped) as
     * documents with ids {@code <prefix><relative path>}; an empty or non-UTF-8 file goes to {@code bad}.
     */
    public static List<Document> readFolder(Path dir, String prefix, Configuration conf, List<BadRecord> bad)
        throws IOException {
        FileSystem fs = HadoopFiles.fs(dir, conf);
        if (!fs.exists(dir) || !fs.getFileStatus(dir).isDirectory()) {
            throw new UsageException("--input " + dir + ": no such folder");
        }
        List<Path> files = FolderDatasetSource.filesUnder(fs, dir).stream()
            .filter(p -> p.getName().toLowerCase(Locale.ROOT).endsWith(".txt")).toList();
        String base = dir.toUri().getPath();
        List<Document> documents = new ArrayList<>(files.size());
        for (Path file : files) {
            String relative = file.toUri().getPath().substring(base.length()).replaceFirst("^/+", "");
            try {
                documents.add(new Document(prefix + relative, file.toString(),
                    DocumentText.plain(HadoopFiles.readBytes(file, conf), file.toString())));
            } catch (BadRecordException e) {
                bad.add(new BadRecord(file.toString(), e.reason()));
            }
        }
        return documents;
    }

    /**
     * The plan of {@code documents} (any order; ids must be unique): a seeded test and validation share of the
     * documents, then each document cut into passages of about {@code options.passageWords()} words (0: whole).
     */
    public static IngestPlan plan(List<String> sources, List<Document> documents, List<BadRecord> bad,
                                  IngestOptions options) {
        List<Document> sorted = new ArrayList<>(documents);
        sorted.sort(Comparator.comparing(Document::id));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).id().equals(sorted.get(i - 1).id())) {
                throw new DataException(sorted.get(i).source() + ": document id '" + sorted.get(i).id()
                    + "' occurs twice in the corpus (also " + sorted.get(i - 1).source() + ")");
            }
        }
        Split[] splits = HoldOutSplit.assign(new int[sorted.size()], 1, options);
        List<RecordRef> records = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            Document d = sorted.get(i);
            records.addAll(passages(d.id(), 0, splits[i], d.source(), d.text(), options.passageWords()));
        }
        return new IngestPlan(DATASET, sources, RecordFormat.TEXT_UTF8, null, List.of(LABEL), records, bad, List.of(),
            new PassageDecoder());
    }

    /**
     * The passage records of one document, all in {@code split} with {@code label}: ids {@code <id>#p0000, ...} (or
     * {@code id} itself when {@code words} is 0), texts carried as payload.
     */
    static List<RecordRef> passages(String id, int label, Split split, String source, String text, int words) {
        List<String> passages = words == 0 ? List.of(text) : Passages.cut(text, words);
        List<RecordRef> records = new ArrayList<>(passages.size());
        for (int p = 0; p < passages.size(); p++) {
            String recordId = words == 0 ? id : id + PASSAGE_SEPARATOR + String.format(Locale.ROOT, "%04d", p);
            records.add(new RecordRef(recordId, label, split, source, passages.get(p).getBytes(StandardCharsets.UTF_8)));
        }
        return records;
    }

    /** The document id of a passage's record id (the id itself for a record that is not a passage). */
    public static String documentOf(String recordId) {
        int at = recordId.lastIndexOf(PASSAGE_SEPARATOR);
        return at < 0 || !recordId.substring(at + PASSAGE_SEPARATOR.length()).matches("\\d{4,}") ? recordId
            : recordId.substring(0, at);
    }
}
