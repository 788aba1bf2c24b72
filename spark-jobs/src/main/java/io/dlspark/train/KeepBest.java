package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.CheckpointState;
import io.dlspark.core.artifact.Checkpoints;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code --keep-best} and {@code --patience} as an epoch listener: writes {@code checkpoints/best} whenever an epoch
 * beats the best so far, and asks the loop to stop after {@code patience} epochs without a better one.
 */
final class KeepBest implements EpochListener {
    private final EpochSelection selection;
    private final BestEpoch best;
    private final Checkpoints checkpoints;
    private final Trainee<?> trainee;
    private final PrintWriter console;
    private final long seed;
    private EpochValidation bestValidation;

    private KeepBest(EpochSelection selection, BestEpoch best, Checkpoints checkpoints, Trainee<?> trainee,
                     PrintWriter console, long seed) {
        this.selection = selection;
        this.best = best;
        this.checkpoints = checkpoints;
        this.trainee = trainee;
        this.console = console;
        this.seed = seed;
    }

    /**
     * The listener of a run that keeps its best epoch: the best of the epochs already in {@code metrics.jsonl}
     * (a resumed run), whose network must be the best-epoch checkpoint, else the run began with another choice.
     */
    static <M> KeepBest start(EpochSelection selection, MetricsLog metrics, Checkpoints checkpoints, Trainee<M> trainee,
                              PrintWriter console, long seed) throws IOException {
        BestEpoch best = new BestEpoch(selection, metrics.epochs());
        if (best.epoch() > 0) {
            int saved = checkpoints.best(trainee.reader(checkpoints)).map(b -> b.state().epoch()).orElse(-1);
            if (saved != best.epoch()) {
                throw new UsageException("--keep-best " + selection.option() + " --resume: the best epoch so far is "
                    + best.epoch() + " but the best-epoch checkpoint holds " + (saved < 0 ? "none" : "epoch " + saved)
                    + "; resume with the --keep-best of the interrupted run");
            }
        }
        return new KeepBest(selection, best, checkpoints, trainee, console, seed);
    }

    @Override
    public void afterEpoch(EpochEnd end) throws IOException {
        if (best.offer(end.figures())) {
            bestValidation = end.validation();
            trainee.apply(end.state());
            checkpoints.writeBest(trainee.checkpoint(checkpoints), new CheckpointState(end.epoch() + 1, 0,
                end.state().iteration(), seed, Instant.now().toString()));
        }
        if (best.exhausted()) {
            console.printf(Locale.ROOT, "stopping early after epoch %d: no better validation %s in the last %d epoch(s)%n",
                end.epoch() + 1, selection.option(), best.epochsSinceBest());
            console.flush();
        }
    }

    @Override
    public boolean stopRequested() {
        return best.exhausted();
    }

    /**
     * Puts the kept epoch's network into the trainee and returns its validation when this run measured it
     * (null when it was an earlier attempt's epoch, to be evaluated again).
     */
    <M> EpochValidation restore(Trainee<M> into, int epochsLogged) throws IOException {
        Checkpoints.Restored<M> kept = checkpoints.best(into.reader(checkpoints)).orElseThrow(
            () -> new IllegalStateException("no best-epoch checkpoint under " + checkpoints));
        into.adopt(kept.model(), kept.path().toString());
        console.printf(Locale.ROOT, "keeping epoch %d of %d (best validation %s: %.4f)%n", best.epoch(), epochsLogged,
            selection.option(), best.value());
        console.flush();
        return bestValidation;
    }

    /** The kept epoch, numbered from 1. */
    int epoch() {
        return best.epoch();
    }
}
