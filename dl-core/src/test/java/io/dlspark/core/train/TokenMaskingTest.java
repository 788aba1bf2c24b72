package io.dlspark.core.train;

import io.dlspark.core.model.transformer.blocks.MaskedLmHead;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BERT's masking: its statistics, what it never touches, and that it depends on seed, epoch and record key only. */
class TokenMaskingTest {
    private static final int VOCABULARY = 1000;
    private static final int FIRST_REGULAR = 5;
    private static final int MASK = 4;
    private static final TokenMasking MASKING = new TokenMasking(7, VOCABULARY, MASK, FIRST_REGULAR, TokenMasking.BERT_RATE);
    private static final int LENGTH = 32;

    /** {@code records} sequences of [CLS] (2), regular ids, [SEP] (3), some [UNK] (1), then padding. */
    private static TokenRows corpus(int records, long seed) {
        Random random = new Random(seed);
        int[] ids = new int[records * LENGTH];
        for (int r = 0; r < records; r++) {
            int used = 8 + random.nextInt(LENGTH - 8);
            ids[r * LENGTH] = 2;
            for (int t = 1; t < used - 1; t++) {
                ids[r * LENGTH + t] = random.nextInt(20) == 0 ? 1 : FIRST_REGULAR + random.nextInt(VOCABULARY - FIRST_REGULAR);
            }
            ids[r * LENGTH + used - 1] = 3;
        }
        return new TokenRows(LENGTH, ids);
    }

    @Test
    void fifteenPercentOfRegularTokensArePredictedSplitEightyTenTenAndNoPaddingOrSpecialTokenIsTouched() {
        TokenRows rows = corpus(3000, 1);
        long regular = 0;
        long predicted = 0;
        long masked = 0;
        long random = 0;
        long kept = 0;
        for (int r = 0; r < rows.records(); r++) {
            TokenMasking.Masked m = MASKING.mask(rows.ids(), r * LENGTH, LENGTH, 1000L + r, 0);
            for (int t = 0; t < LENGTH; t++) {
                int id = rows.ids()[r * LENGTH + t];
                if (id < FIRST_REGULAR) {
                    assertFalse(m.predicted()[t], "special or padding id " + id + " predicted");
                    assertEquals(id, m.input()[t], "special or padding id " + id + " changed");
                    continue;
                }
                regular++;
                if (!m.predicted()[t]) {
                    assertEquals(id, m.input()[t], "an unpredicted token changed");
                    continue;
                }
                predicted++;
                if (m.input()[t] == MASK) {
                    masked++;
                } else if (m.input()[t] != id) {
                    assertTrue(m.input()[t] >= FIRST_REGULAR && m.input()[t] < VOCABULARY, "random id " + m.input()[t]);
                    random++;
                } else {
                    kept++;
                }
            }
        }
        assertTrue(regular > 40_000, "tokens: " + regular);
        assertEquals(0.15, (double) predicted / regular, 0.005, "predicted share");
        assertEquals(0.8, (double) masked / predicted, 0.015, "[MASK] share");
        assertEquals(0.1, (double) random / predicted, 0.01, "random share");
        assertEquals(0.1, (double) kept / predicted, 0.01, "kept share");
    }

    @Test
    void theMaskDependsOnSeedEpochAndRecordKeyOnly() {
        TokenRows rows = corpus(2, 2);
        TokenMasking.Masked first = MASKING.mask(rows.ids(), 0, LENGTH, 42, 3);
        TokenMasking.Masked again = new TokenMasking(7, VOCABULARY, MASK, FIRST_REGULAR, 0.15)
            .mask(rows.ids(), 0, LENGTH, 42, 3);
        assertArrayEquals(first.input(), again.input());
        assertArrayEquals(first.predicted(), again.predicted());
        int changedEpochs = 0;
        int changedSeeds = 0;
        for (int other = 0; other < 5; other++) {
            changedEpochs += java.util.Arrays.equals(first.predicted(), MASKING.mask(rows.ids(), 0, LENGTH, 42, 4 + other)
                .predicted()) ? 0 : 1;
            changedSeeds += java.util.Arrays.equals(first.predicted(), new TokenMasking(8 + other, VOCABULARY, MASK,
                FIRST_REGULAR, 0.15).mask(rows.ids(), 0, LENGTH, 42, 3).predicted()) ? 0 : 1;
        }
        assertTrue(changedEpochs >= 4, "other epochs mask other tokens");
        assertTrue(changedSeeds >= 4, "other seeds mask other tokens");
    }

    @Test
    void minibatchesCarryTheOriginalIdAtPredictedPositionsOnlyAsSparseLabels() {
        TokenRows rows = corpus(6, 3);
        PartitionData data = new PartitionData(0, rows, new int[6], new long[] {10, 11, 12, 13, 14, 15}, null);
        int outputs = VOCABULARY + 24;
        DataSet batch = MinibatchAssembler.maskedTokens(MASKING, outputs).assemble(data, new int[] {5, 2, 0}, 0, 3, 1);
        assertArrayEquals(new long[] {3, LENGTH}, batch.getFeatures().shape());
        assertArrayEquals(new long[] {3, LENGTH}, batch.getLabels().shape());
        assertNull(batch.getLabelsMaskArray());
        int[] order = {5, 2, 0};
        int predicted = 0;
        for (int k = 0; k < 3; k++) {
            TokenMasking.Masked m = MASKING.mask(rows.ids(), order[k] * LENGTH, LENGTH, 10 + order[k], 1);
            for (int t = 0; t < LENGTH; t++) {
                assertEquals(m.input()[t], batch.getFeatures().getInt(k, t));
                assertEquals(m.predicted()[t] ? rows.ids()[order[k] * LENGTH + t] : MaskedLmHead.NOT_PREDICTED,
                    batch.getLabels().getDouble(k, t));
                predicted += m.predicted()[t] ? 1 : 0;
            }
        }
        assertNotEquals(0, predicted);
    }
}
