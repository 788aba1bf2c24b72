package io.dlspark.core.gen;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenerativeHealthTest {
    private static final GenerativeSettings GAN = GenerativeSettings.gan(8, 1, 0.1);

    @Test
    void theDiscriminatorFloorIsHalfTheBinaryEntropyOfTheSmoothedLabel() {
        assertEquals(0.0, GenerativeHealth.discriminatorFloor(1.0));
        assertEquals(-(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1)) / 2, GenerativeHealth.discriminatorFloor(0.9), 1e-12);
        assertEquals(0.1625, GenerativeHealth.discriminatorFloor(0.9), 1e-4);
    }

    @Test
    void aDiscriminatorAtItsSmoothedFloorIsFlaggedButOneAboveItIsNot() {
        double floor = GenerativeHealth.discriminatorFloor(0.9);
        List<String> won = GenerativeHealth.warnings(GenerativeFamily.GAN, GAN, Map.of("discriminator", floor + 1e-4), 0.3, 0.3);
        assertEquals(1, won.size());
        assertTrue(won.get(0).contains("divergence"), won.get(0));
        assertEquals(List.of(), GenerativeHealth.warnings(GenerativeFamily.GAN, GAN, Map.of("discriminator", 0.6), 0.3, 0.3));
    }

    @Test
    void samplesVaryingFarLessThanRealImagesAreFlaggedAsCollapse() {
        List<String> collapsed = GenerativeHealth.warnings(GenerativeFamily.VAE, GAN, Map.of(), 0.045, 0.33);
        assertEquals(1, collapsed.size());
        assertTrue(collapsed.get(0).contains("mode collapse"), collapsed.get(0));
        assertEquals(List.of(), GenerativeHealth.warnings(GenerativeFamily.VAE, GAN, Map.of(), 0.2, 0.33));
    }

    @Test
    void spreadIsThePerPixelStandardDeviationAveragedOverPixels() {
        var images = Nd4j.createFromArray(new float[][] {{0, 1}, {1, 1}, {0, 1}, {1, 1}});
        assertEquals(0.2887, SampleSpread.of(images), 1e-4, "std of 0,1,0,1 (n-1) is 0.577, of 1,1,1,1 is 0");
        assertEquals(SampleSpread.of(images), SampleSpread.of(images.reshape(4, 1, 1, 2)), 1e-9);
    }
}
