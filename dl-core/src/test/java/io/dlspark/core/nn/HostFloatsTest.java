package io.dlspark.core.nn;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostFloatsTest {
    @Test
    void equalsNd4jCreateInCOrder() {
        SplittableRandom random = new SplittableRandom(7);
        float[] values = new float[3 * 2 * 5 * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        INDArray bulk = HostFloats.array(values, 3, 2, 5, 4);
        INDArray reference = Nd4j.create(values, new long[] {3, 2, 5, 4}, 'c');
        assertEquals(DataType.FLOAT, bulk.dataType());
        assertEquals('c', bulk.ordering());
        assertArrayEquals(reference.shape(), bulk.shape());
        assertEquals(reference, bulk);
        assertEquals(values[1 * 40 + 1 * 20 + 3 * 4 + 2], bulk.getFloat(1, 1, 3, 2));
    }

    @Test
    void eachArrayOwnsItsCopy() {
        float[] values = {1, 2, 3, 4};
        INDArray first = HostFloats.array(values, 2, 2);
        values[0] = 9;
        INDArray second = HostFloats.array(values, 2, 2);
        assertEquals(1f, first.getFloat(0, 0));
        assertEquals(9f, second.getFloat(0, 0));
    }

    @Test
    void emptyShapeAndMismatchedSize() {
        assertEquals(0, HostFloats.array(new float[0], 0, 4).length());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> HostFloats.array(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("holds 6 values, got 5"), e.getMessage());
    }

    @Test
    void copyOfGivesCOrderValuesOfDenseArraysViewsOtherOrdersAndTypes() {
        INDArray dense = Nd4j.rand(DataType.FLOAT, 4, 6);
        INDArray view = dense.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3),
            org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray column = dense.getColumn(2);
        INDArray fortran = dense.dup('f');
        INDArray doubles = Nd4j.rand(DataType.DOUBLE, 3, 5);
        for (INDArray array : new INDArray[] {dense, view, column, fortran, doubles, Nd4j.create(DataType.FLOAT, 0)}) {
            assertArrayEquals(array.castTo(DataType.FLOAT).dup('c').data().asFloat(), HostFloats.copyOf(array),
                array.shapeInfoToString());
        }
    }
}
