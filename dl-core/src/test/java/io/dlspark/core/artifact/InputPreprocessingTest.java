package io.dlspark.core.artifact;

import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.data.InputAdapter;
import io.dlspark.core.io.Json;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.TextFeatureKind;
import io.dlspark.core.shard.TextFeatures;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.PartitionData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InputPreprocessingTest {
    private static final ImageShape RGB = new ImageShape(5, 4, 3);

    /**
     * The recipe of docs/library.md, driven only by the recorded fields, gives exactly the minibatch that dlspark's
     * feed ({@link MinibatchAssembler}) trains and predicts on.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theRecordedRecipeRebuildsTheFeedsMinibatchExactly(boolean convolutional) {
        InputPreprocessing recorded = Json.read(Json.pretty(InputPreprocessing.images(RGB, null, convolutional)),
            InputPreprocessing.class, "preprocessing");
        int records = 3;
        byte[] pixels = new byte[records * RGB.size()];
        new Random(3).nextBytes(pixels);
        INDArray fed = new MinibatchAssembler(RGB, 0, convolutional)
            .assemble(new PartitionData(0, pixels, new int[records], new long[records], RGB.size()), new int[] {0, 1, 2}, 0, 3)
            .getFeatures();
        long[] shape = new long[recorded.shape().size() + 1];
        shape[0] = records;
        for (int i = 0; i < recorded.shape().size(); i++) {
            shape[i + 1] = recorded.shape().get(i);
        }
        assertArrayEquals(shape, fed.shape(), "recorded shape, batch first");
        float[] expected = new float[records * RGB.size()];
        for (int r = 0; r < records; r++) {
            int base = r * RGB.size();
            for (int y = 0; y < RGB.height(); y++) {
                for (int x = 0; x < RGB.width(); x++) {
                    for (int c = 0; c < RGB.channels(); c++) {
                        int hwc = (y * RGB.width() + x) * RGB.channels() + c;
                        int at = recorded.layout() == InputPreprocessing.Layout.NCHW
                            ? (c * RGB.height() + y) * RGB.width() + x : hwc;
                        expected[base + at] = (pixels[base + hwc] & 0xFF) * (float) recorded.scale();
                    }
                }
            }
        }
        assertArrayEquals(expected, fed.dup().data().asFloat());
        assertEquals(convolutional ? InputPreprocessing.Layout.NCHW : InputPreprocessing.Layout.FLAT_HWC, recorded.layout());
        assertEquals(1f / 255f, (float) recorded.scale());
    }

    @Test
    void anAdaptedImageModelRecordsTheStoredShapeAndTheNetworksShape() {
        ImageShape grey = new ImageShape(28, 28, 1);
        InputAdapter adapter = new InputAdapter(grey, new ImageShape(32, 32, 3));
        InputPreprocessing p = InputPreprocessing.images(grey, adapter, true);
        assertEquals(grey, p.recordShape());
        assertEquals(adapter, p.adapter());
        assertEquals(List.of(3, 32, 32), p.shape());
        assertEquals(p, Json.read(Json.pretty(p), InputPreprocessing.class, "p"));
    }

    @Test
    void vectorsAndTextAreTakenAsTheirVectorisersMakeThem() {
        ShardManifest vectors = manifest(RecordFormat.FEATURES_FLOAT32, new ImageShape(1, 12, 1), null);
        InputPreprocessing v = InputPreprocessing.of(vectors, null, false, null);
        assertEquals(InputPreprocessing.Input.VECTOR, v.input());
        assertEquals(1, v.scale());
        assertEquals(List.of(12), v.shape());
        assertEquals(InputPreprocessing.Layout.FEATURES, v.layout());

        TextFeatures text = new TextFeatures("train", 40, "[a-z]+", true, 2, 2, List.of(
            new TextFeatures.Vectorizer(TextFeatureKind.TFIDF, "text/tfidf", 500, null),
            new TextFeatures.Vectorizer(TextFeatureKind.TOKEN_IDS, "text/token-ids", 302, 64)));
        ShardManifest emails = manifest(RecordFormat.TEXT_UTF8, null, text);
        InputPreprocessing tfidf = InputPreprocessing.of(emails, null, false,
            text.vectorizer(TextFeatureKind.TFIDF).at(ModelArtifactManifest.VECTORIZER_DIR));
        assertEquals(InputPreprocessing.Input.TEXT_TFIDF, tfidf.input());
        assertEquals(List.of(500), tfidf.shape());
        assertEquals(new InputPreprocessing.Tokenization("[a-z]+", true, 2, 500, null, "vectorizer", null), tfidf.text());
        InputPreprocessing ids = InputPreprocessing.of(emails, null, true,
            text.vectorizer(TextFeatureKind.TOKEN_IDS).at(ModelArtifactManifest.VECTORIZER_DIR));
        assertEquals(InputPreprocessing.Layout.TOKEN_IDS, ids.layout());
        assertEquals(List.of(64), ids.shape());
        assertEquals(new InputPreprocessing.Tokenization("[a-z]+", true, 1, 302, 64, "vectorizer", null), ids.text());
        assertNull(ids.recordShape());
        assertEquals(ids, Json.read(Json.pretty(ids), InputPreprocessing.class, "ids"));

        InputPreprocessing windowed = InputPreprocessing.text(null,
            new TextFeatures.Vectorizer(TextFeatureKind.WORDPIECE, "vocab.txt", 8192, 512, 4));
        assertEquals(new InputPreprocessing.Tokenization(InputPreprocessing.WORDPIECE_PATTERN, false, 1, 8192, 512,
            "vocab.txt", 4), windowed.text(), "the windows a WordPiece record is cut into");
        assertEquals(List.of(512), windowed.shape());
        assertEquals(windowed, Json.read(Json.pretty(windowed), InputPreprocessing.class, "windowed"));
        assertNull(InputPreprocessing.text(null, new TextFeatures.Vectorizer(TextFeatureKind.WORDPIECE, "vocab.txt",
            8192, 128)).text().windows(), "one sequence records no windows");

        assertEquals("a model of TEXT_UTF8 records needs the text vectoriser it was trained with",
            assertThrows(UsageException.class, () -> InputPreprocessing.of(emails, null, false, null)).getMessage());
        ShardManifest scenes = manifest(RecordFormat.DETECTION_UINT8_HWC, RGB, null);
        assertEquals("no input preprocessing is defined for DETECTION_UINT8_HWC records",
            assertThrows(UsageException.class, () -> InputPreprocessing.of(scenes, null, true, null)).getMessage());
    }

    private static ShardManifest manifest(RecordFormat format, ImageShape shape, TextFeatures text) {
        return new ShardManifest(ShardManifest.SCHEMA_VERSION, "d", List.of(), format, shape, List.of("a", "b"), 1, 0,
            Map.of(), List.of(), List.of(), new ShardManifest.BadRecords(0, List.of()), "t", "v", null, null, text);
    }
}
