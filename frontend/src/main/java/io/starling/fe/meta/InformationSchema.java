package io.starling.fe.meta;

import io.starling.fe.catalog.CatalogReader;
import io.starling.fe.catalog.Column;
import io.starling.fe.catalog.Database;
import io.starling.fe.catalog.KeysType;
import io.starling.fe.catalog.LiteralValues;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.catalog.Partition;
import io.starling.fe.catalog.SystemTables;
import io.starling.fe.qe.Session;
import io.starling.rpc.proto.PartitionKind;
import io.starling.storage.types.DataType;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code information_schema} tables, computed from the catalog on every read, with MySQL 8's column names and
 * (approximately) its column types: character columns are varchar, counters bigint, times datetime. Views appear in
 * TABLES (TABLE_TYPE 'VIEW'), COLUMNS and VIEWS (VIEW_DEFINITION is the query as written). Tables that describe
 * features Starling does not have (routines, foreign keys) exist and are empty, which is what clients need.
 */
public final class InformationSchema implements SystemTables
{
    /** Catalog name in TABLE_CATALOG columns (MySQL prints "def"; StarRocks too). */
    static final String DEF = "def";
    private static final DataType S = DataType.varchar(DataType.STRING_LENGTH);
    private static final DataType L = DataType.BIGINT;
    private static final DataType T = DataType.DATETIME;

    private final CatalogReader catalog;
    private final Supplier<Collection<Session>> sessions;
    private final Map<String, List<Column>> schemas = new LinkedHashMap<>();

