package io.dlspark.pipeline;

import java.io.IOException;

/** A configured stage, ready to run. */
@FunctionalInterface
public interface StageTask {
    /**
     * Runs the stage, writing its outputs under {@code context.layout().output(name)} atomically or resumably, and
     * returns a one-line summary for the console and the stage's marker. A stage that was interrupted runs again: it
     * must replace or resume its partial output.
     */
    String run(StageContext context) throws IOException;

    /** Worker tasks the stage trains with, for the task-slot preflight check; null when it does not say. */
    default Integer workers() {
        return null;
    }
}
