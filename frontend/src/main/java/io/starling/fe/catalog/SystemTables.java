package io.starling.fe.catalog;

import java.util.List;

/**
 * Tables of the {@code information_schema} database, materialised on demand from the catalog. The planner reads
 * them like ordinary tables (as constant rows), so any SELECT over them works (WHERE, JOIN, ORDER BY).
 * Table names are matched case-insensitively (MySQL does so for information_schema).
 */
public interface SystemTables
{
    String DATABASE = "information_schema";

    /** Table names, upper case (SCHEMATA, TABLES, COLUMNS, ...). */
    List<String> tableNames();

    /** Columns of a system table, or null if there is no such table. */
    List<Column> columns(String tableName);

    /**
     * Current rows of a system table. Values are Java objects in the column's type: String for VARCHAR, Long for
     * integer types, java.time.LocalDateTime for DATETIME, null for NULL.
     */
    List<List<Object>> rows(String tableName);
}
