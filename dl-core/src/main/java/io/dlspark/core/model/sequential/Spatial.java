package io.dlspark.core.model.sequential;

import io.dlspark.core.UsageException;
import org.deeplearning4j.nn.conf.ConvolutionMode;

/** Output-size arithmetic and input checks shared by the convolution and pooling layers. */
final class Spatial {
    /** The {@code padding} value meaning "same": output size ceil(input / stride). */
    static final int SAME = -1;

    private Spatial() {
    }

    /** The output length along one axis; fails naming {@code key.kernel} when the kernel does not fit. */
    static int out(String key, int kernel, int stride, int padding, int in, String inputText) {
        if (padding == SAME) {
            return (in + stride - 1) / stride;
        }
        if (kernel > in + 2 * padding) {
            throw new UsageException(key + ".kernel: " + kernel + " is larger than the " + inputText + " input"
                + (padding > 0 ? " padded by " + padding : ""));
        }
        return (in + 2 * padding - kernel) / stride + 1;
    }

    static ConvolutionMode mode(int padding) {
        return padding == SAME ? ConvolutionMode.Same : ConvolutionMode.Truncate;
    }

    static int explicitPadding(int padding) {
        return padding == SAME ? 0 : padding;
    }

    static void require(String key, String type, Shape in, Shape.Form form, String hint) {
        if (in.form() != form) {
            throw new UsageException(key + ": a " + type + " layer needs " + form.name().toLowerCase(java.util.Locale.ROOT)
                + " input, got " + in.form().name().toLowerCase(java.util.Locale.ROOT) + " " + in + hint);
        }
    }
}
