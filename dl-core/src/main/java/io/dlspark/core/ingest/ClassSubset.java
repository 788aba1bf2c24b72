package io.dlspark.core.ingest;

import io.dlspark.core.UsageException;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;

/**
 * Keeps some classes of a planned ingest run, relabelled {@code 0..k-1} in the order given, and optionally at most
 * {@code perClassLimit} training records per class, chosen by a seeded shuffle of each class's training records.
 * The validation and test splits keep every record of the kept classes. What was kept and dropped is recorded in the
 * shard manifest ({@link ShardManifest.Subset}).
 *
 * @param classes       original label indices to keep, in their new label order
 * @param perClassLimit at most this many training-split records per class, or null for all of them
 * @param seed          seed of the choice of training records
 */
public record ClassSubset(List<Integer> classes, Integer perClassLimit, long seed) {

    public ClassSubset {
        if (classes == null || classes.isEmpty()) {
            throw new UsageException("--classes: name at least one class index");
        }
        classes = List.copyOf(classes);
        if (new HashSet<>(classes).size() != classes.size()) {
            throw new UsageException("--classes: " + classes + " names a class twice");
        }
        if (perClassLimit != null && perClassLimit < 1) {
            throw new UsageException("--per-class-limit: must be at least 1, got " + perClassLimit);
        }
    }

    /** The plan restricted to this subset, with the subset recorded for the manifest. */
    public Result apply(IngestPlan plan) {
        List<String> names = plan.labelNames();
        int[] newLabel = new int[names.size()];
        java.util.Arrays.fill(newLabel, -1);
        List<String> keptNames = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            int c = classes.get(i);
            if (c < 0 || c >= names.size()) {
                throw new UsageException("--classes: class " + c + " is out of range [0, " + names.size() + ") of "
                    + plan.dataset() + " (" + String.join(", ", names) + ")");
            }
            newLabel[c] = i;
            keptNames.add(names.get(c));
        }
        boolean[] overLimit = overLimit(plan.records(), newLabel);
        List<RecordRef> kept = new ArrayList<>();
        long otherClasses = 0;
        long limited = 0;
        for (int r = 0; r < plan.records().size(); r++) {
            RecordRef ref = plan.records().get(r);
            if (newLabel[ref.label()] < 0) {
                otherClasses++;
            } else if (overLimit[r]) {
                limited++;
            } else {
                kept.add(new RecordRef(ref.recordId(), newLabel[ref.label()], ref.split(), ref.source(), ref.payload()));
            }
        }
        IngestPlan subset = new IngestPlan(plan.dataset(), plan.sources(), plan.format(), plan.shape(), keptNames, kept,
            plan.plannedBadRecords(), plan.sourceChecksums(), plan.decoder());
        return new Result(subset, new ShardManifest.Subset(classes, names, perClassLimit, seed, otherClasses, limited));
    }

    /** Marks the training records beyond the first {@code perClassLimit} of each kept class in a seeded order. */
    private boolean[] overLimit(List<RecordRef> records, int[] newLabel) {
        boolean[] over = new boolean[records.size()];
        if (perClassLimit == null) {
            return over;
        }
        List<List<Integer>> perClass = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            perClass.add(new ArrayList<>());
        }
        for (int r = 0; r < records.size(); r++) {
            RecordRef ref = records.get(r);
            if (ref.split() == Split.TRAIN && newLabel[ref.label()] >= 0) {
                perClass.get(newLabel[ref.label()]).add(r);
            }
        }
        for (int i = 0; i < perClass.size(); i++) {
            List<Integer> indices = perClass.get(i);
            Collections.shuffle(indices, new Random(seed * 31 + classes.get(i)));
            for (int k = perClassLimit; k < indices.size(); k++) {
                over[indices.get(k)] = true;
            }
        }
        return over;
    }

    /** The restricted plan and its manifest record. */
    public record Result(IngestPlan plan, ShardManifest.Subset recorded) {
    }
}
