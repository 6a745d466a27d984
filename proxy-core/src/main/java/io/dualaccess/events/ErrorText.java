package io.dualaccess.events;

import io.dualaccess.config.Masking;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vendor error messages as they may leave the process. Databases quote the offending values in
 * their messages (PostgreSQL {@code Detail: Failing row contains (…)}, {@code Key (id)=(6)};
 * MariaDB and MySQL {@code Duplicate entry '…'}, {@code Incorrect integer value: '…'}; H2
 * {@code violation: "… VALUES ( /* 1 *&#47; 6 )"}), so with {@code dualaccess.log.values=masked}
 * (or {@code none}) the values go, and what is left says what happened: the exception's class,
 * SQLState and vendor code (see {@link #describe}), the message's words, names that come before
 * the values.
 *
 * <p>The rule: in PostgreSQL's {@code Detail:} section, and after the words {@code key},
 * {@code entry}, {@code value(s)}, {@code contains}, {@code converting}, {@code violation} or
 * {@code parameters} or a colon, everything from the quote or parenthesis that follows to the
 * last matching closing quote or parenthesis of that part of the message becomes {@value Masking#MASK}.
 * Spanning to the last closer means a value holding quotes, parentheses or line breaks cannot end
 * the masked part early. Credentials in URLs are masked in every mode ({@link Masking#url}).
 */
public final class ErrorText {

    /**
     * Where one part of a message ends and the next begins: PostgreSQL's sections (pgjdbc writes
     * each on its own line, indented), H2's statement suffix, MariaDB's dumped query.
     */
    private static final Pattern PART = Pattern.compile(
        "\\n\\s*(?=(?:Detail|Hint|Position|Where|Internal Query|Internal Position|Location|Server SQLState|Routine|File|Line):)"
            + "|(?=; SQL statement:)|(?=\\nQuery is:)");
    /** A PostgreSQL detail section: every value in it is masked, whatever word precedes it. */
    private static final Pattern DETAIL = Pattern.compile("^(\\s*Detail:\\s*)(.*)$", Pattern.DOTALL);
    /** A word (or a colon) that the offending value directly follows. */
    private static final Pattern TRIGGER = Pattern.compile(
        "(?i)(?:\\b(?:key|entry|values?|contains|converting|violation|parameters)\\b\\s*[:=]?|:)[ \\t]*(?=['\"`(\\[{])");
    private static final String OPENERS = "'\"`([{";
    private static final String CLOSERS = "'\"`)]}";

    private ErrorText() {
    }

    /** The message with every value masked as described above, and URL credentials masked; null stays null. */
    public static String masked(String message) {
        if (message == null) {
            return null;
        }
        String text = Masking.url(message);
        StringBuilder out = new StringBuilder(text.length());
        Matcher parts = PART.matcher(text);
        int start = 0;
        while (parts.find()) {
            out.append(maskPart(text.substring(start, parts.start())));
            out.append(text, parts.start(), parts.end());
            start = parts.end();
        }
        out.append(maskPart(text.substring(start)));
        return out.toString();
    }

    /** One part: a detail section is masked from its first quote or parenthesis, any other part from its first trigger. */
    private static String maskPart(String part) {
        Matcher d = DETAIL.matcher(part);
        if (d.matches()) {
            return d.group(1) + span(d.group(2), 0);
        }
        Matcher t = TRIGGER.matcher(part);
        if (!t.find()) {
            return part;
        }
        return part.substring(0, t.end()) + span(part.substring(t.end()), 0);
    }

    /** Masks from the first opener at or after {@code from} to the last closer of its kind in the text. */
    private static String span(String text, int from) {
        int open = -1;
        for (int i = from; i < text.length(); i++) {
            if (OPENERS.indexOf(text.charAt(i)) >= 0) {
                open = i;
                break;
            }
        }
        if (open < 0) {
            return text;
        }
        char o = text.charAt(open);
        char closer = CLOSERS.charAt(OPENERS.indexOf(o));
        int close = text.lastIndexOf(closer);
        if (close <= open) {
            // An opener with no closer: the rest is the value.
            return text.substring(0, open + 1) + Masking.MASK;
        }
        return text.substring(0, open) + o + Masking.MASK + closer + text.substring(close + 1);
    }

    /**
     * An exception as events and logs show it: {@code PSQLException (SQLState 23505, vendor code 0): …}
     * with the message as given (mask it with {@link #masked} or {@link ValueRenderer#error}).
     */
    public static String describe(Throwable e) {
        String m = e.getMessage();
        StringBuilder b = new StringBuilder(e.getClass().getSimpleName());
        if (e instanceof SQLException s && (s.getSQLState() != null || s.getErrorCode() != 0)) {
            b.append(" (SQLState ").append(s.getSQLState()).append(", vendor code ").append(s.getErrorCode()).append(')');
        }
        return m == null ? b.toString() : b.append(": ").append(m).toString();
    }
}
