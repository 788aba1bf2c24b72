package io.dlspark.train;

import java.io.PrintWriter;

/** Prints each epoch's summary line to the console. */
final class ConsoleReporter implements EpochListener {
    private final PrintWriter console;

    ConsoleReporter(PrintWriter console) {
        this.console = console;
    }

    @Override
    public void afterEpoch(EpochEnd end) {
        console.println(end.summary());
        console.flush();
    }
}
