package io.dlspark.tuning.optim;

import io.dlspark.tuning.space.SearchSpace;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Independent uniform draws from the unit cube, seeded; observations do not influence it. */
public final class RandomSearch implements Optimizer {
    private final SearchSpace space;
    private final Random random;
    private final TrialBook book = new TrialBook();

    public RandomSearch(SearchSpace space, long seed) {
        this.space = space;
        this.random = new Random(seed);
    }

    @Override
    public List<Trial> suggest(int n) {
        List<Trial> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(book.propose(space.sample(random)));
        }
        return out;
    }

    @Override
    public void observe(Trial trial, double loss) {
        book.observe(trial, loss);
    }

    @Override
    public void fail(Trial trial) {
        book.fail(trial);
    }
}
