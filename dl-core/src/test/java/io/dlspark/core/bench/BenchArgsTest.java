package io.dlspark.core.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchArgsTest {
    @Test
    void givenOptionsOverrideDefaults() {
        BenchArgs a = BenchArgs.parse(new String[] {"--epochs", "7", "--sizes", "10,50", "--lr", "3e-4"},
            "--epochs", "--sizes", "--lr", "--model");
        assertEquals(7, a.integer("--epochs", 1));
        assertArrayEquals(new int[] {10, 50}, a.integers("--sizes", new int[] {1}));
        assertEquals(3e-4, a.real("--lr", 1e-3));
        assertEquals("lenet", a.string("--model", "lenet"));
    }

    @Test
    void badCommandLinesNameTheOption() {
        String unknown = assertThrows(IllegalArgumentException.class,
            () -> BenchArgs.parse(new String[] {"--epoch", "7"}, "--epochs", "--seed")).getMessage();
        assertTrue(unknown.contains("--epoch") && unknown.contains("--epochs --seed"), unknown);
        assertEquals("option --epochs needs a value", assertThrows(IllegalArgumentException.class,
            () -> BenchArgs.parse(new String[] {"--epochs"}, "--epochs")).getMessage());
        assertEquals("option --epochs is given twice", assertThrows(IllegalArgumentException.class,
            () -> BenchArgs.parse(new String[] {"--epochs", "1", "--epochs", "2"}, "--epochs")).getMessage());
        BenchArgs typo = BenchArgs.parse(new String[] {"--epochs", "five"}, "--epochs");
        assertEquals("option --epochs takes an integer, not 'five'",
            assertThrows(IllegalArgumentException.class, () -> typo.integer("--epochs", 1)).getMessage());
    }
}
