package io.dualaccess.sql;

/** What a statement does, as far as routing cares. */
public enum SqlKind {
    /** SELECT, WITH … SELECT, VALUES, SHOW, EXPLAIN: answered by one side, compared on the other. */
    READ,
    /** INSERT, UPDATE, DELETE, MERGE, REPLACE, UPSERT: executed on one side, mirrored to the other. */
    WRITE,
    /** CREATE, ALTER, DROP, TRUNCATE, RENAME, COMMENT, GRANT, REVOKE: mirrored only when asked. */
    DDL,
    /** BEGIN, COMMIT, ROLLBACK, SAVEPOINT, SET TRANSACTION written as SQL text. */
    TRANSACTION,
    /** CALL / EXEC of a procedure: its effect is unknown, so it is not mirrored. */
    CALL,
    /** Anything else (SET, USE, LOCK, …): runs on the authoritative side only. */
    OTHER
}
