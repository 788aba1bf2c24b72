package io.dlspark.archfixture.a;

import io.dlspark.archfixture.b.B;

/** Half of a deliberate package loop that ArchitectureTest must report. */
public final class A {
    public B partner() {
        return new B();
    }
}
