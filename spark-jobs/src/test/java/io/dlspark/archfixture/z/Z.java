package io.dlspark.archfixture.z;

/** End of the area loop. */
public final class Z {
}
