package io.dualaccess.sidecar.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** A JSON value as text that is equal for equal values: keys sorted, numbers without trailing zeros. */
final class Canonical {

    private Canonical() {
    }

    static String of(JsonNode n) {
        StringBuilder out = new StringBuilder();
        write(out, n);
        return out.toString();
    }

    private static void write(StringBuilder out, JsonNode n) {
        if (n.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                sorted.put(e.getKey(), e.getValue());
            }
            out.append('{');
            for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                out.append(TextNode.valueOf(e.getKey())).append(':');
                write(out, e.getValue());
                out.append(',');
            }
            out.append('}');
        } else if (n.isArray()) {
            out.append('[');
            for (JsonNode e : n) {
                write(out, e);
                out.append(',');
            }
            out.append(']');
        } else if (n.isNumber()) {
            BigDecimal d = n.decimalValue();
            out.append(d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
        } else {
            out.append(n);
        }
    }
}
