package io.dlspark.tuning.space;

/** How a numeric parameter's range maps onto [0, 1]: evenly, or evenly in its logarithm. */
public enum Scale {
    LINEAR,
    LOG;

    double forward(double x) {
        return this == LOG ? Math.log(x) : x;
    }

    double inverse(double t) {
        return this == LOG ? Math.exp(t) : t;
    }
}
