package io.dlspark.tuning.early;

import io.dlspark.core.UsageException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AshaSchedulerTest {
    @Test
    void rungsAreGeometricBelowTheMaximum() {
        assertEquals(List.of(1, 3), new AshaSettings(1, 3, 9).rungs());
        assertEquals(List.of(2, 4, 8), new AshaSettings(2, 2, 10).rungs());
        assertEquals(List.of(), new AshaSettings(5, 3, 5).rungs());
    }

    @Test
    void decidesAHandWorkedExample() {
        // min 1, factor 3, max 9: rungs at epochs 1 and 3; at a rung with n losses the best ceil(n / 3) go on.
        AshaScheduler asha = new AshaScheduler(new AshaSettings(1, 3, 9));
        assertEquals(Decision.CONTINUE, asha.report(0, 1, 0.50)); // n=1, keep 1, 0 better
        assertEquals(Decision.STOP, asha.report(1, 1, 0.70));     // n=2, keep 1, 1 better (0.50)
        assertEquals(Decision.CONTINUE, asha.report(2, 1, 0.30)); // n=3, keep 1, 0 better
        assertEquals(Decision.CONTINUE, asha.report(3, 1, 0.40)); // n=4, keep 2, 1 better (0.30)
        assertEquals(Decision.STOP, asha.report(4, 1, 0.60));     // n=5, keep 2, 3 better
        assertEquals(Decision.CONTINUE, asha.report(0, 2, 0.45)); // not a rung
        assertEquals(Decision.CONTINUE, asha.report(0, 3, 0.45)); // rung 3: n=1
        assertEquals(Decision.STOP, asha.report(2, 3, 0.46));     // rung 3: n=2, keep 1, 1 better
        assertEquals(Decision.CONTINUE, asha.report(0, 8, 0.2));
        assertEquals(Decision.COMPLETE, asha.report(0, 9, 0.2));
        assertEquals(List.of(5, 2), asha.rungSizes());
    }

    @Test
    void tiesContinueAndNonFiniteLossesStop() {
        AshaScheduler asha = new AshaScheduler(new AshaSettings(1, 2, 4));
        assertEquals(Decision.CONTINUE, asha.report(0, 1, 0.5));
        assertEquals(Decision.CONTINUE, asha.report(1, 1, 0.5));
        assertEquals(Decision.STOP, asha.report(2, 1, Double.NaN));
        assertEquals(Decision.CONTINUE, asha.report(3, 1, 0.1)); // NaN ranks last
    }

    @Test
    void rejectsBadSettingsNamingTheKey() {
        UsageException e = assertThrows(UsageException.class, () -> new AshaSettings(1, 1, 9));
        assertEquals("early-stopping.reduction-factor: must be >= 2, got 1", e.getMessage());
        assertThrows(UsageException.class, () -> new AshaSettings(0, 3, 9));
        assertThrows(UsageException.class, () -> new AshaSettings(4, 3, 2));
    }
}
