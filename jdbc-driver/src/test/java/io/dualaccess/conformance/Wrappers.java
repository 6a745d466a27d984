package io.dualaccess.conformance;

import java.sql.SQLException;
import java.sql.Wrapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assertions about dualaccess's wrapping, for {@link Transcript#wrapperCheck}: which object is a
 * wrapper, and that every road back leads to a wrapper.
 *
 * <p>Through {@link Access#HIKARI} the application holds Hikari's proxies, which wrap ours; there
 * {@link #dual} asks Hikari for its delegate with {@code unwrap}, the way an application would, and
 * the checks apply one layer down.
 */
final class Wrappers {

    private static final String OURS = "io.dualaccess.";
    private static final String HIKARI = "com.zaxxer.hikari.";

    private Wrappers() {
    }

    /** The dualaccess-level object under {@code o}: {@code o} itself, or Hikari's delegate. */
    static <T extends Wrapper> T dual(T o, Class<T> iface) throws SQLException {
        if (o != null && o.getClass().getName().startsWith(HIKARI)) {
            // Hikari's unwrap returns its delegate when the delegate implements iface.
            return o.unwrap(iface);
        }
        return o;
    }

    /** Asserts that {@code o} (below Hikari's proxy, if any) is a dualaccess wrapper, not a vendor object. */
    static <T extends Wrapper> void assertOurs(T o, Class<T> iface) throws SQLException {
        assertThat(o).as("%s handed out", iface.getSimpleName()).isNotNull();
        T inner = dual(o, iface);
        assertThat(inner.getClass().getName())
            .as("class of the %s the application got (below any pool proxy)", iface.getSimpleName())
            .startsWith(OURS);
    }

    /** A road back from one JDBC object to another, e.g. {@code Statement::getConnection}. */
    @FunctionalInterface
    interface Road<S, T> {
        T follow(S from) throws SQLException;
    }

    /**
     * Asserts that a road back leads to the wrapper the application holds: following {@code road}
     * from {@code from} returns the very object {@code expected}. Through Hikari both ends are taken
     * one layer down, because Hikari answers these roads itself, from its own proxies; what matters
     * there is that our layer, below Hikari's, does not hand Hikari a vendor object.
     */
    static <S extends Wrapper, T extends Wrapper> void assertLeadsBack(String road, S from, Class<S> fromType,
                                                                      Road<S, T> follow, T expected, Class<T> toType)
        throws SQLException {
        S source = dual(from, fromType);
        T actual = follow.follow(source);
        T wanted = dual(expected, toType);
        assertThat(actual).as("%s must return the wrapper the application holds, was %s", road, actual)
            .isSameAs(wanted);
    }

    /**
     * Like {@link #assertLeadsBack}, for roads a driver may leave unpaved: when our layer's answer is
     * null or an exception (MariaDB's generated keys have no statement; a closed result set throws),
     * there is nothing to check here, because it is the driver's answer passed through, and the
     * transcript of the {@link Access#DRIVER} run compares it with the driver's own.
     */
    static <S extends Wrapper, T extends Wrapper> void assertLeadsBackIfAny(String road, S from, Class<S> fromType,
                                                                           Road<S, T> follow, T expected,
                                                                           Class<T> toType) throws SQLException {
        S source = dual(from, fromType);
        T actual;
        try {
            actual = follow.follow(source);
        } catch (SQLException driversAnswer) {
            return;
        }
        if (actual != null) {
            assertThat(actual).as("%s must return the wrapper the application holds, was %s", road, actual)
                .isSameAs(dual(expected, toType));
        }
    }

    /** Asserts that {@code o.unwrap(vendorType)} reaches the vendor object and {@code isWrapperFor} says so. */
    static void assertUnwrapsToVendor(Wrapper o, Class<?> vendorType) throws SQLException {
        assertThat(o.isWrapperFor(vendorType)).as("isWrapperFor(%s)", vendorType.getName()).isTrue();
        Object vendor = o.unwrap(vendorType);
        assertThat(vendor).as("unwrap(%s)", vendorType.getName()).isInstanceOf(vendorType);
        assertThat(vendor.getClass().getName()).as("unwrap(%s) returns the vendor object", vendorType.getName())
            .doesNotStartWith(OURS).doesNotStartWith(HIKARI);
    }
}
