package io.dlspark.tuning.optim;

import java.util.List;

/**
 * Ask/tell search over a {@link io.dlspark.tuning.space.SearchSpace}. Optimizers <b>minimise</b>: pass losses, e.g.
 * {@link io.dlspark.tuning.optim.Objective#loss} of a metric. Proposals stay pending until observed or failed, and
 * later proposals account for pending ones, so a driver may keep several trials running and ask for one more
 * whenever a slot frees up. Trials from an earlier run (a resumed ledger) may be observed without having been
 * suggested; later ids then continue after the largest one seen. Not thread-safe.
 */
public interface Optimizer {
    /** Up to {@code n} new proposals; fewer (possibly none) when the optimizer has nothing left, as a grid may. */
    List<Trial> suggest(int n);

    /** Reports the loss of a trial; a non-finite loss counts as a failure. */
    void observe(Trial trial, double loss);

    /** Reports that a trial produced no value (exception, NaN loss, out of memory). */
    void fail(Trial trial);
}
