package io.dlspark.core.train;

/** uint8 image pixels, HWC, {@code recordSize} bytes per record, back to back. */
public record PixelFeatures(byte[] pixels, int recordSize) implements RecordFeatures {
    @Override
    public int records() {
        return pixels.length / recordSize;
    }
}
