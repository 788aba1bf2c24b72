package io.dlspark.tuning.early;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Asynchronous successive halving (ASHA) as a stopping rule: at a rung a trial continues only if fewer than {@code
 * ceil(n / reductionFactor)} of the rung's {@code n} recorded losses are strictly lower; it completes at {@code
 * maxResource}. Losses are minimised; thread-safe.
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
