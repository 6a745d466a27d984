package io.dualaccess.context;

/**
 * A request path with its identifiers replaced by placeholders, so views that group by path stay
 * small: {@code /products/17} and {@code /products/18} are both {@code /products/{id}}. A segment
 * of digits is {@code {id}}, a UUID {@code {uuid}}, a long hexadecimal or base64url token (16
 * characters or more with a digit) {@code {token}}; the query string is dropped. Other segments
 * stay as they are. Cheap enough for every event: one pass over the characters, no regular expressions.
 */
public final class PathTemplate {

    private static final int TOKEN_LENGTH = 16;

    private PathTemplate() {
    }

    /** The template of a path; null stays null. */
    public static String of(String path) {
        if (path == null) {
            return null;
        }
        int q = path.indexOf('?');
        String p = q >= 0 ? path.substring(0, q) : path;
        StringBuilder out = new StringBuilder(p.length());
        int start = 0;
        while (start <= p.length()) {
            int slash = p.indexOf('/', start);
            int end = slash < 0 ? p.length() : slash;
            out.append(segment(p.substring(start, end)));
            if (slash < 0) {
                break;
            }
            out.append('/');
            start = slash + 1;
        }
        return out.toString();
    }

    private static String segment(String s) {
        int n = s.length();
        if (n == 0) {
            return s;
        }
        boolean digits = true;
        boolean tokenChars = true;
        boolean anyDigit = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            anyDigit |= digit;
            digits &= digit;
            tokenChars &= digit || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_';
        }
        if (digits) {
            return "{id}";
        }
        if (isUuid(s)) {
            return "{uuid}";
        }
        if (tokenChars && anyDigit && n >= TOKEN_LENGTH) {
            return "{token}";
        }
        return s;
    }

    private static boolean isUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
