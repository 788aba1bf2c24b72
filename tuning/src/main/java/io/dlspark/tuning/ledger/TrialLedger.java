package io.dlspark.tuning.ledger;

import io.dlspark.core.DataException;
import io.dlspark.core.io.HadoopFiles;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The append-only record of finished trials, {@code ledger.jsonl} on any Hadoop file system; a trial id is recorded at
 * most once. One writer per ledger (the search driver); thread-safe within it.
 */
public final class TrialLedger {
    private static final Logger LOG = LoggerFactory.getLogger(TrialLedger.class);

    private final Path path;
    private final Configuration conf;
    private final FileSystem fs;
    private final Map<Integer, TrialRecord> records;

    private TrialLedger(Path path, Configuration conf, Map<Integer, TrialRecord> records) throws IOException {
        this.fs = fileSystem(path, conf);
        this.path = fs.makeQualified(path);
        this.conf = conf;
        this.records = records;
    }

    /** Opens the ledger at {@code path}, reading existing records; the file is created by the first append. */
    public static TrialLedger open(Path path, Configuration conf) throws IOException {
        Map<Integer, TrialRecord> records = new LinkedHashMap<>();
        boolean torn = false;
        FileSystem fs = fileSystem(path, conf);
        if (fs.exists(path)) {
            String text;
            try (InputStream in = fs.open(path)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty()) {
                    continue;
                }
                boolean last = i == lines.length - 1;
                try {
                    TrialRecord r = TrialRecordJson.read(line);
                    if (records.putIfAbsent(r.trialId(), r) != null) {
                        throw new DataException(path + " line " + (i + 1) + ": trial " + r.trialId() + " is recorded twice");
                    }
                } catch (IOException | IllegalArgumentException e) {
                    if (!last) {
                        throw new DataException(path + " line " + (i + 1) + ": not a trial record: " + e.getMessage(), e);
                    }
                    torn = true;
                    LOG.warn("Dropping the torn last line of {} (a crash while writing)", path);
                }
            }
        }
        TrialLedger ledger = new TrialLedger(path, conf, records);
        if (torn) {
            ledger.rewrite();
        }
        return ledger;
    }

    /**
     * The file system holding the ledger; on {@code file://} the raw one, without checksum side files, so that a
     * crash (or a hand edit) never leaves a ledger that cannot be read.
     */
    private static FileSystem fileSystem(Path path, Configuration conf) throws IOException {
        FileSystem fs = HadoopFiles.fs(path, conf);
        return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
    }

    public Path path() {
        return path;
    }

    /** Every record, in the order written. */
    public synchronized List<TrialRecord> records() {
        return Collections.unmodifiableList(new ArrayList<>(records.values()));
    }

    public synchronized boolean contains(int trialId) {
        return records.containsKey(trialId);
    }

    /** Appends one finished trial durably; a trial id already recorded is refused. */
    public synchronized void append(TrialRecord record) throws IOException {
        if (records.containsKey(record.trialId())) {
            throw new IllegalStateException("trial " + record.trialId() + " is already in " + path);
        }
        records.put(record.trialId(), record);
        try {
            if (appendSupported()) {
                appendLine(TrialRecordJson.write(record));
            } else {
                rewrite();
            }
        } catch (IOException | RuntimeException e) {
            records.remove(record.trialId());
            throw e;
        }
    }

    private boolean appendSupported() throws IOException {
        return !"file".equals(fs.getUri().getScheme()) && fs.exists(path);
    }

    private void appendLine(String json) throws IOException {
        try (FSDataOutputStream out = fs.append(path)) {
            out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
            out.hsync();
        } catch (UnsupportedOperationException e) {
            rewrite();
        }
    }

    private void rewrite() throws IOException {
        StringBuilder text = new StringBuilder();
        for (TrialRecord r : records.values()) {
            text.append(TrialRecordJson.write(r)).append('\n');
        }
        Path temporary = new Path(path.getParent(), "." + path.getName() + "._tmp-" + UUID.randomUUID());
        try (FSDataOutputStream out = fs.create(temporary, false)) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.hsync();
        }
        if ("file".equals(fs.getUri().getScheme())) {
            if (!fs.rename(temporary, path)) {
                throw new DataException("cannot rename " + temporary + " to " + path);
            }
        } else {
            FileContext.getFileContext(path.toUri(), conf).rename(temporary, path, Options.Rename.OVERWRITE);
        }
    }
}
