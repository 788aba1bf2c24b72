package io.dlspark.core.model.transformer.blocks;

import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Drops the execution sessions a SameDiff block keeps. ND4J M2.1 keeps one session per thread id in each block and
 * its gradient function and never removes it, and a session holds its last arrays and a cache of released ones for
 * reuse. Spark runs each task on whichever executor thread is free, so a pooled network met new threads round after
 * round and kept every dead thread's arrays: about 660 MB a thread for bert-tiny at batch 16 x 128, until the JVM ran
 * out of memory; hence {@link #keepCurrentThreadOnly} (still used by the masked-LM head). Even the running thread's
 * sessions held more than collections could free for a 4-window encoder: its resident size stayed at 7-12 GB
 * between collections and it failed at JavaCPP's 12 GiB ceiling in its first evaluation, where with the sessions
 * dropped it falls to 2-4 GB after each (sampled every 5 s). The generic blocks therefore {@link #dropAll drop} their
 * sessions after every forward and backward pass: DL4J's backward pass runs its own forward in the gradient
 * function, so no pass needs an earlier one's session, and the dropped arrays are garbage for the collector.
 */
final class ThreadSessions {
    /** ND4J's key of a SameDiff instance's gradient function ({@code SameDiff.GRAD_FN_KEY}, not public in M2.1). */
    static final String GRADIENT_FUNCTION = "grad";

    private ThreadSessions() {
    }

    /** Forgets every session of {@code sd} and of its gradient function. */
    static void dropAll(SameDiff sd) {
        if (sd == null) {
            return;
        }
        sd.getSessions().clear();
        SameDiff gradients = sd.getFunction(GRADIENT_FUNCTION);
        if (gradients != null) {
            gradients.getSessions().clear();
        }
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
