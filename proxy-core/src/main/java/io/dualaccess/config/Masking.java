package io.dualaccess.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps credentials out of messages and logs. */
public final class Masking {

    /** What a hidden value is shown as. */
    public static final String MASK = "****";

    private static final Pattern USERINFO = Pattern.compile("(//[^/@:?;]*:)[^@/]*@");
    private static final Pattern PASSWORD_PARAM = Pattern.compile(
        "(?i)([?&;:]\\s*(?:password|passwd|pwd|pass|secret|token|sslpassword|access[_-]?key)\\s*=)[^&;]*");

    private Masking() {
    }

    /** A JDBC URL with any password in user-info or in its parameters replaced by {@value #MASK}. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String masked = USERINFO.matcher(url).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@");
        return PASSWORD_PARAM.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    }

    /** The value as it may be shown for a key: masked when secret, URLs without their credentials. */
    public static String value(ConfigKey key, String value) {
        if (value == null) {
            return null;
        }
        if (key != null && key.secret()) {
            return MASK;
        }
        return url(value);
    }
}
