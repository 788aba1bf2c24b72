package io.dlspark.core.train;

import java.io.Serializable;

/** The features of a worker's packed records: image pixels ({@link PixelFeatures}) or float rows ({@link RowFeatures}). */
public interface RecordFeatures extends Serializable {
    /** Records held. */
    int records();
}
