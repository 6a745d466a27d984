package io.dualaccess.driver;

import java.util.Properties;

/** Connection properties from key/value pairs, for the driver tests. */
final class TestProperties {

    private TestProperties() {
    }

    static Properties of(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }
}
