package io.dlspark.engine;

import io.dlspark.core.nn.NativeThreads;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.core.train.Trainable;
import io.dlspark.core.train.TrainableBlueprint;
import io.dlspark.gpu.DeviceClaims;
import io.dlspark.gpu.GpuPinning;
import org.apache.spark.TaskContext;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Networks and trainables kept in an executor JVM between rounds, one per running task, pooled by blueprint and
 * device (docs/architecture.md, design notes). Only the idle copies of the {@link #KEPT_BLUEPRINTS} most recently
 * returned blueprints are kept: a finished job's networks are dropped once later jobs have returned theirs, where the
 * pool used to keep every job's copies (and their native memory) for the life of the JVM.
 */
public final class NetworkPool {
    /**
     * Blueprints whose idle copies are kept. A training job returns two at a time (its trainables, and its networks
     * or flip-averaged networks for evaluation); four leave room for a second job in the same executor.
     */
    static final int KEPT_BLUEPRINTS = 4;
    /** Idle copies by key, least recently returned first. */
    private static final LinkedHashMap<Key, Deque<Object>> POOL = new LinkedHashMap<>(16, 0.75f, true);

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
        keep(new Key(blueprint, Trainable.class, device), trainable);
    }

    public static void release(NetworkBlueprint blueprint, int device, NeuralNetwork net) {
        keep(new Key(blueprint, NeuralNetwork.class, device), net);
    }

    /** How many blueprints (by device and kind of copy) have idle copies kept. */
    static synchronized int keptKeys() {
        return POOL.size();
    }

    @SuppressWarnings("unchecked")
    private static <T> T borrow(Key key, Supplier<T> build) {
        Object pooled = take(key);
        return pooled != null ? (T) pooled : build.get();
    }

    private static synchronized Object take(Key key) {
        Deque<Object> idle = POOL.get(key);
        if (idle == null) {
            return null;
        }
        Object pooled = idle.poll();
        if (idle.isEmpty()) {
            POOL.remove(key);
        }
        return pooled;
    }

    /** Keeps {@code copy} idle under {@code key}, dropping the least recently returned keys beyond the bound. */
    private static synchronized void keep(Key key, Object copy) {
        POOL.computeIfAbsent(key, k -> new ArrayDeque<>()).add(copy);
        Iterator<Map.Entry<Key, Deque<Object>>> oldest = POOL.entrySet().iterator();
        while (POOL.size() > KEPT_BLUEPRINTS) {
            oldest.next();
            oldest.remove();
        }
    }
}
