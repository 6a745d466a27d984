package io.dualaccess.sidecar;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Keeps the admin token out of the bundled Jetty's own logging. The self-contained jar relocates
 * Jetty under {@code io.dualaccess.shaded} and logs through {@code java.util.logging}, so setting
 * {@code io.dualaccess} to {@code FINE} also turns on Jetty's debug output, which prints request
 * headers ({@code Authorization: Bearer …}) and raw buffers. A handler on Jetty's root logger
 * takes every record of it and its children, redacts it (the registered tokens, any
 * {@code Authorization} value or bearer credential, raw buffer dumps) and passes it on to the
 * handlers above, which Jetty's loggers no longer reach directly. Levels stay as configured: Jetty's
 * debug output is still there, without the secrets.
 *
 * <p>Installed only for a relocated Jetty: an application's own, unrelocated Jetty and its logging
 * are the application's.
 */
final class JettyLogRedaction {

    /** Tokens of running admin servers, with how many servers use each. */
    private static final java.util.Map<String, Integer> TOKENS = new java.util.HashMap<>();
    private static volatile Set<String> tokens = Set.of();
    /** The loggers redacted, held strongly: java.util.logging keeps loggers only weakly. */
    private static final Set<Logger> INSTALLED = ConcurrentHashMap.newKeySet();
    private static final Pattern AUTHORIZATION = Pattern.compile("(?i)((?:proxy-)?authorization\\s*[:=]\\s*\\[?)[^\\r\\n)\\]},]*");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[^\\s)\\]},]+");
    /** Jetty's {@code BufferUtil.toDetailString}: the bytes of a buffer between {@code <<<} and {@code >>>}. */
    private static final Pattern BUFFER = Pattern.compile("(?s)<<<.*?>>>");

    private JettyLogRedaction() {
    }

    /** Installs the redaction for the bundled Jetty when it is relocated under {@code io.dualaccess}. */
    static void installForBundledJetty() {
        String pkg = org.eclipse.jetty.server.Server.class.getPackageName();
        if (pkg.startsWith("io.dualaccess.") && pkg.endsWith(".server")) {
            install(pkg.substring(0, pkg.length() - ".server".length()));
        }
    }

    /** Installs the redaction on the logger of that name and its children (once). */
    static synchronized void install(String loggerName) {
        Logger root = Logger.getLogger(loggerName);
        if (!INSTALLED.add(root)) {
            return;
        }
        root.addHandler(new Redacting(root));
        root.setUseParentHandlers(false);
    }

    /** A token to remove wherever it appears. */
    static synchronized void register(String token) {
        if (token != null && !token.isEmpty()) {
            TOKENS.merge(token, 1, Integer::sum);
            tokens = Set.copyOf(TOKENS.keySet());
        }
    }

    /** Stops looking for a token (its admin server stopped). */
    static synchronized void unregister(String token) {
        if (token != null && !token.isEmpty()) {
            TOKENS.computeIfPresent(token, (k, n) -> n == 1 ? null : n - 1);
            tokens = Set.copyOf(TOKENS.keySet());
        }
    }

    /** The text without tokens, authorization values or raw buffers. */
    static String redact(String text) {
        if (text == null) {
            return null;
        }
        String t = text;
        for (String token : tokens) {
            t = t.replace(token, "****");
        }
        t = BUFFER.matcher(t).replaceAll("<<<****>>>");
        t = AUTHORIZATION.matcher(t).replaceAll("$1****");
        return BEARER.matcher(t).replaceAll("$1 ****");
    }

    /** Redacts a record, then hands it to the handlers its logger's parents have. */
    private static final class Redacting extends Handler {
        private final Logger owner;

        Redacting(Logger owner) {
            this.owner = owner;
        }

        @Override
        public void publish(LogRecord record) {
            record.setMessage(redact(record.getMessage()));
            Object[] params = record.getParameters();
            if (params != null) {
                Object[] shown = new Object[params.length];
                for (int i = 0; i < params.length; i++) {
                    shown[i] = params[i] == null ? null : redact(String.valueOf(params[i]));
                }
                record.setParameters(shown);
            }
            for (Logger l = owner.getParent(); l != null; l = l.getParent()) {
                for (Handler h : l.getHandlers()) {
                    h.publish(record);
                }
                if (!l.getUseParentHandlers()) {
                    break;
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
