package io.starling.fe.qe;

/**
 * Executes SQL text for a session. Implemented by the statement layer (parser, catalog, planner, coordinator);
 * called by the MySQL protocol layer for COM_QUERY, COM_INIT_DB (as "USE `db`"), COM_FIELD_LIST and
 * prepared statements. Must be thread-safe: every connection calls it from its own thread.
 */
public interface StatementExecutor
{
    /**
     * Executes one statement (the protocol layer splits multi-statements). Errors are {@link SqlError}s;
     * anything else thrown is reported as error 1105 with its message.
     */
    QueryResult execute(Session session, String sql) throws SqlError;
}
