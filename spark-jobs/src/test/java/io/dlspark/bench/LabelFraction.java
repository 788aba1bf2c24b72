package io.dlspark.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A seeded, label-stratified share of a training split: {@code round(fraction x n)} records of each class (at least
 * one), drawn by one {@link Random} of the seed over the classes in label order and their sorted record ids, so the
 * choice depends on the seed and the records only.
 */
final class LabelFraction {
    private LabelFraction() {
    }

    /** One training record: its id and label index. */
    record Labelled(String id, int label) {
    }

    /** The ids kept of {@code records} (in any order) at {@code fraction} in (0, 1] with {@code seed}, sorted. */
    static TreeSet<String> select(List<Labelled> records, double fraction, long seed) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        Map<Integer, List<String>> byLabel = new TreeMap<>();
        for (Labelled r : records) {
            byLabel.computeIfAbsent(r.label(), l -> new ArrayList<>()).add(r.id());
        }
        Random random = new Random(seed);
        TreeSet<String> kept = new TreeSet<>();
        for (List<String> ids : byLabel.values()) {
            Collections.sort(ids);
            Collections.shuffle(ids, random);
            int keep = (int) Math.max(1, Math.min(ids.size(), Math.round(fraction * ids.size())));
            kept.addAll(ids.subList(0, keep));
        }
        return kept;
    }
}
