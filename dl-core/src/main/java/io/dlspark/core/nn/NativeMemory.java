package io.dlspark.core.nn;

import org.bytedeco.javacpp.Pointer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Frees garbage ND4J arrays before JavaCPP's resident-size ceiling is reached. Networks run without workspaces (every
 * transformer) allocate each step's activations afresh and free them only when the Java collector finds their small
 * handles, which the heap alone may not trigger for gigabytes: the process then sits at the ceiling, where JavaCPP's
 * own last-moment collections can come too late (a 4-window encoder failed so in its first evaluation). Training
 * steps and inference passes call {@link #collectWhenHigh()}: a collection once the resident size is past
 * {@value #SHARE} of the ceiling and has grown by {@value #GROWTH_MIB} MiB since the last one.
 */
public final class NativeMemory {
    /** Share of {@code org.bytedeco.javacpp.maxphysicalbytes} past which garbage is collected. */
    static final double SHARE = 0.6;
    /** Growth since the last collection that warrants another, so a large live set is not collected every step. */
    static final long GROWTH_MIB = 512;
    private static final AtomicLong AFTER_LAST = new AtomicLong();

    private NativeMemory() {
    }

    /** Collects garbage when {@link #due} says so for this process now. */
    public static void collectWhenHigh() {
        long ceiling = Pointer.maxPhysicalBytes();
        if (ceiling <= 0) {
            return;
        }
        long resident = Pointer.physicalBytes();
        if (due(resident, ceiling, AFTER_LAST.get())) {
            System.gc();
            AFTER_LAST.set(Pointer.physicalBytes());
        }
    }

    /**
     * Whether a process of {@code resident} bytes under a {@code ceiling} (0: none) should collect, {@code afterLast}
     * bytes resident after its last collection.
     */
    static boolean due(long resident, long ceiling, long afterLast) {
        return ceiling > 0 && resident > SHARE * ceiling && resident > afterLast + (GROWTH_MIB << 20);
    }
}
