package io.dlspark.train;

import io.dlspark.console.ProgressLine;
import io.dlspark.engine.RoundStats;

import java.util.Locale;

/** Console progress of training: {@code [train]} epoch and round, samples/s, loss and ETA, at most every few seconds. */
final class ProgressPrinter implements EpochListener {
    private final ProgressLine line;
    private final int epochs;
    private final long samplesPerEpoch;
    private final long started = System.nanoTime();
    private long samplesDone;

    ProgressPrinter(ProgressLine line, int epochs, long samplesPerEpoch) {
        this.line = line;
        this.epochs = epochs;
        this.samplesPerEpoch = samplesPerEpoch;
    }

    @Override
    public void onRound(RoundStats stats) {
        samplesDone += stats.samples();
        double seconds = (System.nanoTime() - started) / 1e9;
        double rate = samplesDone / Math.max(seconds, 1e-9);
        long remaining = (long) epochs * samplesPerEpoch - ((long) stats.epoch() * samplesPerEpoch
            + Math.min(samplesPerEpoch, samplesDoneInEpoch(stats)));
        String text = String.format(Locale.ROOT, "epoch %d/%d round %d/%d | %.0f samples/s | loss %.4f | ETA %s",
            stats.epoch() + 1, epochs, stats.round() + 1, stats.rounds(), rate, stats.loss(),
            eta(remaining / Math.max(rate, 1e-9)));
        if (stats.round() + 1 < stats.rounds()) {
            line.update(text);
        } else {
            line.updateNow(text);
        }
    }

    private long samplesDoneInEpoch(RoundStats stats) {
        return (long) ((stats.round() + 1.0) / stats.rounds() * samplesPerEpoch);
    }

    private static String eta(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
            : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
