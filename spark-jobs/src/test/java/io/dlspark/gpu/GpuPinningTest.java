package io.dlspark.gpu;

import io.dlspark.core.UsageException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GPU pinning logic, without a GPU: assignment to CUDA ordinal, claims per executor, binder calls. */
class GpuPinningTest {
    @Test
    void noGpusRequestedMeansNoDevice() {
        assertEquals(OptionalInt.empty(), GpuAssignment.cudaDevice(List.of(), false, null));
        assertEquals(OptionalInt.empty(), GpuAssignment.cudaDevice(List.of("1"), false, null));
    }

    @Test
    void theAssignedAddressIsTheDevice() {
        assertEquals(OptionalInt.of(3), GpuAssignment.cudaDevice(List.of("3"), true, null));
        assertEquals(OptionalInt.of(0), GpuAssignment.cudaDevice(List.of(" 0 "), true, ""));
    }

    @Test
    void cudaVisibleDevicesRenumbers() {
        assertEquals(OptionalInt.of(1), GpuAssignment.cudaDevice(List.of("5"), true, "2,5,7"));
        UsageException e = assertThrows(UsageException.class, () -> GpuAssignment.cudaDevice(List.of("4"), true, "2,5"));
        assertTrue(e.getMessage().contains("CUDA_VISIBLE_DEVICES=2,5"), e.getMessage());
    }

    @Test
    void requestedButNoneAssignedIsAnError() {
        UsageException e = assertThrows(UsageException.class, () -> GpuAssignment.cudaDevice(List.of(), true, null));
        assertTrue(e.getMessage().contains("no GPU") && e.getMessage().contains("spark.executor.resource.gpu.amount"),
            e.getMessage());
    }

    @Test
    void twoAddressesOrANonIndexAreErrors() {
        assertTrue(assertThrows(UsageException.class, () -> GpuAssignment.cudaDevice(List.of("0", "1"), true, null))
            .getMessage().contains("spark.task.resource.gpu.amount=1"));
        assertTrue(assertThrows(UsageException.class, () -> GpuAssignment.cudaDevice(List.of("GPU-ab12"), true, null))
            .getMessage().contains("GPU-ab12"));
    }

    @Test
    void eachTaskIsBoundToItsOwnDevice() {
        DeviceClaims claims = new DeviceClaims();
        List<Integer> bound = new ArrayList<>();
        try (DeviceClaims.Claim a = GpuPinning.pin(List.of("0"), true, null, 11, claims, bound::add);
             DeviceClaims.Claim b = GpuPinning.pin(List.of("1"), true, null, 12, claims, bound::add)) {
            assertEquals(List.of(0, 1), bound);
            assertEquals(11L, claims.holder(0));
            assertEquals(12L, claims.holder(1));
        }
        assertNull(claims.holder(0));
        assertNull(claims.holder(1));
    }

    @Test
    void twoRunningTasksNeverShareADevice() {
        DeviceClaims claims = new DeviceClaims();
        List<Integer> bound = new ArrayList<>();
        try (DeviceClaims.Claim first = GpuPinning.pin(List.of("0"), true, null, 21, claims, bound::add)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GpuPinning.pin(List.of("0"), true, null, 22, claims, bound::add));
            assertTrue(e.getMessage().contains("task attempt 21") && e.getMessage().contains("task attempt 22"), e.getMessage());
            assertEquals(List.of(0), bound, "the second task was not bound");
        }
        try (DeviceClaims.Claim later = GpuPinning.pin(List.of("0"), true, null, 23, claims, bound::add)) {
            assertEquals(List.of(0, 0), bound, "a finished task's device is free again");
        }
    }

    @Test
    void aFailingBinderReleasesTheClaim() {
        DeviceClaims claims = new DeviceClaims();
        assertThrows(IllegalStateException.class, () -> GpuPinning.pin(List.of("2"), true, null, 31, claims,
            d -> { throw new IllegalStateException("no such device"); }));
        assertNull(claims.holder(2));
    }

    @Test
    void withoutGpusNothingIsBound() {
        List<Integer> bound = new ArrayList<>();
        GpuPinning.pin(List.of(), false, null, 41, new DeviceClaims(), bound::add).close();
        assertTrue(bound.isEmpty());
    }
}
