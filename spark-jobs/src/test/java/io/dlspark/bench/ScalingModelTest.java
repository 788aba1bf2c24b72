package io.dlspark.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScalingModelTest {
    @Test
    void theBusiestLinkCarriesWhatEachExchangeMoves() {
        assertEquals(1.0, ScalingModel.busiestLinkStates("allreduce", 2), 1e-12);
        assertEquals(2.0 * 15 / 16, ScalingModel.busiestLinkStates("allreduce", 16), 1e-12);
        assertEquals(32.0, ScalingModel.busiestLinkStates("live", 16), 1e-12);
        assertEquals(1.0 + 4 * 4.0, ScalingModel.busiestLinkStates("jobs", 16), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ScalingModel.busiestLinkStates("ring", 4));
    }

    @Test
    void efficiencyIsComputeOverComputePlusCoordinationPlusTheSlowerOfNetworkAndProcessing() {
        // 1.25e9 bytes at 10 Gb/s take 1 s; 100 ms compute, 50 ms alpha
        assertEquals(100.0 / 1150.0, ScalingModel.efficiency(100, 50, 1.25e9, 1.0, 10, 0), 1e-12);
        // processing at 0.5 GB/s is slower than the network: 2.5 s
        assertEquals(100.0 / 2650.0, ScalingModel.efficiency(100, 50, 1.25e9, 1.0, 10, 0.5), 1e-12);
        // and a faster processor leaves the network as the limit
        assertEquals(100.0 / 1150.0, ScalingModel.efficiency(100, 50, 1.25e9, 1.0, 10, 4), 1e-12);
    }
}
