package io.dlspark.core.train;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.fixtures.FashionMnistSlice;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.nn.NetworkState;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On a slice of Fashion-MNIST, the 10-layer sigmoid MLP's first layers are flagged as vanishing and the same net with
 * ReLU (and He initialisation) has no flag, through the worker code path ({@link RoundFitter}) and the sums that
 * the training master merges.
 */
class VanishingGradientTest {
    private static final ImageShape SHAPE = new ImageShape(28, 28, 1);
    private static final int RECORDS = 1024;

    @Test
    void deepSigmoidMlpIsFlaggedAndItsReluTwinIsNot() throws IOException {
        PartitionData slice = fashionMnistSlice();
        List<GradientCheck.Finding> sigmoid = findings(ModelCatalog.resolve("deep-sigmoid-mlp"), slice);
        List<GradientCheck.Finding> relu = findings(ModelCatalog.resolve("deep-sigmoid-mlp",
            Map.of("activation", "relu", "weight-init", "relu")), slice);

        assertEquals(10, sigmoid.size());
        assertEquals(GradientCheck.Flag.VANISHING, sigmoid.get(0).flag(), GradientCheck.DEFAULT.table(layers(sigmoid)));
        assertEquals(GradientCheck.Flag.OK, sigmoid.get(9).flag());
        String table = GradientCheck.DEFAULT.table(layers(sigmoid));
        assertTrue(table.lines().filter(l -> l.startsWith("0 ")).allMatch(l -> l.endsWith("VANISHING")), table);
        assertTrue(relu.stream().allMatch(f -> f.flag() == GradientCheck.Flag.OK), GradientCheck.DEFAULT.table(layers(relu)));
        assertTrue(relu.stream().allMatch(f -> f.layer().updateRatio() > 0), GradientCheck.DEFAULT.table(layers(relu)));
    }

    @Test
    void workerSumsMergeIntoMeansPerMinibatch() {
        GradientSums a = GradientSums.empty(List.of("0", "1"));
        a.addGradientNorm(0, 2);
        a.addGradientNorm(1, 4);
        a.addUpdateRatio(0, 0.1);
        a.stepDone();
        GradientSums b = GradientSums.empty(List.of("0", "1"));
        b.addGradientNorm(0, 4);
        b.stepDone();
        List<GradientSums.LayerGradients> means = a.merge(b).means();
        assertEquals(new GradientSums.LayerGradients("0", 3, 0.05), means.get(0));
        assertEquals(new GradientSums.LayerGradients("1", 2, 0), means.get(1));
        List<GradientCheck.Finding> explode = new GradientCheck(0.5, 2.5).assess(means);
        assertEquals(GradientCheck.Flag.EXPLODING, explode.get(0).flag());
        assertEquals(GradientCheck.Flag.OK, explode.get(1).flag());
    }

    @Test
    void frozenLayersAreMarkedFrozenAndTheOutputIsTheLastTrainedLayer() {
        GradientSums sums = GradientSums.empty(List.of("0", "1", "2"));
        sums.addGradientNorm(1, 0.5);
        sums.addGradientNorm(2, 1);
        sums.stepDone();
        List<GradientCheck.Finding> findings = GradientCheck.DEFAULT.assess(sums.means(java.util.Set.of("0")));
        assertEquals(List.of(GradientCheck.Flag.FROZEN, GradientCheck.Flag.OK, GradientCheck.Flag.OK),
            findings.stream().map(GradientCheck.Finding::flag).toList());
        assertTrue(GradientCheck.DEFAULT.table(layers(findings)).lines().anyMatch(l -> l.startsWith("0 ") && l.endsWith("FROZEN")));
        assertEquals(GradientCheck.Flag.VANISHING, GradientCheck.DEFAULT.assess(sums.means()).get(0).flag(),
            "the same layer, not known to be frozen");
    }

    private static List<GradientCheck.Finding> findings(ModelSpec spec, PartitionData slice) {
        NeuralNetwork net = spec.build(new ModelInput.ImageInput(SHAPE), 10, spec.optimizer(), 5);
        RoundFitter fitter = new RoundFitter(new EpochPlan(5, 64, 8), new MinibatchAssembler(SHAPE, 10, false));
        NetworkState state = NetworkState.of(net);
        GradientSums sums = null;
        for (int round = 0; round < 2; round++) {
            RoundSum sum = fitter.fit(new SingleNetwork(net), state, slice, 0, round, null);
            state = sum.average(state);
            sums = sums == null ? sum.gradients() : sums.merge(sum.gradients());
        }
        assertEquals(2, sums.steps(), "the probe listens to the first minibatch of each round");
        return GradientCheck.DEFAULT.assess(sums.means());
    }

    private static List<GradientSums.LayerGradients> layers(List<GradientCheck.Finding> findings) {
        return findings.stream().map(GradientCheck.Finding::layer).toList();
    }

    private static PartitionData fashionMnistSlice() throws IOException {
        return FashionMnistSlice.partitions(FashionMnistSlice.directory(null), RECORDS, 1).get(0);
    }
}
