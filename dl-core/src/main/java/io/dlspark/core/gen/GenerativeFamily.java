package io.dlspark.core.gen;

/** The kinds of generative model dlspark trains. */
public enum GenerativeFamily {
    GAN, VAE
}
