package io.dlspark.core.detect;

import java.io.Serializable;

/** One {@code <object>} of a Pascal VOC annotation: class name, box (converted to continuous edges) and difficult flag. */
public record VocObject(String name, Box box, boolean difficult) implements Serializable {
}
