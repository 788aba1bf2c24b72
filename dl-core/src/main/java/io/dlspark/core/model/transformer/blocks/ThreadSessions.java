package io.dlspark.core.model.transformer.blocks;

import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Drops the execution sessions a SameDiff block keeps for threads other than the current one. ND4J M2.1 keeps one
 * session per thread id in each block and its gradient function and never removes it, and a session holds its last
 * arrays. Spark runs each task on whichever executor thread is free, so a pooled network met new threads round after
 * round and kept every dead thread's arrays: about 660 MB a thread for bert-tiny at batch 16 x 128, until the JVM ran
 * out of memory. A network is used by one thread at a time (the pool lends it to one task), so the sessions of other
 * threads are never needed again.
 */
final class ThreadSessions {
    /** ND4J's key of a SameDiff instance's gradient function ({@code SameDiff.GRAD_FN_KEY}, not public in M2.1). */
    static final String GRADIENT_FUNCTION = "grad";

    private ThreadSessions() {
    }

    /** Forgets the sessions of all threads but the current one, in {@code sd} and in its gradient function. */
    static void keepCurrentThreadOnly(SameDiff sd) {
        if (sd == null) {
            return;
        }
        long current = Thread.currentThread().getId();
        sd.getSessions().keySet().removeIf(thread -> thread != current);
        SameDiff gradients = sd.getFunction(GRADIENT_FUNCTION);
        if (gradients != null) {
            gradients.getSessions().keySet().removeIf(thread -> thread != current);
        }
    }
}
