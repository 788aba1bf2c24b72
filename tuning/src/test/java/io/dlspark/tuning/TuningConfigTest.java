package io.dlspark.tuning;

import com.typesafe.config.ConfigFactory;
import io.dlspark.core.UsageException;
import io.dlspark.tuning.optim.Objective;
import io.dlspark.tuning.space.Parameter;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TuningConfigTest {
    @Test
    void parsesTheShippedFashionMnistExample() {
        File file = new File(System.getProperty("dlspark.project.dir", ".."), "conf/tuning/fashion-mnist-mlp.conf");
        TuningConfig config = TuningConfig.parse(ConfigFactory.parseFile(file).resolve());
        assertEquals(new Objective("validation.accuracy", Objective.Goal.MAXIMIZE), config.objective());
        assertEquals(List.of("dropout", "l2", "lr", "updater", "momentum", "width"),
                config.space().parameters().stream().map(Parameter::name).toList());
        assertEquals("training.learningRate", config.space().parameter("lr").target());
        assertEquals(OptimizerSpec.Kind.BAYES, config.optimizer().kind());
        assertEquals(List.of(1, 3), config.earlyStopping().orElseThrow().rungs());
        assertEquals(24, config.trials());
        assertEquals(2, config.parallelTrials());
        assertTrue(config.optimizer().create(config.space()).suggest(2).size() == 2);
    }

    @Test
    void namesTheBadKey() {
        UsageException e = assertThrows(UsageException.class, () -> TuningConfig.parse(ConfigFactory.parseString(
                "tuning { objective.metric = acc, trials = 4, optimizer.type = annealing,"
                        + " space { x { type = real, target = t, min = 0, max = 1 } } }")));
        assertEquals("tuning.optimizer.type: must be grid, random or bayes, got annealing", e.getMessage());
        UsageException trials = assertThrows(UsageException.class, () -> TuningConfig.parse(ConfigFactory.parseString(
                "tuning { objective.metric = acc, trials = 0, space { x { type = real, target = t, min = 0, max = 1 } } }")));
        assertEquals("tuning.trials: must be >= 1, got 0", trials.getMessage());
    }

    @Test
    void lossIsTheMetricForMinimisationAndItsNegationForMaximisation() {
        assertEquals(-0.9, new Objective("acc", Objective.Goal.MAXIMIZE).loss(0.9));
        assertEquals(0.4, new Objective("loss", Objective.Goal.MINIMIZE).loss(0.4));
    }
}
