package io.dlspark.core.ingest;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.data.BadRecordException;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardManifest.BadRecord;
import io.dlspark.core.shard.Split;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The tagged Brown corpus: documents {@code ca01 ... cr09} labelled by {@code cats.txt} ({@code <document> <genre>}),
 * split stratified by genre, tags stripped ({@link BrownDecoder}); a missing or unlisted document is a bad record.
 * With {@code passageWords} the driver cuts each document into passages that keep its split.
 */
public final class BrownSource implements DatasetSource {
    public static final String DATASET = "brown";
    static final String CATEGORIES = "cats.txt";
    private static final Pattern DOCUMENT = Pattern.compile("c[a-r]\\d\\d");

    @Override
    public IngestPlan plan(Path input, IngestOptions options, Configuration conf) throws IOException {
        Path categories = new Path(input, CATEGORIES);
        if (!HadoopFiles.exists(categories, conf)) {
            throw new UsageException("--input " + input + ": no " + CATEGORIES + " (expected the Brown corpus folder)");
        }
        Map<String, String> genreOf = new LinkedHashMap<>();
        String[] lines = HadoopFiles.readString(categories, conf).split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length != 2) {
                throw new DataException(categories + " line " + (i + 1) + ": expected '<document> <genre>', got '" + line + "'");
            }
            genreOf.put(fields[0], fields[1]);
        }
        List<String> labels = new ArrayList<>(new TreeSet<>(genreOf.values()));
        FileSystem fs = HadoopFiles.fs(input, conf);
        TreeSet<String> present = new TreeSet<>();
        for (FileStatus status : fs.listStatus(input)) {
            if (status.isFile() && DOCUMENT.matcher(status.getPath().getName()).matches()) {
                present.add(status.getPath().getName());
            }
        }
        List<BadRecord> bad = new ArrayList<>();
        for (String file : present) {
            if (!genreOf.containsKey(file)) {
                bad.add(new BadRecord(new Path(input, file).toString(), "document not listed in " + CATEGORIES));
            }
        }
        List<String> documents = new ArrayList<>();
        for (String document : new TreeSet<>(genreOf.keySet())) {
            if (present.contains(document)) {
                documents.add(document);
            } else {
                bad.add(new BadRecord(new Path(input, document).toString(), "listed in " + CATEGORIES + " but missing"));
            }
        }
        int[] strata = documents.stream().mapToInt(d -> labels.indexOf(genreOf.get(d))).toArray();
        Split[] splits = HoldOutSplit.assign(strata, labels.size(), options);
        List<RecordRef> records = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            String source = new Path(input, documents.get(i)).toString();
            if (options.passageWords() == 0) {
                records.add(new RecordRef(documents.get(i), strata[i], splits[i], source, null));
                continue;
            }
            try {
                String text = new BrownDecoder().decode(new RecordRef(documents.get(i), strata[i], splits[i], source, null),
                    conf).text();
                records.addAll(TextCorpus.passages(documents.get(i), strata[i], splits[i], source, text,
                    options.passageWords()));
            } catch (BadRecordException e) {
                bad.add(new BadRecord(source, e.reason()));
            }
        }
        return new IngestPlan(DATASET, List.of(input.toString()), RecordFormat.TEXT_UTF8, null, labels, records, bad,
            List.of(), options.passageWords() == 0 ? new BrownDecoder() : new PassageDecoder());
    }
}
