package io.starling.fe.analysis;

import io.starling.fe.catalog.Column;
import io.starling.fe.catalog.Distribution;
import io.starling.fe.catalog.KeysType;
import io.starling.fe.catalog.LiteralValues;
import io.starling.fe.catalog.PartitionScheme;
import io.starling.fe.catalog.TableDefinition;
import io.starling.fe.parser.ParseTrees;
import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.SqlError;
import io.starling.rpc.proto.Literal;
import io.starling.rpc.proto.PartitionKind;
import io.starling.storage.types.DataType;
import io.starling.storage.types.TypeKind;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a {@code createTableStatement} parse tree into a validated {@link TableDefinition}, with StarRocks' rules
 * and MySQL error codes:
 * <ul>
 *   <li>duplicate column: 1060; unknown column in key / partition / distribution: 1054;</li>
 *   <li>key columns must be the leading columns, in order (all models); without a keys clause the table is
 *       DUPLICATE KEY on StarRocks' default sort key (the first up to 3 columns within 36 bytes, stopping at the
 *       first string column and before a float);</li>
 *   <li>PRIMARY KEY columns are NOT NULL; AGGREGATE KEY value columns need an aggregate type and only they may
 *       have one;</li>
 *   <li>RANGE partitions must be in ascending, non-overlapping order; {@code date_trunc('unit', col)} gives
 *       expression partitioning with no initial partitions; LIST partitioning and multi-column ranges: 1235;</li>
 *   <li>no DISTRIBUTED BY: RANDOM for DUPLICATE KEY tables, HASH(key columns) otherwise; BUCKETS omitted: 0
 *       (the catalog picks its default).</li>
 * </ul>
 * ORDER BY (the sort key, StarRocks 3.3 rules) is kept as a hidden property (TableIndexes#SORT_KEY); INDEX
 * definitions become bitmap indexes (TableIndexes).
 */
public final class CreateTableAnalyzer
{
    /** StarRocks' short-key limits for the default DUPLICATE KEY: at most 3 columns and 36 bytes. */
    static final int DEFAULT_KEY_MAX_COLUMNS = 3;
    static final int DEFAULT_KEY_MAX_BYTES = 36;
    private static final Pattern DATE_TRUNC = Pattern.compile(
            "(?i)\\s*date_trunc\\s*\\(\\s*['\"](\\w+)['\"]\\s*,\\s*`?(\\w+)`?\\s*\\)\\s*");

    /** Result: target database (may be null: current database), the definition and IF NOT EXISTS. */
    public record Result(String database, TableDefinition definition, boolean ifNotExists)
    {
    }

    private CreateTableAnalyzer()
    {
    }

    public static Result analyze(StarRocksParser.CreateTableStatementContext ctx) throws SqlError
    {
        if (ctx.EXTERNAL() != null) {
            throw new SqlError(ErrorCode.NOT_SUPPORTED, "External tables are not supported; use an external catalog");
        }
        List<String> name = ParseTrees.qualifiedName(ctx.name);
        String db = name.size() > 1 ? name.get(name.size() - 2) : null;
        String table = name.get(name.size() - 1);
        if (ctx.engineClause() != null) {
            String engine = ParseTrees.identifier(ctx.engineClause().engine);
            if (!engine.equalsIgnoreCase("olap")) {
                throw new SqlError(ErrorCode.NOT_SUPPORTED, "Unknown table engine '" + engine + "'; only OLAP is supported");
            }
        }
        // Columns.
        List<Column> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (StarRocksParser.TableElementContext el : ctx.tableElement()) {
            if (el.columnDefinition() == null) {
                continue;   // INDEX ... USING BITMAP: kept in the properties below (TableIndexes)
            }
            Column c = column(el.columnDefinition());
            if (!seen.add(c.name().toLowerCase(Locale.ROOT))) {
                throw new SqlError(ErrorCode.DUP_FIELD, c.name());
            }
            columns.add(c);
        }
        if (columns.isEmpty()) {
            throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "A table must have at least one column");
        }
        // Keys.
        KeysType keysType = KeysType.DUP_KEYS;
        List<String> keys;
        if (ctx.keysClause() != null) {
            keysType = switch (ctx.keysClause().keysType.getText().toUpperCase(Locale.ROOT)) {
                case "AGGREGATE" -> KeysType.AGG_KEYS;
                case "UNIQUE" -> KeysType.UNIQUE_KEYS;
                case "PRIMARY" -> KeysType.PRIMARY_KEYS;
                default -> KeysType.DUP_KEYS;
            };
            keys = resolve(identifiers(ctx.keysClause().identifierList()), columns, "key");
            for (int i = 0; i < keys.size(); i++) {
                if (!columns.get(i).name().equals(keys.get(i))) {
                    throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Key columns should be a ordered prefix of the schema. "
                            + "Column '" + keys.get(i) + "' is not at position " + (i + 1));
                }
            }
            if (keys.size() == columns.size() && keysType != KeysType.DUP_KEYS && keysType != KeysType.PRIMARY_KEYS
                    && keysType != KeysType.UNIQUE_KEYS) {
                throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Aggregate table must have at least one value column");
            }
        }
        else {
            keys = defaultDuplicateKey(columns);
        }
        Set<String> keySet = new HashSet<>(keys);
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            boolean isKey = keySet.contains(c.name());
            if (c.aggregation() != null && (isKey || keysType != KeysType.AGG_KEYS)) {
                throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Column '" + c.name() + "' may not have aggregate type "
                        + c.aggregation() + (isKey ? ": it is a key column" : " in a " + keysType.sql() + " table"));
            }
            checkSketchColumn(c, isKey, keysType);
            if (!isKey && keysType == KeysType.AGG_KEYS && c.aggregation() == null) {
                throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Value column '" + c.name()
                        + "' of an AGGREGATE KEY table needs an aggregate type (SUM, MAX, MIN, REPLACE, ...)");
            }
            if ("SUM".equals(c.aggregation()) && !c.type().kind().isNumeric()) {
                throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Invalid aggregate type SUM for column '" + c.name() + "' of type " + c.type().toSql());
            }
            if ("PERCENTILE_UNION".equals(c.aggregation())) {
                throw new SqlError(ErrorCode.NOT_SUPPORTED, "Aggregate type PERCENTILE_UNION is not supported yet");
            }
            boolean nullable = c.nullable() && !(isKey && keysType == KeysType.PRIMARY_KEYS);
            columns.set(i, new Column(c.name(), c.type(), nullable, isKey, c.defaultValue(), c.comment(), c.aggregation()));
        }
        // Partitioning.
        PartitionScheme scheme = PartitionScheme.NONE;
        List<TableDefinition.PartitionDefinition> partitions = new ArrayList<>();
        if (ctx.partitionClause() != null) {
            switch (ctx.partitionClause()) {
                case StarRocksParser.RangePartitionClauseContext r -> {
                    List<String> pcols = resolve(identifiers(r.identifierList()), columns, "partition");
                    if (pcols.size() != 1) {
                        throw new SqlError(ErrorCode.NOT_SUPPORTED, "Multi-column range partitioning is not supported yet");
                    }
                    Column pc = find(columns, pcols.get(0));
                    if (!LiteralValues.isPartitionType(pc.type())) {
                        throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Column '" + pc.name() + "' of type "
                                + pc.type().toSql() + " cannot be a range partition column");
                    }
                    scheme = new PartitionScheme(PartitionKind.PARTITION_RANGE, pc.name(), null);
                    partitions = rangePartitions(r.rangePartitionItem(), pc.type());
                }
                case StarRocksParser.ExpressionPartitionClauseContext e -> {
                    String text = ParseTrees.originalText(e.expression(0));
                    Matcher m = DATE_TRUNC.matcher(text);
                    if (e.expression().size() != 1 || !m.matches()) {
                        throw new SqlError(ErrorCode.NOT_SUPPORTED, "Only PARTITION BY date_trunc('unit', column) "
                                + "expression partitioning is supported, not: " + text);
                    }
                    String unit = m.group(1).toLowerCase(Locale.ROOT);
                    if (!LiteralValues.isTimeUnit(unit)) {
                        throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Unsupported date_trunc unit '" + unit + "'");
                    }
                    Column pc = find(columns, resolve(List.of(m.group(2)), columns, "partition").get(0));
                    if (pc.type().kind() != TypeKind.DATE && pc.type().kind() != TypeKind.DATETIME) {
                        throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "date_trunc partitioning needs a DATE or DATETIME "
                                + "column, '" + pc.name() + "' is " + pc.type().toSql());
                    }
                    scheme = new PartitionScheme(PartitionKind.PARTITION_EXPR_TIME, pc.name(), unit);
                }
                default -> throw new SqlError(ErrorCode.NOT_SUPPORTED, "LIST partitioning is not supported yet");
            }
        }
        // Distribution.
        Distribution distribution;
        if (ctx.distributionClause() instanceof StarRocksParser.HashDistributionContext h) {
            List<String> hcols = resolve(identifiers(h.identifierList()), columns, "distribution");
            if (keysType != KeysType.DUP_KEYS) {
                for (String c : hcols) {
                    if (!keySet.contains(c)) {
                        throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Distribution column[" + c + "] is not key column");
                    }
                }
            }
            distribution = new Distribution(false, hcols, buckets(h.buckets));
        }
        else if (ctx.distributionClause() instanceof StarRocksParser.RandomDistributionContext r) {
            if (keysType != KeysType.DUP_KEYS) {
                throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Random distribution is only supported for DUPLICATE KEY tables");
            }
            distribution = new Distribution(true, List.of(), buckets(r.buckets));
        }
        else {
            distribution = keysType == KeysType.DUP_KEYS ? new Distribution(true, List.of(), 0)
                    : new Distribution(false, List.copyOf(keys), 0);
        }
        Map<String, String> props = properties(ctx.propertiesClause());
        if (ctx.orderByKeys() != null) {
            props = withSortKey(props, resolve(identifiers(ctx.orderByKeys().identifierList()), columns, "order by"), keysType, keySet);
        }
        // storage indexes: bloom filter properties checked, INDEX ... USING BITMAP kept (see TableIndexes)
        props = io.starling.fe.catalog.TableIndexes.checkBloom(props, columns, keysType);
        for (StarRocksParser.TableElementContext el : ctx.tableElement()) {
            StarRocksParser.IndexDefinitionContext ix = el.indexDefinition();
            if (ix != null) {
                List<String> ixCols = new ArrayList<>();
                for (StarRocksParser.IdentifierContext i : ix.identifierList().identifier()) {
                    ixCols.add(ParseTrees.identifier(i));
                }
                props = io.starling.fe.catalog.TableIndexes.withIndex(props, columns, keysType, new io.starling.fe.catalog.TableIndexes.IndexDef(
                        ParseTrees.identifier(ix.name), ixCols, ix.indexType == null ? "BITMAP" : ParseTrees.identifier(ix.indexType),
                        ix.commentClause() == null ? "" : ParseTrees.string(ix.commentClause().string())));
            }
        }
        String comment = ctx.commentClause() == null ? "" : ParseTrees.string(ctx.commentClause().string());
        TableDefinition def = new TableDefinition(table, List.copyOf(columns), keysType, List.copyOf(keys), scheme,
                List.copyOf(partitions), distribution, props, comment);
        return new Result(db, def, ctx.ifNotExists() != null);
    }

    /**
     * Records ORDER BY (the sort key) as the hidden property {@link io.starling.fe.catalog.TableIndexes#SORT_KEY}.
     * StarRocks (3.3+): any columns for DUPLICATE and PRIMARY KEY tables; for AGGREGATE and UNIQUE KEY tables the
     * sort key must consist of exactly the key columns (rows with equal keys are merged in sort order).
     */
    private static Map<String, String> withSortKey(Map<String, String> props, List<String> cols, KeysType keysType, Set<String> keySet)
            throws SqlError
    {
        if (new HashSet<>(cols).size() != cols.size()) {
            throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Duplicate column in ORDER BY " + cols);
        }
        if ((keysType == KeysType.AGG_KEYS || keysType == KeysType.UNIQUE_KEYS) && !new HashSet<>(cols).equals(keySet)) {
            throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "The sort columns of " + (keysType == KeysType.AGG_KEYS ? "an aggregate" : "a unique")
                    + " key table must be the key columns " + keySet + ", got " + cols);
        }
        Map<String, String> out = new LinkedHashMap<>(props);
        out.put(io.starling.fe.catalog.TableIndexes.SORT_KEY, String.join(",", cols));
        return out;
    }

    /** PROPERTIES ("k" = "v", ...) in the order given. */
    public static Map<String, String> properties(StarRocksParser.PropertiesClauseContext p)
    {
        Map<String, String> props = new LinkedHashMap<>();
        if (p != null) {
            for (StarRocksParser.PropertyContext kv : p.property()) {
                String key = kv.key.string() != null ? ParseTrees.string(kv.key.string())
                        : String.join(".", ParseTrees.qualifiedName(kv.key.qualifiedName()));
                props.put(key, ParseTrees.string(kv.value));
            }
        }
        return props;
    }

    /** A column type from the grammar's {@code type} rule (types Starling stores; others: 1235). */
    public static DataType type(StarRocksParser.TypeContext t) throws SqlError
    {
        return switch (t) {
            case StarRocksParser.IntegerTypeContext i -> switch (i.name.getText().toUpperCase(Locale.ROOT)) {
                case "TINYINT" -> DataType.TINYINT;
                case "SMALLINT" -> DataType.SMALLINT;
                case "BIGINT" -> DataType.BIGINT;
                case "LARGEINT" -> DataType.LARGEINT;
                default -> DataType.INT;
            };
            case StarRocksParser.SimpleTypeContext s -> switch (s.name.getText().toUpperCase(Locale.ROOT)) {
                case "BOOLEAN" -> DataType.BOOLEAN;
                case "FLOAT" -> DataType.FLOAT;
                case "DOUBLE" -> DataType.DOUBLE;
                case "DATE" -> DataType.DATE;
                case "DATETIME", "TIMESTAMP" -> DataType.DATETIME;
                case "STRING", "TEXT" -> DataType.STRING;
                case "HLL" -> DataType.HLL;
                case "BITMAP" -> DataType.BITMAP;
                default -> throw new SqlError(ErrorCode.NOT_SUPPORTED, "Column type " + s.getText() + " is not supported yet");
            };
            case StarRocksParser.DecimalTypeContext d -> {
                int p = d.precision == null ? 10 : Integer.parseInt(d.precision.getText());
                int sc = d.scale == null ? 0 : Integer.parseInt(d.scale.getText());
                if (p < 1 || p > DataType.MAX_DECIMAL_PRECISION || sc < 0 || sc > p) {
                    throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Invalid decimal type " + d.getText()
                            + ": precision must be 1..38 and scale 0..precision");
                }
                yield DataType.decimal(p, sc);
            }
            case StarRocksParser.CharTypeContext c -> {
                boolean isChar = !c.name.getText().equalsIgnoreCase("VARCHAR");
                int len = c.length == null ? (isChar ? 1 : 1) : Integer.parseInt(c.length.getText());
                int max = isChar ? 255 : DataType.MAX_VARCHAR_LENGTH;
                if (len < 1 || len > max) {
                    throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Invalid length " + len + " for " + c.name.getText()
                            + " (1.." + max + ")");
                }
                yield isChar ? DataType.chr(len) : DataType.varchar(len);
            }
            default -> throw new SqlError(ErrorCode.NOT_SUPPORTED, "Column type " + t.getText() + " is not supported yet");
        };
    }

    // ---- internals ----

    /**
     * StarRocks' rules for HLL and BITMAP: never key columns; in an Aggregate Key table an HLL column is HLL_UNION
     * and a BITMAP column BITMAP_UNION, and those two aggregate types take only their own type; HLL columns exist
     * only in Aggregate Key tables.
     */
    private static void checkSketchColumn(Column c, boolean isKey, KeysType keysType) throws SqlError
    {
        TypeKind k = c.type().kind();
        String agg = c.aggregation();
        if (agg != null && (agg.equals("HLL_UNION") || agg.equals("BITMAP_UNION"))
                && k != (agg.equals("HLL_UNION") ? TypeKind.HLL : TypeKind.BITMAP)) {
            throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Aggregate type " + agg + " is not compatible with primitive type "
                    + c.type().toSql().toUpperCase(Locale.ROOT) + " of column '" + c.name() + "'");
        }
        if (!k.isSketch()) {
            return;
        }
        String typeName = k.name();
        if (isKey) {
            throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Invalid data type of key column '" + c.name() + "': '" + typeName
                    + "'; " + typeName + " columns can only be value columns");
        }
        if (keysType == KeysType.AGG_KEYS && agg != null && !agg.equals(k == TypeKind.HLL ? "HLL_UNION" : "BITMAP_UNION")) {
            throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Aggregate type " + agg + " is not compatible with primitive type "
                    + typeName + " of column '" + c.name() + "'");
        }
        if (k == TypeKind.HLL && keysType != KeysType.AGG_KEYS) {
            throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "HLL column '" + c.name()
                    + "' is only supported in an AGGREGATE KEY table (with HLL_UNION)");
        }
    }

    private static Column column(StarRocksParser.ColumnDefinitionContext c) throws SqlError
    {
        String name = ParseTrees.identifier(c.name);
        DataType type = type(c.type());
        boolean nullable = c.columnNullable() == null || c.columnNullable().NOT() == null;
        String agg = c.aggregationType() == null ? null : c.aggregationType().getText().toUpperCase(Locale.ROOT);
        String def = null;
        if (c.defaultClause() != null) {
            def = switch (c.defaultClause().defaultValue()) {
                case StarRocksParser.StringDefaultContext s -> ParseTrees.string(s.string());
                case StarRocksParser.NumberDefaultContext n -> n.getText();
                case StarRocksParser.NullDefaultContext n -> null;
                case StarRocksParser.BooleanDefaultContext b -> b.TRUE() != null ? "1" : "0";
                case StarRocksParser.CurrentTimestampDefaultContext t -> "CURRENT_TIMESTAMP";
                case StarRocksParser.ExpressionDefaultContext e -> ParseTrees.originalText(e.expression());
                default -> null;
            };
        }
        String comment = c.commentClause() == null ? "" : ParseTrees.string(c.commentClause().string());
        return new Column(name, type, nullable, c.KEY() != null, def, comment, agg);
    }

    private static List<TableDefinition.PartitionDefinition> rangePartitions(
            List<StarRocksParser.RangePartitionItemContext> items, DataType type) throws SqlError
    {
        List<TableDefinition.PartitionDefinition> out = new ArrayList<>();
        Literal prevUpper = LiteralValues.nullLiteral();
        Set<String> names = new HashSet<>();
        for (StarRocksParser.RangePartitionItemContext item : items) {
            switch (item) {
                case StarRocksParser.LessThanPartitionContext lt -> {
                    Literal upper = lt.MAXVALUE() != null ? LiteralValues.nullLiteral() : bound(lt.upper, type);
                    out.add(new TableDefinition.PartitionDefinition(ParseTrees.identifier(lt.name), prevUpper, upper));
                    prevUpper = upper;
                }
                case StarRocksParser.FixedRangePartitionContext fr -> {
                    Literal lower = bound(fr.lower, type);
                    Literal upper = bound(fr.upper, type);
                    out.add(new TableDefinition.PartitionDefinition(ParseTrees.identifier(fr.name), lower, upper));
                    prevUpper = upper;
                }
                case StarRocksParser.BatchRangePartitionContext b -> {
                    out.addAll(batch(b, type));
                    prevUpper = out.get(out.size() - 1).upper();
                }
                default -> throw new SqlError(ErrorCode.NOT_SUPPORTED, "Unsupported partition item " + item.getText());
            }
        }
        // Validate: each range non-empty, ranges ascending and disjoint, names unique.
        for (int i = 0; i < out.size(); i++) {
            TableDefinition.PartitionDefinition p = out.get(i);
            if (!names.add(p.name())) {
                throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Duplicate partition name " + p.name());
            }
            if (!p.lower().getIsNull() && !p.upper().getIsNull() && LiteralValues.compare(type, p.lower(), p.upper()) >= 0) {
                throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Range of partition " + p.name()
                        + " is empty: partition ranges must be in ascending order");
            }
            if (i > 0) {
                TableDefinition.PartitionDefinition prev = out.get(i - 1);
                boolean ordered = !prev.upper().getIsNull() && !p.lower().getIsNull()
                        && LiteralValues.compare(type, prev.upper(), p.lower()) <= 0;
                if (!ordered) {
                    throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Range of partition " + p.name()
                            + " overlaps with partition " + prev.name() + ": partition ranges must be in ascending order");
                }
            }
        }
        return out;
    }

    private static List<TableDefinition.PartitionDefinition> batch(StarRocksParser.BatchRangePartitionContext b,
            DataType type) throws SqlError
    {
        String every = ParseTrees.originalText(b.every).trim();
        Matcher m = Pattern.compile("(?i)interval\\s+(\\d+)\\s+(\\w+)").matcher(every);
        List<TableDefinition.PartitionDefinition> out = new ArrayList<>();
        Literal start = bound(ParseTrees.string(b.start), type);
        Literal end = bound(ParseTrees.string(b.end), type);
        if (m.matches() && (type.kind() == TypeKind.DATE || type.kind() == TypeKind.DATETIME)) {
            int n = Integer.parseInt(m.group(1));
            String unit = m.group(2).toLowerCase(Locale.ROOT);
            if (!LiteralValues.isTimeUnit(unit) || n < 1) {
                throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Unsupported EVERY " + every);
            }
            long cur = start.getLongValue();
            while (cur < end.getLongValue()) {
                long next = cur;
                for (int i = 0; i < n; i++) {
                    next = LiteralValues.next(type, next, unit);
                }
                next = Math.min(next, end.getLongValue());
                out.add(new TableDefinition.PartitionDefinition(LiteralValues.partitionName(type, cur, unit),
                        LiteralValues.ofLong(cur), LiteralValues.ofLong(next)));
                cur = next;
                if (out.size() > 100_000) {
                    throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Too many partitions from START/END/EVERY");
                }
            }
            return out;
        }
        try {
            long step = Long.parseLong(every);
            for (long cur = start.getLongValue(); cur < end.getLongValue(); cur += step) {
                long next = Math.min(cur + step, end.getLongValue());
                out.add(new TableDefinition.PartitionDefinition("p" + cur, LiteralValues.ofLong(cur), LiteralValues.ofLong(next)));
            }
            return out;
        }
        catch (NumberFormatException e) {
            throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Unsupported EVERY " + every);
        }
    }

    private static Literal bound(StarRocksParser.PartitionValueListContext list, DataType type) throws SqlError
    {
        if (list.partitionValue().size() != 1) {
            throw new SqlError(ErrorCode.NOT_SUPPORTED, "Multi-column partition values are not supported yet");
        }
        StarRocksParser.PartitionValueContext v = list.partitionValue(0);
        if (v.MAXVALUE() != null) {
            return LiteralValues.nullLiteral();
        }
        if (v.NULL() != null) {
            throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "NULL is not a valid range partition bound");
        }
        return bound(v.string() != null ? ParseTrees.string(v.string()) : v.signedNumber().getText(), type);
    }

    private static Literal bound(String text, DataType type) throws SqlError
    {
        try {
            return LiteralValues.parse(type, text);
        }
        catch (IllegalArgumentException e) {
            throw new SqlError(ErrorCode.WRONG_ARGUMENTS, e.getMessage());
        }
    }

    private static List<String> defaultDuplicateKey(List<Column> columns)
    {
        List<String> keys = new ArrayList<>();
        int bytes = 0;
        for (Column c : columns) {
            TypeKind k = c.type().kind();
            if (keys.size() >= DEFAULT_KEY_MAX_COLUMNS || k == TypeKind.FLOAT || k == TypeKind.DOUBLE) {
                break;
            }
            int width = c.type().physical().isFixedWidth() ? c.type().physical().width() : 20;
            if (!keys.isEmpty() && bytes + width > DEFAULT_KEY_MAX_BYTES) {
                break;
            }
            keys.add(c.name());
            bytes += width;
            if (k == TypeKind.VARCHAR || k == TypeKind.CHAR) {
                break;
            }
        }
        if (keys.isEmpty()) {
            keys.add(columns.get(0).name());
        }
        return keys;
    }

    private static List<String> identifiers(StarRocksParser.IdentifierListContext l)
    {
        List<String> out = new ArrayList<>();
        for (StarRocksParser.IdentifierContext i : l.identifier()) {
            out.add(ParseTrees.identifier(i));
        }
        return out;
    }

    /** Maps names to the columns' declared spelling; unknown: 1054 "Unknown column 'x' in 'where'". */
    private static List<String> resolve(List<String> names, List<Column> columns, String where) throws SqlError
    {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            Column c = find(columns, n);
            if (c == null) {
                throw new SqlError(ErrorCode.BAD_FIELD, n, where);
            }
            if (out.contains(c.name())) {
                throw new SqlError(ErrorCode.DUP_FIELD, c.name());
            }
            out.add(c.name());
        }
        return out;
    }

    private static Column find(List<Column> columns, String name)
    {
        for (Column c : columns) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }

    private static int buckets(org.antlr.v4.runtime.Token t) throws SqlError
    {
        if (t == null) {
            return 0;
        }
        int n = Integer.parseInt(t.getText());
        if (n < 1 || n > 1024) {
            throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Number of buckets must be between 1 and 1024, got " + n);
        }
        return n;
    }
}
