package io.dlspark.shards;

import io.dlspark.core.DataException;
import io.dlspark.core.detect.Box;
import io.dlspark.core.detect.GroundTruth;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.Split;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.List;

/** Rows of detection shards ({@code DETECTION_UINT8_HWC}): objects to a row for writing, and back when reading. */
public final class DetectionRows {

    private DetectionRows() {
    }

    /** A row of {@link ShardSetWriter#schema}: the image, its objects' boxes, classes and difficult flags; label -1. */
    public static Row row(String recordId, byte[] pixels, List<GroundTruth> objects, String source, Split split) {
        float[] boxes = new float[4 * objects.size()];
        int[] classes = new int[objects.size()];
        boolean[] difficult = new boolean[objects.size()];
        for (int k = 0; k < objects.size(); k++) {
            Box box = objects.get(k).box();
            boxes[4 * k] = (float) box.x1();
            boxes[4 * k + 1] = (float) box.y1();
            boxes[4 * k + 2] = (float) box.x2();
            boxes[4 * k + 3] = (float) box.y2();
            classes[k] = objects.get(k).classId();
            difficult[k] = objects.get(k).difficult();
        }
        return RowFactory.create(recordId, -1, pixels, boxes, classes, difficult, source, split.dirName());
    }

    /** The objects of a shard row read back (by column name); inconsistent columns fail naming the record. */
    public static List<GroundTruth> objects(Row row) {
        String id = row.getAs(ShardColumns.RECORD_ID);
        List<Float> boxes = row.getList(row.fieldIndex(ShardColumns.BOXES));
        List<Integer> classes = row.getList(row.fieldIndex(ShardColumns.CLASSES));
        List<Boolean> difficult = row.getList(row.fieldIndex(ShardColumns.DIFFICULT));
        if (boxes.size() != 4 * classes.size() || difficult.size() != classes.size()) {
            throw new DataException("record " + id + ": " + boxes.size() + " box coordinates, " + classes.size()
                + " classes and " + difficult.size() + " difficult flags do not describe the same objects");
        }
        List<GroundTruth> objects = new ArrayList<>(classes.size());
        for (int k = 0; k < classes.size(); k++) {
            try {
                objects.add(new GroundTruth(new Box(boxes.get(4 * k), boxes.get(4 * k + 1), boxes.get(4 * k + 2),
                    boxes.get(4 * k + 3)), classes.get(k), difficult.get(k)));
            } catch (IllegalArgumentException e) {
                throw new DataException("record " + id + " object " + k + ": " + e.getMessage());
            }
        }
        return objects;
    }
}
