package io.dlspark.archfixture.b;

import io.dlspark.archfixture.a.A;

/** The other half of the deliberate package loop. */
public final class B {
    public A partner() {
        return new A();
    }
}
