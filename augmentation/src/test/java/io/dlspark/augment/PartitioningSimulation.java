package io.dlspark.augment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Applies an augmenter to records the way Spark tasks would: the records cut into chunks, the chunks run in a
 * shuffled order, each by its own deserialized copy of the augmenter, each chunk's records in reverse order.
 */
final class PartitioningSimulation {

    private PartitioningSimulation() {
    }

    static <T> Map<String, T> run(Augmenter<T> augmenter, Map<String, T> records, int chunks, int epoch, long order) {
        List<String> ids = new ArrayList<>(records.keySet());
        Collections.sort(ids);
        List<List<String>> parts = new ArrayList<>();
        int per = (ids.size() + chunks - 1) / chunks;
        for (int start = 0; start < ids.size(); start += per) {
            parts.add(new ArrayList<>(ids.subList(start, Math.min(ids.size(), start + per))));
        }
        Collections.shuffle(parts, new Random(order));
        Map<String, T> out = new HashMap<>();
        for (List<String> part : parts) {
            Augmenter<T> executorCopy = Fixtures.roundTrip(augmenter);
            Collections.reverse(part);
            for (String id : part) {
                out.put(id, executorCopy.apply(records.get(id), id, epoch));
            }
        }
        return out;
    }
}
