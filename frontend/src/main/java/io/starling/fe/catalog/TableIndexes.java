package io.starling.fe.catalog;

import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.SqlError;
import io.starling.rpc.proto.TableIndexSpec;
import io.starling.storage.types.TypeKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The storage indexes of a table, kept in its properties so that every copy of the (immutable) {@link OlapTable}
 * carries them and the journal needs nothing new beyond the property change:
 * <ul>
 *   <li>{@code bloom_filter_columns} / {@code bloom_filter_fpp}: StarRocks' own properties, shown by SHOW CREATE TABLE;
 *   <li>bitmap indexes: one hidden property {@code __index.<name>} = {@code BITMAP<TAB>column<TAB>comment} each, in
 *       creation order (hidden: {@link #isHidden}), shown as {@code INDEX} clauses and by SHOW INDEX.
 * </ul>
 * Validation follows StarRocks: bloom filters on SMALLINT/INT/BIGINT/LARGEINT, CHAR/VARCHAR/STRING, DATE/DATETIME
 * (and DECIMAL, which Starling stores as integers); on Aggregate/Unique tables only key columns; fpp in (0.0001, 0.05].
 */
public final class TableIndexes
{
    public static final String BLOOM_COLUMNS = "bloom_filter_columns";
    public static final String BLOOM_FPP = "bloom_filter_fpp";
    static final String INDEX_PREFIX = "__index.";
    /** Hidden property holding CREATE TABLE's ORDER BY columns, comma-separated (absent: the key columns). */
    public static final String SORT_KEY = "__sort_key";

    /** An index definition. */
    public record IndexDef(String name, List<String> columns, String type, String comment)
    {
    }

    private TableIndexes()
    {
    }

    /** Properties Starling keeps for itself: not printed by SHOW CREATE TABLE. */
    public static boolean isHidden(String property)
    {
        return property.startsWith(INDEX_PREFIX) || property.equals(SORT_KEY);
    }

    /** The sort key's column names in order: ORDER BY when given, else the key columns. */
    public static List<String> sortKey(OlapTable t)
    {
        String v = t.properties().get(SORT_KEY);
        if (v == null || v.isBlank()) {
            return t.keyColumns();
        }
        return List.of(v.split(","));
    }

    /** Bitmap indexes in creation order. */
    public static List<IndexDef> indexes(Map<String, String> properties)
    {
        List<IndexDef> out = new ArrayList<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getKey().startsWith(INDEX_PREFIX)) {
                String[] f = e.getValue().split("\t", -1);
                out.add(new IndexDef(e.getKey().substring(INDEX_PREFIX.length()), List.of(f[1].split(",")), f[0], f.length > 2 ? f[2] : ""));
            }
        }
        return out;
    }

    public static IndexDef index(Map<String, String> properties, String name)
    {
        for (IndexDef d : indexes(properties)) {
            if (d.name().equalsIgnoreCase(name)) {
                return d;
            }
        }
        return null;
    }

    /** Properties with one more bitmap index, after checking it against the table. */
    public static Map<String, String> withIndex(Map<String, String> properties, List<Column> columns, KeysType keys, IndexDef def) throws SqlError
    {
        if (!def.type().equalsIgnoreCase("BITMAP")) {
            throw new SqlError(ErrorCode.NOT_SUPPORTED, "Index type " + def.type() + " is not supported; only BITMAP indexes are");
        }
        if (index(properties, def.name()) != null) {
            throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Duplicate index name '" + def.name() + "'");
        }
        if (def.columns().size() != 1) {
            throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "A bitmap index covers exactly one column");
        }
        Column c = column(columns, def.columns().getFirst());
        TypeKind k = c.type().kind();
        if (k == TypeKind.FLOAT || k == TypeKind.DOUBLE) {
            throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Bitmap index is not supported on column '" + c.name() + "' of type " + c.type().toSql());
        }
        if ((keys == KeysType.AGG_KEYS || keys == KeysType.UNIQUE_KEYS) && !c.isKey()) {
            throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Bitmap index can only be created on key columns of an " + keys.sql() + " table: '" + c.name() + "'");
        }
        for (IndexDef d : indexes(properties)) {
            if (d.columns().getFirst().equalsIgnoreCase(c.name())) {
                throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Column '" + c.name() + "' already has index '" + d.name() + "'");
            }
        }
        Map<String, String> out = new LinkedHashMap<>(properties);
        out.put(INDEX_PREFIX + def.name(), "BITMAP\t" + c.name() + "\t" + (def.comment() == null ? "" : def.comment().replace('\t', ' ')));
        return out;
    }

    public static Map<String, String> withoutIndex(Map<String, String> properties, String name) throws SqlError
    {
        IndexDef d = index(properties, name);
        if (d == null) {
            throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Index '" + name + "' does not exist");
        }
        Map<String, String> out = new LinkedHashMap<>(properties);
        out.remove(INDEX_PREFIX + d.name());
        return out;
    }

    /**
     * Checks {@code bloom_filter_columns} and {@code bloom_filter_fpp} of a property map (CREATE TABLE or ALTER
     * TABLE SET); normalizes the column list to the declared names.
     */
    public static Map<String, String> checkBloom(Map<String, String> properties, List<Column> columns, KeysType keys) throws SqlError
    {
        Map<String, String> out = new LinkedHashMap<>(properties);
        String cols = properties.get(BLOOM_COLUMNS);
        if (cols != null) {
            List<String> names = new ArrayList<>();
            for (String raw : cols.split(",")) {
                String n = raw.trim();
                if (n.isEmpty()) {
                    continue;
                }
                Column c = column(columns, n);
                if (!bloomType(c.type().kind())) {
                    throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Invalid bloom filter column '" + c.name() + "': unsupported type " + c.type().toSql());
                }
                if ((keys == KeysType.AGG_KEYS || keys == KeysType.UNIQUE_KEYS) && !c.isKey()) {
                    throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Bloom filter index should only be used in columns of UNIQUE_KEYS/DUP_KEYS table or key columns of AGG_KEYS table. invalid column: " + c.name());
                }
                if (names.stream().anyMatch(x -> x.equalsIgnoreCase(c.name()))) {
                    throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Duplicate bloom filter column: " + c.name());
                }
                names.add(c.name());
            }
            if (names.isEmpty()) {
                out.remove(BLOOM_COLUMNS);
            }
            else {
                out.put(BLOOM_COLUMNS, String.join(", ", names));
            }
        }
        String fpp = properties.get(BLOOM_FPP);
        if (fpp != null) {
            double v;
            try {
                v = Double.parseDouble(fpp.trim());
            }
            catch (NumberFormatException e) {
                throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Bloom filter fpp is not a number: " + fpp);
            }
            if (!(v >= 0.0001 && v <= 0.05)) {
                throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Bloom filter fpp should in [0.0001, 0.05]");
            }
        }
        return out;
    }

    private static boolean bloomType(TypeKind k)
    {
        return Set.of(TypeKind.SMALLINT, TypeKind.INT, TypeKind.BIGINT, TypeKind.LARGEINT, TypeKind.CHAR, TypeKind.VARCHAR,
                TypeKind.DATE, TypeKind.DATETIME, TypeKind.DECIMAL).contains(k);
    }

    private static Column column(List<Column> columns, String name) throws SqlError
    {
        for (Column c : columns) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new SqlError(ErrorCode.BAD_FIELD, name, "index definition");
    }

    /** The plan's description of the table's indexes, sent with every scan and load. */
    public static TableIndexSpec spec(OlapTable t)
    {
        TableIndexSpec.Builder b = TableIndexSpec.newBuilder();
        // the short key covers the sort key when it is a prefix of the schema (StarRocks' DUPLICATE/AGGREGATE/UNIQUE)
        List<String> sortKey = sortKey(t);
        int prefix = 0;
        while (prefix < sortKey.size() && prefix < t.columns().size()
                && t.columns().get(prefix).name().equalsIgnoreCase(sortKey.get(prefix))) {
            prefix++;
        }
        b.setSortKeyColumns(prefix == sortKey.size() ? prefix : 0);
        String cols = t.properties().get(BLOOM_COLUMNS);
        if (cols != null) {
            for (String n : cols.split(",")) {
                int i = t.columnIndex(n.trim());
                if (i >= 0) {
                    b.addBloomFilterColumns(i);
                }
            }
        }
        String fpp = t.properties().get(BLOOM_FPP);
        if (fpp != null) {
            try {
                b.setBloomFilterFpp(Double.parseDouble(fpp.trim()));
            }
            catch (NumberFormatException ignored) {
                // validated at DDL time; a bad value falls back to the default
            }
        }
        for (IndexDef d : indexes(t.properties())) {
            int i = t.columnIndex(d.columns().getFirst());
            if (i >= 0) {
                b.addBitmapIndexColumns(i);
            }
        }
        return b.build();
    }

    /** Lower-case type name of an index for display. */
    static String display(String type)
    {
        return type.toUpperCase(Locale.ROOT);
    }
}
