package io.dlspark.tuning.space;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dlspark.core.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchSpaceTest {
    private static final String SPACE = """
            space {
              lr       { type = real, target = training.learningRate, min = 1e-4, max = 1e-1, scale = log }
              width    { type = int, target = model.layers.width, min = 32, max = 512, scale = log }
              depth    { type = int, target = model.layers.depth, min = 1, max = 4 }
              updater  { type = categorical, target = training.updater, values = [adam, nesterov, sgd] }
              momentum { type = real, target = training.momentum, min = 0.5, max = 0.99, when { updater = nesterov } }
            }
            """;

    private static SearchSpace space() {
        return SearchSpaceParser.parse(ConfigFactory.parseString(SPACE), "space");
    }

    @Test
    void ordersParametersByNameWithParentsFirst() {
        assertEquals(List.of("depth", "lr", "updater", "momentum", "width"),
                space().parameters().stream().map(Parameter::name).toList());
    }

    @Test
    void unitCubeRoundTripsEveryAssignment() {
        SearchSpace space = space();
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) {
            Assignment a = space.sample(random);
            double[] u = space.toUnit(a);
            assertEquals(a, space.fromUnit(u));
            assertArrayEquals(u, space.canonicalUnit(u), 1e-12);
            for (double v : u) {
                assertTrue(v >= 0 && v <= 1);
            }
        }
    }

    @Test
    void mapsEndsAndScalesAsDeclared() {
        SearchSpace space = space();
        RealParameter lr = (RealParameter) space.parameter("lr");
        assertEquals(1e-4, lr.fromUnit(0), 1e-18);
        assertEquals(1e-1, lr.fromUnit(1), 1e-15);
        assertEquals(Math.sqrt(1e-4 * 1e-1), lr.fromUnit(0.5), 1e-12);
        IntParameter depth = (IntParameter) space.parameter("depth");
        assertEquals(List.of(1, 2, 3, 4), List.of(depth.fromUnit(0.1), depth.fromUnit(0.3), depth.fromUnit(0.6), depth.fromUnit(0.99)));
        IntParameter width = (IntParameter) space.parameter("width");
        assertEquals(32, width.fromUnit(0));
        assertEquals(512, width.fromUnit(1));
        assertEquals(128, width.fromUnit(width.toUnit(128)));
    }

    @Test
    void samplesConditionalParametersOnlyWhenActive() {
        SearchSpace space = space();
        Random random = new Random(5);
        int withMomentum = 0;
        for (int i = 0; i < 600; i++) {
            Assignment a = space.sample(random);
            boolean nesterov = a.get("updater").equals("nesterov");
            assertEquals(nesterov, a.has("momentum"), a.toString());
            withMomentum += nesterov ? 1 : 0;
            if (!nesterov) {
                assertEquals(SearchSpace.INACTIVE, space.toUnit(a)[3]);
            }
        }
        assertTrue(withMomentum > 150 && withMomentum < 250, "nesterov drawn " + withMomentum + " times of 600");
    }

    @Test
    void gridExpandsConditionalsOnlyUnderTheirParent() {
        SearchSpace space = new SearchSpace(List.of(
                new CategoricalParameter("updater", "training.updater", List.of("adam", "nesterov"), Optional.empty()),
                new RealParameter("momentum", "training.momentum", 0.5, 0.9, Scale.LINEAR,
                        Optional.of(new Condition("updater", List.of("nesterov"))))));
        List<Assignment> grid = space.grid(3);
        assertEquals(4, grid.size()); // adam; nesterov x {0.5, 0.7, 0.9}
        assertEquals(Map.of("updater", "adam"), grid.get(0).values());
        assertEquals(0.7, (Double) grid.get(2).get("momentum"), 1e-12);
    }

    @Test
    void readsAssignmentsBackAndAppliesThemToTargets() {
        SearchSpace space = space();
        Assignment a = space.assignment(Map.of("lr", 0.01, "width", 64L, "depth", 2.0, "updater", "nesterov", "momentum", 0.9));
        assertEquals(64, a.get("width"));
        Config applied = space.applyTo(a, ConfigFactory.parseString("training { epochs = 3 }"));
        assertEquals(0.01, applied.getDouble("training.learningRate"));
        assertEquals(64, applied.getInt("model.layers.width"));
        assertEquals("nesterov", applied.getString("training.updater"));
        assertEquals(3, applied.getInt("training.epochs"));
        UsageException inactive = assertThrows(UsageException.class,
                () -> space.assignment(Map.of("lr", 0.01, "width", 64, "depth", 2, "updater", "adam", "momentum", 0.9)));
        assertEquals("momentum: given, but inactive", inactive.getMessage());
        assertThrows(UsageException.class, () -> space.assignment(Map.of("lr", 0.5, "width", 64, "depth", 2, "updater", "adam")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "lr { type = real, target = t, min = 0, max = 1, scale = log }|tuning.space.lr.min: must be > 0 for log scale, got 0.0",
            "lr { type = real, target = t, min = 1, max = 1 }|tuning.space.lr.max: must be > min (1.0), got 1.0",
            "lr { type = real, min = 1, max = 2 }|tuning.space.lr.target: missing",
            "lr { type = real, target = t, min = x, max = 2 }|tuning.space.lr.min: must be a number, got x",
            "lr { type = real, target = t, min = 1, max = 2, scale = cubic }|tuning.space.lr.scale: must be linear or log, got cubic",
            "lr { type = float, target = t }|tuning.space.lr.type: must be real, int or categorical, got float",
            "lr { type = real, target = t, min = 1, max = 2, step = 3 }|tuning.space.lr.step: unknown key (allowed: ",
            "w { type = int, target = t, min = 0, max = 8, scale = log }|tuning.space.w.min: must be >= 1 for log scale, got 0",
            "w { type = int, target = t, min = 1.5, max = 8 }|tuning.space.w.min: must be an integer, got 1.5",
            "u { type = categorical, target = t, values = [a, a] }|tuning.space.u.values: a is listed twice",
            "m { type = real, target = t, min = 0, max = 1, when { u = a } }|tuning.space.m.when.u: no such parameter",
            "u { type = categorical, target = t, values = [a, b] }, m { type = real, target = t2, min = 0, max = 1, when { u = c } }|tuning.space.m.when.u: c is not one of [a, b]",
            "lr = 3|tuning.space.lr: must be an object",
    })
    void rejectsBadConfigsNamingTheKey(String body, String message) {
        Config root = ConfigFactory.parseString("tuning { space { " + body + " } }");
        UsageException e = assertThrows(UsageException.class, () -> SearchSpaceParser.parse(root, "tuning.space"));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void rejectsAMissingSpace() {
        UsageException e = assertThrows(UsageException.class,
                () -> SearchSpaceParser.parse(ConfigFactory.parseString("tuning {}"), "tuning.space"));
        assertEquals("tuning.space: missing", e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
