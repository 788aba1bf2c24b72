package io.dlspark.core.model.transformer.blocks;

import org.nd4j.autodiff.samediff.SameDiff;

import java.io.PrintStream;

/**
 * Builds a SameDiff block's gradient function without the line per op that ND4J 1.0.0-M2.1 prints on standard output
 * ({@code SameDiff.createGradFunction} calls {@code System.out.println("Added differentiated op " + name)}
 * unconditionally; no logger or setting controls it). Only while it runs, and only for the building thread, that
 * line is dropped; everything else written to standard output passes through unchanged.
 */
final class QuietGradients {
    /** What ND4J M2.1 prints for each op it differentiates. */
    static final String CHATTER = "Added differentiated op ";
    private static final Object LOCK = new Object();

    private QuietGradients() {
    }

    /** Creates {@code sd}'s gradient function with respect to {@code inputs}, unless it has one. */
    static void create(SameDiff sd, String... inputs) {
        synchronized (LOCK) {
            if (sd.hasGradientFunction()) {
                return;
            }
            PrintStream out = System.out;
            System.setOut(new Filter(out, Thread.currentThread()));
            try {
                sd.createGradFunction(inputs);
            } finally {
                System.setOut(out);
            }
        }
    }

    /** Passes everything to the original stream but the building thread's chatter lines. */
    private static final class Filter extends PrintStream {
        private final Thread building;

        Filter(PrintStream out, Thread building) {
            super(out, true);
            this.building = building;
        }

        @Override
        public void println(String line) {
            if (Thread.currentThread() != building || line == null || !line.startsWith(CHATTER)) {
                super.println(line);
            }
        }
    }
}
