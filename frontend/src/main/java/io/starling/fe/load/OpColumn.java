package io.starling.fe.load;

import io.starling.fe.catalog.KeysType;
import io.starling.fe.catalog.OlapTable;

/**
 * The {@code __op} pseudo column of loads into PRIMARY KEY (and UNIQUE KEY) tables: StarRocks' way to mix upserts
 * and deletes in one load. It is either a source column ({@code columns: id, name, __op}, values 0/upsert or
 * 1/delete) or derived ({@code columns: id, __op='delete'}). The plan carries it as one extra, last column with
 * value 1 (delete) or 0 (upsert), and the sink is told so ({@code OlapTableSink.has_op_column}).
 */
final class OpColumn
{
    static final String NAME = "__op";

    private OpColumn()
    {
    }

    static boolean isOp(String column)
    {
        return NAME.equalsIgnoreCase(column);
    }

    /**
     * The SQL expression of the op value over the source table, or null when the load has no {@code __op}.
     *
     * @throws IllegalArgumentException if the table does not replace rows by key
     */
    static String expression(OlapTable table, ColumnMapping mapping)
    {
        String value = null;
        for (ColumnMapping.Derived d : mapping.derived()) {
            if (isOp(d.column())) {
                value = "(" + d.expression() + ")";
            }
        }
        if (value == null) {
            for (String s : mapping.sources()) {
                if (isOp(s)) {
                    value = StreamLoadPlanner.quote(s);
                }
            }
        }
        if (value == null) {
            return null;
        }
        if (table.keysType() != KeysType.PRIMARY_KEYS && table.keysType() != KeysType.UNIQUE_KEYS) {
            throw new IllegalArgumentException("__op (upsert/delete) is only supported by Primary Key tables; "
                    + table.name() + " is a " + table.keysType().sql() + " table");
        }
        // StarRocks accepts 0/1 and the words upsert/delete
        return "CASE WHEN CAST(" + value + " AS VARCHAR(16)) IN ('1', 'delete', 'DELETE', 'Delete') THEN 1 ELSE 0 END";
    }
}
