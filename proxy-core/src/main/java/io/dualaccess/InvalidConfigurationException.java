package io.dualaccess;

import java.sql.SQLNonTransientConnectionException;

/**
 * Thrown at the first connect when dualaccess's configuration cannot be used. The message names,
 * for every problem, where the value came from, the key, the value and what is allowed. It never
 * contains a password.
 */
public class InvalidConfigurationException extends SQLNonTransientConnectionException {

    private static final long serialVersionUID = 1L;

    /** SQLState for "the client was unable to establish the connection" (JDBC / SQL:2003 08001). */
    public static final String SQL_STATE = "08001";

    /**
     * @param message one line per problem, each naming source, key, value and what is allowed
     */
    public InvalidConfigurationException(String message) {
        super(message, SQL_STATE);
    }

    /**
     * @param message what is wrong and what to fix
     * @param cause the underlying failure (for example B's driver refusing the connection)
     */
    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, SQL_STATE, cause);
    }
}
