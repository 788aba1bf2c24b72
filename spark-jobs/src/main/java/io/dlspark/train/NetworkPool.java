package io.dlspark.train;

import io.dlspark.core.nn.NativeThreads;
import io.dlspark.core.nn.NetworkBlueprint;
import io.dlspark.core.train.Trainable;
import io.dlspark.core.train.TrainableBlueprint;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * Networks and trainables kept in an executor JVM between rounds, one per concurrently running task, so that a round
 * only sets parameters instead of rebuilding them. Pooled by blueprint and by what was built from it.
 */
final class NetworkPool {
    private static final Map<Key, Queue<Object>> POOL = new ConcurrentHashMap<>();

    private NetworkPool() {
    }

    private record Key(Object blueprint, Class<?> type) {
    }

    /** A trainable for {@code blueprint}, with ND4J limited to {@code threads} threads in this JVM. */
    static Trainable borrowTrainable(TrainableBlueprint blueprint, int threads) {
        NativeThreads.limit(threads);
        return borrowTrainable(blueprint);
    }

    static Trainable borrowTrainable(TrainableBlueprint blueprint) {
        return borrow(new Key(blueprint, Trainable.class), blueprint::newTrainable);
    }

    static NeuralNetwork borrow(NetworkBlueprint blueprint) {
        return borrow(new Key(blueprint, NeuralNetwork.class), blueprint::build);
    }

    static void release(TrainableBlueprint blueprint, Trainable trainable) {
        queue(new Key(blueprint, Trainable.class)).add(trainable);
    }

    static void release(NetworkBlueprint blueprint, NeuralNetwork net) {
        queue(new Key(blueprint, NeuralNetwork.class)).add(net);
    }

    @SuppressWarnings("unchecked")
    private static <T> T borrow(Key key, Supplier<T> build) {
        Object pooled = queue(key).poll();
        return pooled != null ? (T) pooled : build.get();
    }

    private static Queue<Object> queue(Key key) {
        return POOL.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>());
    }
}
