package io.dualaccess.sidecar.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares two JSON documents by structure: object keys in any order, numbers by value
 * ({@code 12.5} = {@code 12.50} = {@code 1.25e1}), arrays in order unless their path is unordered,
 * ignored paths skipped, ruled paths compared by their rule. Collects at most {@code limit}
 * differences, counting the rest.
 */
final class JsonComparison {

    private final CompareRules rules;
    private final int limit;
    private final List<Difference> found = new ArrayList<>();
    private int count;

    private JsonComparison(CompareRules rules, int limit) {
        this.rules = rules;
        this.limit = limit;
    }

    /** The differences of {@code a} and {@code b} (at most {@code limit}), and how many there were in all. */
    static Result compare(JsonNode a, JsonNode b, CompareRules rules, int limit) {
        JsonComparison c = new JsonComparison(rules, limit);
        c.walk(JsonPaths.ROOT, a, b);
        return new Result(List.copyOf(c.found), c.count);
    }

    /** Differences found (the first {@code limit}) and their total number. */
    record Result(List<Difference> differences, int count) {
    }

    private void walk(String path, JsonNode a, JsonNode b) {
        if (rules.ignore().matches(path)) {
            return;
        }
        if (a.isMissingNode() || b.isMissingNode()) {
            if (a.isMissingNode() != b.isMissingNode()) {
                differ(path, a, b);
            }
            return;
        }
        PathRule rule = rules.ruleAt(path);
        if (rule != null) {
            if (!rule.agree(a, b)) {
                differ(path, a, b);
            }
            return;
        }
        if (a.isObject() && b.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                walk(JsonPaths.field(path, name), a.path(name), b.path(name));
            }
        } else if (a.isArray() && b.isArray()) {
            if (rules.unordered().matches(path)) {
                unordered(path, a, b);
            } else {
                int n = Math.max(a.size(), b.size());
                for (int i = 0; i < n; i++) {
                    walk(JsonPaths.element(path, i), a.path(i), b.path(i));
                }
            }
        } else if (a.isNumber() && b.isNumber()) {
            if (a.decimalValue().compareTo(b.decimalValue()) != 0) {
                differ(path, a, b);
            }
        } else if (!a.equals(b)) {
            differ(path, a, b);
        }
    }

    /** Arrays as multisets of their elements' canonical forms; an unmatched element is named by its index. */
    private void unordered(String path, JsonNode a, JsonNode b) {
        Map<String, Integer> left = new HashMap<>();
        for (JsonNode e : a) {
            left.merge(Canonical.of(e), 1, Integer::sum);
        }
        List<Integer> extraB = new ArrayList<>();
        int i = 0;
        for (JsonNode e : b) {
            String k = Canonical.of(e);
            Integer n = left.get(k);
            if (n == null) {
                extraB.add(i);
            } else if (n == 1) {
                left.remove(k);
            } else {
                left.put(k, n - 1);
            }
            i++;
        }
        i = 0;
        Iterator<JsonNode> it = a.elements();
        while (it.hasNext()) {
            JsonNode e = it.next();
            String k = Canonical.of(e);
            Integer n = left.get(k);
            if (n != null) {
                differ(JsonPaths.element(path, i), e, Difference.ABSENT);
                left.put(k, n - 1);
                if (n == 1) {
                    left.remove(k);
                }
            }
            i++;
        }
        for (int j : extraB) {
            differ(JsonPaths.element(path, j), Difference.ABSENT, b.get(j));
        }
    }

    private void differ(String path, JsonNode a, JsonNode b) {
        count++;
        if (found.size() < limit) {
            found.add(new Difference(path, a, b));
        }
    }
}
