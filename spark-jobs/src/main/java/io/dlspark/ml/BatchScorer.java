package io.dlspark.ml;

import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.engine.NetworkPool;
import io.dlspark.gpu.DeviceClaims;
import io.dlspark.gpu.GpuPinning;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Scores a partition's rows in batches of {@link #BATCH} on a network borrowed from the executor's {@link NetworkPool}
 * (returned when the task ends), appending the {@link RowScores} of the network's output.
 */
final class BatchScorer implements MapPartitionsFunction<Row, Row> {
    static final int BATCH = 256;

    private final NetworkBlueprint blueprint;
    private final Broadcast<NetworkState> state;
    private final int featureIndex;
    private final String column;
    private final int width;
    private final RowScores scores;
    private final boolean gpus;

    BatchScorer(NetworkBlueprint blueprint, Broadcast<NetworkState> state, int featureIndex, String column, int width,
                RowScores scores, boolean gpus) {
        this.blueprint = blueprint;
        this.state = state;
        this.featureIndex = featureIndex;
        this.column = column;
        this.width = width;
        this.scores = scores;
        this.gpus = gpus;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return rows;
        }
        DeviceClaims.Claim claim = GpuPinning.pinCurrentTask(gpus);
        int device = GpuPinning.deviceOf(gpus);
        NeuralNetwork net = NetworkPool.borrow(blueprint, device);
        state.value().applyTo(net);
        TaskContext task = TaskContext.get();
        int partition = task == null ? 0 : task.partitionId();
        Runnable giveBack = () -> {
            NetworkPool.release(blueprint, device, net);
            claim.close();
        };
        if (task != null) {
            task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> giveBack.run());
        }
        return new Iterator<>() {
            private final Deque<Row> scored = new ArrayDeque<>();
            private long position;

            @Override
            public boolean hasNext() {
                if (scored.isEmpty() && rows.hasNext()) {
                    scoreNext();
                }
                boolean more = !scored.isEmpty();
                if (!more && task == null) {
                    giveBack.run();
                }
                return more;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return scored.poll();
            }

            private void scoreNext() {
                List<Row> batch = new ArrayList<>(BATCH);
                float[][] features = new float[BATCH][];
                while (batch.size() < BATCH && rows.hasNext()) {
                    Row row = rows.next();
                    float[] values = FeatureColumn.read(row, featureIndex);
                    String fault = FeatureColumn.fault(values, width);
                    if (fault != null) {
                        throw new IllegalArgumentException("featuresCol '" + column + "': row " + position
                            + " of partition " + partition + " " + fault);
                    }
                    features[batch.size()] = values;
                    batch.add(row);
                    position++;
                }
                float[][] filled = batch.size() == features.length ? features : java.util.Arrays.copyOf(features, batch.size());
                INDArray output = Networks.output(net, Nd4j.createFromArray(filled));
                for (int k = 0; k < batch.size(); k++) {
                    scored.add(append(batch.get(k), output, k));
                }
            }
        };
    }

    private Row append(Row row, INDArray output, int k) {
        Object[] values = new Object[row.length() + scores.columns()];
        for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
        }
        scores.write(output, k, values, row.length());
        return RowFactory.create(values);
    }
}
