package io.dlspark.tuning.optim;

/** An optimizer whose observations and failures all go to one {@link TrialBook}. */
abstract class BookkeepingOptimizer implements Optimizer {
    protected final TrialBook book = new TrialBook();

    @Override
    public void observe(Trial trial, double loss) {
        book.observe(trial, loss);
    }

    @Override
    public void fail(Trial trial) {
        book.fail(trial);
    }
}
