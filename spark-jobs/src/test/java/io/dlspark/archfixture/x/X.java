package io.dlspark.archfixture.x;

import io.dlspark.archfixtwo.Y;

/** Start of a loop between areas (archfixture, archfixtwo) that is no loop between packages. */
public final class X {
    public Y next() {
        return new Y();
    }
}
