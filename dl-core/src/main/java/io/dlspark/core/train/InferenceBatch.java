package io.dlspark.core.train;

/**
 * How many records one inference forward pass (evaluation, losses, prediction) takes: {@value #MAX_RECORDS}, fewer
 * for token sequences so that a pass holds at most {@value #MAX_TOKENS} positions, as 256 records of one 128-id window
 * do. An encoder's transient activations grow with its positions (transformer blocks run without workspaces): 256
 * texts of 4 windows would hold four times those of 256 single windows in every pass of every worker.
 */
public final class InferenceBatch {
    /** Records a pass at most. */
    public static final int MAX_RECORDS = 256;
    /** Token positions a pass at most: 256 records of 128 ids. */
    public static final int MAX_TOKENS = 32_768;

    private InferenceBatch() {
    }

    /** Records a pass of these features. */
    public static int rows(RecordFeatures features) {
        return features instanceof TokenRows tokens ? rows(tokens.length()) : MAX_RECORDS;
    }

    /** Records a pass of token sequences of {@code length} ids. */
    public static int rows(int length) {
        return Math.max(1, Math.min(MAX_RECORDS, MAX_TOKENS / length));
    }
}
