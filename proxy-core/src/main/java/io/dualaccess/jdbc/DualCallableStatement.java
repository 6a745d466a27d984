package io.dualaccess.jdbc;

import java.sql.CallableStatement;

/** The application's callable statement. */
public final class DualCallableStatement extends DelegatingCallableStatement {

    DualCallableStatement(DualConnection connection, CallableStatement delegate, String sql) {
        super(connection, delegate, sql);
    }

    @Override
    String unfollowable() {
        return "a callable statement's OUT parameter registrations are not recorded";
    }
}
