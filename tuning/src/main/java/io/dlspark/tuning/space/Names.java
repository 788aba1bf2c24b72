package io.dlspark.tuning.space;

import io.dlspark.core.UsageException;

final class Names {
    private Names() {
    }

    static void check(String name, String target) {
        if (name == null || name.isBlank()) {
            throw new UsageException("parameter name: must not be blank");
        }
        if (target == null || target.isBlank()) {
            throw new UsageException(name + ".target: must name a model or training key");
        }
    }
}
