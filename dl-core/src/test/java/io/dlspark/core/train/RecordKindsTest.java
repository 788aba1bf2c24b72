package io.dlspark.core.train;

import io.dlspark.core.data.ImageShape;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every record kind keeps its record keys; float32 vectors and unlabelled rows assemble as {@code [batch, width]}. */
class RecordKindsTest {
    private static final ImageShape VECTOR = new ImageShape(1, 3, 1);

    @Test
    void float32VectorsAssembleAsRowsInTheRequestedOrder() {
        ByteBuffer bytes = ByteBuffer.allocate(2 * 3 * Float.BYTES);
        for (float v : new float[] {1.5f, -2f, 0.25f, 7f, 8f, 9f}) {
            bytes.putFloat(v);
        }
        PartitionData data = new PartitionData(0, bytes.array(), new int[] {1, 0}, new long[] {11, 22}, 3 * Float.BYTES, true);
        assertTrue(data.float32());
        assertEquals(3 * Float.BYTES, data.recordSize());
        DataSet batch = new MinibatchAssembler(VECTOR, 2, false).assemble(data, new int[] {1, 0}, 0, 2);
        assertArrayEquals(new long[] {2, 3}, batch.getFeatures().shape());
        assertArrayEquals(new float[] {7f, 8f, 9f, 1.5f, -2f, 0.25f}, batch.getFeatures().data().asFloat());
        assertArrayEquals(new float[] {1f, 0f, 0f, 1f}, batch.getLabels().data().asFloat());
    }

    @Test
    void unlabelledRowsHaveNoLabelsAndKeysStayWithEveryKind() {
        PartitionData tokens = new PartitionData(0, new TokenRows(2, new int[] {3, 4, 5, 0}), new int[] {-1, -1},
            new long[] {5, 6}, null);
        DataSet batch = new MinibatchAssembler(null, 0, false).assemble(tokens, new int[] {0, 1}, 0, 2);
        assertNull(batch.getLabels());
        assertArrayEquals(new float[] {3f, 4f, 5f, 0f}, batch.getFeatures().data().asFloat());
        assertArrayEquals(new long[] {5, 6}, tokens.recordKeys());
        assertThrows(IllegalArgumentException.class,
            () -> new PartitionData(0, new TokenRows(2, new int[4]), new int[2], new long[1], null));
    }
}
