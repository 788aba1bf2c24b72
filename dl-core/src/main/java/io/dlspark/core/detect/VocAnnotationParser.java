package io.dlspark.core.detect;

import io.dlspark.core.DataException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

/**
 * Parses Pascal VOC annotation XML with the JDK's parser, hardened against XXE: a DOCTYPE is rejected, external
 * entities, DTDs, schemas and XInclude are off. VOC's 1-based inclusive {@code bndbox} (xmin..xmax) becomes the
 * continuous box [xmin - 1, xmax). Every problem is a one-line {@link DataException} naming the file.
 */
public final class VocAnnotationParser {

    private VocAnnotationParser() {
    }

    /** Reads one annotation; {@code source} names the file in errors. The stream is not closed. */
    public static VocAnnotation parse(InputStream in, String source) throws IOException {
        Element root;
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            builder.setErrorHandler(SILENT);
            Document document = builder.parse(in, source);
            root = document.getDocumentElement();
        } catch (SAXException e) {
            throw new DataException(source + ": not a valid VOC annotation: " + oneLine(e.getMessage()));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser rejects the hardening features", e);
        }
        if (!"annotation".equals(root.getTagName())) {
            throw new DataException(source + ": root element is <" + root.getTagName() + ">, not <annotation>");
        }
        String filename = text(root, "filename", source);
        Element size = child(root, "size", source);
        int width = positive(size, "width", source);
        int height = positive(size, "height", source);
        int depth = optionalChild(size, "depth") == null ? 3 : positive(size, "depth", source);
        List<VocObject> objects = new ArrayList<>();
        NodeList nodes = root.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals("object")) {
                objects.add(object(e, source + " object " + (objects.size() + 1), width, height));
            }
        }
        return new VocAnnotation(source, filename, width, height, depth, objects);
    }

    private static VocObject object(Element object, String where, int width, int height) {
        String name = text(object, "name", where);
        Element box = child(object, "bndbox", where);
        double xmin = number(box, "xmin", where);
        double ymin = number(box, "ymin", where);
        double xmax = number(box, "xmax", where);
        double ymax = number(box, "ymax", where);
        if (xmin < 1 || ymin < 1 || xmax > width || ymax > height || xmax < xmin || ymax < ymin) {
            throw new DataException(where + ": bndbox " + xmin + "," + ymin + "," + xmax + "," + ymax
                + " is not within the 1-based image of " + width + "x" + height + " with min <= max");
        }
        Element difficult = optionalChild(object, "difficult");
        boolean isDifficult = difficult != null && !difficult.getTextContent().trim().equals("0");
        return new VocObject(name, new Box(xmin - 1, ymin - 1, xmax, ymax), isDifficult);
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        return f;
    }

    /** Fails on every problem instead of printing it to stderr, as the default handler does. */
    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private static Element optionalChild(Element parent, String tag) {
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }

    private static Element child(Element parent, String tag, String where) {
        Element e = optionalChild(parent, tag);
        if (e == null) {
            throw new DataException(where + ": <" + tag + "> missing in <" + parent.getTagName() + ">");
        }
        return e;
    }

    private static String text(Element parent, String tag, String where) {
        String value = child(parent, tag, where).getTextContent().trim();
        if (value.isEmpty()) {
            throw new DataException(where + ": <" + tag + "> is empty");
        }
        return value;
    }

    private static double number(Element parent, String tag, String where) {
        String value = text(parent, tag, where);
        try {
            double v = Double.parseDouble(value);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new DataException(where + ": <" + tag + "> '" + value + "' is not a number");
        }
    }

    private static int positive(Element parent, String tag, String where) {
        String value = text(parent, tag, where);
        try {
            int v = Integer.parseInt(value);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DataException(where + ": <" + tag + "> '" + value + "' is not a positive integer");
    }

    private static String oneLine(String message) {
        return message == null ? "unreadable XML" : message.replaceAll("\\s+", " ").trim();
    }
}
