package io.starling.fe.meta;

import io.starling.fe.catalog.Column;
import io.starling.fe.catalog.KeysType;
import io.starling.fe.catalog.LiteralValues;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.catalog.Partition;
import io.starling.rpc.proto.PartitionKind;
import io.starling.storage.types.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SHOW CREATE TABLE text in StarRocks' layout:
 * <pre>
 * CREATE TABLE `t` (
 *   `k1` int(11) NOT NULL COMMENT "",
 *   `v` varchar(10) NULL COMMENT ""
 * ) ENGINE=OLAP
 * DUPLICATE KEY(`k1`)
 * COMMENT "OLAP"
 * PARTITION BY RANGE(`d`)
 * (PARTITION p1 VALUES [("0000-01-01"), ("2020-01-01")))
 * DISTRIBUTED BY HASH(`k1`) BUCKETS 3
 * PROPERTIES (
 * "replication_num" = "1"
 * );
 * </pre>
 * The output parses again with our grammar and recreates an equal table. Deviation: BUCKETS is always printed
 * (StarRocks omits it when the count was chosen automatically); printing it is harmless and keeps re-creation
 * exact.
 */
public final class CreateTableFormatter
{
    private CreateTableFormatter()
    {
    }

    public static String format(OlapTable t)
    {
        StringBuilder sb = new StringBuilder();
        sb.append("CREATE TABLE `").append(t.name()).append("` (\n");
        List<String> cols = new ArrayList<>();
        for (Column c : t.columns()) {
            StringBuilder cs = new StringBuilder("  `").append(c.name()).append("` ").append(c.type().toSql());
            if (c.aggregation() != null && !c.aggregation().isEmpty()) {
                cs.append(' ').append(c.aggregation().toUpperCase(java.util.Locale.ROOT));
            }
            cs.append(c.nullable() ? " NULL" : " NOT NULL");
            if (c.defaultValue() != null) {
                if (c.defaultValue().equalsIgnoreCase("CURRENT_TIMESTAMP")) {
                    cs.append(" DEFAULT CURRENT_TIMESTAMP");
                }
                else {
                    cs.append(" DEFAULT \"").append(escape(c.defaultValue())).append('"');
                }
            }
            cs.append(" COMMENT \"").append(escape(c.comment() == null ? "" : c.comment())).append('"');
            cols.add(cs.toString());
        }
        for (io.starling.fe.catalog.TableIndexes.IndexDef d : io.starling.fe.catalog.TableIndexes.indexes(t.properties())) {
            cols.add("  INDEX " + d.name() + " (" + quoted(d.columns()) + ") USING " + d.type() + " COMMENT '"
                    + d.comment().replace("\\", "\\\\").replace("'", "\\'") + "'");
        }
        sb.append(String.join(",\n", cols)).append("\n) ENGINE=OLAP \n");
        sb.append(t.keysType().sql()).append('(').append(quoted(t.keyColumns())).append(")\n");
        sb.append("COMMENT \"").append(escape(t.comment() == null || t.comment().isEmpty() ? "OLAP" : t.comment()))
                .append("\"\n");
        PartitionKind kind = t.partitionScheme().kind();
        if (kind == PartitionKind.PARTITION_RANGE) {
            DataType type = t.columns().get(t.columnIndex(t.partitionScheme().columnName())).type();
            sb.append("PARTITION BY RANGE(`").append(t.partitionScheme().columnName()).append("`)\n(");
            List<String> parts = new ArrayList<>();
            for (Partition p : t.partitions()) {
                String upper = p.upper().getIsNull() ? "MAXVALUE" : "\"" + LiteralValues.format(type, p.upper(), true) + "\"";
                parts.add("PARTITION " + p.name() + " VALUES [(\"" + LiteralValues.format(type, p.lower(), false)
                        + "\"), (" + upper + "))");
            }
            sb.append(String.join(",\n", parts)).append(")\n");
        }
        else if (kind == PartitionKind.PARTITION_EXPR_TIME) {
            sb.append("PARTITION BY date_trunc('").append(t.partitionScheme().timeUnit()).append("', `")
                    .append(t.partitionScheme().columnName()).append("`)\n");
        }
        if (t.distribution().random()) {
            sb.append("DISTRIBUTED BY RANDOM BUCKETS ").append(t.distribution().buckets()).append(" \n");
        }
        else {
            sb.append("DISTRIBUTED BY HASH(").append(quoted(t.distribution().hashColumns())).append(") BUCKETS ")
                    .append(t.distribution().buckets()).append(" \n");
        }
        String orderBy = t.properties().get(io.starling.fe.catalog.TableIndexes.SORT_KEY);
        if (orderBy != null) {
            sb.append("ORDER BY(").append(quoted(List.of(orderBy.split(",")))).append(")\n");
        }
        Map<String, String> props = new java.util.LinkedHashMap<>(t.properties());
        props.putIfAbsent("replication_num", "1");
        sb.append("PROPERTIES (\n");
        List<String> ps = new ArrayList<>();
        props.forEach((k, v) -> {
            if (!io.starling.fe.catalog.TableIndexes.isHidden(k)) {
                ps.add("\"" + escape(k) + "\" = \"" + escape(v) + "\"");
            }
        });
        sb.append(String.join(",\n", ps)).append("\n);");
        return sb.toString();
    }

    /** Whether a keys type is shown as PRI (unique) in MySQL-style metadata. */
    public static boolean uniqueKeys(KeysType k)
    {
        return k == KeysType.PRIMARY_KEYS || k == KeysType.UNIQUE_KEYS;
    }

    private static String quoted(List<String> names)
    {
        List<String> q = new ArrayList<>();
        for (String n : names) {
            q.add("`" + n + "`");
        }
        return String.join(", ", q);
    }

    static String escape(String s)
    {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
