package io.dlspark.core.model;

/**
 * What a spec file in {@code conf/models/} describes, whatever its family: a classifier ({@link ModelSpec}) or a
 * generative model ({@code GenerativeSpec}). The model catalog ({@code ModelCatalog}) resolves names to either.
 */
public interface CatalogSpec {
    /** The name: the file's base name, such as {@code lenet}. */
    String name();

    /** The family ({@code kind} key), such as {@code sequential}, {@code mlp}, {@code vgg} or {@code dcgan}. */
    String kind();

    /** One line saying what the model is. */
    String description();

    /** Whether image features go in as {@code [batch, channels, height, width]} (else flattened). */
    boolean convolutional();

    /** The optimizer the spec file declares; {@code --optimizer} and {@code --learning-rate} override it. */
    OptimizerConfig optimizer();
}
