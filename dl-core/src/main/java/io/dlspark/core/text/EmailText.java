package io.dlspark.core.text;

import io.dlspark.core.data.BadRecordException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.MimeConfig;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/**
 * The text of an RFC 822 message, parsed with Apache mime4j: the decoded subject, then the text of the body (transfer
 * encodings and charsets decoded, HTML as plain text, plain text preferred in alternatives). A message without header
 * fields or without any text is a bad record.
 */
public final class EmailText {
    private static final MimeConfig CONFIG = new MimeConfig.Builder()
        .setMaxLineLen(-1).setMaxHeaderLen(-1).setMaxHeaderCount(-1).setMaxContentLen(-1).build();

    private EmailText() {
    }

    /** The subject and body text of the message in {@code bytes}; {@code source} names it in errors. */
    public static String of(byte[] bytes, String source) throws BadRecordException {
        Message message;
        try {
            DefaultMessageBuilder builder = new DefaultMessageBuilder();
            builder.setMimeEntityConfig(CONFIG);
            builder.setDecodeMonitor(DecodeMonitor.SILENT);
            message = builder.parseMessage(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new BadRecordException(source, "malformed message: " + e.getMessage());
        }
        try {
            if (message.getHeader() == null || message.getHeader().getFields().isEmpty()) {
                throw new BadRecordException(source, "malformed message: no RFC 822 header fields");
            }
            StringBuilder text = new StringBuilder();
            appendMessage(message, text);
            String result = text.toString().strip();
            if (result.isEmpty()) {
                throw new BadRecordException(source, "message has neither subject nor body text");
            }
            return result;
        } catch (IOException | RuntimeException e) {
            throw new BadRecordException(source, "unreadable message body: " + e.getMessage());
        } finally {
            message.dispose();
        }
    }

    private static void appendMessage(Message message, StringBuilder out) throws IOException {
        String subject = subject(message);
        if (!subject.isBlank()) {
            out.append(subject.strip()).append("\n\n");
        }
        appendEntity(message, out);
    }

    private static String subject(Message message) {
        try {
            String subject = message.getSubject();
            return subject == null ? "" : subject;
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static void appendEntity(Entity entity, StringBuilder out) throws IOException {
        Body body = entity.getBody();
        if (body instanceof Message nested) {
            appendMessage(nested, out);
        } else if (body instanceof Multipart multipart) {
            appendMultipart(multipart, out);
        } else if (body instanceof SingleBody single && isText(entity)) {
            String text = decode(single, entity);
            out.append(isHtml(entity) ? HtmlText.of(text) : text).append('\n');
        }
    }

    private static void appendMultipart(Multipart multipart, StringBuilder out) throws IOException {
        List<Entity> parts = multipart.getBodyParts();
        if (parts.isEmpty()) {
            appendIfPresent(multipart.getPreamble(), out);
            appendIfPresent(multipart.getEpilogue(), out);
            return;
        }
        if ("alternative".equalsIgnoreCase(multipart.getSubType())) {
            Entity chosen = parts.stream().filter(p -> isText(p) && !isHtml(p)).findFirst()
                .orElse(parts.get(parts.size() - 1));
            appendEntity(chosen, out);
            return;
        }
        for (Entity part : parts) {
            appendEntity(part, out);
        }
    }

    private static void appendIfPresent(String text, StringBuilder out) {
        if (text != null && !text.isBlank()) {
            out.append(text).append('\n');
        }
    }

    private static boolean isText(Entity entity) {
        String type = entity.getMimeType();
        return type == null || type.toLowerCase(Locale.ROOT).startsWith("text/");
    }

    private static boolean isHtml(Entity entity) {
        String type = entity.getMimeType();
        return type != null && type.toLowerCase(Locale.ROOT).equals("text/html");
    }

    /** The decoded bytes of a text part in its charset (unknown charsets go through the fallback). */
    private static String decode(SingleBody body, Entity entity) throws IOException {
        byte[] bytes;
        try (InputStream in = body.getInputStream()) {
            bytes = in.readAllBytes();
        }
        return Charsets.decode(bytes, entity.getCharset());
    }
}
