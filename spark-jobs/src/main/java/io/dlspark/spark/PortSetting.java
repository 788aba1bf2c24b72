package io.dlspark.spark;

import io.dlspark.core.UsageException;
import org.apache.spark.SparkConf;

/** A TCP port read from a Spark setting, checked so that a bad value is an error naming its key. */
public final class PortSetting {
    private PortSetting() {
    }

    /** The port in {@code key}, or {@code fallback} when unset; 0 means any free port. */
    public static int read(SparkConf conf, String key, int fallback) {
        if (!conf.contains(key)) {
            return fallback;
        }
        String value = conf.get(key).trim();
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(key + "=" + value + ": not a port number (0-65535; 0 for any free port)");
        }
        if (port < 0 || port > 65535) {
            throw new UsageException(key + "=" + value + ": out of range (0-65535; 0 for any free port)");
        }
        return port;
    }
}
