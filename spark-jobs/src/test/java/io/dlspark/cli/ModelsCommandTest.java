package io.dlspark.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

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
            "resnet8", "resnet20", "deep-sigmoid-mlp", "gan-mlp", "dcgan", "vae-mlp"}) {
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
    void describeResNet20PrintsTheGraphsBlocksAndTotals() {
        assertEquals(0, run("models", "describe", "resnet20"));
        String table = out.toString();
        assertTrue(table.contains("total parameters: 273,754"), table);
        assertTrue(table.contains("FLOPs per sample: 62,871,838 forward"), table);
        assertTrue(table.contains("add (projection)") && table.contains("global-avg-pool"), table);
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
