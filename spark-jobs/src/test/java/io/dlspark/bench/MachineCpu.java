package io.dlspark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Busy CPU seconds of the whole machine (every process), from Linux's /proc/stat; NaN where that is not readable. */
final class MachineCpu {
    private static final Path STAT = Path.of("/proc/stat");
    private static final double TICKS_PER_SECOND = 100.0;

    private MachineCpu() {
    }

    /** CPU seconds spent busy (user, nice, system, irq, softirq, steal) since boot, over all cores. */
    static double busySeconds() {
        try {
            String first = Files.readAllLines(STAT).get(0);
            String[] f = first.trim().split("\\s+");
            if (!f[0].equals("cpu") || f.length < 9) {
                return Double.NaN;
            }
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
