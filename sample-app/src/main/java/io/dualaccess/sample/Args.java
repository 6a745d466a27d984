package io.dualaccess.sample;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --name value} and {@code --flag} arguments, without a library. */
final class Args {

    private Args() {
    }

    /**
     * @param defaults every option with its default; a default of {@code "false"} marks a flag (no value)
     * @param usage printed with an error, or for {@code --help}
     */
    static Map<String, String> parse(String[] args, Map<String, String> defaults, String usage) {
        Map<String, String> out = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println(usage);
                System.exit(0);
            }
            String value = null;
            int eq = a.indexOf('=');
            if (eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            if (!defaults.containsKey(a)) {
                fail("unknown option '" + a + "'", usage);
            }
            if ("false".equals(defaults.get(a)) && value == null) {
                out.put(a, "true");
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    fail("option " + a + " needs a value", usage);
                }
                value = args[++i];
            }
            out.put(a, value);
        }
        return out;
    }

    private static void fail(String message, String usage) {
        System.err.println(message);
        System.err.println(usage);
        System.exit(2);
    }
}
