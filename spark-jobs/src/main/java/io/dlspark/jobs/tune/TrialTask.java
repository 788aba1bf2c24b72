package io.dlspark.jobs.tune;

import io.dlspark.core.local.LocalTrainer;
import io.dlspark.core.nn.NativeThreads;
import io.dlspark.core.nn.NetworkState;
import org.apache.spark.SparkEnv;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.io.Serializable;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The executor side of a parallel trial: trains epochs {@code from+1 .. to} of one trial with the single-machine {@link
 * LocalTrainer}, from the previous segment's state. Errors, out-of-memory included, come back in the result.
 */
final class TrialTask implements Serializable {
    private final TrialSpec spec;
    private final NetworkState start;
    private final int from;
    private final int to;
    private final int threads;

    TrialTask(TrialSpec spec, NetworkState start, int from, int to, int threads) {
        this.spec = spec;
        this.start = start;
        this.from = from;
        this.to = to;
        this.threads = threads;
    }

    SegmentResult run(TrialData data) {
        String executor = executor();
        List<Map<String, Double>> epochs = new ArrayList<>();
        try {
            NativeThreads.limit(threads);
            NeuralNetwork net = spec.blueprint().build();
            if (start != null) {
                start.applyTo(net);
            }
            LocalTrainer trainer = new LocalTrainer(spec.seed(), spec.batchSize(), data.assembler(), data.labels());
            for (int epoch = from; epoch < to; epoch++) {
                LocalTrainer.Epoch e = trainer.epoch(net, data.train(), data.validation(), epoch);
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("train.loss", e.trainLoss());
                m.put("validation.accuracy", e.validation().accuracy());
                m.put("validation.loss", e.validation().logLoss());
                epochs.add(m);
            }
            return new SegmentResult(NetworkState.of(net), epochs, executor, null);
        } catch (Exception | OutOfMemoryError e) {
            String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new SegmentResult(null, epochs, executor, message);
        }
    }

    private static String executor() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        SparkEnv env = SparkEnv.get();
        return (env == null ? "local" : "executor " + env.executorId()) + "@" + host;
    }
}
