package io.dlspark.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command (a deploy script, spark-submit) as a bounded child process for tests and benchmarks. */
public final class ChildProcess {
    private ChildProcess() {
    }

    /** A finished child process: its exit code (-1 on time-out) and its merged stdout and stderr. */
    public record Run(int exitCode, String output) {
        /** The last {@code lines} lines of the output. */
        public String tail(int lines) {
            return ChildProcess.tail(output, lines);
        }
    }

    /**
     * Runs {@code command} in {@code dir} with extra environment, output to {@code log}, for at most
     * {@code timeoutSeconds}; on time-out the process and its descendants are killed.
     */
    public static Run run(Path dir, Path log, Map<String, String> env, long timeoutSeconds, List<String> command)
        throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
            .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        int exit;
        if (finished) {
            exit = process.exitValue();
        } else {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            exit = -1;
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (!finished) {
            output += "\n[timed out after " + timeoutSeconds + " s and killed]";
        }
        return new Run(exit, output);
    }

    /** The last {@code lines} lines of {@code text}. */
    public static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
