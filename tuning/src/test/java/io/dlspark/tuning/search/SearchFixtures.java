package io.dlspark.tuning.search;

import io.dlspark.tuning.early.AshaScheduler;
import io.dlspark.tuning.ledger.TrialLedger;
import io.dlspark.tuning.optim.BayesSettings;
import io.dlspark.tuning.optim.BayesianOptimizer;
import io.dlspark.tuning.optim.Objective;
import io.dlspark.tuning.space.RealParameter;
import io.dlspark.tuning.space.Scale;
import io.dlspark.tuning.space.SearchSpace;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A two-parameter space, a fast "training" whose accuracy peaks at (0.3, 0.7), and a driver over a ledger. */
final class SearchFixtures {
    static final Objective ACCURACY = new Objective("validation.accuracy", Objective.Goal.MAXIMIZE);
    static final SearchSpace SPACE = new SearchSpace(List.of(
            new RealParameter("a", "training.a", 0, 1, Scale.LINEAR, Optional.empty()),
            new RealParameter("b", "training.b", 0, 1, Scale.LINEAR, Optional.empty())));

    /** Light settings that keep the loop tests fast. */
    static final BayesSettings FAST = new BayesSettings(7, 5, BayesSettings.Liar.CONSTANT_LIAR_MIN, 4, 1, 30, 20, 100, 200, 3, 0.01);

    private SearchFixtures() {
    }

    static SearchDriver driver(Path ledger, int budget, Optional<AshaScheduler> asha) throws IOException {
        return new SearchDriver(SPACE, ACCURACY, new BayesianOptimizer(SPACE, FAST),
                TrialLedger.open(ledger, new Configuration()), asha, budget);
    }

    /** Accuracy after {@code epoch} epochs: rises with epochs towards a peak at (0.3, 0.7). */
    static double accuracy(Map<String, Object> params, int epoch) {
        double a = (Double) params.get("a");
        double b = (Double) params.get("b");
        return (1 - (a - 0.3) * (a - 0.3) - (b - 0.7) * (b - 0.7)) * (1 - Math.pow(0.5, epoch));
    }
}
