package io.dlspark.core.model.transformer;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Copies a pretrained encoder's parameters into another graph by vertex and parameter name: every parameter both
 * graphs have with the same shape, such as the embeddings and blocks of a masked-language model into a
 * classifier of the same sizes, whose heads differ.
 */
public final class EncoderWeights {
    private EncoderWeights() {
    }

    /** Copies the shared parameters of {@code from} into {@code to}; returns the names of the vertices copied. */
    public static Set<String> copy(ComputationGraph from, ComputationGraph to) {
        Set<String> vertices = new TreeSet<>();
        for (GraphVertex vertex : to.getVertices()) {
            GraphVertex pretrained = from.getVertex(vertex.getVertexName());
            if (pretrained == null || vertex.numParams() == 0) {
                continue;
            }
            Map<String, INDArray> source = pretrained.paramTable(false);
            for (Map.Entry<String, INDArray> target : vertex.paramTable(false).entrySet()) {
                INDArray value = source.get(target.getKey());
                if (value != null && Arrays.equals(value.shape(), target.getValue().shape())) {
                    target.getValue().assign(value);
                    vertices.add(vertex.getVertexName());
                }
            }
        }
        return vertices;
    }
}
