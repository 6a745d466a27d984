package io.dualaccess.sidecar.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Compares two answers: the status, the compared headers, and the body (JSON structurally by
 * {@link JsonComparison}, any other media by bytes, shown as length and SHA-256). A body longer
 * than the cap on either side is not compared ({@code bodyNotCompared} says so).
 */
final class ResponseComparison {

    /** Differences kept per comparison (the rest are counted). */
    static final int MAX_DIFFERENCES = 20;

    private static final ObjectMapper JSON = new ObjectMapper()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final CompareRules rules;

    ResponseComparison(CompareRules rules) {
        this.rules = rules;
    }

    /**
     * What was found.
     *
     * @param differences the first differences
     * @param count how many there were in all
     * @param bodyNotCompared why the bodies were not compared ({@code body_over_cap}), or null
     * @param json whether the bodies were compared as JSON
     */
    record Verdict(List<Difference> differences, int count, String bodyNotCompared, boolean json) {
    }

    Verdict compare(Answer a, Answer b) {
        List<Difference> found = new ArrayList<>();
        int count = 0;
        if (a.status() != b.status()) {
            found.add(new Difference("status", IntNode.valueOf(a.status()), IntNode.valueOf(b.status())));
            count++;
        }
        for (String name : union(a, b)) {
            String va = a.headers().get(name);
            String vb = b.headers().get(name);
            if (!Objects.equals(normalHeader(name, va), normalHeader(name, vb))) {
                found.add(new Difference("header." + name, node(va), node(vb)));
                count++;
            }
        }
        if (a.overCap() || b.overCap()) {
            return new Verdict(List.copyOf(found), count, "body_over_cap", false);
        }
        JsonNode ja = isJson(a) || isJson(b) ? parse(a.body()) : null;
        JsonNode jb = ja != null ? parse(b.body()) : null;
        if (ja != null && jb != null) {
            JsonComparison.Result r = JsonComparison.compare(ja, jb, rules, MAX_DIFFERENCES);
            for (Difference d : r.differences()) {
                if (found.size() < MAX_DIFFERENCES) {
                    found.add(d);
                }
            }
            return new Verdict(List.copyOf(found), count + r.count(), null, true);
        }
        if (!Arrays.equals(a.body(), b.body())) {
            found.add(new Difference("body", TextNode.valueOf(describe(a.body())), TextNode.valueOf(describe(b.body()))));
            count++;
        }
        return new Verdict(List.copyOf(found), count, null, false);
    }

    private static List<String> union(Answer a, Answer b) {
        List<String> names = new ArrayList<>(a.headers().keySet());
        for (String n : b.headers().keySet()) {
            if (!names.contains(n)) {
                names.add(n);
            }
        }
        return names;
    }

    /** Header values compare trimmed; Content-Type by {@link #mediaType}. */
    private static String normalHeader(String name, String value) {
        if (value == null) {
            return null;
        }
        return name.equals("content-type") ? mediaType(value) : value.trim();
    }

    /**
     * A Content-Type as media type and charset, without case or blanks: {@code application/json; charset=UTF-8}
     * is {@code application/json;charset=utf-8}, and so is {@code application/json}: JSON is UTF-8
     * unless it says otherwise (RFC 8259). Other parameters do not change what the body means here.
     */
    static String mediaType(String value) {
        String[] parts = value.toLowerCase(Locale.ROOT).split(";");
        String type = parts[0].trim();
        String charset = null;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.startsWith("charset=")) {
                charset = p.substring("charset=".length()).replace("\"", "").trim();
            }
        }
        if (charset == null && type.contains("json")) {
            charset = "utf-8";
        }
        return charset == null ? type : type + ";charset=" + charset;
    }

    private static JsonNode node(String value) {
        return value == null ? Difference.ABSENT : TextNode.valueOf(value);
    }

    private static boolean isJson(Answer x) {
        String ct = x.contentType();
        return ct != null && ct.toLowerCase(Locale.ROOT).contains("json");
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A body as shown in an event: its length and a SHA-256 prefix, never its content. */
    static String describe(byte[] body) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(body);
            return body.length + " bytes, sha256:" + HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a JSON body for masking, or null. */
    static JsonNode json(byte[] body) {
        return parse(body);
    }
}
