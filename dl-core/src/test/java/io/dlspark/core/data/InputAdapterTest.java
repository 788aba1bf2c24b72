package io.dlspark.core.data;

import io.dlspark.core.UsageException;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.PartitionData;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputAdapterTest {
    private static final ImageShape GREY_28 = new ImageShape(28, 28, 1);
    private static final ImageShape RGB_32 = new ImageShape(32, 32, 3);

    @Test
    void greyToRgbRepeatsEachPixelAndRgbToGreyTakesLuminance() {
        byte[] grey = {10, (byte) 200, 0, (byte) 255};
        byte[] rgb = new InputAdapter(new ImageShape(2, 2, 1), new ImageShape(2, 2, 3)).apply(grey, 0);
        assertArrayEquals(new byte[] {10, 10, 10, (byte) 200, (byte) 200, (byte) 200, 0, 0, 0, (byte) 255, (byte) 255, (byte) 255}, rgb);

        byte[] colour = {0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255};
        byte[] luminance = new InputAdapter(new ImageShape(1, 4, 3), new ImageShape(1, 4, 1)).apply(colour, 0);
        assertArrayEquals(new byte[] {0, 76, (byte) 150, 29}, luminance);
    }

    @Test
    void resizeOfAUniformRecordKeepsItsValueAndReadsFromTheOffset() {
        byte[] two = new byte[2 * RGB_32.size()];
        java.util.Arrays.fill(two, RGB_32.size(), two.length, (byte) 120);
        byte[] adapted = new InputAdapter(RGB_32, GREY_28).apply(two, RGB_32.size());
        assertEquals(GREY_28.size(), adapted.length);
        for (byte b : adapted) {
            assertEquals(120, b & 0xFF);
        }
    }

    @Test
    void planNamesBothShapesAndTheMissingOrExtraSteps() {
        assertNull(InputAdapter.plan(GREY_28, GREY_28, Set.of(), "data", "base"));
        UsageException none = assertThrows(UsageException.class, () -> InputAdapter.plan(RGB_32, GREY_28, Set.of(), "data", "base"));
        assertTrue(none.getMessage().contains("28x28x1") && none.getMessage().contains("32x32x3")
            && none.getMessage().contains("resize,rgb-to-grey"), none.getMessage());
        UsageException extra = assertThrows(UsageException.class,
            () -> InputAdapter.plan(GREY_28, new ImageShape(28, 28, 3), EnumSet.of(InputAdapter.Step.GREY_TO_RGB, InputAdapter.Step.RESIZE), "data", "base"));
        assertTrue(extra.getMessage().contains("resize does not apply"), extra.getMessage());
        assertEquals(new InputAdapter(RGB_32, GREY_28), InputAdapter.plan(RGB_32, GREY_28,
            InputAdapter.parseSteps("resize, rgb-to-grey", "--input-adapter"), "data", "base"));
        UsageException unknown = assertThrows(UsageException.class, () -> InputAdapter.parseSteps("resize,crop", "--input-adapter"));
        assertTrue(unknown.getMessage().contains("--input-adapter") && unknown.getMessage().contains("'crop'"), unknown.getMessage());
    }

    @Test
    void assemblerAdaptsStoredRecordsToTheNetworkShape() {
        PartitionData data = new PartitionData(0, new byte[2 * RGB_32.size()], new int[] {1, 0}, new long[2], RGB_32.size());
        MinibatchAssembler assembler = MinibatchAssembler.forData(RGB_32, 2, true, new InputAdapter(RGB_32, GREY_28));
        DataSet batch = assembler.assemble(data, new int[] {0, 1}, 0, 2);
        assertArrayEquals(new long[] {2, 1, 28, 28}, batch.getFeatures().shape());
        assertArrayEquals(new long[] {2, 2}, batch.getLabels().shape());
    }
}
