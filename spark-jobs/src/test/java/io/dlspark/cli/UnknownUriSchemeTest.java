package io.dlspark.cli;

import io.dlspark.spark.SparkTestSession;
import io.dlspark.testing.ProjectDir;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A path option with a URI scheme no Hadoop file system serves is a one-line usage error naming the option. */
class UnknownUriSchemeTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void spark() {
        SparkTestSession.get();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "evaluate --model foo://x --data D",
        "evaluate --model M --data foo://x",
        "evaluate --model M --data D --output foo://x",
        "evaluate --generative --model M --data D --classifier foo://x",
        "predict --model foo://x --input D --output O",
        "predict --model M --input foo://x --output O",
        "predict --model M --input D --output foo://x",
        "generate --model foo://x --output O",
        "generate --model M --output foo://x",
        "augment --input foo://x --config AUGMENT --preview O",
        "augment --input D --config AUGMENT --preview foo://x",
        "transfer --base M --data foo://x --output O",
        "ingest --dataset voc --image-shape 32x32x3 --input foo://x --output O",
        "ingest --dataset fashion-mnist-scenes --input foo://x --output O",
        "tune --config C --data foo://x --output O",
        "vocab --input foo://x --output O",
        "vocab --input D --output foo://x"})
    void namesTheOption(String command) {
        String[] args = command.replace("AUGMENT", ProjectDir.get().resolve("conf/augment/fashion-mnist.conf").toString())
            .replace(" M ", " " + dir.resolve("model") + " ").replace(" D", " " + dir.resolve("data"))
            .replace(" O", " " + dir.resolve("out")).replace(" C ", " " + dir.resolve("tune.conf") + " ").split(" ");
        String option = args[java.util.Arrays.asList(args).indexOf("foo://x") - 1];
        StringWriter err = new StringWriter();
        int code = DlsparkCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
        assertEquals(DlsparkCli.EXIT_USAGE, code, err.toString());
        assertTrue(err.toString().startsWith("dlspark " + args[0] + ": usage error: " + option
            + " foo://x: no file system for URI scheme 'foo'"), err.toString());
    }
}
