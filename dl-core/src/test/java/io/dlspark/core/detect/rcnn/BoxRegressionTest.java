package io.dlspark.core.detect.rcnn;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.Box;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Box deltas round trip, the ridge fit recovers a linear map, and bilinear warping of a box. */
class BoxRegressionTest {

    @Test
    void encodingABoxAgainstAProposalAndDecodingGivesItBack() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            Box proposal = box(random);
            Box target = box(random);
            Box back = BoxDeltas.decode(proposal, BoxDeltas.encode(proposal, target));
            assertArrayEquals(new double[] {target.x1(), target.y1(), target.x2(), target.y2()},
                new double[] {back.x1(), back.y1(), back.x2(), back.y2()}, 1e-9);
        }
        // by hand: proposal centre (10, 10) size 10 x 20; target centre (12, 5) size 20 x 10
        assertArrayEquals(new double[] {0.2, -0.25, Math.log(2), Math.log(0.5)},
            BoxDeltas.encode(new Box(5, 0, 15, 20), new Box(2, 0, 22, 10)), 1e-12);
    }

    @Test
    void theRidgeFitRecoversALinearMapPerClass() {
        SplittableRandom random = new SplittableRandom(4);
        List<BoxRegressor.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            float[] f = {(float) random.nextDouble(-1, 1), (float) random.nextDouble(-1, 1), (float) random.nextDouble()};
            int c = i % 2;
            double[] t = c == 0 ? new double[] {0.5 * f[0] + 0.1, -f[1], 0.2 * f[2], 0.3}
                : new double[] {f[1], f[0], -0.1, 0.1 * f[0] - 0.2};
            samples.add(new BoxRegressor.Sample(f, c, t));
        }
        BoxRegressor regressor = BoxRegressor.fit(samples, 3, 3, 1e-6);
        float[] probe = {0.3f, -0.4f, 0.5f};
        assertArrayEquals(new double[] {0.25, 0.4, 0.1, 0.3}, regressor.deltas(0, probe), 1e-4);
        assertArrayEquals(new double[] {-0.4, 0.3, -0.1, -0.17}, regressor.deltas(1, probe), 1e-4);
        assertArrayEquals(new double[4], regressor.deltas(2, probe), 0, "a class without samples moves nothing");
        Box proposal = new Box(10, 10, 30, 20);
        assertEquals(proposal, regressor.apply(proposal, 2, probe));
        assertEquals(BoxRegressor.MAX_LOG_SCALE, BoxRegressor.fit(List.of(new BoxRegressor.Sample(probe, 0,
            new double[] {0, 0, 5, 5}), new BoxRegressor.Sample(new float[3], 0, new double[] {0, 0, 5, 5})), 1, 3,
            1e-6).deltas(0, probe)[2], 1e-12, "size deltas are clamped");
    }

    @Test
    void warpingSamplesTheBoxBilinearly() {
        ImageShape shape = new ImageShape(4, 4, 1);
        byte[] ramp = new byte[16];
        for (int i = 0; i < 16; i++) {
            ramp[i] = (byte) (10 * (i % 4));
        }
        // the whole image to 4x4 is the image; columns 1..2 to 4 pixels: x samples 1 + (x + 0.5) / 2 - 0.5
        assertArrayEquals(ramp, new RegionWarp(4).warp(ramp, shape, new Box(0, 0, 4, 4)));
        byte[] zoom = new RegionWarp(4).warp(ramp, shape, new Box(1, 0, 3, 4));
        assertArrayEquals(new byte[] {8, 13, 18, 23}, java.util.Arrays.copyOf(zoom, 4));
        byte[] past = new RegionWarp(2).warp(ramp, shape, new Box(2, 0, 6, 4));
        assertArrayEquals(new byte[] {25, 30, 25, 30}, past, "samples past the edge are clamped to it");
        assertTrue(new RegionWarp(28).warp(ramp, shape, new Box(0, 0, 4, 4)).length == 28 * 28);
    }

    private static Box box(SplittableRandom random) {
        double x = random.nextDouble(0, 50);
        double y = random.nextDouble(0, 50);
        return new Box(x, y, x + random.nextDouble(1, 40), y + random.nextDouble(1, 40));
    }
}
