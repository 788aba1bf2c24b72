package io.dlspark.jobs.augment;

import io.dlspark.augment.AugmentConfig;
import io.dlspark.augment.AugmentConfigs;
import io.dlspark.augment.Augmenter;
import io.dlspark.augment.ImagePipeline;
import io.dlspark.augment.TextPipeline;
import io.dlspark.core.UsageException;
import io.dlspark.core.shard.ShardManifest;

import java.nio.file.Path;

/** Reads {@code --config} and builds the pipeline for a shard set's records; errors name the option and file. */
final class PipelineFactory {
    private PipelineFactory() {
    }

    /** The config at {@code file}, with its seed replaced by {@code seed} when that is not null. */
    static AugmentConfig config(String file, Long seed) {
        AugmentConfig config = wrap(file, () -> AugmentConfigs.load(Path.of(file)));
        return seed == null ? config : config.withSeed(seed);
    }

    /** The pipeline of {@code config} for the records of {@code shards}: pixels ({@code byte[]}) or text. */
    @SuppressWarnings("unchecked")
    static Augmenter<Object> augmenter(AugmentConfig config, ShardManifest shards, String file) {
        return wrap(file, () -> switch (shards.recordFormat()) {
            case IMAGE_UINT8_HWC -> (Augmenter<Object>) (Augmenter<?>) ImagePipeline.create(config, shards.shape());
            case TEXT_UTF8 -> (Augmenter<Object>) (Augmenter<?>) TextPipeline.create(config);
            case FEATURES_FLOAT32 -> throw new UsageException("shard set of " + shards.recordFormat()
                + " records: augmentation works on images and text, not on extracted features");
            case DETECTION_UINT8_HWC -> throw new UsageException("shard set of " + shards.recordFormat()
                + " records: dlspark augment does not move boxes yet (BoxPipeline is not wired to it)");
        });
    }

    /** The image pipeline of {@code config}, for an image shard set. */
    static ImagePipeline image(AugmentConfig config, ShardManifest shards, String file) {
        return wrap(file, () -> ImagePipeline.create(config, shards.shape()));
    }

    private static <T> T wrap(String file, java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (UsageException e) {
            throw new UsageException("--config " + file + ": " + e.getMessage(), e);
        }
    }
}
