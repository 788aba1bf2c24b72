package io.dlspark.core.detect.rcnn;

import io.dlspark.core.UsageException;

import java.io.Serializable;
import java.util.List;

/**
 * Settings of the sliding-window region proposals: window sides (of a square of the same area), aspect ratios
 * (width / height), the stride in pixels and the objectness contrast (0 keeps every window).
 *
 * @param minContrast a window is kept when its mean pixel value exceeds the image's median by at least this much
 */
public record ProposalSettings(List<Integer> windowSizes, List<Double> aspectRatios, int stride, double minContrast)
    implements Serializable {

    public ProposalSettings {
        windowSizes = List.copyOf(windowSizes);
        aspectRatios = List.copyOf(aspectRatios);
        if (windowSizes.isEmpty() || windowSizes.stream().anyMatch(s -> s < 1)) {
            throw new UsageException("rcnn.window-sizes: needs at least one size, each >= 1, got " + windowSizes);
        }
        if (aspectRatios.isEmpty() || aspectRatios.stream().anyMatch(a -> !(a > 0) || Double.isInfinite(a))) {
            throw new UsageException("rcnn.aspect-ratios: needs at least one ratio, each finite and > 0, got "
                + aspectRatios);
        }
        if (stride < 1) {
            throw new UsageException("rcnn.stride: must be >= 1, got " + stride);
        }
        if (!(minContrast >= 0) || Double.isInfinite(minContrast)) {
            throw new UsageException("rcnn.min-contrast: must be finite and >= 0, got " + minContrast);
        }
    }
}
