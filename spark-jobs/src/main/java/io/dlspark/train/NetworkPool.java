package io.dlspark.train;

import io.dlspark.core.nn.NativeThreads;
import io.dlspark.core.nn.NetworkBlueprint;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Networks kept in an executor JVM between rounds, one per concurrently running task, so that a round only sets
 * parameters instead of rebuilding the network.
 */
final class NetworkPool {
    private static final Map<NetworkBlueprint, Queue<NeuralNetwork>> POOL = new ConcurrentHashMap<>();

    private NetworkPool() {
    }

    /** A network for {@code blueprint}, with ND4J limited to {@code threads} threads in this JVM. */
    static NeuralNetwork borrow(NetworkBlueprint blueprint, int threads) {
        NativeThreads.limit(threads);
        return borrow(blueprint);
    }

    static NeuralNetwork borrow(NetworkBlueprint blueprint) {
        NeuralNetwork net = POOL.computeIfAbsent(blueprint, b -> new ConcurrentLinkedQueue<>()).poll();
        return net != null ? net : blueprint.build();
    }

    static void release(NetworkBlueprint blueprint, NeuralNetwork net) {
        POOL.computeIfAbsent(blueprint, b -> new ConcurrentLinkedQueue<>()).add(net);
    }
}
