package io.dlspark.core.eval;

import io.dlspark.core.nn.Networks;
import io.dlspark.core.train.InferenceBatch;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.PartitionData;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.Serializable;

/**
 * Sums over (prediction, target) pairs that give RMSE, MAE and R²; partial sums of several partitions merge in any
 * order. Computed in double precision from float32 network outputs.
 */
public final class RegressionSums implements Serializable {

    private long count;
    private double squaredErrors;
    private double absoluteErrors;
    private double targets;
    private double squaredTargets;

    /** Adds one pair. */
    public void add(double prediction, double target) {
        double error = prediction - target;
        count++;
        squaredErrors += error * error;
        absoluteErrors += Math.abs(error);
        targets += target;
        squaredTargets += target * target;
    }

    /** Predicts every record of {@code partition} with {@code net} (one output) and adds it. */
    public static RegressionSums of(NeuralNetwork net, PartitionData partition, MinibatchAssembler assembler) {
        return of(net, partition, assembler, 1, 0);
    }

    /**
     * As {@link #of(NeuralNetwork, PartitionData, MinibatchAssembler)}, each output {@code o} taken as the prediction
     * {@code scale * o + shift}: a model's standardized output in the units of targets standardized otherwise.
     */
    public static RegressionSums of(NeuralNetwork net, PartitionData partition, MinibatchAssembler assembler,
                                    double scale, double shift) {
        RegressionSums sums = new RegressionSums();
        int[] order = new int[partition.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int perPass = InferenceBatch.rows(partition.features());
        for (int from = 0; from < order.length; from += perPass) {
            int to = Math.min(from + perPass, order.length);
            DataSet batch = assembler.assemble(partition, order, from, to);
            INDArray output = Networks.output(net, batch.getFeatures());
            for (int k = 0; k < to - from; k++) {
                sums.add(scale * output.getDouble(k, 0) + shift, batch.getLabels().getDouble(k, 0));
            }
        }
        return sums;
    }

    /** This and {@code other} together (this one, updated). */
    public RegressionSums merge(RegressionSums other) {
        count += other.count;
        squaredErrors += other.squaredErrors;
        absoluteErrors += other.absoluteErrors;
        targets += other.targets;
        squaredTargets += other.squaredTargets;
        return this;
    }

    public long count() {
        return count;
    }

    public double mse() {
        return squaredErrors / count;
    }

    public double rmse() {
        return Math.sqrt(mse());
    }

    public double mae() {
        return absoluteErrors / count;
    }

    /** 1 - SSE / SST (SST about the targets' mean), as Spark's RegressionEvaluator computes it; NaN for constant targets. */
    public double r2() {
        double total = squaredTargets - targets * targets / count;
        return total > 0 ? 1 - squaredErrors / total : Double.NaN;
    }
}
