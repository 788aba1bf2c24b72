package io.dlspark.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code evaluate --tta} and {@code detect --tta}: bad modes are usage errors before any Spark session opens. */
class EvaluateCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return DlsparkCli.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void unknownTtaModeNamesTheValidOnes() {
        assertEquals(2, run("evaluate", "--model", "m", "--data", "d", "--tta", "rotate"));
        assertTrue(err.toString().contains("--tta: unknown mode 'rotate' (expected none or flip)"), err.toString());
    }

    @Test
    void detectRefusesAnUnknownTtaModeToo() {
        assertEquals(2, run("detect", "--model", "m", "--input", "i", "--output", "o.jsonl", "--tta", "rotate"));
        assertTrue(err.toString().contains("--tta: unknown mode 'rotate' (expected none or flip)"), err.toString());
        assertEquals(0, run("detect", "--help"));
        assertTrue(out.toString().contains("--tta") && out.toString().contains("mirror image"), out.toString());
    }

    @Test
    void flipIsForClassifiersOnly() {
        assertEquals(2, run("evaluate", "--model", "m", "--data", "d", "--tta", "flip", "--generative"));
        assertTrue(err.toString().contains("--tta flip applies to classifiers"), err.toString());
    }

    @Test
    void helpDocumentsTheOption() {
        assertEquals(0, run("evaluate", "--help"));
        assertTrue(out.toString().contains("--tta") && out.toString().contains("horizontal mirror"), out.toString());
    }
}
