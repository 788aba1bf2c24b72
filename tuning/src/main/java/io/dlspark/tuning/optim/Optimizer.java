package io.dlspark.tuning.optim;

import java.util.List;

/**
 * Ask/tell search over a {@link io.dlspark.tuning.space.SearchSpace} that <b>minimises</b> losses (e.g.
 * {@link Objective#loss} of a metric). Proposals stay pending until observed or failed, and later proposals account
 * for them. Not thread-safe.
 */
public interface Optimizer {
    /** Up to {@code n} new proposals; fewer (possibly none) when the optimizer has nothing left, as a grid may. */
    List<Trial> suggest(int n);

    /** Reports the loss of a trial; a non-finite loss counts as a failure. */
    void observe(Trial trial, double loss);

    /** Reports that a trial produced no value (exception, NaN loss, out of memory). */
    void fail(Trial trial);
}
