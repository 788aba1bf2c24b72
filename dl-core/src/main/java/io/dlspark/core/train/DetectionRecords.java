package io.dlspark.core.train;

import io.dlspark.core.detect.Box;
import io.dlspark.core.detect.GroundTruth;

import java.util.ArrayList;
import java.util.List;

/**
 * Detection records: uint8 HWC images of {@code recordSize} bytes back to back, their ids, and their objects as flat
 * arrays (boxes x1, y1, x2, y2 in pixels, classes, difficult flags); record i owns objects {@code offsets[i]} to
 * {@code offsets[i + 1]}.
 */
public record DetectionRecords(byte[] pixels, int recordSize, String[] ids, float[] boxes, int[] classes,
                               boolean[] difficult, int[] offsets) implements RecordFeatures {

    public DetectionRecords {
        int n = ids.length;
        if (pixels.length != (long) n * recordSize || offsets.length != n + 1 || offsets[n] != classes.length
            || boxes.length != 4 * classes.length || difficult.length != classes.length) {
            throw new IllegalArgumentException("detection records: " + n + " ids, " + pixels.length + " pixel bytes of "
                + recordSize + " per record, " + classes.length + " objects with " + boxes.length + " box values");
        }
    }

    @Override
    public int records() {
        return ids.length;
    }

    /** The objects of record {@code record}. */
    public List<GroundTruth> objects(int record) {
        List<GroundTruth> objects = new ArrayList<>(offsets[record + 1] - offsets[record]);
        for (int k = offsets[record]; k < offsets[record + 1]; k++) {
            objects.add(new GroundTruth(new Box(boxes[4 * k], boxes[4 * k + 1], boxes[4 * k + 2], boxes[4 * k + 3]),
                classes[k], difficult[k]));
        }
        return objects;
    }

    /** A copy of the pixels of record {@code record}. */
    public byte[] image(int record) {
        byte[] image = new byte[recordSize];
        System.arraycopy(pixels, record * recordSize, image, 0, recordSize);
        return image;
    }

    /** Packs images and their objects, in the order given. */
    public static DetectionRecords pack(List<String> ids, List<byte[]> images, List<List<GroundTruth>> objects,
                                        int recordSize) {
        int total = objects.stream().mapToInt(List::size).sum();
        byte[] pixels = new byte[ids.size() * recordSize];
        float[] boxes = new float[4 * total];
        int[] classes = new int[total];
        boolean[] difficult = new boolean[total];
        int[] offsets = new int[ids.size() + 1];
        int k = 0;
        for (int i = 0; i < ids.size(); i++) {
            byte[] image = images.get(i);
            if (image.length != recordSize) {
                throw new IllegalArgumentException("record " + ids.get(i) + " has " + image.length
                    + " pixel bytes, the manifest's shape needs " + recordSize);
            }
            System.arraycopy(image, 0, pixels, i * recordSize, recordSize);
            for (GroundTruth object : objects.get(i)) {
                Box b = object.box();
                boxes[4 * k] = (float) b.x1();
                boxes[4 * k + 1] = (float) b.y1();
                boxes[4 * k + 2] = (float) b.x2();
                boxes[4 * k + 3] = (float) b.y2();
                classes[k] = object.classId();
                difficult[k] = object.difficult();
                k++;
            }
            offsets[i + 1] = k;
        }
        return new DetectionRecords(pixels, recordSize, ids.toArray(String[]::new), boxes, classes, difficult, offsets);
    }
}
