package io.dlspark.feed;

import io.dlspark.augment.AugmentConfig;
import io.dlspark.augment.AugmentConfigs;
import io.dlspark.augment.BoxPipeline;
import io.dlspark.augment.ImagePipeline;
import io.dlspark.core.UsageException;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardManifest;

import java.nio.file.Path;

/**
 * The pipeline of {@code dlspark train --augment}: read on the driver, checked against the shard set's records, then
 * broadcast once by the {@link ParameterAveragingMaster}. Online augmentation covers image shards; text shards are
 * augmented offline with {@code dlspark augment}.
 */
public final class OnlineAugmentation {
    private OnlineAugmentation() {
    }

    /** The pipeline of the config file at {@code path} for {@code data}'s images; errors name the option and file. */
    public static ImagePipeline load(String path, ShardManifest data) {
        try {
            AugmentConfig config = AugmentConfigs.load(Path.of(path));
            if (data.recordFormat() != RecordFormat.IMAGE_UINT8_HWC) {
                throw new UsageException("online augmentation works on image shards, not " + data.recordFormat()
                    + "; write augmented shards with dlspark augment instead");
            }
            return ImagePipeline.create(config, data.shape());
        } catch (UsageException e) {
            throw new UsageException("--augment " + path + ": " + e.getMessage(), e);
        }
    }

    /** The box-aware pipeline ({@code records = boxes}) of the config file at {@code path} for detection shards. */
    public static BoxPipeline loadBoxes(String path, ShardManifest data) {
        try {
            return BoxPipeline.create(AugmentConfigs.load(Path.of(path)), data.shape());
        } catch (UsageException e) {
            throw new UsageException("--augment " + path + ": " + e.getMessage(), e);
        }
    }
}
