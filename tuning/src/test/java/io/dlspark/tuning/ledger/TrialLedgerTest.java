package io.dlspark.tuning.ledger;

import io.dlspark.core.DataException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrialLedgerTest {
    @TempDir
    java.nio.file.Path dir;

    private static TrialRecord ok(int id) {
        return new TrialRecord(id, Map.of("lr", 0.01 * (id + 1), "width", 64, "updater", "adam"), TrialStatus.OK,
                OptionalDouble.of(0.8), Optional.empty(),
                List.of(new EpochMetrics(1, Map.of("validation.accuracy", 0.7, "loss", Double.NaN)),
                        new EpochMetrics(2, Map.of("validation.accuracy", 0.8))), 1234, "1@worker-a");
    }

    @Test
    void roundTripsRecordsThroughTheFile() throws IOException {
        Path path = new Path(dir.resolve("ledger.jsonl").toUri());
        TrialLedger ledger = TrialLedger.open(path, new Configuration());
        ledger.append(ok(0));
        TrialRecord failed = new TrialRecord(1, Map.of("lr", 0.5), TrialStatus.FAILED, OptionalDouble.empty(),
                Optional.of("OutOfMemoryError: Java heap space"), List.of(), 10, "2@worker-b");
        ledger.append(failed);
        List<TrialRecord> read = TrialLedger.open(path, new Configuration()).records();
        assertEquals(2, read.size());
        assertEquals(ok(0).params(), read.get(0).params());
        assertEquals(Double.NaN, read.get(0).epochs().get(0).metrics().get("loss"));
        assertEquals(ok(0).epochs().get(1), read.get(0).epochs().get(1));
        assertEquals(failed, read.get(1));
        assertEquals(2, Files.readAllLines(dir.resolve("ledger.jsonl")).size());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains("_tmp-")));
        }
    }

    @Test
    void refusesToRecordATrialTwice() throws IOException {
        TrialLedger ledger = TrialLedger.open(new Path(dir.resolve("ledger.jsonl").toUri()), new Configuration());
        ledger.append(ok(0));
        assertThrows(IllegalStateException.class, () -> ledger.append(ok(0)));
        assertEquals(1, ledger.records().size());
    }

    @Test
    void dropsATornLastLineButRejectsCorruptionInTheMiddle() throws IOException {
        Path path = new Path(dir.resolve("ledger.jsonl").toUri());
        TrialLedger ledger = TrialLedger.open(path, new Configuration());
        ledger.append(ok(0));
        Files.writeString(dir.resolve("ledger.jsonl"), "{\"trial\":1,\"sta", java.nio.file.StandardOpenOption.APPEND);
        TrialLedger reopened = TrialLedger.open(path, new Configuration());
        assertEquals(1, reopened.records().size());
        reopened.append(ok(1));
        assertEquals(2, TrialLedger.open(path, new Configuration()).records().size());

        Files.writeString(dir.resolve("ledger.jsonl"), "garbage\n" + Files.readString(dir.resolve("ledger.jsonl")));
        DataException e = assertThrows(DataException.class, () -> TrialLedger.open(path, new Configuration()));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void recordsAreValidatedAtConstruction() {
        assertThrows(IllegalArgumentException.class, () -> new TrialRecord(0, Map.of(), TrialStatus.FAILED,
                OptionalDouble.empty(), Optional.empty(), List.of(), 0, "x"));
        assertThrows(IllegalArgumentException.class, () -> new TrialRecord(0, Map.of(), TrialStatus.OK,
                OptionalDouble.of(Double.NaN), Optional.empty(), List.of(), 0, "x"));
    }
}
