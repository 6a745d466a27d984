package io.dualaccess.driver;

/** The driver's version, as reported through {@link java.sql.Driver}. */
final class Version {
    static final int MAJOR = 0;
    static final int MINOR = 1;

    private Version() {
    }
}
