package io.starling.fe.load;

import io.starling.fe.catalog.CatalogReader;
import io.starling.fe.catalog.Column;
import io.starling.fe.catalog.Database;
import io.starling.fe.catalog.Distribution;
import io.starling.fe.catalog.KeysType;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.catalog.Partition;
import io.starling.fe.catalog.SinkDescs;
import io.starling.fe.catalog.PartitionScheme;
import io.starling.fe.catalog.SystemTables;
import io.starling.fe.catalog.TypeDescs;
import io.starling.fe.parser.SqlParser;
import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.planner.PlannedQuery;
import io.starling.fe.planner.PlannerContext;
import io.starling.fe.planner.QueryPlanner;
import io.starling.fe.qe.Session;
import io.starling.fe.qe.SessionVariables;
import io.starling.fe.qe.SqlError;
import io.starling.rpc.proto.DataSink;
import io.starling.rpc.proto.OlapScanNode;
import io.starling.rpc.proto.OlapTableSink;
import io.starling.rpc.proto.PlanFragment;
import io.starling.rpc.proto.PlanNode;
import io.starling.rpc.proto.QueryOptions;
import io.starling.rpc.proto.StreamLoadPlan;
import io.starling.rpc.proto.StreamSourceColumn;
import io.starling.storage.types.DataType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Plans one Stream Load (StarRocks: StreamLoadPlanner). The load's source rows become a transient table whose
 * columns are the file's fields ({@link SourceCatalog}); the {@code columns} mapping, derived expressions, column
 * defaults, casts to the table's types and the {@code where} filter are written as one SQL query over it:
 *
 * <pre>
 * SELECT * FROM (SELECT CAST(expr_1 AS type_1) AS `c1`, ... FROM `db`.`source`) t WHERE &lt;where&gt;
 * </pre>
 *
 * and planned by the ordinary {@link QueryPlanner}, so a load evaluates expressions exactly as a query would.
 * Casts are lenient (a value that does not convert becomes NULL, StarRocks' non-strict mode); the table sink then
 * rejects NULLs in NOT NULL columns. A source field that fills a table column of the same name and feeds no
 * expression is typed as that column, so the BE parses it straight into the column's form instead of going through
 * VARCHAR and a cast.
 */
public final class StreamLoadPlanner
{
    /** Options a load was asked for, already validated. */
    public record Options(String format, String columns, String where, List<String> jsonPaths,
            List<String> partitions, double maxFilterRatio, boolean strictMode, int timeoutSeconds,
            boolean partialUpdate, String mergeCondition)
    {
        public Options(String format, String columns, String where, List<String> jsonPaths, List<String> partitions,
                double maxFilterRatio, boolean strictMode, int timeoutSeconds)
        {
            this(format, columns, where, jsonPaths, partitions, maxFilterRatio, strictMode, timeoutSeconds, false, null);
        }
    }

    /** VARCHAR length of untyped source fields: StarRocks' default string length. */
    private static final DataType SOURCE_TEXT = DataType.varchar(DataType.STRING_LENGTH);

    private final QueryPlanner planner = new QueryPlanner();
    private final CatalogReader catalog;
    private final SystemTables systemTables;

    public StreamLoadPlanner(CatalogReader catalog, SystemTables systemTables)
    {
        this.catalog = catalog;
        this.systemTables = systemTables;
    }

    /**
     * Builds the load's plan for transaction {@code txnId}.
     *
     * @throws SqlError or IllegalArgumentException with a message for the user (unknown column, bad expression)
     */
    public StreamLoadPlan plan(Database db, OlapTable table, long txnId, String label, Options o) throws SqlError
    {
        ColumnMapping mapping = o.columns() == null || o.columns().isBlank()
                ? new ColumnMapping(defaultSources(table, o), List.of()) : ColumnMapping.parse(o.columns());
        String opExpr = OpColumn.expression(table, mapping);
        // partial_update / merge_condition errors first, before a missing column's default is looked for
        PartialUpdates.apply(table, mapping, o, OlapTableSink.newBuilder());
        for (ColumnMapping.Derived d : mapping.derived()) {
            if (table.columnIndex(d.column()) < 0 && !OpColumn.isOp(d.column())) {
                throw new IllegalArgumentException("Unknown column '" + d.column() + "' in columns: table "
                        + table.name() + " has no such column");
            }
        }
        if (o.jsonPaths() != null && !o.jsonPaths().isEmpty() && o.jsonPaths().size() != mapping.sources().size()) {
            throw new IllegalArgumentException("jsonpaths has " + o.jsonPaths().size() + " entries but the load has "
                    + mapping.sources().size() + " source columns (" + String.join(",", mapping.sources()) + ")");
        }
        // source columns with their types
        List<Column> sourceColumns = new ArrayList<>();
        List<StreamSourceColumn> sourceDescs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < mapping.sources().size(); i++) {
            String name = mapping.sources().get(i);
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("Duplicate column '" + name + "' in columns");
            }
            int target = table.columnIndex(name);
            boolean direct = target >= 0 && mapping.derivedFor(name) == null && !mapping.referencedByExpression(name);
            DataType type = direct ? table.columns().get(target).type() : SOURCE_TEXT;
            sourceColumns.add(new Column(name, type, true, false, null, null, null));
            StreamSourceColumn.Builder sc = StreamSourceColumn.newBuilder().setName(name).setType(TypeDescs.of(type));
            if (o.jsonPaths() != null && !o.jsonPaths().isEmpty()) {
                sc.setJsonPath(o.jsonPaths().get(i));
            }
            sourceDescs.add(sc.build());
        }
        String sql = sql(db.name(), table, mapping, o.where(), opExpr);
        OlapTable source = new OlapTable(SourceCatalog.SOURCE_TABLE_ID, SourceCatalog.SOURCE_TABLE, sourceColumns, KeysType.DUP_KEYS,
                List.of(), PartitionScheme.NONE, List.of(), new Distribution(true, List.of(), 1), Map.of(), "", 0);
        CatalogReader overlay = new SourceCatalog(catalog, db.name(), source);
        Session session = new Session(0, "root", "stream_load", new SessionVariables());
        PlannerContext ctx = new PlannerContext(overlay, systemTables, db.name(), session, System.currentTimeMillis(),
                null);
        StarRocksParser.SingleStatementContext stmt = SqlParser.parseSingle(sql);
        PlannedQuery planned = planner.plan(stmt.statement().queryStatement(), ctx);
        PlanNode root = planned.root();
        if (root.getOutputTypesCount() != table.columns().size() + (opExpr == null ? 0 : 1)) {
            throw new IllegalStateException("stream load plan produces " + root.getOutputTypesCount()
                    + " columns, table has " + table.columns().size());
        }
        PlanNode scan = findSource(root);
        if (scan == null) {
            throw new IllegalArgumentException("The load reads no source column: every table column is a constant");
        }
        // mark the source columns the plan reads; the parser skips the others
        boolean[] used = new boolean[sourceDescs.size()];
        for (var c : scan.getOlapScan().getColumnsList()) {
            used[c.getTableColumnIndex()] = true;
        }
        List<StreamSourceColumn> finalSources = new ArrayList<>();
        for (int i = 0; i < sourceDescs.size(); i++) {
            finalSources.add(sourceDescs.get(i).toBuilder().setUsed(used[i]).build());
        }
        PlanFragment fragment = PlanFragment.newBuilder().setQueryId(label).setFragmentId(0).setRoot(root)
                .setSink(DataSink.newBuilder().setOlapTable(PartialUpdates.apply(table, mapping, o,
                        sink(db, table, txnId, o.partitions()).toBuilder().setHasOpColumn(opExpr != null))))
                .setOptions(QueryOptions.newBuilder().setTimeoutSeconds(o.timeoutSeconds())).build();
        return StreamLoadPlan.newBuilder().setTxnId(txnId).setLabel(label).setDb(db.name()).setTable(table.name())
                .setFragment(fragment).setSourceNodeId(scan.getId()).addAllSourceColumns(finalSources)
                .setMaxFilterRatio(o.maxFilterRatio()).setStrictMode(o.strictMode())
                .setTimeoutSeconds(o.timeoutSeconds()).build();
    }

    /** Without a columns header: CSV fields and jsonpaths entries are the table's columns in order; JSON keys too. */
    private static List<String> defaultSources(OlapTable table, Options o)
    {
        List<String> names = new ArrayList<>();
        int n = o.jsonPaths() != null && !o.jsonPaths().isEmpty() ? Math.min(o.jsonPaths().size(), table.columns().size())
                : table.columns().size();
        for (int i = 0; i < n; i++) {
            names.add(table.columns().get(i).name());
        }
        return names;
    }

    /** The SQL text of the load's transformation (see the class comment). */
    static String sql(String db, OlapTable table, ColumnMapping mapping, String where)
    {
        return sql(db, table, mapping, where, null);
    }

    /** As {@link #sql(String, OlapTable, ColumnMapping, String)}, plus a last column `__op` = {@code opExpr} if not null. */
    static String sql(String db, OlapTable table, ColumnMapping mapping, String where, String opExpr)
    {
        StringBuilder inner = new StringBuilder("SELECT ");
        for (int c = 0; c < table.columns().size(); c++) {
            Column col = table.columns().get(c);
            inner.append(c == 0 ? "" : ", ").append(valueOf(col, mapping, opExpr != null)).append(" AS ").append(quote(col.name()));
        }
        if (opExpr != null) {
            inner.append(", ").append(opExpr).append(" AS ").append(quote(OpColumn.NAME));
        }
        inner.append(" FROM ").append(quote(db)).append('.').append(quote(SourceCatalog.SOURCE_TABLE));
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int c = 0; c < table.columns().size(); c++) {
            sql.append(c == 0 ? "" : ", ").append("`__t`.").append(quote(table.columns().get(c).name()));
        }
        if (opExpr != null) {
            sql.append(", `__t`.").append(quote(OpColumn.NAME));
        }
        sql.append(" FROM (").append(inner).append(") `__t`");
        if (where != null && !where.isBlank()) {
            sql.append(" WHERE ").append(where);
        }
        return sql.toString();
    }

    /**
     * With an {@code __op} column a NOT NULL column may be missing (a delete needs only the key): it reads NULL, and
     * the sink rejects upsert rows that leave it NULL.
     */
    private static String valueOf(Column col, ColumnMapping mapping, boolean hasOp)
    {
        ColumnMapping.Derived d = mapping.derivedFor(col.name());
        if (d != null) {
            return "CAST((" + d.expression() + ") AS " + castType(col.type()) + ")";
        }
        for (String s : mapping.sources()) {
            if (s.equalsIgnoreCase(col.name())) {
                return mapping.referencedByExpression(s) ? "CAST(" + quote(s) + " AS " + castType(col.type()) + ")"
                        : quote(s);
            }
        }
        if (col.defaultValue() != null) {
            if (col.defaultValue().equalsIgnoreCase("CURRENT_TIMESTAMP")) {
                return "CAST(NOW() AS " + castType(col.type()) + ")";
            }
            return "CAST('" + col.defaultValue().replace("\\", "\\\\").replace("'", "\\'") + "' AS "
                    + castType(col.type()) + ")";
        }
        if (!col.nullable() && !hasOp) {
            throw new IllegalArgumentException("Column has no default value. column: " + col.name()
                    + " (it is NOT NULL and not in the load's columns)");
        }
        return "CAST(NULL AS " + castType(col.type()) + ")";
    }

    /** The type as CAST spells it. */
    static String castType(DataType t)
    {
        return switch (t.kind()) {
            case DECIMAL -> "DECIMAL(" + t.precision() + ", " + t.scale() + ")";
            case VARCHAR -> "VARCHAR(" + (t.length() > 0 ? t.length() : DataType.STRING_LENGTH) + ")";
            case CHAR -> "CHAR(" + Math.max(1, t.length()) + ")";
            case NULL -> "VARCHAR(1)";
            default -> t.kind().name();
        };
    }

    static String quote(String name)
    {
        return "`" + name.replace("`", "``") + "`";
    }

    /** The OlapScanNode of the source table, or null if the plan does not read it. */
    private static PlanNode findSource(PlanNode n)
    {
        return switch (n.getNodeCase()) {
            case OLAP_SCAN -> n.getOlapScan().getTableId() == SourceCatalog.SOURCE_TABLE_ID ? n : null;
            case FILTER -> findSource(n.getFilter().getInput());
            case PROJECT -> findSource(n.getProject().getInput());
            case LIMIT -> findSource(n.getLimit().getInput());
            default -> null;
        };
    }

    /** The table sink: schema, target partitions with their tablets, distribution; filtering decided by the BE. */
    static OlapTableSink sink(Database db, OlapTable t, long txnId, List<String> partitions)
    {
        List<Partition> target = t.partitions().stream().filter(p -> partitions == null || partitions.isEmpty()
                || partitions.stream().anyMatch(n -> n.equalsIgnoreCase(p.name()))).toList();
        // 1.0: the sink never fails the load itself; the BE adds its parse rejects and applies max_filter_ratio
        return SinkDescs.sink(db, t, txnId, target).setMaxFilterRatio(1.0).build();
    }

    /** The scan node of the plan's source, for tests. */
    static OlapScanNode sourceScan(StreamLoadPlan plan)
    {
        PlanNode n = findSource(plan.getFragment().getRoot());
        return n == null ? null : n.getOlapScan();
    }
}
