package io.dlspark.core.model.transformer;

import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;
import io.dlspark.core.model.ModelFamily;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.SpecHeader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code kind = transformer}: a BERT-style encoder over token ids with a sequence-classification head (keys
 * {@code layers}, {@code hidden}, {@code heads}, {@code feed-forward}, {@code max-length}, {@code vocabulary-size},
 * {@code pooling}, {@code dropout}, {@code windows} and {@code objective}: classify or mlm; see docs/configuration.md).
 */
public final class TransformerFamily implements ModelFamily {
    /** The values of {@code pooling}: the first position ({@code [CLS]}) or the mean over non-padded positions. */
    public static final List<String> POOLINGS = List.of("cls", "mean");
    private static final int MAX_WIDTH = 1 << 14;
    private static final int MAX_VOCABULARY = 1 << 22;
    /** Windows a classifier may read a record as. */
    private static final int MAX_WINDOWS = 64;

    /**
     * The spec overrides that shape a classifier's head over an encoder's own spec: {@code pooling} and
     * {@code windows}, each when given (not null).
     */
    public static Map<String, Object> headOverrides(String pooling, Integer windows) {
        Map<String, Object> head = new LinkedHashMap<>();
        if (pooling != null) {
            head.put("pooling", pooling);
        }
        if (windows != null) {
            head.put("windows", windows);
        }
        return head;
    }

    @Override
    public ModelSpec parse(SpecHeader header, Params params) {
        if (params.has("example-input")) {
            throw new UsageException(params.key("example-input") + ": a transformer's example input is tokens of "
                + params.key("max-length") + " and " + params.key("vocabulary-size") + "; set those instead");
        }
        int hidden = params.integer("hidden", 1, MAX_WIDTH);
        int heads = params.integer("heads", 1, hidden);
        if (hidden % heads != 0) {
            throw new UsageException(params.key("heads") + ": " + heads + " heads do not divide " + params.key("hidden")
                + " = " + hidden);
        }
        EncoderSize size = new EncoderSize(params.integer("layers", 1, 64), hidden, heads,
            params.integer("feed-forward", 4 * hidden, 1, 4 * MAX_WIDTH), params.integer("max-length", 128, 1, 1 << 16),
            params.integer("vocabulary-size", 8192, 3, MAX_VOCABULARY));
        String pooling = params.string("pooling", "cls").toLowerCase(Locale.ROOT);
        if (!POOLINGS.contains(pooling)) {
            throw new UsageException(params.key("pooling") + ": unknown pooling '" + pooling + "' (expected cls or mean)");
        }
        double dropout = params.number("dropout", 0, 0, 0.99);
        String objective = params.string("objective", "classify").toLowerCase(Locale.ROOT);
        if (!objective.equals("classify") && !objective.equals("mlm")) {
            throw new UsageException(params.key("objective") + ": unknown objective '" + objective
                + "' (expected classify or mlm)");
        }
        int windows = params.integer("windows", 1, 1, MAX_WINDOWS);
        if (windows > 1 && objective.equals("mlm")) {
            throw new UsageException(params.key("windows") + ": " + windows + " windows apply to a classifier; "
                + "masked-language-model pretraining reads single passages");
        }
        if (windows > 1 && !pooling.equals("mean")) {
            throw new UsageException(params.key("windows") + ": " + windows + " windows need " + params.key("pooling")
                + " = mean (" + pooling + " pooling would read the first window only)");
        }
        SpecHeader withInput = new SpecHeader(header.name(), header.key(), header.kind(), header.description(),
            header.optimizer(), new ModelInput.TokenInput(size.maxLength() * windows, size.vocabulary()));
        return new TransformerSpec(withInput, size, pooling.equals("mean"), dropout, objective.equals("mlm"), windows);
    }
}
