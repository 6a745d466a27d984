package io.dualaccess.events;

import io.dualaccess.config.Masking;
import io.dualaccess.param.CapturedParameters.Param;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * How values appear outside the process ({@code dualaccess.log.values}): {@code masked} shows a
 * value's type and size but not its content, {@code full} shows it, {@code none} leaves it out.
 */
public enum ValueRenderer {
    MASKED, FULL, NONE;

    /** The renderer for a configuration word. */
    public static ValueRenderer of(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }

    /** Parameters as the comparison log shows them, or null for {@code none}. */
    public List<Object> params(Param[] params) {
        if (this == NONE || params == null) {
            return null;
        }
        List<Object> out = new ArrayList<>(params.length);
        for (Param p : params) {
            out.add(p == null ? null : value(p.a()));
        }
        return out;
    }

    /**
     * A vendor error message as shown: {@code full} keeps it (credentials in URLs aside),
     * {@code masked} and {@code none} mask the values quoted in it ({@link ErrorText#masked}).
     */
    public String error(String message) {
        if (message == null) {
            return null;
        }
        return this == FULL ? Masking.url(message) : ErrorText.masked(message);
    }

    /** One value as shown. */
    public Object value(Object v) {
        if (v == null) {
            return null;
        }
        if (this == FULL) {
            // Exact numbers stay numbers in the comparison log (the journal keeps them as text, see full),
            // so a DECIMAL on one side and an INTEGER on the other are shown alike.
            return v instanceof BigDecimal || v instanceof BigInteger ? v : full(v);
        }
        if (v instanceof CharSequence s) {
            return "string(" + s.length() + ")";
        }
        if (v instanceof byte[] bytes) {
            return "bytes(" + bytes.length + ")";
        }
        return v.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    /** The exact value in a JSON-friendly form, for the journal (which must allow repair). */
    public static Object full(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
            || v instanceof Short || v instanceof Byte || v instanceof Double || v instanceof Float) {
            return v;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof byte[] bytes) {
            return "base64:" + Base64.getEncoder().encodeToString(bytes);
        }
        if (v instanceof TemporalAccessor || v instanceof Date || v instanceof UUID) {
            return v.toString();
        }
        return String.valueOf(v);
    }
}
