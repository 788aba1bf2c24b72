package io.dlspark.engine;

import io.dlspark.core.nn.NativeThreads;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.core.train.Trainable;
import io.dlspark.core.train.TrainableBlueprint;
import io.dlspark.gpu.DeviceClaims;
import io.dlspark.gpu.GpuPinning;
import org.apache.spark.TaskContext;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
/**
 * Networks and trainables kept in an executor JVM between rounds, one per running task, pooled by blueprint and
 * device (docs/architecture.md, design notes).
 */
public final class NetworkPool {
    private static final Map<Key, Queue<Object>> POOL = new ConcurrentHashMap<>();

    private NetworkPool() {
    }

    private record Key(Object blueprint, Class<?> type, int device) {
    }

    /** A trainable for {@code blueprint} on {@code device}, with ND4J limited to {@code threads} threads in this JVM. */
    static Trainable borrowTrainable(TrainableBlueprint blueprint, int device, int threads) {
        NativeThreads.limit(threads);
        return borrow(new Key(blueprint, Trainable.class, device), blueprint::newTrainable);
    }

    /**
     * Runs {@code work} in a Spark task on a trainable borrowed from the pool, with the task's thread pinned to the GPU
     * Spark assigned to it when GPUs are requested ({@link GpuPinning}), and returns the trainable afterwards.
     */
    static <T, E extends Exception> T withTrainable(TrainableBlueprint blueprint, boolean gpus, int threads,
                                                    TrainableWork<T, E> work) throws E {
        try (DeviceClaims.Claim pinned = GpuPinning.pinCurrentTask(gpus)) {
            int device = GpuPinning.deviceOf(gpus);
            Trainable trainable = borrowTrainable(blueprint, device, threads);
            try {
                return work.apply(trainable);
            } finally {
                release(blueprint, device, trainable);
            }
        }
    }

    /** What a task does with a pooled trainable. */
    @FunctionalInterface
    interface TrainableWork<T, E extends Exception> {
        T apply(Trainable trainable) throws E;
    }

    /**
     * A network for {@code blueprint} on {@code device}. Inside a Spark task, ND4J is first limited to the task's CPUs
     * ({@code spark.task.cpus}), so concurrent scoring tasks do not each start a thread per core.
     */
    public static NeuralNetwork borrow(NetworkBlueprint blueprint, int device) {
        TaskContext task = TaskContext.get();
        if (task != null) {
            NativeThreads.limit(Math.max(1, task.cpus()));
        }
        return borrow(new Key(blueprint, NeuralNetwork.class, device), blueprint::build);
    }

    static void release(TrainableBlueprint blueprint, int device, Trainable trainable) {
        queue(new Key(blueprint, Trainable.class, device)).add(trainable);
    }

    public static void release(NetworkBlueprint blueprint, int device, NeuralNetwork net) {
        queue(new Key(blueprint, NeuralNetwork.class, device)).add(net);
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
