package io.dlspark.core.text;

import io.dlspark.core.data.BadRecordException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mime4j parsing of messages built here: encodings, multiparts, HTML, charsets and malformed input. */
class EmailTextTest {

    private static String parse(String message) throws BadRecordException {
        return EmailText.of(message.getBytes(StandardCharsets.ISO_8859_1), "fixture");
    }

    @Test
    void plainMessageGivesSubjectThenBody() throws Exception {
        String text = parse("From: a@example.org\nSubject: Meeting moved\n\nSee you at noon.\n");
        assertEquals("Meeting moved\n\nSee you at noon.", text);
    }

    @Test
    void encodedWordSubjectIsDecoded() throws Exception {
        String text = parse("Subject: =?ISO-8859-1?Q?Caf=E9_offer?=\n\nbody\n");
        assertTrue(text.startsWith("Café offer"), text);
    }

    @Test
    void multipartMixedKeepsEveryTextPartAndSkipsBinaryAttachments() throws Exception {
        String text = parse("""
            Subject: report
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="XYZ"

            preamble is not shown
            --XYZ
            Content-Type: text/plain

            first part
            --XYZ
            Content-Type: application/octet-stream
            Content-Transfer-Encoding: base64

            AAECAwQFBgc=
            --XYZ
            Content-Type: text/plain

            second part
            --XYZ--
            """);
        assertTrue(text.contains("first part") && text.contains("second part"), text);
        assertFalse(text.contains("AAECAwQFBgc") || text.contains("preamble"), text);
    }

    @Test
    void alternativePrefersPlainTextOverHtml() throws Exception {
        String text = parse("""
            Subject: alt
            Content-Type: multipart/alternative; boundary=b1

            --b1
            Content-Type: text/plain; charset=us-ascii

            plain version
            --b1
            Content-Type: text/html

            <p>html version</p>
            --b1--
            """);
        assertTrue(text.contains("plain version"), text);
        assertFalse(text.contains("html version"), text);
    }

    @Test
    void base64BodyIsDecoded() throws Exception {
        String body = Base64.getMimeEncoder().encodeToString("Cheap pills for you".getBytes(StandardCharsets.UTF_8));
        String text = parse("Subject: b64\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
            + body + "\n");
        assertTrue(text.endsWith("Cheap pills for you"), text);
    }

    @Test
    void quotedPrintableBodyIsDecodedInItsCharset() throws Exception {
        String text = parse("""
            Subject: qp
            Content-Type: text/plain; charset=iso-8859-1
            Content-Transfer-Encoding: quoted-printable

            Gr=FC=DFe aus K=F6ln, a soft=
             line break
            """);
        assertTrue(text.contains("Grüße aus Köln, a soft line break"), text);
    }

    @Test
    void htmlOnlyMessageBecomesText() throws Exception {
        String text = parse("""
            Subject: html
            Content-Type: text/html; charset="iso-8859-1"
            Content-Transfer-Encoding: quoted-printable

            <html><head><style>p {color: red}</style><script>var x=3D1;</script></head>
            <body><p>Click <a href=3D"http://x">here</a> now</p><br>Unsubscribe</body></html>
            """);
        assertTrue(text.contains("Click here now Unsubscribe"), text);
        assertFalse(text.contains("<") || text.contains("color") || text.contains("var x"), text);
    }

    @Test
    void brokenBoundaryKeepsTheText() throws Exception {
        String text = parse("""
            Subject: broken
            Content-Type: multipart/mixed; boundary="never-used"

            --wrong-boundary
            Content-Type: text/plain

            the words are still here
            --wrong-boundary--
            """);
        assertTrue(text.contains("the words are still here"), text);
    }

    @Test
    void unknownCharsetFallsBackSafely() throws Exception {
        byte[] message = ("Subject: charset\nContent-Type: text/plain; charset=x-no-such-charset\n"
            + "Content-Transfer-Encoding: 8bit\n\nna\u00efve caf\u00e9\n").getBytes(StandardCharsets.UTF_8);
        assertTrue(EmailText.of(message, "utf8").contains("naïve café"));
        byte[] latin = ("Subject: charset\nContent-Type: text/plain; charset=\"unknown-8bit\"\n\ncaf\u00e9\n")
            .getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(EmailText.of(latin, "latin").contains("café"));
    }

    @Test
    void messageWithoutHeadersOrTextIsBad() {
        BadRecordException noHeaders = assertThrows(BadRecordException.class, () -> parse("just some words\nand more\n"));
        assertTrue(noHeaders.reason().contains("no RFC 822 header fields"), noHeaders.reason());
        BadRecordException empty = assertThrows(BadRecordException.class, () -> parse("From: a@b.c\n\n   \n"));
        assertTrue(empty.reason().contains("neither subject nor body"), empty.reason());
    }
}
