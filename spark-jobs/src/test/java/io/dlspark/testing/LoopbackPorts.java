package io.dlspark.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on the loopback interface, for clusters that tests and benchmarks start. */
public final class LoopbackPorts {
    private LoopbackPorts() {
    }

    /** A port that was free on loopback a moment ago. */
    public static int free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
