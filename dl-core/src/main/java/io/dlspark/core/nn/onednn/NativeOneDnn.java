package io.dlspark.core.nn.onednn;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/** Detects, once per JVM, whether the loaded ND4J native library is the CPU backend built with oneDNN. */
final class NativeOneDnn {
    static final String DESCRIPTION;
    static final boolean AVAILABLE;

    static {
        String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend", "unknown");
        String buildInfo = "CPU".equalsIgnoreCase(backend)
            ? NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo() : "";
        AVAILABLE = buildInfo != null && buildInfo.contains("HAVE_ONEDNN");
        DESCRIPTION = AVAILABLE
            ? "ND4J CPU backend with oneDNN"
            : "the ND4J " + backend + " backend's native library has no oneDNN (on CPU, use an nd4j-native -onednn "
                + "classifier and the matching -Dorg.bytedeco.javacpp.platform.extension)";
    }

    private NativeOneDnn() {
    }
}
