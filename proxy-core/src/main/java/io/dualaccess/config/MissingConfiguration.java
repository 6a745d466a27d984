package io.dualaccess.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@code jdbc:dualaccess:} URL used with no configuration from any source runs in phase
 * {@code off}: correct, but almost always a mistake (a {@code dualaccess.properties} in the wrong
 * resource folder, a variable not exported). Said once per process at WARNING, naming where
 * discovery looked, rather than passing through in silence.
 */
public final class MissingConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MissingConfiguration.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private MissingConfiguration() {
    }

    /** The warning's text: every place discovery looked, and what happens without configuration. */
    public static String message(ClassLoader classLoader) {
        return "dualaccess: no configuration found for a jdbc:dualaccess: URL; looked for " + ConfigDiscovery.CLASSPATH_FILE
            + " on the classpath of " + classLoader + ", a file named by system property " + ConfigDiscovery.FILE_PROPERTY
            + " or environment variable " + ConfigDiscovery.FILE_ENV + ", system properties " + ConfigKey.PREFIX
            + "*, environment variables DUALACCESS_* and " + ConfigKey.PREFIX + "* connection properties."
            + " Running in phase off: every statement goes to A only. (A " + ConfigDiscovery.CLASSPATH_FILE
            + " must be a classpath resource, e.g. in src/main/resources, not beside the sources.)";
    }

    /** Logs {@link #message} the first time only; answers whether this call logged it. */
    static boolean warnOnce(ClassLoader classLoader) {
        if (!WARNED.compareAndSet(false, true)) {
            return false;
        }
        LOG.warn(message(classLoader));
        return true;
    }
}
