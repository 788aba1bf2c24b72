package io.dlspark.core.transfer;

import io.dlspark.core.UsageException;
import io.dlspark.core.model.OptimizerConfig;

import java.io.Serializable;

/**
 * How a base network becomes the network to fine-tune, validated at construction.
 *
 * @param freezeThrough       the last frozen layer, by name or index; null freezes every layer below the head
 * @param replaceHead         give the head a new output size (the data's class count) and fresh weights
 * @param optimizer           the fine-tuning optimizer and learning rate, applied to every trainable layer
 * @param unfreezeAfterEpochs every this many epochs, the deepest frozen layer with parameters becomes trainable
 *                            (0: the frozen layers stay frozen)
 * @param seed                seed of the new head's weights
 */
public record TransferSettings(String freezeThrough, boolean replaceHead, OptimizerConfig optimizer,
                               int unfreezeAfterEpochs, long seed) implements Serializable {
    public TransferSettings {
        if (unfreezeAfterEpochs < 0) {
            throw new UsageException("--unfreeze-after-epochs: must be >= 0, got " + unfreezeAfterEpochs);
        }
        if (freezeThrough != null && freezeThrough.isBlank()) {
            throw new UsageException("--freeze-through: give a layer name or index");
        }
    }
}
