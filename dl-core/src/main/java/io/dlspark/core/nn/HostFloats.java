package io.dlspark.core.nn;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves floats between Java arrays and ND4J with one bulk copy each way: ND4J 1.0.0-M2.1's {@code Nd4j.create(float[],
 * shape, 'c')} and {@code toFloatVector()} go element by element (a 784-pixel row cost about 20 microseconds to
 * assemble, and a million-float network state 3 to 6 times a bulk copy's time).
 */
public final class HostFloats {
    private HostFloats() {
    }

    /** A new {@code shape} array holding {@code values} in C order; {@code values.length} must be the shape's size. */
    public static INDArray array(float[] values, long... shape) {
        long size = 1;
        for (long dimension : shape) {
            size *= dimension;
        }
        if (size != values.length) {
            throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " holds " + size
                + " values, got " + values.length);
        }
        if (!Nd4j.getEnvironment().isCPU()) {
            // device backends (CUDA) keep host and device copies in step only through their own setters
            return Nd4j.create(values, shape, 'c');
        }
        INDArray array = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        if (values.length > 0) {
            ((FloatPointer) array.data().addressPointer()).put(values);
        }
        return array;
    }

    /** The values of {@code array} in C order as a new Java float array (cast to float when it holds another type). */
    public static float[] copyOf(INDArray array) {
        if (!Nd4j.getEnvironment().isCPU()) {
            return array.toFloatVector();
        }
        INDArray dense = array.dataType() == DataType.FLOAT && !array.isView() && array.ordering() == 'c'
            && array.length() == array.data().length() ? array : array.castTo(DataType.FLOAT).dup('c');
        float[] values = new float[Math.toIntExact(dense.length())];
        if (values.length > 0) {
            ((FloatPointer) dense.data().addressPointer()).get(values);
        }
        return values;
    }
}
