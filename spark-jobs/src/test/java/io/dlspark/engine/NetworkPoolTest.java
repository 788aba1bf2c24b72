package io.dlspark.engine;

import io.dlspark.core.nn.NativeThreads;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.spark.SparkTestSession;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Checks what {@link NetworkPool} sets up for a task that borrows a network. */
class NetworkPoolTest {

    @Test
    void aNetworkBorrowedInATaskLimitsNd4jToTheTasksCpus() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
        NetworkBlueprint blueprint = ExchangeFixtures.mlp();
        NativeThreads.limit(2);
        assertEquals(2, Nd4j.factory().blas().getMaxThreads(), "the driver's setting before the task");
        List<Integer> inTask = jsc.parallelize(List.of(1), 1).map(x -> {
            NeuralNetwork net = NetworkPool.borrow(blueprint, 0);
            int threads = Nd4j.factory().blas().getMaxThreads();
            NetworkPool.release(blueprint, 0, net);
            return threads;
        }).collect();
        // local mode: the task runs in this JVM, with spark.task.cpus = 1. (libnd4j's own Environment.maxThreads() does
        // not go below its start value in M2.1, so the BLAS setting is what the test can read back.)
        assertEquals(List.of(1), inTask);
    }
}
