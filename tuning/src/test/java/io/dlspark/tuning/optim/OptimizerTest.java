package io.dlspark.tuning.optim;

import io.dlspark.tuning.space.Assignment;
import io.dlspark.tuning.space.CategoricalParameter;
import io.dlspark.tuning.space.RealParameter;
import io.dlspark.tuning.space.Scale;
import io.dlspark.tuning.space.SearchSpace;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizerTest {
    private static final SearchSpace SPACE = new SearchSpace(List.of(
            new RealParameter("x", "x", -1, 1, Scale.LINEAR, Optional.empty()),
            new RealParameter("y", "y", -1, 1, Scale.LINEAR, Optional.empty())));
    private static final BayesSettings FAST = new BayesSettings(3, 5, BayesSettings.Liar.CONSTANT_LIAR_MIN, 4, 1, 30, 20, 100, 300, 3, 0.01);

    private static double bowl(Assignment a) {
        double x = (Double) a.get("x") - 0.3;
        double y = (Double) a.get("y") + 0.2;
        return x * x + y * y;
    }

    @Test
    void bayesianOptimizationFindsTheMinimumOfABowl() {
        BayesianOptimizer bo = new BayesianOptimizer(SPACE, FAST);
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 20; i++) {
            Trial t = bo.suggest(1).get(0);
            double v = bowl(t.assignment());
            bo.observe(t, v);
            best = Math.min(best, v);
        }
        assertTrue(best < 1e-3, "best " + best);
        assertTrue(bo.kernel().isPresent());
    }

    @Test
    void batchProposalsAreDistinctAndSeeded() {
        BayesianOptimizer a = new BayesianOptimizer(SPACE, FAST);
        BayesianOptimizer b = new BayesianOptimizer(SPACE, FAST);
        for (BayesianOptimizer bo : List.of(a, b)) {
            for (Trial t : bo.suggest(6)) {
                bo.observe(t, bowl(t.assignment()));
            }
        }
        List<Trial> batchA = a.suggest(4);
        List<Trial> batchB = b.suggest(4);
        assertEquals(batchA, batchB);
        Set<Assignment> distinct = new HashSet<>();
        batchA.forEach(t -> distinct.add(t.assignment()));
        assertEquals(4, distinct.size());
        assertEquals(List.of(6, 7, 8, 9), batchA.stream().map(Trial::id).toList());
    }

    @Test
    void randomSearchIsSeededAndDoesNotRepeatAfterResume() {
        List<Trial> first = new RandomSearch(SPACE, 9).suggest(5);
        assertEquals(first, new RandomSearch(SPACE, 9).suggest(5));
        RandomSearch resumed = new RandomSearch(SPACE, 9);
        first.forEach(t -> resumed.observe(t, 1.0));
        Trial next = resumed.suggest(1).get(0);
        assertEquals(5, next.id());
        first.forEach(t -> assertNotEquals(t.assignment(), next.assignment()));
    }

    @Test
    void gridVisitsEachPointOnceAndSkipsObservedOnes() {
        SearchSpace space = new SearchSpace(List.of(
                new CategoricalParameter("c", "c", List.of("a", "b"), Optional.empty()),
                new RealParameter("x", "x", 0, 1, Scale.LINEAR, Optional.empty())));
        GridSearch grid = new GridSearch(space, 3);
        assertEquals(6, grid.size());
        List<Trial> firstTwo = grid.suggest(2);
        firstTwo.forEach(t -> grid.observe(t, 0.0));
        GridSearch resumed = new GridSearch(space, 3);
        firstTwo.forEach(t -> resumed.observe(t, 0.0));
        List<Trial> rest = resumed.suggest(10);
        assertEquals(4, rest.size());
        assertTrue(rest.stream().noneMatch(t -> firstTwo.stream().anyMatch(f -> f.assignment().equals(t.assignment()))));
        assertTrue(resumed.suggest(1).isEmpty());
    }

    @Test
    void failuresAreAcceptedAndSearchContinues() {
        BayesianOptimizer bo = new BayesianOptimizer(SPACE, FAST);
        for (int i = 0; i < 8; i++) {
            Trial t = bo.suggest(1).get(0);
            if (i % 3 == 0) {
                bo.fail(t);
            } else {
                bo.observe(t, i == 4 ? Double.NaN : bowl(t.assignment()));
            }
        }
        assertEquals(1, bo.suggest(1).size());
    }
}
