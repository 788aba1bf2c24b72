package io.dlspark.core.detect;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.fixtures.VocFixtures;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** On a three-image VOC fixture written at test time ({@link VocFixtures}): tiny JPEGs and their XML. */
class VocDatasetTest {
    private final Configuration conf = new Configuration();

    @TempDir
    java.nio.file.Path root;

    private static String annotation(String filename, int width, int height, String objects) {
        return VocFixtures.annotation(filename, width, height, objects);
    }

    private static String object(String name, int xmin, int ymin, int xmax, int ymax, boolean difficult) {
        return VocFixtures.object(name, xmin, ymin, xmax, ymax, difficult);
    }

    private void xml(String name, String text) throws IOException {
        VocFixtures.xml(root, name, text);
    }

    private void fixture() throws IOException {
        VocFixtures.write(root);
    }

    private VocDataset scan() throws IOException {
        return VocDataset.scan(new Path(root.toUri()), conf);
    }

    @Test
    void readsAnnotationsClassesAndImages() throws IOException {
        fixture();
        VocDataset voc = scan();
        assertEquals(3, voc.annotations().size());
        assertEquals(List.of("cat", "dog", "person"), voc.classNames());
        VocAnnotation second = voc.annotations().get(1);
        assertEquals("000002.jpg", second.filename());
        assertEquals(List.of(40, 30, 3), List.of(second.width(), second.height(), second.depth()));
        // VOC pixels 12..18 x 3..29 (1-based, inclusive) are the continuous box [11, 18) x [2, 29)
        assertEquals(new VocObject("person", new Box(11, 2, 18, 29), true), second.objects().get(1));
        assertEquals(List.of(new GroundTruth(new Box(0, 0, 10, 10), 0), new GroundTruth(new Box(11, 2, 18, 29), 2, true)),
            second.groundTruth(voc.classNames()));

        VocAnnotation first = voc.annotations().get(0);
        byte[] rgb = voc.readImage(first, conf);
        assertEquals(30 * 40 * 3, rgb.length);
        Box dog = first.objects().get(0).box();
        int inside = ((int) dog.y1() + 5) * 40 + (int) dog.x1() + 5;
        int outside = 1 * 40 + 1;
        assertTrue((rgb[inside * 3] & 0xFF) > 200 && (rgb[inside * 3 + 1] & 0xFF) < 60, "red inside the box");
        assertTrue(Math.abs((rgb[outside * 3] & 0xFF) - 128) < 20, "grey outside");
    }

    @Test
    void badXmlNamesTheFileInOneLine() throws IOException {
        fixture();
        xml("000002.xml", "<annotation><filename>000002.jpg</filename><size>");
        DataException e = assertThrows(DataException.class, this::scan);
        assertTrue(e.getMessage().contains("000002.xml"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void externalEntitiesAreRefused() throws IOException {
        fixture();
        java.nio.file.Path secret = root.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-VALUE");
        xml("000001.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE annotation [<!ENTITY leak SYSTEM \""
            + secret.toUri() + "\">]>\n" + annotation("000001.jpg", 40, 30, object("&leak;", 5, 6, 20, 25, false)));
        DataException e = assertThrows(DataException.class, this::scan);
        assertTrue(e.getMessage().contains("000001.xml") && e.getMessage().contains("DOCTYPE"), e.getMessage());
        assertFalse(e.getMessage().contains("TOP-SECRET-VALUE"));
    }

    @Test
    void missingImageNamesImageAndAnnotation() throws IOException {
        fixture();
        Files.delete(root.resolve("JPEGImages").resolve("000003.jpg"));
        DataException e = assertThrows(DataException.class, this::scan);
        assertTrue(e.getMessage().contains("JPEGImages/000003.jpg") && e.getMessage().contains("000003.xml"),
            e.getMessage());
    }

    @Test
    void missingOrBadFieldsNameFileObjectAndElement() throws IOException {
        String noBox = annotation("x.jpg", 40, 30, "  <object><name>cat</name></object>\n");
        DataException e = assertThrows(DataException.class, () -> parse(noBox, "a.xml"));
        assertEquals("a.xml object 1: <bndbox> missing in <object>", e.getMessage());
        String outside = annotation("x.jpg", 40, 30, object("cat", 1, 1, 41, 10, false));
        e = assertThrows(DataException.class, () -> parse(outside, "b.xml"));
        assertTrue(e.getMessage().startsWith("b.xml object 1: bndbox"), e.getMessage());
        String noSize = "<annotation><filename>x.jpg</filename></annotation>";
        e = assertThrows(DataException.class, () -> parse(noSize, "c.xml"));
        assertEquals("c.xml: <size> missing in <annotation>", e.getMessage());
        String letters = annotation("x.jpg", 40, 30, object("cat", 1, 1, 10, 10, false).replace("<xmin>1<", "<xmin>one<"));
        e = assertThrows(DataException.class, () -> parse(letters, "d.xml"));
        assertEquals("d.xml object 1: <xmin> 'one' is not a number", e.getMessage());
        e = assertThrows(DataException.class, () -> parse("<html/>", "e.xml"));
        assertTrue(e.getMessage().startsWith("e.xml: root element"), e.getMessage());
    }

    @Test
    void unknownClassAndBadLayoutAreReported() throws IOException {
        fixture();
        VocAnnotation first = scan().annotations().get(0);
        DataException e = assertThrows(DataException.class, () -> first.groundTruth(List.of("cat")));
        assertTrue(e.getMessage().contains("000001.xml") && e.getMessage().contains("'dog'"), e.getMessage());
        UsageException u = assertThrows(UsageException.class,
            () -> VocDataset.scan(new Path(root.resolve("JPEGImages").toUri()), conf));
        assertTrue(u.getMessage().contains("Annotations/"), u.getMessage());
    }

    @Test
    void imageOfAnotherSizeThanAnnotatedFails() throws IOException {
        fixture();
        xml("000001.xml", annotation("000001.jpg", 41, 30, object("dog", 5, 6, 20, 25, false)));
        VocDataset voc = scan();
        DataException e = assertThrows(DataException.class, () -> voc.readImage(voc.annotations().get(0), conf));
        assertTrue(e.getMessage().contains("000001.jpg") && e.getMessage().contains("000001.xml"), e.getMessage());
    }

    private static VocAnnotation parse(String text, String source) throws IOException {
        return VocAnnotationParser.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), source);
    }
}
