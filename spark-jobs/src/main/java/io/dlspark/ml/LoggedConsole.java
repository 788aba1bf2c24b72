package io.dlspark.ml;

import org.slf4j.Logger;

import java.io.PrintWriter;
import java.io.Writer;

/** A console for library runs: each line the training job would print goes to a logger at INFO instead. */
final class LoggedConsole extends Writer {
    private final Logger log;
    private final StringBuilder line = new StringBuilder();

    private LoggedConsole(Logger log) {
        this.log = log;
    }

    static PrintWriter to(Logger log) {
        return new PrintWriter(new LoggedConsole(log), true);
    }

    @Override
    public synchronized void write(char[] chars, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (chars[i] == '\n') {
                flushLine();
            } else if (chars[i] != '\r') {
                line.append(chars[i]);
            }
        }
    }

    private void flushLine() {
        if (!line.isEmpty()) {
            log.info("{}", line);
        }
        line.setLength(0);
    }

    @Override
    public synchronized void flush() {
    }

    @Override
    public synchronized void close() {
        flushLine();
    }
}
