package io.dlspark.console;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressLineTest {
    private final StringWriter out = new StringWriter();
    private long now;
    private final ProgressLine line = new ProgressLine(new PrintWriter(out), "ingest", 5, () -> now);

    @Test
    void printsTheFirstUpdateThenOneAnIntervalLaterAndAlwaysTheLast() {
        line.update("1/4 shards");
        now = 4;
        line.update("2/4 shards");
        now = 5;
        line.update("3/4 shards");
        now = 6;
        line.finish("4/4 shards");
        line.update("late");
        line.updateNow("later");
        line.finish("again");
        assertEquals(List.of("[ingest] 1/4 shards", "[ingest] 3/4 shards", "[ingest] 4/4 shards"), out.toString().lines().toList());
    }

    @Test
    void updateNowIgnoresTheInterval() {
        line.update("a");
        line.updateNow("b");
        line.update("c");
        assertEquals(List.of("[ingest] a", "[ingest] b"), out.toString().lines().toList());
    }

    @Test
    void everyUpdatePrintsEachStep() {
        ProgressLine each = ProgressLine.everyUpdate(new PrintWriter(out), "tune");
        each.update("trial 1/2 done");
        each.update("trial 2/2 done");
        assertEquals(List.of("[tune] trial 1/2 done", "[tune] trial 2/2 done"), out.toString().lines().toList());
    }
}
