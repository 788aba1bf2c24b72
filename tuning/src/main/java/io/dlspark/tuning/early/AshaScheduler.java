package io.dlspark.tuning.early;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Asynchronous successive halving (ASHA) as a stopping rule. When a trial reports the loss after epoch {@code e}:
 * <ul>
 *   <li>{@code e >= maxResource}: {@link Decision#COMPLETE};</li>
 *   <li>{@code e} a rung: the loss joins that rung's record of {@code n} losses, and the trial continues only if
 *       fewer than {@code ceil(n / reductionFactor)} recorded losses are strictly better (lower); otherwise
 *       {@link Decision#STOP};</li>
 *   <li>any other epoch: {@link Decision#CONTINUE}.</li>
 * </ul>
 * A non-finite loss stops the trial and is recorded as the worst. Decisions depend on arrival order, as in ASHA, so
 * no trial waits for others; replaying reports (on resume) rebuilds the state. Losses are minimised. Thread-safe.
 */
public final class AshaScheduler {
    private final AshaSettings settings;
    private final List<Integer> rungs;
    private final Map<Integer, Map<Integer, Double>> recorded = new HashMap<>();

    public AshaScheduler(AshaSettings settings) {
        this.settings = settings;
        this.rungs = settings.rungs();
        for (int r : rungs) {
            recorded.put(r, new HashMap<>());
        }
    }

    public AshaSettings settings() {
        return settings;
    }

    /** Records a trial's loss after {@code epoch} (1-based) and decides whether it goes on. */
    public synchronized Decision report(int trialId, int epoch, double loss) {
        if (epoch < 1) {
            throw new IllegalArgumentException("epochs are counted from 1, got " + epoch);
        }
        double value = Double.isFinite(loss) ? loss : Double.POSITIVE_INFINITY;
        Map<Integer, Double> rung = recorded.get(epoch);
        if (rung != null) {
            rung.put(trialId, value);
        }
        if (value == Double.POSITIVE_INFINITY) {
            return Decision.STOP;
        }
        if (epoch >= settings.maxResource()) {
            return Decision.COMPLETE;
        }
        if (rung == null) {
            return Decision.CONTINUE;
        }
        int keep = (rung.size() + settings.reductionFactor() - 1) / settings.reductionFactor();
        long better = rung.entrySet().stream()
                .filter(e -> e.getKey() != trialId && e.getValue() < value)
                .count();
        return better < keep ? Decision.CONTINUE : Decision.STOP;
    }

    /** The number of losses recorded at each rung, in rung order. */
    public synchronized List<Integer> rungSizes() {
        List<Integer> sizes = new ArrayList<>();
        for (int r : rungs) {
            sizes.add(recorded.get(r).size());
        }
        return sizes;
    }
}
