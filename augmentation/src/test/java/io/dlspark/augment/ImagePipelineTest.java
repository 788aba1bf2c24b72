package io.dlspark.augment;

import io.dlspark.augment.random.RecordSeeds;
import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImagePipelineTest {
    private static final ImageShape SHAPE = new ImageShape(28, 28, 1);

    private static ImagePipeline pipeline(long seed) {
        return ImagePipeline.create(Fixtures.config("""
            augment {
              records = image, seed = %d
              ops = [
                { op = flip-horizontal, p = 0.5 }
                { op = crop, p = 0.8, size = 28, padding = 2 }
                { op = rotate, p = 0.5, degrees = 15 }
                { op = zoom, p = 0.3, min-scale = 0.9, max-scale = 1.1 }
                { op = brightness, p = 0.3, max-delta = 0.2 }
                { op = gaussian-noise, p = 0.3, sigma = 8 }
                { op = erase, p = 0.5 }
              ]
            }""".formatted(seed)), SHAPE);
    }

    private static Map<String, byte[]> records(int count) {
        Map<String, byte[]> records = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            records.put("train-" + i, Fixtures.randomImage(SHAPE.size(), i));
        }
        return records;
    }

    @Test
    void sameSeedRecordAndEpochGiveTheSameOutput() {
        byte[] image = Fixtures.randomImage(SHAPE.size(), 1);
        byte[] copy = image.clone();
        assertArrayEquals(pipeline(7).apply(image, "train-1", 3), pipeline(7).apply(image, "train-1", 3));
        assertArrayEquals(copy, image, "the input is not modified");
    }

    @Test
    void epochsRecordsAndSeedsGiveDifferentOutputs() {
        ImagePipeline pipeline = pipeline(7);
        byte[] image = Fixtures.randomImage(SHAPE.size(), 1);
        byte[] epoch0 = pipeline.apply(image, "train-1", 0);
        assertFalse(Arrays.equals(epoch0, pipeline.apply(image, "train-1", 1)));
        assertFalse(Arrays.equals(epoch0, pipeline.apply(image, "train-2", 0)));
        assertFalse(Arrays.equals(epoch0, pipeline(8).apply(image, "train-1", 0)));
    }

    @Test
    void partitioningAndOrderDoNotChangeTheOutput() {
        ImagePipeline pipeline = pipeline(11);
        Map<String, byte[]> records = records(200);
        for (int epoch = 0; epoch < 2; epoch++) {
            Map<String, byte[]> single = PartitioningSimulation.run(pipeline, records, 1, epoch, 0);
            for (int chunks : new int[] {2, 7}) {
                Map<String, byte[]> split = PartitioningSimulation.run(pipeline, records, chunks, epoch, chunks * 31L);
                for (String id : records.keySet()) {
                    assertArrayEquals(single.get(id), split.get(id), id + " with " + chunks + " chunks");
                }
            }
        }
    }

    @Test
    void augmentsMostRecordsAndKeepsTheShape() {
        ImagePipeline pipeline = pipeline(3);
        int changed = 0;
        for (Map.Entry<String, byte[]> record : records(100).entrySet()) {
            byte[] out = pipeline.apply(record.getValue(), record.getKey(), 0);
            assertEquals(SHAPE.size(), out.length);
            changed += Arrays.equals(out, record.getValue()) ? 0 : 1;
        }
        assertTrue(changed > 80, "changed " + changed + " of 100");
    }

    @Test
    void applyIntoMatchesApplyAlsoInPlace() {
        ImagePipeline pipeline = pipeline(5);
        byte[] scratch = new byte[SHAPE.size()];
        byte[] out = new byte[SHAPE.size()];
        for (Map.Entry<String, byte[]> record : records(50).entrySet()) {
            byte[] expected = pipeline.apply(record.getValue(), record.getKey(), 4);
            pipeline.applyInto(record.getValue(), out, scratch, record.getKey(), 4);
            assertArrayEquals(expected, out);
            byte[] inPlace = record.getValue().clone();
            pipeline.applyInto(inPlace, inPlace, scratch, record.getKey(), 4);
            assertArrayEquals(expected, inPlace);
        }
    }

    @Test
    void onlineAugmentationByRecordKeyMatchesApplyByRecordId() {
        ImagePipeline pipeline = Fixtures.roundTrip(pipeline(9));
        byte[] scratch = new byte[SHAPE.size()];
        int changed = 0;
        for (Map.Entry<String, byte[]> record : records(50).entrySet()) {
            byte[] expected = pipeline.apply(record.getValue(), record.getKey(), 2);
            byte[] online = record.getValue().clone();
            pipeline.augment(online, scratch, RecordSeeds.recordKey(record.getKey()), 2);
            assertArrayEquals(expected, online, record.getKey());
            changed += Arrays.equals(online, record.getValue()) ? 0 : 1;
        }
        assertTrue(changed > 40, "most records change, got " + changed);
    }

    @Test
    void rejectsPixelsOfAnotherSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> pipeline(1).apply(new byte[10], "train-0", 0));
        assertTrue(e.getMessage().contains("train-0"), e.getMessage());
    }

    @Test
    void labelAndIdSurviveAugmentation() {
        LabeledRecord<byte[]> record = new LabeledRecord<>("train-9", 4, Fixtures.randomImage(SHAPE.size(), 9));
        LabeledRecord<byte[]> augmented = record.augmented(pipeline(1), 2);
        assertEquals(4, augmented.label());
        assertEquals("train-9", augmented.recordId());
    }

    @Test
    void rejectsATextConfiguration() {
        AugmentConfig text = Fixtures.config("augment { records = text, seed = 1, ops = [{ op = swap }] }");
        UsageException e = assertThrows(UsageException.class, () -> ImagePipeline.create(text, SHAPE));
        assertTrue(e.getMessage().startsWith("augment.records:"), e.getMessage());
    }
}
