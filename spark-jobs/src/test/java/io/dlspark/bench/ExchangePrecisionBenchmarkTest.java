package io.dlspark.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exchange-precision benchmark's option parsing, divergence reading and table (no Spark run). */
class ExchangePrecisionBenchmarkTest {
    @Test
    void defaultsCrossBothModelsWithThreePrecisionsAndGivenOptionsWin() {
        PrecisionBenchOptions defaults = PrecisionBenchOptions.parse(new String[0]);
        assertEquals(List.of("lenet", "vgg11-small"), defaults.models());
        assertEquals(List.of("fp32", "bf16", "fp16"), defaults.precisions());
        assertEquals(0, defaults.trainRecords());
        assertEquals(5, defaults.epochs());
        PrecisionBenchOptions given = PrecisionBenchOptions.parse(new String[] {"--models", "vgg11-small",
            "--precisions", "fp32,fp16", "--train-records", "20000", "--epochs", "2", "--seed", "7"});
        assertEquals(20_000, given.trainRecords());
        assertEquals(List.of("--model", "vgg11-small", "--epochs", "2", "--seed", "7", "--workers", "2",
            "--threads-per-worker", "1", "--exchange", "allreduce", "--exchange-precision", "fp16",
            "--checkpoint-every-rounds", "0"), given.training("vgg11-small", "fp16"));
    }

    @Test
    void badOptionsFailNamingThem() {
        assertEquals("--precisions: unknown precision fp8 (known: fp32,bf16,fp16)",
            message("--precisions", "fp32,fp8"));
        assertEquals("--train-records -1: must be 0 (all) or positive", message("--train-records", "-1"));
        assertEquals("--precisions bf16,bf16: needs distinct precisions", message("--precisions", "bf16,bf16"));
        assertEquals("--exchange jobs: must be allreduce or live", message("--exchange", "jobs"));
        assertTrue(message("--epoch", "3").startsWith("unknown option --epoch"));
    }

    @Test
    void aFailedTrainingsDivergenceAndPrintedEpochsAreRead() {
        String said = "error: training diverged: non-finite loss (NaN) at epoch 2 round 17/94; lower the learning rate";
        assertEquals(new PrecisionRun.Divergence("NaN", 2, 17, 94), PrecisionRun.Divergence.in(said).orElseThrow());
        assertTrue(PrecisionRun.Divergence.in("error: --data: no such directory").isEmpty());
        List<PrecisionRun.Epoch> epochs = ExchangePrecisionBenchmark.printedEpochs(
            "epoch 1/5: train loss 0.5123, validation accuracy 0.8456, 2300 samples/s, 25.1 s\n"
                + "epoch 2/5: train loss 0.3456, validation accuracy n/a, 2300 samples/s, 25.1 s\n");
        assertEquals(List.of(new PrecisionRun.Epoch(1, 0.5123, null, 0.8456),
            new PrecisionRun.Epoch(2, 0.3456, null, null)), epochs);
    }

    @Test
    void theTableGivesPointsAgainstTheModelsFp32RunAndMarksDivergence() {
        List<PrecisionRun.Epoch> two = List.of(new PrecisionRun.Epoch(1, 0.5, 0.4, 0.85),
            new PrecisionRun.Epoch(2, 0.3, null, 0.88));
        String table = PrecisionTable.format(List.of(
            new PrecisionRun("lenet", "fp32", two, 0.9012, null, 120.4, 5),
            new PrecisionRun("lenet", "bf16", two, 0.8987, null, 118.0, 5),
            new PrecisionRun("lenet", "fp16", two.subList(0, 1), null,
                new PrecisionRun.Divergence("NaN", 2, 3, 94), 40.2, 0),
            new PrecisionRun("vgg11-small", "bf16", two, 0.91, null, 300, 9)));
        String[] lines = table.split("\n");
        assertEquals(6, lines.length, table);
        assertEquals("| lenet | fp32 | 0.5000, 0.3000 | 0.4000, n/a | 0.9012 | 0 (reference) | 120 |", lines[2]);
        assertEquals("| lenet | bf16 | 0.5000, 0.3000 | 0.4000, n/a | 0.8987 | -0.25 | 118 |", lines[3]);
        assertEquals("| lenet | fp16 | 0.5000 | 0.4000 | diverged (loss NaN, epoch 2 round 3/94) | n/a | 40 |", lines[4]);
        assertEquals("| vgg11-small | bf16 | 0.5000, 0.3000 | 0.4000, n/a | 0.9100 | n/a | 300 |", lines[5]);
    }

    @Test
    void aRunHasAnAccuracyOrADivergence() {
        assertThrows(IllegalArgumentException.class,
            () -> new PrecisionRun("lenet", "fp16", List.of(), null, null, 1, 0));
    }

    private static String message(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> PrecisionBenchOptions.parse(args)).getMessage();
    }
}
