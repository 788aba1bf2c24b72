package io.dlspark.feed;

import io.dlspark.core.train.RecordFeatures;
import io.dlspark.core.train.SparseRows;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.util.List;

/** Spark ML vectors of {@code width} (TF-IDF), kept sparse per worker and densified per minibatch. */
record SparseVectorCodec(int width) implements FeatureCodec {
    @Override
    public Serializable read(Row row, int column) {
        return ((Vector) row.get(column)).toSparse();
    }

    @Override
    public RecordFeatures pack(List<String> ids, List<Serializable> features) {
        int nonZeros = 0;
        for (int i = 0; i < features.size(); i++) {
            SparseVector v = (SparseVector) features.get(i);
            if (v.size() != width) {
                throw new IllegalStateException("record " + ids.get(i) + " has a feature vector of " + v.size()
                    + " values, the vectoriser's vocabulary needs " + width);
            }
            nonZeros += v.indices().length;
        }
        int[] starts = new int[features.size() + 1];
        int[] indices = new int[nonZeros];
        float[] values = new float[nonZeros];
        int at = 0;
        for (int i = 0; i < features.size(); i++) {
            SparseVector v = (SparseVector) features.get(i);
            for (int k = 0; k < v.indices().length; k++) {
                indices[at] = v.indices()[k];
                values[at++] = (float) v.values()[k];
            }
            starts[i + 1] = at;
        }
        return new SparseRows(width, starts, indices, values);
    }
}
