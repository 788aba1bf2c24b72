package io.dlspark.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelsCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return DlsparkCli.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void listNamesEveryShippedSpec() {
        assertEquals(0, run("models", "list"));
        for (String name : new String[] {"mlp", "lenet5", "lenet", "alexnet-small", "vgg11-small", "vgg16-small", "text-cnn",
            "resnet8", "resnet20", "deep-sigmoid-mlp", "gan-mlp", "dcgan", "vae-mlp", "bert-tiny", "bert-mini"}) {
            assertTrue(out.toString().contains(name), name + " missing from\n" + out);
        }
    }

    @Test
    void describeDl4jLeNetPrintsLayersAndTotals() {
        assertEquals(0, run("models", "describe", "lenet", "--input", "28x28x1", "--batch-size", "32"));
        String table = out.toString();
        assertTrue(table.contains("total parameters: 431,080"), table);
        assertTrue(table.contains("50x4x4") && table.contains("FLOPs per sample") && table.contains("at batch 32"), table);
    }

    @Test
    void describeOfAModelTooLargeForNativeMemoryIsARefusalNotACrash(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("wide.conf");
        Files.writeString(spec, "kind = mlp\ndescription = \"very wide\"\nhidden-layers = [100000, 100000]\n"
            + "optimizer { name = adam, learning-rate = 1e-3 }\n");
        assertEquals(2, run("models", "describe", spec.toString(), "--input", "28x28x1"));
        String first = err.toString().lines().findFirst().orElse("");
        assertTrue(first.contains("10,079,600,010 parameters") && first.contains("org.bytedeco.javacpp.maxbytes=")
            && first.contains("GiB"), err.toString());
    }

    @Test
    void describeResNet20PrintsTheGraphsBlocksAndTotals() {
        assertEquals(0, run("models", "describe", "resnet20"));
        String table = out.toString();
        assertTrue(table.contains("total parameters: 273,754"), table);
        assertTrue(table.contains("FLOPs per sample: 62,871,838 forward"), table);
        assertTrue(table.contains("add (projection)") && table.contains("global-avg-pool"), table);
    }

    @Test
    void describeBertTinyPrintsItsBlocksAndParameters() {
        assertEquals(0, run("models", "describe", "bert-tiny", "--classes", "2"));
        String table = out.toString();
        assertTrue(table.contains("input tokens 128 (vocabulary 8192)"), table);
        assertTrue(table.contains("total parameters: 1,478,530"), table);
        assertTrue(table.contains("self-attention/2") && table.contains("feed-forward/512") && table.contains("cls-pool"), table);
    }

    @Test
    void describeOfAGenerativeSpecIsAUsageError() {
        assertEquals(2, run("models", "describe", "dcgan"));
        assertTrue(err.toString().contains("'dcgan' (kind dcgan) is not a classifier"), err.toString());
    }

    @Test
    void describeWithInputTheModelCannotTakeIsAUsageError() {
        assertEquals(2, run("models", "describe", "text-cnn", "--input", "28x28x1"));
        assertTrue(err.toString().contains("takes token input"), err.toString());
    }
}