    public InformationSchema(CatalogReader catalog, Supplier<Collection<Session>> sessions)
    {
        this.catalog = catalog;
        this.sessions = sessions;
        define("SCHEMATA", "CATALOG_NAME", "SCHEMA_NAME", "DEFAULT_CHARACTER_SET_NAME", "DEFAULT_COLLATION_NAME",
                "SQL_PATH", "DEFAULT_ENCRYPTION");
        define("TABLES", "TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "TABLE_TYPE", "ENGINE", "VERSION:L",
                "ROW_FORMAT", "TABLE_ROWS:L", "AVG_ROW_LENGTH:L", "DATA_LENGTH:L", "MAX_DATA_LENGTH:L",
                "INDEX_LENGTH:L", "DATA_FREE:L", "AUTO_INCREMENT:L", "CREATE_TIME:T", "UPDATE_TIME:T", "CHECK_TIME:T",
                "TABLE_COLLATION", "CHECKSUM:L", "CREATE_OPTIONS", "TABLE_COMMENT");
        define("COLUMNS", "TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "COLUMN_NAME", "ORDINAL_POSITION:L",
                "COLUMN_DEFAULT", "IS_NULLABLE", "DATA_TYPE", "CHARACTER_MAXIMUM_LENGTH:L", "CHARACTER_OCTET_LENGTH:L",
                "NUMERIC_PRECISION:L", "NUMERIC_SCALE:L", "DATETIME_PRECISION:L", "CHARACTER_SET_NAME",
                "COLLATION_NAME", "COLUMN_TYPE", "COLUMN_KEY", "EXTRA", "PRIVILEGES", "COLUMN_COMMENT",
                "GENERATION_EXPRESSION", "SRS_ID:L");
        define("STATISTICS", "TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "NON_UNIQUE:L", "INDEX_SCHEMA",
                "INDEX_NAME", "SEQ_IN_INDEX:L", "COLUMN_NAME", "COLLATION", "CARDINALITY:L", "SUB_PART:L", "PACKED",
                "NULLABLE", "INDEX_TYPE", "COMMENT", "INDEX_COMMENT", "IS_VISIBLE", "EXPRESSION");
        define("VIEWS", "TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "VIEW_DEFINITION", "CHECK_OPTION",
                "IS_UPDATABLE", "DEFINER", "SECURITY_TYPE", "CHARACTER_SET_CLIENT", "COLLATION_CONNECTION");
        define("KEY_COLUMN_USAGE", "CONSTRAINT_CATALOG", "CONSTRAINT_SCHEMA", "CONSTRAINT_NAME", "TABLE_CATALOG",
                "TABLE_SCHEMA", "TABLE_NAME", "COLUMN_NAME", "ORDINAL_POSITION:L", "POSITION_IN_UNIQUE_CONSTRAINT:L",
                "REFERENCED_TABLE_SCHEMA", "REFERENCED_TABLE_NAME", "REFERENCED_COLUMN_NAME");
        define("TABLE_CONSTRAINTS", "CONSTRAINT_CATALOG", "CONSTRAINT_SCHEMA", "CONSTRAINT_NAME", "TABLE_SCHEMA",
                "TABLE_NAME", "CONSTRAINT_TYPE", "ENFORCED");
        define("REFERENTIAL_CONSTRAINTS", "CONSTRAINT_CATALOG", "CONSTRAINT_SCHEMA", "CONSTRAINT_NAME",
                "UNIQUE_CONSTRAINT_CATALOG", "UNIQUE_CONSTRAINT_SCHEMA", "UNIQUE_CONSTRAINT_NAME", "MATCH_OPTION",
                "UPDATE_RULE", "DELETE_RULE", "TABLE_NAME", "REFERENCED_TABLE_NAME");
        define("ROUTINES", "SPECIFIC_NAME", "ROUTINE_CATALOG", "ROUTINE_SCHEMA", "ROUTINE_NAME", "ROUTINE_TYPE",
                "DATA_TYPE", "DTD_IDENTIFIER", "ROUTINE_BODY", "ROUTINE_DEFINITION", "EXTERNAL_NAME",
                "EXTERNAL_LANGUAGE", "PARAMETER_STYLE", "IS_DETERMINISTIC", "SQL_DATA_ACCESS", "SQL_PATH",
                "SECURITY_TYPE", "CREATED:T", "LAST_ALTERED:T", "SQL_MODE", "ROUTINE_COMMENT", "DEFINER",
                "CHARACTER_SET_CLIENT", "COLLATION_CONNECTION", "DATABASE_COLLATION");
        define("PARAMETERS", "SPECIFIC_CATALOG", "SPECIFIC_SCHEMA", "SPECIFIC_NAME", "ORDINAL_POSITION:L",
                "PARAMETER_MODE", "PARAMETER_NAME", "DATA_TYPE", "DTD_IDENTIFIER", "ROUTINE_TYPE");
        define("ENGINES", "ENGINE", "SUPPORT", "COMMENT", "TRANSACTIONS", "XA", "SAVEPOINTS");
        define("CHARACTER_SETS", "CHARACTER_SET_NAME", "DEFAULT_COLLATE_NAME", "DESCRIPTION", "MAXLEN:L");
        define("COLLATIONS", "COLLATION_NAME", "CHARACTER_SET_NAME", "ID:L", "IS_DEFAULT", "IS_COMPILED",
                "SORTLEN:L", "PAD_ATTRIBUTE");
        define("PROCESSLIST", "ID:L", "USER", "HOST", "DB", "COMMAND", "TIME:L", "STATE", "INFO");
        define("PARTITIONS", "TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "PARTITION_NAME", "SUBPARTITION_NAME",
                "PARTITION_ORDINAL_POSITION:L", "SUBPARTITION_ORDINAL_POSITION:L", "PARTITION_METHOD",
                "SUBPARTITION_METHOD", "PARTITION_EXPRESSION", "SUBPARTITION_EXPRESSION", "PARTITION_DESCRIPTION",
                "TABLE_ROWS:L", "AVG_ROW_LENGTH:L", "DATA_LENGTH:L", "MAX_DATA_LENGTH:L", "INDEX_LENGTH:L",
                "DATA_FREE:L", "CREATE_TIME:T", "UPDATE_TIME:T", "CHECK_TIME:T", "CHECKSUM:L", "PARTITION_COMMENT",
                "NODEGROUP", "TABLESPACE_NAME");
    }

    @Override
    public List<String> tableNames()
    {
        return List.copyOf(schemas.keySet());
    }

    @Override
    public List<Column> columns(String tableName)
    {
        return schemas.get(tableName.toUpperCase(Locale.ROOT));
    }

