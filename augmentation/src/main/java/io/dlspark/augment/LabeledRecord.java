package io.dlspark.augment;

import java.util.Objects;

/** A record id, its label and its value; augmenting it changes only the value. */
public record LabeledRecord<T>(String recordId, int label, T value) {

    public LabeledRecord {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(value, "value");
    }

    /** This record with its value augmented for {@code epoch}; id and label are kept. */
    public LabeledRecord<T> augmented(Augmenter<T> augmenter, int epoch) {
        return new LabeledRecord<>(recordId, label, augmenter.apply(value, recordId, epoch));
    }
}
