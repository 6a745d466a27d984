package io.dualaccess.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of messages and logs. In a JDBC URL, the password of the user-info part
 * ({@code //user:secret@host}, Oracle's {@code user/secret@}) and the value of every property whose
 * name contains {@code password}, {@code secret} or {@code token} (and a few other spellings, see
 * {@link #secretName}) are replaced by {@value #MASK}, whichever separator the driver uses
 * ({@code ?a=b&c=d}, {@code ;key=value}, {@code (key=value,key=value)}) and whatever characters the
 * value holds: a value runs to the next separator that starts another {@code name=} property.
 */
public final class Masking {

    /** What a hidden value is shown as. */
    public static final String MASK = "****";

    /** Where a property may start: after one of these, at the start of a name. */
    private static final Pattern PROPERTY = Pattern.compile("(?<=[?&;,(:\\s])\\s*([A-Za-z_][\\w.\\-]*)\\s*=");
    /** What starts the next property after a separator. */
    private static final Pattern NEXT_PROPERTY = Pattern.compile("\\s*[A-Za-z_][\\w.\\-]*\\s*=");
    /** After a closing parenthesis: the end of a {@code (key=value,...)} group. */
    private static final Pattern GROUP_END = Pattern.compile("\\s*(?:$|[(/,?;&@])");
    private static final Pattern USER_INFO = Pattern.compile("//[^/@:?;#&]*:");
    private static final Pattern ORACLE_USER = Pattern.compile("^jdbc:oracle:[A-Za-z0-9]+:[^/@:?;]*/");
    /** A query parameter inside what would be a password: that {@code @} belongs to the query, not to user-info. */
    private static final Pattern QUERY_INSIDE = Pattern.compile("[?&;][A-Za-z_][\\w.\\-]*=");

    private Masking() {
    }

    /**
     * Whether a property or key of this name holds a secret: its name contains {@code password},
     * {@code passwd}, {@code pwd}, {@code secret}, {@code token} or {@code credential}, or is
     * {@code pass}, an access key or an API key (case-insensitive).
     */
    public static boolean secretName(String name) {
        if (name == null) {
            return false;
        }
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("password") || n.contains("passwd") || n.contains("pwd") || n.contains("secret")
            || n.contains("token") || n.contains("credential") || n.equals("pass")
            || n.replace("_", "").replace("-", "").replace(".", "").matches(".*(accesskey|apikey)");
    }

    /** A JDBC URL with any password in user-info or in its properties replaced by {@value #MASK}. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String masked = userInfo(url, ORACLE_USER);
        masked = userInfo(masked, USER_INFO);
        return properties(masked);
    }

    /** Masks the password after {@code user:} (or Oracle's {@code user/}) up to the {@code @} that ends the user-info. */
    private static String userInfo(String url, Pattern user) {
        StringBuilder out = new StringBuilder(url.length());
        Matcher m = user.matcher(url);
        int done = 0;
        while (m.find(done)) {
            int from = m.end();
            int at = -1;
            // The last @ that still belongs to the user-info: a password may hold @, / and :, but
            // an @ after the start of a query parameter (?user=me@tenant) is the query's.
            for (int i = url.lastIndexOf('@'); i >= from; i = url.lastIndexOf('@', i - 1)) {
                if (!QUERY_INSIDE.matcher(url.substring(from, i)).find()) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                break;
            }
            out.append(url, done, from).append(MASK);
            done = at;
        }
        return done == 0 ? url : out.append(url, done, url.length()).toString();
    }

    /** Masks the value of every secret property. */
    private static String properties(String url) {
        StringBuilder out = null;
        Matcher m = PROPERTY.matcher(url);
        int done = 0;
        int from = 0;
        while (from < url.length() && m.find(from)) {
            int valueStart = m.end();
            if (!secretName(m.group(1))) {
                from = valueStart;
                continue;
            }
            int valueEnd = valueEnd(url, valueStart, insideGroup(url, m.start()));
            if (out == null) {
                out = new StringBuilder(url.length());
            }
            out.append(url, done, valueStart).append(MASK);
            done = valueEnd;
            from = Math.max(valueEnd, valueStart + 1);
        }
        return out == null ? url : out.append(url, done, url.length()).toString();
    }

    /** Whether the position is inside an open parenthesis (MySQL's {@code (host=h,password=p)} forms). */
    private static boolean insideGroup(String url, int position) {
        int depth = 0;
        for (int i = 0; i < position; i++) {
            char c = url.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        }
        return depth > 0;
    }

    /** Where a property's value ends: before the separator that starts another property, or the end of its group. */
    private static int valueEnd(String url, int start, boolean inGroup) {
        for (int i = start; i < url.length(); i++) {
            char c = url.charAt(i);
            if ((c == '&' || c == ';' || c == ',') && NEXT_PROPERTY.matcher(url).region(i + 1, url.length()).lookingAt()) {
                return i;
            }
            if (inGroup && c == ')' && GROUP_END.matcher(url).region(i + 1, url.length()).lookingAt()) {
                return i;
            }
        }
        return url.length();
    }

    /** The value as it may be shown for a key: masked when secret, URLs without their credentials. */
    public static String value(ConfigKey key, String value) {
        if (value == null) {
            return null;
        }
        if (key != null && (key.secret() || secretName(key.key()))) {
            return MASK;
        }
        return url(value);
    }
}
