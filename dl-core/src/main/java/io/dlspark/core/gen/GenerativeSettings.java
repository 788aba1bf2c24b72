package io.dlspark.core.gen;

import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;

import java.io.Serializable;
import java.util.List;

/**
 * The settings of a generative model's fitting step, one record for both families (unused fields are ignored).
 *
 * @param latentSize         length of the latent code
 * @param discriminatorSteps GAN: discriminator updates per generator update (k in k:1)
 * @param realLabel          GAN: the discriminator's target for real images (1 minus one-sided label smoothing)
 * @param reconstruction     VAE: {@code bernoulli} or {@code gaussian} (fixed variance 1/2)
 */
public record GenerativeSettings(int latentSize, int discriminatorSteps, double realLabel, String reconstruction)
    implements Serializable {

    public GenerativeSettings {
        if (latentSize < 1) {
            throw new IllegalArgumentException("latent size must be positive, got " + latentSize);
        }
        if (discriminatorSteps < 1) {
            throw new IllegalArgumentException("discriminator steps must be positive, got " + discriminatorSteps);
        }
        if (!(realLabel > 0.5 && realLabel <= 1.0)) {
            throw new IllegalArgumentException("real label must be in (0.5, 1], got " + realLabel);
        }
        if (!reconstruction.equals("bernoulli") && !reconstruction.equals("gaussian")) {
            throw new IllegalArgumentException("reconstruction must be bernoulli or gaussian, got " + reconstruction);
        }
    }

    /**
     * A GAN spec's {@code latent-size} (default 64), {@code discriminator-steps} (k of k:1, default 1) and
     * {@code label-smoothing} (one-sided, subtracted from the real label, default 0.1).
     */
    public static GenerativeSettings parseGan(Params params) {
        return gan(params.integer("latent-size", 64, 1, 4096), params.integer("discriminator-steps", 1, 1, 100),
            params.number("label-smoothing", 0.1, 0, 0.49));
    }

    /** A VAE spec's {@code latent-size} (default 16) and {@code reconstruction} (bernoulli or gaussian, default bernoulli). */
    public static GenerativeSettings parseVae(Params params) {
        String reconstruction = params.string("reconstruction", "bernoulli");
        if (!List.of("bernoulli", "gaussian").contains(reconstruction)) {
            throw new UsageException(params.key("reconstruction") + ": expected bernoulli or gaussian, got '" + reconstruction + "'");
        }
        return vae(params.integer("latent-size", 16, 1, 4096), reconstruction);
    }

    public static GenerativeSettings gan(int latentSize, int discriminatorSteps, double labelSmoothing) {
        return new GenerativeSettings(latentSize, discriminatorSteps, 1.0 - labelSmoothing, "bernoulli");
    }

    public static GenerativeSettings vae(int latentSize, String reconstruction) {
        return new GenerativeSettings(latentSize, 1, 1.0, reconstruction);
    }
}
