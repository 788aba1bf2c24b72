package io.dlspark.core.data;

import io.dlspark.core.fixtures.IdxFixtures;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StratifiedSplitterTest {
    private final int[] labels = IdxFixtures.labels(1000, 10, 3);

    @Test
    void sameSeedSameSplit() {
        assertArrayEquals(new StratifiedSplitter(0.2, 7).validationMask(labels, 10),
            new StratifiedSplitter(0.2, 7).validationMask(labels, 10));
    }

    @Test
    void otherSeedOtherSplit() {
        assertFalse(java.util.Arrays.equals(new StratifiedSplitter(0.2, 7).validationMask(labels, 10),
            new StratifiedSplitter(0.2, 8).validationMask(labels, 10)));
    }

    @Test
    void everyClassGetsItsShare() {
        boolean[] mask = new StratifiedSplitter(0.2, 7).validationMask(labels, 10);
        int[] perClass = new int[10];
        for (int i = 0; i < labels.length; i++) {
            if (mask[i]) {
                perClass[labels[i]]++;
            }
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(20, perClass[c], "class " + c);
        }
    }

    @Test
    void unevenClassesRoundPerClass() {
        int[] uneven = {0, 0, 0, 1, 1, 1, 1, 1, 1, 1};
        boolean[] mask = new StratifiedSplitter(0.5, 1).validationMask(uneven, 2);
        int zeros = 0;
        int ones = 0;
        for (int i = 0; i < uneven.length; i++) {
            if (mask[i]) {
                if (uneven[i] == 0) {
                    zeros++;
                } else {
                    ones++;
                }
            }
        }
        assertEquals(2, zeros);
        assertEquals(4, ones);
    }

    @Test
    void rejectsBadFractionAndLabels() {
        assertThrows(IllegalArgumentException.class, () -> new StratifiedSplitter(1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> new StratifiedSplitter(0.1, 1).validationMask(new int[] {0, 5}, 2));
    }
}
