package io.dlspark.core.ingest;

import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.Split;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassSubsetTest {
    /** 4 classes; per class 20 train, 5 validation, 3 test records. */
    private static IngestPlan plan() {
        List<RecordRef> records = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            for (int i = 0; i < 28; i++) {
                Split split = i < 20 ? Split.TRAIN : i < 25 ? Split.VALIDATION : Split.TEST;
                records.add(new RecordRef("r-" + c + "-" + i, c, split, "src#" + c + "-" + i, new byte[] {(byte) c}));
            }
        }
        return new IngestPlan("toy", List.of("src"), RecordFormat.IMAGE_UINT8_HWC, new ImageShape(1, 1, 1),
            List.of("a", "b", "c", "d"), records, List.of(), List.of(), new InlinePixelsDecoder());
    }

    @Test
    void keepsAndRelabelsTheClassesInTheGivenOrderAndRecordsWhatWasLeftOut() {
        ClassSubset.Result result = new ClassSubset(List.of(3, 1), 7, 5).apply(plan());
        IngestPlan subset = result.plan();
        assertEquals(List.of("d", "b"), subset.labelNames());
        Map<Integer, Long> trainPerLabel = subset.records(Split.TRAIN).stream()
            .collect(Collectors.groupingBy(RecordRef::label, Collectors.counting()));
        assertEquals(Map.of(0, 7L, 1, 7L), trainPerLabel);
        assertEquals(10, subset.records(Split.VALIDATION).size(), "validation keeps every record of kept classes");
        assertEquals(6, subset.records(Split.TEST).size());
        assertTrue(subset.records().stream().allMatch(r -> r.recordId().startsWith(r.label() == 0 ? "r-3-" : "r-1-")),
            "new label 0 is old class 3, new label 1 is old class 1");
        assertEquals(List.of(3, 1), result.recorded().originalLabels());
        assertEquals(56, result.recorded().droppedOtherClasses());
        assertEquals(26, result.recorded().droppedOverLimit());
        assertEquals(4 * 28, subset.records().size() + result.recorded().droppedOtherClasses()
            + result.recorded().droppedOverLimit(), "every record is kept or counted");
    }

    @Test
    void theChoiceOfTrainingRecordsFollowsTheSeed() {
        List<String> a = ids(new ClassSubset(List.of(0), 5, 1).apply(plan()).plan());
        assertEquals(a, ids(new ClassSubset(List.of(0), 5, 1).apply(plan()).plan()));
        assertNotEquals(a, ids(new ClassSubset(List.of(0), 5, 2).apply(plan()).plan()));
    }

    @Test
    void badClassListsAreUsageErrors() {
        UsageException range = assertThrows(UsageException.class, () -> new ClassSubset(List.of(0, 4), null, 1).apply(plan()));
        assertTrue(range.getMessage().contains("class 4") && range.getMessage().contains("[0, 4)"), range.getMessage());
        assertThrows(UsageException.class, () -> new ClassSubset(List.of(1, 1), null, 1));
        assertThrows(UsageException.class, () -> new ClassSubset(List.of(), null, 1));
        assertThrows(UsageException.class, () -> new ClassSubset(List.of(1), 0, 1));
    }

    private static List<String> ids(IngestPlan plan) {
        return plan.records(Split.TRAIN).stream().map(RecordRef::recordId).toList();
    }
}
