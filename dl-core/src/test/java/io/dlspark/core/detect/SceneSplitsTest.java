package io.dlspark.core.detect;

import io.dlspark.core.UsageException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SceneSplitsTest {

    @Test
    void splitsHaveTheirOwnSeeds() {
        assertEquals(SceneSplits.seed(42, "train"), SceneSplits.seed(42, "train"));
        assertNotEquals(SceneSplits.seed(42, "train"), SceneSplits.seed(42, "validation"));
        assertNotEquals(SceneSplits.seed(42, "train"), SceneSplits.seed(43, "train"));
        ObjectSource objects = new SyntheticObjects(50, 1, 0, 5);
        Scene train = new SceneGenerator(SceneSettings.defaults(), SceneSplits.seed(42, "train")).scene(0, objects);
        Scene validation = new SceneGenerator(SceneSettings.defaults(), SceneSplits.seed(42, "validation"))
            .scene(0, objects);
        assertFalse(Arrays.equals(train.pixels(), validation.pixels()));
    }

    @Test
    void validationHoldsOutTheTailOfTheTrainingImages() {
        assertEquals(54_000, SceneSplits.validationStart(60_000, 0.1));
        assertEquals(100, SceneSplits.validationStart(100, 0.0));
        assertThrows(UsageException.class, () -> SceneSplits.validationStart(3, 0.1));
        assertThrows(UsageException.class, () -> SceneSplits.validationStart(100, 1.0));
    }

    @Test
    void rangesRenumberTheirImages() {
        ObjectSource objects = new SyntheticObjects(50, 1, 0, 5);
        ObjectSource tail = objects.range(40, 50);
        assertEquals(10, tail.size());
        assertArrayEquals(objects.image(43), tail.image(3));
        assertEquals(objects.label(43), tail.label(3));
        assertThrows(IndexOutOfBoundsException.class, () -> tail.image(10));
        assertThrows(IllegalArgumentException.class, () -> objects.range(40, 51));
    }
}
