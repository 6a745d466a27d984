package io.dualaccess.translate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * B's SQL given by hand per fingerprint ({@code dualaccess.b.sql-overrides}), for what the
 * translator cannot do: either SQL taking the same parameters in the same order, or {@code skip}
 * with a reason. The file is a list of entries:
 * <pre>
 * # comment
 * fingerprint = select p.id from pets p where p.name ~ ?
 * b.sql = select p.id from pets p where p.name regexp ?
 *
 * fingerprint = select pg_advisory_lock(?)
 * skip = advisory locks are per engine
 * </pre>
 * A line that starts with whitespace continues the value above it.
 */
public final class Overrides {

    /** No overrides. */
    public static final Overrides NONE = new Overrides(Map.of());

    private final Map<String, Entry> byFingerprint;

    private Overrides(Map<String, Entry> byFingerprint) {
        this.byFingerprint = Map.copyOf(byFingerprint);
    }

    /** One override: B's SQL, or a skip with its reason. */
    public record Entry(String sql, String reason) {
        /** Whether the statement is skipped rather than rewritten. */
        public boolean skip() {
            return sql == null;
        }
    }

    /** The override for a fingerprint, or null. */
    public Entry get(String fingerprint) {
        return byFingerprint.isEmpty() ? null : byFingerprint.get(fingerprint);
    }

    /** Whether there is none. */
    public boolean none() {
        return byFingerprint.isEmpty();
    }

    /** Number of entries. */
    public int size() {
        return byFingerprint.size();
    }

    /**
     * Reads an overrides file.
     *
     * @throws IllegalArgumentException naming the file, line and what was expected
     */
    public static Overrides read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses the lines of an overrides file ({@code source} names it in messages). */
    static Overrides parse(List<String> lines, String source) {
        Map<String, Entry> out = new LinkedHashMap<>();
        String fingerprint = null;
        String key = null;
        StringBuilder value = new StringBuilder();
        String sql = null;
        String skip = null;
        int fingerprintLine = 0;
        for (int n = 1; n <= lines.size() + 1; n++) {
            String line = n <= lines.size() ? lines.get(n - 1) : "";
            boolean continuation = n <= lines.size() && !line.isBlank() && Character.isWhitespace(line.charAt(0)) && key != null;
            if (continuation) {
                value.append(' ').append(line.strip());
                continue;
            }
            // The value above is complete.
            if (key != null) {
                String v = value.toString().strip();
                switch (key) {
                    case "fingerprint" -> fingerprint = v;
                    case "b.sql" -> sql = v;
                    default -> skip = v;
                }
                key = null;
            }
            String s = line.strip();
            boolean newEntry = s.startsWith("fingerprint") && s.substring("fingerprint".length()).strip().startsWith("=");
            if (n > lines.size() || newEntry) {
                if (fingerprint != null) {
                    if (sql == null && skip == null) {
                        throw new IllegalArgumentException(source + " line " + fingerprintLine + ": the entry for '" + fingerprint
                            + "' has neither b.sql = … nor skip = …");
                    }
                    if (sql != null && skip != null) {
                        throw new IllegalArgumentException(source + " line " + fingerprintLine + ": the entry for '" + fingerprint
                            + "' has both b.sql and skip; expected one of them");
                    }
                    out.put(fingerprint, new Entry(sql, skip == null ? null : skip.isEmpty() ? "skipped by override" : skip));
                }
                fingerprint = null;
                sql = null;
                skip = null;
                fingerprintLine = n;
            }
            if (n > lines.size() || s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            int eq = s.indexOf('=');
            String k = eq < 0 ? "" : s.substring(0, eq).strip();
            if (!k.equals("fingerprint") && !k.equals("b.sql") && !k.equals("skip")) {
                throw new IllegalArgumentException(source + " line " + n + ": expected 'fingerprint = …', 'b.sql = …' or 'skip = …', got '"
                    + s + "'");
            }
            if (!k.equals("fingerprint") && fingerprint == null && !newEntry) {
                throw new IllegalArgumentException(source + " line " + n + ": '" + k + "' before any 'fingerprint = …'");
            }
            key = k;
            value.setLength(0);
            value.append(s.substring(eq + 1).strip());
        }
        return out.isEmpty() ? NONE : new Overrides(out);
    }
}
