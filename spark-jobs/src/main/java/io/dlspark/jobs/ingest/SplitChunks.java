package io.dlspark.jobs.ingest;

import io.dlspark.core.shard.Split;
import io.dlspark.shards.ShardSetWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Cuts each split's records, in order, into the chunks that become its shard files (one Spark task each). */
final class SplitChunks {

    private SplitChunks() {
    }

    /**
     * {@code partitions} chunks for the train split (default one per {@link ShardSetWriter#RECORDS_PER_SHARD}),
     * proportionally fewer for the others, at least one each; splits without records get none.
     */
    static <T> List<List<T>> of(Function<Split, List<T>> records, Integer partitions) {
        int trainRecords = records.apply(Split.TRAIN).size();
        int trainChunks = partitions != null ? partitions : ShardSetWriter.shardsFor(trainRecords);
        List<List<T>> chunks = new ArrayList<>();
        for (Split split : Split.values()) {
            List<T> refs = records.apply(split);
            if (refs.isEmpty()) {
                continue;
            }
            int n = ShardSetWriter.shardsOf(split, refs.size(), trainRecords, trainChunks);
            for (int i = 0; i < n; i++) {
                chunks.add(new ArrayList<>(refs.subList((int) ((long) i * refs.size() / n),
                    (int) ((long) (i + 1) * refs.size() / n))));
            }
        }
        return chunks;
    }
}
