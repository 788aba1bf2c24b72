package io.dlspark.tuning.optim;

import io.dlspark.tuning.space.SearchSpace;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Independent uniform draws from the unit cube. Trial {@code id}'s draw depends only on the seed and the id, so a
 * resumed search (whose ids continue after the ledger's) never repeats an earlier trial's configuration.
 */
public final class RandomSearch extends BookkeepingOptimizer {
    private final SearchSpace space;
    private final long seed;

    public RandomSearch(SearchSpace space, long seed) {
        this.space = space;
        this.seed = seed;
    }

    @Override
    public List<Trial> suggest(int n) {
        List<Trial> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Random random = new Random(seed * 0x9E3779B97F4A7C15L + book.nextId());
            out.add(book.propose(space.sample(random)));
        }
        return out;
    }
}
