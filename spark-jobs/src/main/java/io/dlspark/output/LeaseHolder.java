package io.dlspark.output;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * Who holds a run's lease: a unique token, the host and the process id. Written to the lock file.
 *
 * @param leaseMillis how long the lease lasts without renewal
 */
public record LeaseHolder(String token, String host, long pid, long leaseMillis, String acquiredAt) {
    /** This process, with a new token. */
    public static LeaseHolder self(long leaseMillis, String now) {
        return new LeaseHolder(UUID.randomUUID().toString(), hostName(), ProcessHandle.current().pid(), leaseMillis, now);
    }

    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env != null ? env : "unknown-host";
        }
    }

    String describe() {
        return "process " + pid + " on " + host + " (since " + acquiredAt + ")";
    }
}
