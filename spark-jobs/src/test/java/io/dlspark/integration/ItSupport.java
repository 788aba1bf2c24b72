package io.dlspark.integration;

import io.dlspark.core.shard.ShardColumns;
import io.dlspark.testing.ChildProcess;
import io.dlspark.testing.LoopbackPorts;
import io.dlspark.testing.ProjectDir;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Helpers of the integration tests: the project folder, free loopback ports, bounded child processes, shard digests. */
final class ItSupport {
    private ItSupport() {
    }

    /** The project's root folder (with deploy/ and conf/). */
    static Path projectDir() {
        return ProjectDir.get();
    }

    static Path script(String relative) {
        return projectDir().resolve(relative);
    }

    /** A fresh folder under spark-jobs/target, kept after the run so that its logs can be read. */
    static Path newWorkDir(String prefix) throws IOException {
        Path target = projectDir().resolve("spark-jobs/target");
        Files.createDirectories(target);
        return Files.createTempDirectory(target, prefix).toAbsolutePath();
    }

    /**
     * Environment for deploy/local-cluster.sh: a private state folder {@code <work>/cluster}, free loopback ports and
     * the registration timeout.
     */
    static Map<String, String> clusterEnv(Path work, long registerTimeoutSeconds) throws IOException {
        int[] ports = freePorts();
        return Map.of(
            "DLSPARK_CLUSTER_DIR", work.resolve("cluster").toString(),
            "DLSPARK_MASTER_PORT", Integer.toString(ports[0]),
            "DLSPARK_MASTER_WEBUI_PORT", Integer.toString(ports[1]),
            "DLSPARK_WORKER_WEBUI_PORT", Integer.toString(ports[2]),
            "DLSPARK_CLUSTER_TIMEOUT", Long.toString(registerTimeoutSeconds));
    }

    /** Three free loopback ports {master, master UI, first worker UI}, the port after the worker UI free too. */
    static int[] freePorts() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int[] ports = {LoopbackPorts.free(), LoopbackPorts.free(), LoopbackPorts.free()};
            if (ports[0] != ports[1] && ports[1] != ports[2] && ports[0] != ports[2]
                && ports[2] < 65535 && isFree(ports[2] + 1) && ports[2] + 1 != ports[0] && ports[2] + 1 != ports[1]) {
                return ports;
            }
        }
        throw new IllegalStateException("found no free loopback ports");
    }

    private static boolean isFree(int port) {
        try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs a command in the project folder with extra environment, output to {@code log}, for at most
     * {@code timeoutSeconds}; on time-out the process and its descendants are killed.
     */
    static ChildProcess.Run run(Path log, Map<String, String> env, long timeoutSeconds, String... command)
        throws IOException, InterruptedException {
        return ChildProcess.run(projectDir(), log, env, timeoutSeconds, List.of(command));
    }

    /** The last lines of the cluster's daemon logs and executor stderr files, for failure messages. */
    static String logTails(Path clusterDir, int lines) {
        StringBuilder out = new StringBuilder();
        if (!Files.isDirectory(clusterDir)) {
            return "";
        }
        try (Stream<Path> files = Files.walk(clusterDir)) {
            for (Path file : files.filter(Files::isRegularFile)
                .filter(f -> f.getFileName().toString().endsWith(".log") || f.getFileName().toString().equals("stderr"))
                .sorted().toList()) {
                out.append("\n--- ").append(file).append(" ---\n").append(ChildProcess.tail(Files.readString(file), lines));
            }
        } catch (IOException | UncheckedIOException e) {
            out.append("\n(could not read the cluster logs: ").append(e).append(')');
        }
        return out.toString();
    }

    /**
     * The records of one split's shard folder in part-file order: a line per part file, then a line
     * "record id, label, SHA-256 of the pixels" per record in file order.
     */
    static List<String> shardRecords(SparkSession spark, Path splitDir) throws IOException {
        List<Path> parts;
        try (Stream<Path> files = Files.list(splitDir)) {
            parts = files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList();
        }
        List<String> records = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            records.add("part " + i);
            for (Row row : spark.read().parquet(parts.get(i).toUri().toString()).collectAsList()) {
                records.add(row.getString(row.fieldIndex(ShardColumns.RECORD_ID)) + " "
                    + row.getInt(row.fieldIndex(ShardColumns.LABEL)) + " "
                    + sha256(row.getAs(ShardColumns.PIXELS)));
            }
        }
        return records;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
