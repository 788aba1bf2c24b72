package io.dlspark.core.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;

/**
 * Decodes text in a declared charset with a safe fallback: a missing, malformed or unknown charset name, or
 * US-ASCII (the MIME default, often declared for 8-bit text), means
 * strict UTF-8 when the bytes are valid UTF-8, else windows-1252 (ISO-8859-1 where the JVM lacks it), which maps
 * every byte to a character, so no input fails to decode.
 */
public final class Charsets {
    private static final Charset LATIN = Charset.isSupported("windows-1252")
        ? Charset.forName("windows-1252") : StandardCharsets.ISO_8859_1;

    private Charsets() {
    }

    public static String decode(byte[] bytes, String declared) {
        Charset charset = known(declared);
        if (charset != null && !charset.equals(StandardCharsets.US_ASCII)) {
            return new String(bytes, charset);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, LATIN);
        }
    }

    private static Charset known(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            return Charset.forName(name.strip().replace("\"", ""));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        }
    }
}
