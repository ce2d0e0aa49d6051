package io.starling.fe.qe;

import io.starling.storage.types.DataType;

/**
 * Metadata of one result column, as sent in a MySQL ColumnDefinition41 packet.
 *
 * @param name      column label (alias)
 * @param orgName   underlying column name, or "" for expressions
 * @param table     table alias, or ""
 * @param orgTable  underlying table name, or ""
 * @param schema    database name, or ""
 * @param type      SQL type; the protocol layer derives type code, length, charset, decimals and flags from it
 * @param nullable  false sets NOT_NULL_FLAG
 * @param primaryKey sets PRI_KEY_FLAG
 */
public record ResultColumn(String name, String orgName, String table, String orgTable, String schema, DataType type,
        boolean nullable, boolean primaryKey)
{
    /** An expression column: only a label and a type. */
    public static ResultColumn of(String name, DataType type)
    {
        return new ResultColumn(name, "", "", "", "", type, true, false);
    }
}