    @Override
    public List<List<Object>> rows(String tableName)
    {
        String name = tableName.toUpperCase(Locale.ROOT);
        List<List<Object>> out = new ArrayList<>();
        switch (name) {
            case "SCHEMATA" -> {
                for (Database db : catalog.databases()) {
                    out.add(row(DEF, db.name(), "utf8mb4", "utf8mb4_general_ci", null, "NO"));
                }
            }
            case "TABLES" -> tables(out);
            case "COLUMNS" -> columnRows(out);
            case "STATISTICS" -> eachKey((db, t, col, seq) -> out.add(row(DEF, db, t.name(), 0L, db, "PRIMARY", seq,
                    col.name(), "A", t.rowCount(), null, null, "", "BTREE", "", "", "YES", null)));
            case "KEY_COLUMN_USAGE" -> eachKey((db, t, col, seq) -> out.add(row(DEF, db, "PRIMARY", DEF, db, t.name(),
                    col.name(), seq, null, null, null, null)));
            case "TABLE_CONSTRAINTS" -> {
                for (Database db : catalog.databases()) {
                    for (OlapTable t : catalog.tables(db.name())) {
                        if (CreateTableFormatter.uniqueKeys(t.keysType())) {
                            out.add(row(DEF, db.name(), "PRIMARY", db.name(), t.name(), "PRIMARY KEY", "YES"));
                        }
                    }
                }
            }
            case "ENGINES" -> out.add(row("OLAP", "DEFAULT", "Starling columnar storage engine (StarRocks OLAP)", "YES",
                    "NO", "NO"));
            case "CHARACTER_SETS" -> {
                for (Charsets.Charset c : Charsets.CHARSETS) {
                    out.add(row(c.name(), c.defaultCollation(), c.description(), c.maxLen()));
                }
            }
            case "COLLATIONS" -> {
                for (Charsets.Collation c : Charsets.COLLATIONS) {
                    out.add(row(c.name(), c.charset(), c.id(), c.isDefault() ? "Yes" : "", "Yes", c.sortLen(), c.pad()));
                }
            }
            case "PROCESSLIST" -> {
                for (List<Object> r : ShowStatements.processRows(sessions.get(), true)) {
                    out.add(r);
                }
            }
            case "PARTITIONS" -> partitionRows(out);
            case "VIEWS" -> {
                for (Database db : catalog.databases()) {
                    for (io.starling.fe.catalog.View v : catalog.views(db.name())) {
                        out.add(row(DEF, db.name(), v.name(), v.definition(), "NONE", "NO", "root@%", "",
                                ViewMeta.CHARSET_CLIENT, ViewMeta.COLLATION_CONNECTION));
                    }
                }
            }
            default -> {
                // REFERENTIAL_CONSTRAINTS, ROUTINES, PARAMETERS: always empty.
            }
        }
        return out;
    }

    // ---- table builders ----

    private void tables(List<List<Object>> out)
    {
        for (String sys : schemas.keySet()) {
            out.add(row(DEF, DATABASE, sys, "SYSTEM VIEW", null, null, null, null, null, null, null, null, null, null,
                    null, null, null, "utf8mb4_general_ci", null, null, ""));
        }
        for (Database db : catalog.databases()) {
            for (OlapTable t : catalog.tables(db.name())) {
                long rows = t.rowCount();
                long avg = rows == 0 ? 0 : t.dataBytes() / rows;
                out.add(row(DEF, db.name(), t.name(), "BASE TABLE", "StarRocks", 10L, "Fixed", rows, avg, t.dataBytes(),
                        0L, 0L, 0L, null, time(t.createTimeMillis()), time(lastUpdate(t)), null, "utf8mb4_general_ci",
                        null, "", t.comment() == null ? "" : t.comment()));
            }
            for (io.starling.fe.catalog.View v : catalog.views(db.name())) {
                // MySQL: no engine, statistics or collation for a view, and TABLE_COMMENT 'VIEW'.
                out.add(row(DEF, db.name(), v.name(), "VIEW", null, null, null, null, null, null, null, null, null,
                        null, time(v.createTimeMillis()), null, null, null, null, null, "VIEW"));
            }
        }
    }

    private void columnRows(List<List<Object>> out)
    {
        for (Database db : catalog.databases()) {
            for (OlapTable t : catalog.tables(db.name())) {
                long pos = 1;
                for (Column c : t.columns()) {
                    DataType ty = c.type();
                    boolean text = ty.kind() == io.starling.storage.types.TypeKind.CHAR
                            || ty.kind() == io.starling.storage.types.TypeKind.VARCHAR;
                    out.add(row(DEF, db.name(), t.name(), c.name(), pos++, c.defaultValue(), c.nullable() ? "YES" : "NO",
                            dataType(ty), text ? (long) ty.length() : null, text ? (long) ty.length() * 4 : null,
                            numericPrecision(ty), numericScale(ty), ty.kind() == io.starling.storage.types.TypeKind.DATETIME ? 0L : null,
                            text ? "utf8mb4" : null, text ? "utf8mb4_general_ci" : null, ty.toSql(),
                            c.isKey() ? columnKey(t.keysType()) : "", c.aggregation() == null ? "" : c.aggregation(),
                            "select,insert,update,references", c.comment() == null ? "" : c.comment(), "", null));
                }
            }
            for (io.starling.fe.catalog.View v : catalog.views(db.name())) {
                long pos = 1;
                for (Column c : v.columns()) {
                    DataType ty = c.type();
                    boolean text = ty.physical() == io.starling.storage.types.PhysicalType.VARLEN;
                    out.add(row(DEF, db.name(), v.name(), c.name(), pos++, null, c.nullable() ? "YES" : "NO",
                            dataType(ty), text ? (long) ty.length() : null, text ? (long) ty.length() * 4 : null,
                            numericPrecision(ty), numericScale(ty), ty.kind() == io.starling.storage.types.TypeKind.DATETIME ? 0L : null,
                            text ? "utf8mb4" : null, text ? "utf8mb4_general_ci" : null, ty.toSql(), "", "",
                            "select,insert,update,references", c.comment() == null ? "" : c.comment(), "", null));
                }
            }
        }
    }

