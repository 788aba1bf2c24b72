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
 * parameters instead of rebuilding the network. Networks are kept per device (their arrays live on the GPU the task
 * was pinned to; -1 on CPU), so a task never gets a network allocated on another task's GPU.
 */
final class NetworkPool {
    private static final Map<Key, Queue<NeuralNetwork>> POOL = new ConcurrentHashMap<>();

    private record Key(NetworkBlueprint blueprint, int device) {
    }

    private NetworkPool() {
    }

    /** A network for {@code blueprint} on {@code device}, with ND4J limited to {@code threads} threads in this JVM. */
    static NeuralNetwork borrow(NetworkBlueprint blueprint, int device, int threads) {
        NativeThreads.limit(threads);
        return borrow(blueprint, device);
    }

    static NeuralNetwork borrow(NetworkBlueprint blueprint, int device) {
        NeuralNetwork net = POOL.computeIfAbsent(new Key(blueprint, device), b -> new ConcurrentLinkedQueue<>()).poll();
        return net != null ? net : blueprint.build();
    }

    static void release(NetworkBlueprint blueprint, int device, NeuralNetwork net) {
        POOL.computeIfAbsent(new Key(blueprint, device), b -> new ConcurrentLinkedQueue<>()).add(net);
    }
}
