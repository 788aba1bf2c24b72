package io.dlspark.core.security;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedactorTest {
    private static final String FAKE_ID = "AKIAFAKEFAKEFAKE1234";
    private static final String FAKE_SECRET = "fakeSecret/abc+XYZ0123456789";

    @Test
    void uriUserInfoIsMaskedAndTheRestKept() {
        String text = "cannot open s3a://" + FAKE_ID + ":" + FAKE_SECRET + "@bucket/data/train: no such file";
        String out = Redactor.redact(text);
        assertFalse(out.contains(FAKE_ID) || out.contains(FAKE_SECRET), out);
        assertEquals("cannot open s3a://*****@bucket/data/train: no such file", out);
    }

    @Test
    void sensitiveSettingsLoseTheirValues() {
        String out = Redactor.redact("--conf spark.hadoop.fs.s3a.secret.key=" + FAKE_SECRET
            + " spark.hadoop.fs.s3a.access.key: " + FAKE_ID + " \"token\" : \"tok-123\" spark.executor.memory=2g");
        assertFalse(out.contains(FAKE_SECRET) || out.contains(FAKE_ID) || out.contains("tok-123"), out);
        assertTrue(out.contains("spark.executor.memory=2g"), out);
    }

    @Test
    void bareAwsKeyIdsAreMasked() {
        assertEquals("key *****, path /data", Redactor.redact("key " + FAKE_ID + ", path /data"));
    }

    @Test
    void sensitiveKeysAreRecognised() {
        assertTrue(Redactor.isSensitiveKey("spark.hadoop.fs.s3a.secret.key"));
        assertTrue(Redactor.isSensitiveKey("spark.hadoop.fs.s3a.access.key"));
        assertTrue(Redactor.isSensitiveKey("spark.authenticate.secret"));
        assertTrue(Redactor.isSensitiveKey("hadoop.security.credential.provider.path"));
        assertFalse(Redactor.isSensitiveKey("spark.executor.memory"));
        assertEquals(Redactor.MASK, Redactor.value("fs.s3a.secret.key", FAKE_SECRET));
        assertEquals("2g", Redactor.value("spark.executor.memory", "2g"));
    }

    @Test
    void plainTextIsUnchanged() {
        String text = "file:///tmp/run-1/train/checkpoints/epoch-00001-round-000000: not readable";
        assertEquals(text, Redactor.redact(text));
        assertNull(Redactor.redact(null));
    }
}
