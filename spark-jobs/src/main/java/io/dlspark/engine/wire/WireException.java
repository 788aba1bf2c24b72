package io.dlspark.engine.wire;

import java.io.IOException;

/** A peer broke the exchange protocol: a frame too large, unauthenticated, out of order or malformed. */
public final class WireException extends IOException {
    public WireException(String message) {
        super(message);
    }

    public WireException(String message, Throwable cause) {
        super(message, cause);
    }
}
