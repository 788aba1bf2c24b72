package io.dlspark.augment;

import io.dlspark.augment.image.Flip;
import io.dlspark.augment.image.RandomCrop;
import io.dlspark.augment.text.LexiconSource;
import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmentConfigsTest {
    private static final ImageShape FASHION = new ImageShape(28, 28, 1);

    private static String image(String ops) {
        return "augment { records = image, seed = 1, ops = [" + ops + "] }";
    }

    @Test
    void theShippedFashionMnistConfigLoads() {
        AugmentConfig config = AugmentConfigs.load(Fixtures.CONF.resolve("fashion-mnist.conf"));
        ImageAugmentConfig image = assertInstanceOf(ImageAugmentConfig.class, config);
        assertEquals(new Flip(Flip.Axis.HORIZONTAL), image.steps().get(0).op());
        assertEquals(0.5, image.steps().get(0).probability());
        assertEquals(new RandomCrop(28, 28, 2, 0), image.steps().get(1).op());
        ImagePipeline.create(config, FASHION);
        assertTrue(config.describe().startsWith("image augmentation, seed 20240501: flip-horizontal(p=0.5)"),
            config.describe());
    }

    @Test
    void theShippedTextConfigLoads() {
        AugmentConfig config = AugmentConfigs.load(Fixtures.CONF.resolve("text.conf"));
        TextAugmentConfig text = assertInstanceOf(TextAugmentConfig.class, config);
        assertEquals(4, text.steps().size());
        assertTrue(text.needsLexicon());
        assertEquals(new LexiconSource(LexiconSource.Format.WORDNET, "/usr/share/wordnet", "augment.lexicon"),
            text.lexicon());
    }

    @Test
    void seedOverrideKeepsTheSteps() {
        AugmentConfig config = Fixtures.config(image("{ op = flip-vertical }"));
        AugmentConfig reseeded = config.withSeed(99);
        assertEquals(99, reseeded.seed());
        assertEquals(config.steps(), reseeded.steps());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{ op = flip-horizontal, p = 1.5 }                 | augment.ops[0].p: must be <= 1, got 1.5",
        "{ op = flip-horizontal, p = -0.1 }                | augment.ops[0].p: must be >= 0, got -0.1",
        "{ op = flip-horizontal }, { op = rotate, degrees = -5 } | augment.ops[1].degrees: must be >= 0, got -5",
        "{ op = rotate, degrees = ten }                    | augment.ops[0].degrees: must be a number, got \"ten\"",
        "{ op = rotate }                                   | augment.ops[0].degrees: missing (required for op 'rotate')",
        "{ op = rotate, degrees = 5, fill = 256 }          | augment.ops[0].fill: must be <= 255, got 256",
        "{ op = rotate, degree = 5, degrees = 5 }          | augment.ops[0].degree: unknown key for op 'rotate' (known keys: degrees, fill, op, p)",
        "{ op = twirl }                                    | augment.ops[0].op: unknown image op 'twirl'",
        "{ p = 0.5 }                                       | augment.ops[0].op: missing (required for an op)",
        "{ op = crop, size = [28, 28, 1] }                 | augment.ops[0].size: must be a whole number or a list [height, width]",
        "{ op = crop, size = 2.5 }                         | augment.ops[0].size: must be a whole number, got 2.5",
        "{ op = zoom, min-scale = 1.2, max-scale = 0.9 }   | augment.ops[0].max-scale: must be >= 1.2, got 0.9",
        "{ op = erase, min-area = 0.3, max-area = 0.1 }    | augment.ops[0].max-area: must be >= 0.3, got 0.1",
        "{ op = gaussian-noise, sigma = -1 }               | augment.ops[0].sigma: must be >= 0, got -1",
        "{ op = brightness, max-delta = 2 }                | augment.ops[0].max-delta: must be <= 1, got 2",
        "{ op = swap }                                     | augment.ops[0].op: unknown image op 'swap'",
    })
    void badImageOpsAreRejectedWithTheKey(String ops, String message) {
        UsageException e = assertThrows(UsageException.class, () -> Fixtures.config(image(ops)));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void cropLargerThanTheImageIsRejectedWhenThePipelineIsBuilt() {
        AugmentConfig config = Fixtures.config(image("{ op = flip-horizontal }, { op = crop, size = 36, padding = 2 }"));
        UsageException e = assertThrows(UsageException.class, () -> ImagePipeline.create(config, FASHION));
        assertTrue(e.getMessage().startsWith("augment.ops[1].size: crop 36x36 is larger than the padded image 32x32"),
            e.getMessage());
        UsageException shift = assertThrows(UsageException.class, () -> ImagePipeline.create(
            Fixtures.config(image("{ op = translate, max-dx = 28, max-dy = 0 }")), FASHION));
        assertTrue(shift.getMessage().startsWith("augment.ops[0].max-dx: must be < the image width 28"), shift.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "augment { seed = 1, ops = [{ op = swap }] }                            | augment.records: missing",
        "augment { records = audio, seed = 1, ops = [{ op = swap }] }           | augment.records: must be image, text or boxes, got 'audio'",
        "augment { records = text, ops = [{ op = swap }] }                      | augment.seed: missing",
        "augment { records = text, seed = x, ops = [{ op = swap }] }            | augment.seed: must be a whole number",
        "augment { records = text, seed = 1, ops = [] }                         | augment.ops: must list at least one op",
        "augment { records = text, seed = 1, ops = { op = swap } }              | augment.ops: must be a list of objects",
        "augment { records = text, seed = 1, ops = [{ op = swap }], extra = 1 } | augment.extra: unknown key for the augment section",
        "augment { records = text, seed = 1, ops = [{ op = rotate, degrees = 1 }] } | augment.ops[0].op: unknown text op 'rotate'",
        "augment { records = text, seed = 1, ops = [{ op = delete, rate = 1.5 }] }  | augment.ops[0].rate: must be <= 1, got 1.5",
        "augment { records = text, seed = 1, ops = [{ op = insert, source = web }] } | augment.ops[0].source: must be document or synonym, got 'web'",
        "augment { records = text, seed = 1, ops = [{ op = swap }], lexicon { format = csv } } | augment.lexicon.format: must be wordnet or groups, got 'csv'",
        "augment { records = text, seed = 1, ops = [{ op = swap }], lexicon { format = groups } } | augment.lexicon.path: missing",
        "augment { records = text, seed = 1, ops = [{ op = swap }], lexicon { file = x } } | augment.lexicon.file: unknown key for the lexicon",
        "augment { records = image, seed = 1, ops = [{ op = flip-vertical }], lexicon { format = wordnet } } | augment.lexicon: unknown key for the augment section",
        "records = image                                                        | augment: missing in test",
    })
    void badSectionsAreRejectedWithTheKey(String hocon, String message) {
        UsageException e = assertThrows(UsageException.class, () -> Fixtures.config(hocon));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void aMissingOrMalformedFileIsAUsageError(@TempDir Path dir) throws IOException {
        Path absent = dir.resolve("none.conf");
        UsageException missing = assertThrows(UsageException.class, () -> AugmentConfigs.load(absent));
        assertTrue(missing.getMessage().contains(absent.toAbsolutePath().toString()), missing.getMessage());
        Path broken = Files.writeString(dir.resolve("broken.conf"), "augment { records = ");
        UsageException malformed = assertThrows(UsageException.class, () -> AugmentConfigs.load(broken));
        assertTrue(malformed.getMessage().contains("broken.conf"), malformed.getMessage());
    }
}
