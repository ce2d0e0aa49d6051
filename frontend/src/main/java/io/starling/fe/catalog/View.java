package io.starling.fe.catalog;

import java.util.List;

/**
 * A logical view: a stored query that is expanded as a sub-query wherever the view is named. Immutable; CREATE OR
 * REPLACE / ALTER VIEW replace the whole object (copy-on-write like tables).
 *
 * <p>The query text is kept exactly as the user wrote it after {@code AS} and is parsed and validated again every
 * time the view is used, with {@link #database()} as the default database (so an unqualified table name always means
 * a table of the view's own database, whatever the reader's current database is). {@link #columns()} is the schema
 * derived when the view was created or altered; it answers DESC / SHOW COLUMNS / information_schema.COLUMNS without
 * planning, while a query reads the types the expansion yields at that moment (a changed base table shows through).
 *
 * @param database         name of the database the view belongs to
 * @param definition       the query text after AS, verbatim
 * @param columns          output columns (name, type, nullability, per-column COMMENT) in order
 * @param explicitColumns  whether CREATE VIEW named its columns (then they rename the query's output columns)
 * @param comment          the view COMMENT or ""
 */
public record View(long id, String database, String name, String definition, List<Column> columns,
        boolean explicitColumns, String comment, long createTimeMillis)
{
    /** Index of a column by case-insensitive name, or -1. */
    public int columnIndex(String columnName)
    {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(columnName)) {
                return i;
            }
        }
        return -1;
    }
}