    private void partitionRows(List<List<Object>> out)
    {
        for (Database db : catalog.databases()) {
            for (OlapTable t : catalog.tables(db.name())) {
                long pos = 1;
                boolean partitioned = t.partitionScheme().kind() != PartitionKind.PARTITION_NONE;
                DataType type = partitioned ? t.columns().get(t.columnIndex(t.partitionScheme().columnName())).type() : null;
                for (Partition p : t.partitions()) {
                    out.add(row(DEF, db.name(), t.name(), partitioned ? p.name() : null, null, partitioned ? pos : null,
                            null, partitioned ? "RANGE" : null, null,
                            partitioned ? "`" + t.partitionScheme().columnName() + "`" : null, null,
                            partitioned ? "[" + LiteralValues.format(type, p.lower(), false) + ", "
                                    + LiteralValues.format(type, p.upper(), true) + ")" : null,
                            p.rowCount(), p.rowCount() == 0 ? 0L : p.dataBytes() / p.rowCount(), p.dataBytes(), 0L,
                            0L, 0L, time(t.createTimeMillis()), time(p.visibleVersionTimeMillis()), null, null, "",
                            "", null));
                    pos++;
                }
            }
        }
    }

    private interface KeyVisitor
    {
        void visit(String db, OlapTable t, Column col, long seq);
    }

    /** Key columns of unique-key tables (PRIMARY/UNIQUE KEY), which MySQL tools see as a PRIMARY index. */
    private void eachKey(KeyVisitor v)
    {
        for (Database db : catalog.databases()) {
            for (OlapTable t : catalog.tables(db.name())) {
                if (!CreateTableFormatter.uniqueKeys(t.keysType())) {
                    continue;
                }
                long seq = 1;
                for (String k : t.keyColumns()) {
                    v.visit(db.name(), t, t.columns().get(t.columnIndex(k)), seq++);
                }
            }
        }
    }

    // ---- helpers shared with SHOW ----

    /** COLUMN_KEY / SHOW COLUMNS Key for a key column: PRI for unique models, DUP / AGG otherwise. */
    static String columnKey(KeysType k)
    {
        return switch (k) {
            case PRIMARY_KEYS, UNIQUE_KEYS -> "PRI";
            case DUP_KEYS -> "DUP";
            case AGG_KEYS -> "AGG";
        };
    }

    /** The DATA_TYPE word (lower-case type name without length). */
    static String dataType(DataType t)
    {
        String sql = t.toSql();
        int p = sql.indexOf('(');
        return p < 0 ? sql : sql.substring(0, p);
    }

    private static Long numericPrecision(DataType t)
    {
        return switch (t.kind()) {
            case TINYINT -> 3L;
            case SMALLINT -> 5L;
            case INT -> 10L;
            case BIGINT -> 19L;
            case LARGEINT -> 39L;
            case FLOAT -> 12L;
            case DOUBLE -> 22L;
            case DECIMAL -> (long) t.precision();
            default -> null;
        };
    }

    private static Long numericScale(DataType t)
    {
        return switch (t.kind()) {
            case TINYINT, SMALLINT, INT, BIGINT, LARGEINT -> 0L;
            case DECIMAL -> (long) t.scale();
            default -> null;
        };
    }

    static long lastUpdate(OlapTable t)
    {
        long m = t.createTimeMillis();
        for (Partition p : t.partitions()) {
            m = Math.max(m, p.visibleVersionTimeMillis());
        }
        return m;
    }

    static LocalDateTime time(long millis)
    {
        return millis <= 0 ? null : LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneId.systemDefault())
                .withNano(0);
    }

    public static List<Object> row(Object... values)
    {
        return Arrays.asList(values);
    }

    private void define(String table, String... cols)
    {
        List<Column> list = new ArrayList<>(cols.length);
        for (String spec : cols) {
            int colon = spec.indexOf(':');
            String name = colon < 0 ? spec : spec.substring(0, colon);
            DataType type = colon < 0 ? S : switch (spec.charAt(colon + 1)) {
                case 'L' -> L;
                case 'T' -> T;
                default -> S;
            };
            list.add(new Column(name, type, true, false, null, "", null));
        }
        schemas.put(table, List.copyOf(list));
    }
}
