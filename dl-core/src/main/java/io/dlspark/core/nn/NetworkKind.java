package io.dlspark.core.nn;

/** The two DL4J network types dlspark trains through one code path. */
public enum NetworkKind {
    MULTI_LAYER, GRAPH
}
