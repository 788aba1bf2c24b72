package io.dlspark.core.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dlspark.core.data.BadRecordException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The text of one input document: a strict UTF-8 text file, or an email (raw RFC 822, or a JSON message with a text field). */
public final class DocumentText {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DocumentText() {
    }

    /** The bytes as strict UTF-8; undecodable or blank text is a bad record. */
    public static String plain(byte[] bytes, String source) throws BadRecordException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRecordException(source, "not valid UTF-8 text");
        }
        if (text.isBlank()) {
            throw new BadRecordException(source, "empty document");
        }
        return text;
    }

    /**
     * The subject and body text of an email: a {@code .json} source is a message object whose {@code text} field holds
     * the raw message (the SpamAssassin JSON layout); any other source is the raw message.
     */
    public static String email(byte[] bytes, String source) throws BadRecordException {
        if (!source.endsWith(".json")) {
            return EmailText.of(bytes, source);
        }
        JsonNode text;
        try {
            JsonNode node = JSON.readTree(bytes);
            text = node == null ? null : node.get("text");
        } catch (IOException e) {
            throw new BadRecordException(source, "not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (text == null || !text.isTextual()) {
            throw new BadRecordException(source, "JSON message without a text field");
        }
        return EmailText.of(text.asText().getBytes(StandardCharsets.UTF_8), source);
    }
}
