package io.dlspark.engine;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.NativeThreads;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.spark.SparkTestSession;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Checks what {@link NetworkPool} sets up for a task that borrows a network, and what it keeps. */
class NetworkPoolTest {
    /** A device number no other test uses, so that this test's keys are its own. */
    private static final int DEVICE = 97;

    @Test
    void onlyTheMostRecentlyReturnedBlueprintsKeepTheirIdleNetworks() {
        List<NetworkBlueprint> blueprints = IntStream.rangeClosed(0, NetworkPool.KEPT_BLUEPRINTS)
            .mapToObj(seed -> NetworkBlueprint.of(ModelCatalog.resolve("mlp", Map.of("hidden-layers", List.of(4)))
                .build(new ModelInput.ImageInput(new ImageShape(4, 4, 1)), 2, OptimizerConfig.adam(1e-2), seed)))
            .toList();
        List<NeuralNetwork> returned = blueprints.stream().map(NetworkBlueprint::build).toList();
        for (int i = 0; i < blueprints.size(); i++) {
            NetworkPool.release(blueprints.get(i), DEVICE, returned.get(i));
        }
        assertEquals(NetworkPool.KEPT_BLUEPRINTS, NetworkPool.keptKeys());
        // the first job's network was dropped when the fifth blueprint came back: borrowing it builds a new one
        assertNotSame(returned.get(0), NetworkPool.borrow(blueprints.get(0), DEVICE));
        for (int i = 1; i < blueprints.size(); i++) {
            assertSame(returned.get(i), NetworkPool.borrow(blueprints.get(i), DEVICE), "blueprint " + i);
        }
        assertEquals(0, NetworkPool.keptKeys(), "every kept copy is lent out");
    }

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
