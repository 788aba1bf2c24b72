package io.dlspark.core.security;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from text before it reaches a log, a manifest or an error message: the user-info part of
 * URIs ({@code s3a://KEY:SECRET@bucket/...}), the values of sensitive settings ({@code fs.s3a.secret.key=...},
 * {@code ...password=...}, {@code ...token: ...}) and AWS access key ids.
 */
public final class Redactor {
    /** What replaces a credential. */
    public static final String MASK = "*****";

    private static final Pattern SENSITIVE_KEY = Pattern.compile(
        "(?i)(secret|password|passwd|token|credential|access[._-]?key|session[._-]?key|private[._-]?key)");
    private static final Pattern URI_USER_INFO = Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*://)[^@\\s\"'<>]+@");
    private static final Pattern KEY_VALUE = Pattern.compile(
        "([A-Za-z0-9_.-]*(?i:secret|password|passwd|token|credential|access[._-]?key|session[._-]?key|private[._-]?key)"
            + "[A-Za-z0-9_.-]*\"?\\s*[=:]\\s*\"?)([^\\s\"',;)}\\]]+)");
    private static final Pattern AWS_KEY_ID = Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b");

    private Redactor() {
    }

    /** Whether a setting with this name holds a credential (its value must never be shown). */
    public static boolean isSensitiveKey(String key) {
        return SENSITIVE_KEY.matcher(key.toLowerCase(Locale.ROOT)).find();
    }

    /** The value to show for a setting: itself, or {@link #MASK} when the key is sensitive. */
    public static String value(String key, String value) {
        return isSensitiveKey(key) ? MASK : redact(value);
    }

    /** {@code text} with every credential it recognises replaced by {@link #MASK}; null stays null. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = URI_USER_INFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
        out = KEY_VALUE.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        return AWS_KEY_ID.matcher(out).replaceAll(MASK);
    }
}
