package io.dlspark.cli;

import io.dlspark.spark.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dlspark vocab}: writes vocab.txt; bad options are one-line usage errors naming the option. */
class VocabCommandTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void corpus() throws Exception {
        SparkTestSession.get();
        Files.createDirectories(dir.resolve("corpus"));
        Files.write(dir.resolve("corpus/a.txt"), List.of("Fellow-Citizens of the Senate and House of Representatives:",
            "In meeting you again I feel much satisfaction."), StandardCharsets.UTF_8);
    }

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DlsparkCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void writesTheVocabulary() throws Exception {
        Path output = dir.resolve("out/vocab.txt");
        String[] result = run("vocab", "--input", dir.resolve("corpus").toString(), "--output", output.toString(),
            "--size", "120");
        assertEquals("0", result[0], result[2]);
        assertTrue(result[1].contains("(120 tokens)"), result[1]);
        List<String> tokens = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertEquals(120, tokens.size());
        assertEquals(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"), tokens.subList(0, 5));
    }

    @Test
    void aBadSizeIsAOneLineUsageErrorNamingTheOption() {
        String[] result = run("vocab", "--input", dir.resolve("corpus").toString(), "--output",
            dir.resolve("bad/vocab.txt").toString(), "--size", "3");
        assertEquals(String.valueOf(DlsparkCli.EXIT_USAGE), result[0], result[2]);
        assertTrue(result[2].startsWith("dlspark vocab: usage error: --size 3: must be more than the 5 special tokens"),
            result[2]);
        // one error line, then the CLI's usual pointer to --help
        assertEquals(List.of("Try 'dlspark vocab --help'."), result[2].strip().lines().skip(1).toList(), result[2]);
        assertFalse(Files.exists(dir.resolve("bad")));
    }
}
