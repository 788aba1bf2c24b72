package io.dlspark.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dlspark.core.UsageException;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardManifest.BadRecord;
import io.dlspark.core.shard.ShardManifest.Deduplication;
import io.dlspark.core.shard.ShardManifest.Duplicate;
import io.dlspark.core.shard.Split;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SpamAssassin public corpus, as one JSON file per message in a folder per group (what {@code
 * deploy/fetch-datasets.sh} installs) or in the upstream layout (folders or {@code .tar.bz2} archives of RFC 822
 * files); both give the same record ids ({@code <group>/<file name>}), labels ham 0 and spam 1. Duplicate bodies are
 * removed before a split stratified by group.
 */
public final class SpamAssassinSource implements DatasetSource {
    public static final String DATASET = "spamassassin";
    public static final List<String> LABELS = List.of("ham", "spam");
    public static final String POSITIVE_LABEL = "spam";
    /** Groups in the order of their strata; the upstream folder names map onto them. */
    public static final List<String> GROUPS = List.of("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2");
    private static final Map<String, String> UPSTREAM = Map.of("easy_ham", "easy-ham-1", "easy_ham_2", "easy-ham-2",
        "hard_ham", "hard-ham-1", "spam", "spam-1", "spam_2", "spam-2");
    private static final String UPSTREAM_COMMANDS = "cmds";
    private static final Logger LOG = LoggerFactory.getLogger(SpamAssassinSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A message read on the driver. */
    private record Message(String id, String group, String source, byte[] bytes) {
    }

    @Override
    public IngestPlan plan(Path input, IngestOptions options, Configuration conf) throws IOException {
        FileSystem fs = HadoopFiles.fs(input, conf);
        if (!fs.exists(input) || !fs.getFileStatus(input).isDirectory()) {
            throw new UsageException("--input " + input + ": no such folder");
        }
        List<Message> messages = new ArrayList<>();
        List<BadRecord> bad = new ArrayList<>();
        FileStatus[] children = fs.listStatus(input);
        Arrays.sort(children);
        for (FileStatus child : children) {
            String name = child.getPath().getName();
            if (name.startsWith(".") || name.startsWith("_")) {
                continue;
            }
            if (child.isDirectory() && GROUPS.contains(name)) {
                readJsonGroup(fs, child.getPath(), name, messages, bad);
            } else if (child.isDirectory() && UPSTREAM.containsKey(name)) {
                readUpstreamGroup(fs, child.getPath(), UPSTREAM.get(name), messages);
            } else if (!child.isDirectory() && name.endsWith(".tar.bz2")) {
                readArchive(fs, child.getPath(), messages, bad);
            } else if (child.isDirectory()) {
                throw new UsageException("--input " + input + ": folder '" + name + "' is not a SpamAssassin group (expected "
                    + GROUPS + " with JSON messages, or " + UPSTREAM.keySet().stream().sorted().toList() + " or .tar.bz2 archives)");
            } else {
                LOG.warn("Ignoring {}: not a SpamAssassin group folder or .tar.bz2 archive", child.getPath());
            }
        }
        if (messages.isEmpty() && bad.isEmpty()) {
            throw new UsageException("--input " + input + ": no SpamAssassin messages found (expected group folders "
                + GROUPS + " or the upstream folders or archives)");
        }
        messages.sort(Comparator.comparing(Message::id));
        for (int i = 1; i < messages.size(); i++) {
            if (messages.get(i).id().equals(messages.get(i - 1).id())) {
                throw new UsageException("--input " + input + ": message " + messages.get(i).id()
                    + " appears twice (" + messages.get(i - 1).source() + " and " + messages.get(i).source() + ")");
            }
        }
        List<Duplicate> duplicates = new ArrayList<>();
        List<Message> unique = deduplicate(messages, duplicates);
        int[] strata = unique.stream().mapToInt(m -> GROUPS.indexOf(m.group())).toArray();
        Split[] splits = HoldOutSplit.assign(strata, GROUPS.size(), options);
        List<RecordRef> records = new ArrayList<>(unique.size());
        for (int i = 0; i < unique.size(); i++) {
            Message m = unique.get(i);
            records.add(new RecordRef(m.id(), m.group().startsWith("spam") ? 1 : 0, splits[i], m.source(), m.bytes(), m.group()));
        }
        LOG.info("SpamAssassin: {} messages, {} duplicates removed, {} unreadable", messages.size(), duplicates.size(), bad.size());
        return new IngestPlan(DATASET, List.of(input.toString()), RecordFormat.TEXT_UTF8, null, LABELS, records, bad,
            List.of(), new EmailDecoder(), POSITIVE_LABEL,
            new Deduplication("SHA-256 of the message body (the bytes after the header section)", duplicates.size(), duplicates));
    }

    /** Keeps the first message of each body, in record-id order; the others are listed in {@code duplicates}. */
    private static List<Message> deduplicate(List<Message> messages, List<Duplicate> duplicates) {
        Map<String, Message> first = new LinkedHashMap<>();
        List<Message> kept = new ArrayList<>();
        for (Message m : messages) {
            Message earlier = first.putIfAbsent(bodyHash(m.bytes()), m);
            if (earlier == null) {
                kept.add(m);
            } else {
                duplicates.add(new Duplicate(m.source(), earlier.source()));
            }
        }
        return kept;
    }

    /** SHA-256 of the bytes after the first empty line (the whole message when it has none). */
    static String bodyHash(byte[] message) {
        int start = 0;
        for (int i = 0; i + 1 < message.length; i++) {
            if (message[i] == '\n' && message[i + 1] == '\n') {
                start = i + 2;
                break;
            }
            if (message[i] == '\n' && message[i + 1] == '\r' && i + 2 < message.length && message[i + 2] == '\n') {
                start = i + 3;
                break;
            }
        }
        var digest = HadoopFiles.newSha256();
        digest.update(message, start, message.length - start);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void readJsonGroup(FileSystem fs, Path dir, String group, List<Message> out, List<BadRecord> bad)
        throws IOException {
        for (FileStatus file : sortedFiles(fs, dir)) {
            String name = file.getPath().getName();
            String source = file.getPath().toString();
            if (!name.endsWith(".json")) {
                bad.add(new BadRecord(source, "not a .json message file"));
                continue;
            }
            JsonNode node;
            try (InputStream in = fs.open(file.getPath())) {
                node = JSON.readTree(in);
            } catch (IOException e) {
                bad.add(new BadRecord(source, "not valid JSON: " + e.getMessage().lines().findFirst().orElse("")));
                continue;
            }
            JsonNode text = node == null ? null : node.get("text");
            JsonNode declared = node == null ? null : node.get("group");
            if (text == null || !text.isTextual()) {
                bad.add(new BadRecord(source, "JSON message without a text field"));
            } else if (declared != null && !group.equals(declared.asText())) {
                bad.add(new BadRecord(source, "JSON message of group '" + declared.asText() + "' in folder " + group));
            } else {
                out.add(new Message(group + "/" + name.substring(0, name.length() - ".json".length()), group, source,
                    text.asText().getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    private static void readUpstreamGroup(FileSystem fs, Path dir, String group, List<Message> out) throws IOException {
        for (FileStatus file : sortedFiles(fs, dir)) {
            String name = file.getPath().getName();
            if (!name.equals(UPSTREAM_COMMANDS)) {
                try (InputStream in = fs.open(file.getPath())) {
                    out.add(new Message(group + "/" + name, group, file.getPath().toString(), in.readAllBytes()));
                }
            }
        }
    }

    private static void readArchive(FileSystem fs, Path archive, List<Message> out, List<BadRecord> bad) throws IOException {
        try (InputStream raw = fs.open(archive);
             TarArchiveInputStream tar = new TarArchiveInputStream(new BZip2CompressorInputStream(raw))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (!entry.isFile()) {
                    continue;
                }
                String[] parts = entry.getName().split("/");
                String source = archive + "!" + entry.getName();
                String file = parts[parts.length - 1];
                String group = parts.length >= 2 ? UPSTREAM.get(parts[parts.length - 2]) : null;
                if (file.equals(UPSTREAM_COMMANDS)) {
                    continue;
                }
                if (group == null) {
                    bad.add(new BadRecord(source, "archive entry outside the folders " + UPSTREAM.keySet().stream().sorted().toList()));
                    continue;
                }
                out.add(new Message(group + "/" + file, group, source, tar.readAllBytes()));
            }
        } catch (IOException e) {
            throw new io.dlspark.core.DataException(archive + ": not a readable .tar.bz2 archive: " + e.getMessage(), e);
        }
    }

    private static List<FileStatus> sortedFiles(FileSystem fs, Path dir) throws IOException {
        List<FileStatus> files = new ArrayList<>();
        for (FileStatus status : fs.listStatus(dir)) {
            String name = status.getPath().getName();
            if (status.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
                files.add(status);
            }
        }
        files.sort(null);
        return files;
    }
}
