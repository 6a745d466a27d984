package io.dualaccess.jdbc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every method of every wrapped JDBC interface, default methods included, is declared by our own
 * classes with the interface's exact {@code throws} clause. A default method we inherit would run
 * the JDK's body on our wrapper instead of the vendor's implementation (p6spy's
 * {@code executeLargeUpdate} bug), and a different throws clause changes what callers can catch.
 */
class DelegationCompletenessTest {

    static Stream<Arguments> wrappers() {
        return Stream.of(
            Arguments.of(Connection.class, DualConnection.class),
            Arguments.of(Statement.class, DualStatement.class),
            Arguments.of(PreparedStatement.class, DualPreparedStatement.class),
            Arguments.of(CallableStatement.class, DualCallableStatement.class),
            Arguments.of(ResultSet.class, DualResultSet.class),
            Arguments.of(DatabaseMetaData.class, DualDatabaseMetaData.class));
    }

    @ParameterizedTest(name = "{1} implements every method of {0}")
    @MethodSource("wrappers")
    void everyInterfaceMethodIsDeclaredByOurClasses(Class<?> iface, Class<?> wrapper) throws Exception {
        assertThat(iface.isAssignableFrom(wrapper)).isTrue();
        List<String> missing = new ArrayList<>();
        List<String> wrongThrows = new ArrayList<>();
        for (Method m : iface.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            Method impl = wrapper.getMethod(m.getName(), m.getParameterTypes());
            if (impl.getDeclaringClass().isInterface()) {
                missing.add(m.toGenericString());
                continue;
            }
            if (!new HashSet<>(Arrays.asList(impl.getExceptionTypes())).equals(new HashSet<>(Arrays.asList(m.getExceptionTypes())))) {
                // An interface may redeclare a method with a narrower clause (Statement.close vs AutoCloseable.close):
                // compare against the most specific declaration.
                Method specific = iface.getMethod(m.getName(), m.getParameterTypes());
                if (!new HashSet<>(Arrays.asList(impl.getExceptionTypes())).equals(new HashSet<>(Arrays.asList(specific.getExceptionTypes())))) {
                    wrongThrows.add(m.toGenericString() + " declared as " + impl.toGenericString());
                }
            }
        }
        assertThat(missing).as("interface methods not declared by %s", wrapper.getSimpleName()).isEmpty();
        assertThat(wrongThrows).as("throws clauses differing from %s", iface.getSimpleName()).isEmpty();
    }

    @ParameterizedTest(name = "{1} keeps setClientInfo's SQLClientInfoException")
    @MethodSource("wrappers")
    void setClientInfoThrowsClientInfoException(Class<?> iface, Class<?> wrapper) throws Exception {
        if (iface != Connection.class) {
            return;
        }
        Method m = wrapper.getMethod("setClientInfo", String.class, String.class);
        assertThat(m.getExceptionTypes()).containsExactly(java.sql.SQLClientInfoException.class);
    }
}
