package io.starling.bench;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One benchmark table: its columns with StarRocks types, the duplicate/distribution key and the bucket count. Emits
 * the StarRocks DDL Starling runs and the DuckDB DDL of the same table (DuckDB has no CHAR padding, no bucket
 * clause; both sides read the same '|'-separated file).
 *
 * @param key     the first column(s) of the sort key, also the hash distribution column
 * @param buckets buckets of DISTRIBUTED BY HASH
 */
record TableDef(String name, List<Column> columns, String key, int buckets)
{
    /** A column with its StarRocks type spelling, e.g. {@code decimal(15, 2)}, {@code char(25)}, {@code date}. */
    record Column(String name, String type)
    {
        /** The DuckDB spelling: CHAR/VARCHAR lengths dropped (DuckDB ignores them), the rest is shared. */
        String duckDbType()
        {
            String t = type.toLowerCase(Locale.ROOT);
            if (t.startsWith("char") || t.startsWith("varchar")) {
                return "varchar";
            }
            return t;
        }

        boolean isQuoted()
        {
            String t = type.toLowerCase(Locale.ROOT);
            return t.startsWith("char") || t.startsWith("varchar") || t.equals("date") || t.equals("datetime");
        }
    }

    /** Parses {@code "a int, b decimal(15,2), c varchar(10)"}. Commas inside parentheses do not split. */
    static TableDef of(String name, String key, int buckets, String spec)
    {
        List<Column> cols = new java.util.ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= spec.length(); i++) {
            char c = i < spec.length() ? spec.charAt(i) : ',';
            if (c == '(') {
                depth++;
            }
            else if (c == ')') {
                depth--;
            }
            else if (c == ',' && depth == 0) {
                String part = spec.substring(start, i).trim();
                int sp = part.indexOf(' ');
                cols.add(new Column(part.substring(0, sp), part.substring(sp + 1).trim()));
                start = i + 1;
            }
        }
        return new TableDef(name, List.copyOf(cols), key, buckets);
    }

    String starRocksDdl()
    {
        return "CREATE TABLE " + name + " (\n"
                + columns.stream().map(c -> "  `" + c.name() + "` " + c.type() + " NOT NULL")
                        .collect(Collectors.joining(",\n"))
                + "\n) ENGINE=OLAP\nDUPLICATE KEY(`" + key + "`)\nDISTRIBUTED BY HASH(`" + key + "`) BUCKETS " + buckets
                + "\nPROPERTIES (\"replication_num\" = \"1\")";
    }

    String duckDbDdl()
    {
        return "CREATE TABLE " + name + " ("
                + columns.stream().map(c -> c.name() + " " + c.duckDbType() + " NOT NULL")
                        .collect(Collectors.joining(", "))
                + ")";
    }
}
