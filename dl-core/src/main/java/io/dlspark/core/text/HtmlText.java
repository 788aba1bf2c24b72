package io.dlspark.core.text;

import org.jsoup.Jsoup;

/** The visible text of an HTML document or fragment (jsoup), with whitespace collapsed; scripts and styles dropped. */
public final class HtmlText {
    private HtmlText() {
    }

    public static String of(String html) {
        var document = Jsoup.parse(html);
        document.select("script, style").remove();
        return document.text();
    }
}
