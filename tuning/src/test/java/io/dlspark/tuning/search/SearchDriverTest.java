package io.dlspark.tuning.search;

import io.dlspark.tuning.early.AshaScheduler;
import io.dlspark.tuning.early.AshaSettings;
import io.dlspark.tuning.ledger.EpochMetrics;
import io.dlspark.tuning.ledger.TrialLedger;
import io.dlspark.tuning.ledger.TrialRecord;
import io.dlspark.tuning.ledger.TrialStatus;
import io.dlspark.tuning.optim.Trial;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchDriverTest {
    @TempDir
    java.nio.file.Path dir;

    private Path ledgerPath() {
        return new Path(dir.resolve("ledger.jsonl").toUri());
    }

    private static final TrialFunction TRAIN = (trial, reporter) -> {
        for (int epoch = 1; epoch <= 3; epoch++) {
            if (!reporter.report(epoch, Map.of("validation.accuracy", SearchFixtures.accuracy(trial.assignment().values(), epoch)))) {
                return;
            }
        }
    };

    @Test
    void failingTrialsAreRecordedAndTheSearchGoesOn() throws IOException {
        SearchDriver driver = SearchFixtures.driver(ledgerPath(), 12, Optional.empty());
        List<TrialRecord> records = new LocalSearch(driver, "local").run((trial, reporter) -> {
            if (trial.id() == 2) {
                throw new IllegalStateException("out of memory on purpose");
            }
            if (trial.id() == 4) {
                reporter.report(1, Map.of("validation.accuracy", Double.NaN));
                return;
            }
            TRAIN.run(trial, reporter);
        });
        assertEquals(12, records.size());
        assertEquals(TrialStatus.FAILED, records.get(2).status());
        assertEquals(Optional.of("IllegalStateException: out of memory on purpose"), records.get(2).error());
        assertEquals(TrialStatus.FAILED, records.get(4).status());
        assertEquals(Optional.of("objective metric validation.accuracy is NaN"), records.get(4).error());
        assertEquals(10, records.stream().filter(r -> r.status() == TrialStatus.OK).count());
        assertTrue(driver.best().orElseThrow().objective().getAsDouble() > 0.7);
        assertEquals(12, TrialLedger.open(ledgerPath(), new Configuration()).records().size());
    }

    @Test
    void resumesAfterACrashWithoutRepeatingATrial() throws IOException {
        SearchDriver first = SearchFixtures.driver(ledgerPath(), 10, Optional.empty());
        List<Map<String, Object>> finishedBeforeCrash = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Trial t = first.next().orElseThrow();
            List<EpochMetrics> epochs = List.of(new EpochMetrics(1, Map.of("validation.accuracy",
                    SearchFixtures.accuracy(t.assignment().values(), 3))));
            first.complete(new TrialResult(t, epochs, false, Optional.empty(), 5, "exec-1"));
            finishedBeforeCrash.add(t.assignment().values());
        }
        Trial inFlight = first.next().orElseThrow();
        // The driver dies while writing: a torn line is left behind, and the in-flight trial never finishes.
        Files.writeString(dir.resolve("ledger.jsonl"), "{\"trial\":6,\"status\":\"ok\",\"obj",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        SearchDriver resumed = SearchFixtures.driver(ledgerPath(), 10, Optional.empty());
        List<Integer> ranIds = new ArrayList<>();
        List<TrialRecord> written = new LocalSearch(resumed, "exec-2").run((trial, reporter) -> {
            ranIds.add(trial.id());
            TRAIN.run(trial, reporter);
        });

        assertEquals(4, written.size());
        assertEquals(4, ranIds.size());
        // Ids of finished trials are never handed out again; the lost in-flight id may be.
        assertTrue(ranIds.stream().allMatch(id -> id >= inFlight.id()), ranIds.toString());
        List<TrialRecord> all = TrialLedger.open(ledgerPath(), new Configuration()).records();
        assertEquals(10, all.size());
        Set<Integer> ids = new HashSet<>();
        Set<Map<String, Object>> configs = new HashSet<>();
        all.forEach(r -> {
            assertTrue(ids.add(r.trialId()), "trial " + r.trialId() + " repeated");
            assertTrue(configs.add(r.params()), "config " + r.params() + " repeated");
        });
        for (TrialRecord r : written) {
            assertFalse(finishedBeforeCrash.contains(r.params()));
        }
    }

    @Test
    void ashaStopsTrialsThatFallBehind() throws IOException {
        SearchDriver driver = SearchFixtures.driver(ledgerPath(), 10,
                Optional.of(new AshaScheduler(new AshaSettings(1, 3, 3))));
        List<TrialRecord> records = new LocalSearch(driver, "local").run(TRAIN);
        long stopped = records.stream().filter(r -> r.status() == TrialStatus.STOPPED).count();
        assertTrue(stopped > 0, "nothing was stopped");
        for (TrialRecord r : records) {
            assertEquals(r.status() == TrialStatus.STOPPED ? 1 : 3, r.epochs().size(), r.toString());
        }
    }

    @Test
    void budgetCountsRunningTrials() throws IOException {
        SearchDriver driver = SearchFixtures.driver(ledgerPath(), 3, Optional.empty());
        assertTrue(driver.next().isPresent());
        assertTrue(driver.next().isPresent());
        assertTrue(driver.next().isPresent());
        assertEquals(3, driver.running());
        assertTrue(driver.next().isEmpty());
    }

    @Test
    void slotsRunAsynchronouslyAFinishedTrialFreesItsSlotAtOnce() throws Exception {
        SearchDriver driver = SearchFixtures.driver(ledgerPath(), 6, Optional.empty());
        CountDownLatch lastStarted = new CountDownLatch(1);
        List<TrialRecord> records = new LocalSearch(driver, "local", 2).run((trial, reporter) -> {
            if (trial.id() == 5) {
                // The other slot hands out trial 5 only after it has run and recorded trials 1 to 4.
                lastStarted.countDown();
            }
            if (trial.id() == 0) {
                // Holds one slot until the other slot has finished and recorded four trials and started the last
                // one: a batch-synchronous executor would wait for this trial before starting the third one and
                // never get there (the timeout only ends such a hang).
                assertTrue(lastStarted.await(60, TimeUnit.SECONDS), "the other slot was kept waiting");
            }
            reporter.ranOn("slot-" + Thread.currentThread().getName());
            TRAIN.run(trial, reporter);
        });
        assertEquals(6, records.size());
        List<Integer> order = records.stream().map(TrialRecord::trialId).toList();
        assertEquals(List.of(1, 2, 3, 4), order.subList(0, 4),
            "four trials finished while the first held its slot; completion order " + order);
        assertTrue(records.stream().allMatch(r -> r.status() != TrialStatus.FAILED));
        assertTrue(records.get(0).executor().startsWith("slot-"), "the runner names where a trial ran");
        assertEquals(6, new HashSet<>(order).size());
    }
}
