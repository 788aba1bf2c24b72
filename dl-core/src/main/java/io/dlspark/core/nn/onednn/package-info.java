/**
 * Runs DL4J 2D convolution, pooling and batch normalisation through libnd4j's oneDNN kernels instead of the
 * Java-side im2col and ND4J-op paths.
 *
 * <p>DL4J 1.0.0-M2.1 never installs its oneDNN layer helpers by itself: helper creation is disabled by default
 * ({@code org.eclipse.deeplearning4j.helpers.disable=true}), and when enabled, {@code BaseMKLDNNHelper.mklDnnEnabled()}
 * looks for {@code org.nd4j.nativeblas.Nd4jCpu$Environment#isUseMKLDNN}, a class and method that M2.1 renamed
 * ({@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment#isUseONEDNN}), so the check always fails. This
 * package fixes that without reflection: {@link io.dlspark.core.nn.onednn.OneDnn#engage} swaps the exact DL4J
 * {@code ConvolutionLayer} and {@code SubsamplingLayer} configurations for subclasses whose {@code instantiate} builds
 * layer implementations that install the helper through the layers' protected {@code helper} field. Because the
 * swap lives in the configuration, it is saved in {@code model.zip} and restored by {@code ModelSerializer}.
 *
 * <p>Batch normalisation is swapped the same way, but DL4J keeps that layer's {@code helper} field package-private,
 * so its implementation, {@code org.deeplearning4j.nn.layers.normalization.BatchNormalizationWithHelper}, is a small
 * subclass that dl-core places in DL4J's package. Locked gamma and beta keep the built-in path (oneDNN lacks it).
 */
package io.dlspark.core.nn.onednn;
