package io.dlspark.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code metrics.jsonl} written before lines had a timestamp, a learning rate and frozen flags still reads. */
class MetricsLogTest {
    @Test
    void linesWithoutTimestampLearningRateOrFrozenFlagsRead(@TempDir java.nio.file.Path dir) throws IOException {
        Files.writeString(dir.resolve(MetricsLog.FILE), "{\"epoch\":1,\"samples\":240,\"rounds\":4,\"trainLoss\":0.5,"
            + "\"validationLoss\":0.4,\"validationAccuracy\":0.9,\"seconds\":1.5,\"samplesPerSecond\":160.0,"
            + "\"phases\":{\"broadcastMs\":1,\"fitMs\":2,\"waitMs\":0,\"overheadMs\":3,\"averageMs\":1,\"evaluationMs\":5,"
            + "\"checkpointMs\":6},\"gradients\":[{\"layer\":\"0\",\"gradientNorm\":0.1,\"updateRatio\":0.01}]}\n");
        List<EpochMetrics> lines = MetricsLog.read(new Path(dir.toUri()), new Configuration(false));
        assertEquals(1, lines.size());
        assertNull(lines.get(0).timestamp());
        assertNull(lines.get(0).learningRate());
        assertFalse(lines.get(0).gradients().get(0).frozen());
        assertEquals(0.1, lines.get(0).gradients().get(0).gradientNorm(), 1e-12);
    }
}
