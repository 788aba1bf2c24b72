package io.dlspark.ml;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.nn.HostFloats;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.train.MinibatchAssembler;
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
    private final Input input;
    private final RowScores scores;
    private final boolean gpus;

    /** What the network takes: vectors of {@code width} values, or images of {@code image} (null for vectors). */
    record Input(int width, ImageShape image, boolean convolutional) implements java.io.Serializable {
        /** The fault of a row's features (null when none). */
        String fault(Row row, int column) {
            return image != null ? ImageColumn.fault(row, column, image)
                : FeatureColumn.fault(FeatureColumn.read(row, column), width);
        }

        /** The network input for {@code rows}, whose features have no fault. */
        INDArray batch(List<Row> rows, int column) {
            int n = rows.size();
            if (image == null) {
                float[] features = new float[n * width];
                for (int k = 0; k < n; k++) {
                    System.arraycopy(FeatureColumn.read(rows.get(k), column), 0, features, k * width, width);
                }
                return HostFloats.array(features, n, width);
            }
            List<byte[]> images = new ArrayList<>(n);
            for (Row row : rows) {
                images.add(ImageColumn.read(row, column));
            }
            return new MinibatchAssembler(image, 0, convolutional).images(images);
        }
    }

    BatchScorer(NetworkBlueprint blueprint, Broadcast<NetworkState> state, int featureIndex, String column, Input input,
                RowScores scores, boolean gpus) {
        this.blueprint = blueprint;
        this.state = state;
        this.featureIndex = featureIndex;
        this.column = column;
        this.input = input;
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
                while (batch.size() < BATCH && rows.hasNext()) {
                    Row row = rows.next();
                    String fault = input.fault(row, featureIndex);
                    if (fault != null) {
                        throw new IllegalArgumentException("featuresCol '" + column + "': row " + position
                            + " of partition " + partition + " " + fault);
                    }
                    batch.add(row);
                    position++;
                }
                INDArray output = Networks.output(net, input.batch(batch, featureIndex));
                // one copy of the whole batch's output (INDArray.toDoubleMatrix copies row by row, far slower)
                double[] values = output.dup('c').data().asDouble();
                int width = (int) output.size(1);
                for (int k = 0; k < batch.size(); k++) {
                    scored.add(append(batch.get(k), values, k * width));
                }
            }
        };
    }

    private Row append(Row row, double[] output, int from) {
        Object[] values = new Object[row.length() + scores.columns()];
        for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
        }
        scores.write(output, from, values, row.length());
        return RowFactory.create(values);
    }
}
