package io.dlspark.tuning.optim;

import io.dlspark.tuning.space.Assignment;
import io.dlspark.tuning.space.SearchSpace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every point of {@link SearchSpace#grid(int)} once, in order, skipping points already observed (after a resume);
 * {@link #suggest} returns fewer proposals once the grid is used up.
 */
public final class GridSearch extends BookkeepingOptimizer {
    private final List<Assignment> points;
    private int cursor;

    public GridSearch(SearchSpace space, int resolution) {
        if (resolution < 2) {
            throw new IllegalArgumentException("grid resolution must be >= 2, got " + resolution);
        }
        this.points = space.grid(resolution);
    }

    /** The number of grid points. */
    public int size() {
        return points.size();
    }

    @Override
    public List<Trial> suggest(int n) {
        Set<Assignment> seen = new HashSet<>(book.seen());
        List<Trial> out = new ArrayList<>(n);
        while (out.size() < n && cursor < points.size()) {
            Assignment next = points.get(cursor++);
            if (!seen.contains(next)) {
                out.add(book.propose(next));
            }
        }
        return out;
    }
}
