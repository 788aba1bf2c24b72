package io.dlspark.archfixtwo;

import io.dlspark.archfixture.z.Z;

/** Middle of the area loop: archfixture.x to here to archfixture.z. */
public final class Y {
    public Z next() {
        return new Z();
    }
}
