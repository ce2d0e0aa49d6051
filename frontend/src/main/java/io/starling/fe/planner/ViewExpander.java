package io.starling.fe.planner;

import io.starling.fe.catalog.SystemTables;
import io.starling.fe.catalog.View;
import io.starling.fe.parser.SqlParser;
import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.qe.SqlError;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands a view named in FROM into {@code (<view query>) AS alias [(columns)]}: the stored text is parsed again
 * and built by a nested {@link SqlNodeBuilder} whose default database is the view's own, so the view means the same
 * whatever the reader's current database; the tables it reads join the statement's Calcite schema. Errors inside
 * the view (a base table dropped, a column gone) become MySQL's 1356 naming the view, with the cause appended; a
 * view that reaches itself again (through CREATE OR REPLACE) is rejected instead of recursing forever.
 */
final class ViewExpander
{
    /** MySQL's ER_VIEW_INVALID. */
    static final int VIEW_INVALID = 1356;
    /** Nesting depth beyond which expansion stops (a cycle is caught earlier; this bounds pathological chains). */
    static final int MAX_DEPTH = 32;
    private static final SqlParserPos POS = SqlParserPos.ZERO;
    private static final String DEFAULT_CATALOG = "default_catalog";
    /** Views being expanded on this thread (planning of one statement runs on one thread), outermost first. */
    private static final ThreadLocal<Deque<String>> EXPANDING = ThreadLocal.withInitial(ArrayDeque::new);

    private ViewExpander()
    {
    }

    /**
     * {@code [database, name]} of a table or view reference ({@code name}, {@code db.name} or
     * {@code default_catalog.db.name}; the current database for a bare name), or null for any other shape.
     */
    static String[] databaseAndName(PlannerContext ctx, List<String> parts)
    {
        return switch (parts.size()) {
            case 1 -> new String[] {ctx.currentDb(), parts.get(0)};
            case 2 -> new String[] {parts.get(0), parts.get(1)};
            case 3 -> parts.get(0).equalsIgnoreCase(DEFAULT_CATALOG) ? new String[] {parts.get(1), parts.get(2)} : null;
            default -> null;
        };
    }

    /**
     * The expansion of {@code parts} if it names a view (after CTEs, which shadow views), else null.
     *
     * @param alias the FROM alias or null (then the view name is the alias)
     */
    static SqlNode relation(SqlNodeBuilder parent, PlannerContext ctx, List<String> parts, String alias)
            throws SqlError
    {
        if (parts.size() == 1 && parent.isCte(parts.get(0))) {
            return null;
        }
        String[] dbName = databaseAndName(ctx, parts);
        if (dbName == null) {
            return null;
        }
        String db = dbName[0];
        String name = dbName[1];
        if (db.isEmpty() || db.equalsIgnoreCase(SystemTables.DATABASE)) {
            return null;
        }
        View v = ctx.catalog().getView(db, name);
        if (v == null) {
            return null;
        }
        SqlNode query = expand(parent, ctx, v);
        List<SqlNode> operands = new ArrayList<>();
        operands.add(query);
        operands.add(new SqlIdentifier(alias != null ? alias : v.name(), POS));
        if (v.explicitColumns()) {
            for (var c : v.columns()) {
                operands.add(new SqlIdentifier(c.name(), POS));
            }
        }
        return SqlStdOperatorTable.AS.createCall(POS, operands);
    }

    private static SqlNode expand(SqlNodeBuilder parent, PlannerContext ctx, View v) throws SqlError
    {
        String key = v.database() + "." + v.name();
        Deque<String> stack = EXPANDING.get();
        if (stack.contains(key) || stack.size() >= MAX_DEPTH) {
            throw invalid(v, "the view refers to itself (" + String.join(" -> ", stack) + " -> " + key + ")");
        }
        stack.addLast(key);
        try {
            StarRocksParser.QueryStatementContext q = parse(v);
            PlannerContext inner = new PlannerContext(ctx.catalog(), ctx.systemTables(), v.database(), ctx.session(),
                    ctx.queryStartMillis(), ctx.zone());
            SqlNodeBuilder b = new SqlNodeBuilder(inner);
            SqlNode node;
            try {
                node = b.query(q);
            }
            catch (SqlError e) {
                if (e.code() == VIEW_INVALID) {
                    throw e;
                }
                throw invalid(v, e.getMessage());
            }
            for (Map.Entry<String, Map<String, CatalogTable>> db : b.tables().entrySet()) {
                Map<String, CatalogTable> into = parent.tables().computeIfAbsent(db.getKey(), k -> new LinkedHashMap<>());
                db.getValue().forEach(into::putIfAbsent);
            }
            return node;
        }
        finally {
            stack.removeLast();
        }
    }

    private static StarRocksParser.QueryStatementContext parse(View v) throws SqlError
    {
        try {
            if (SqlParser.parseSingle(v.definition()).statement().getChild(0)
                    instanceof StarRocksParser.QueryStatementContext q) {
                return q;
            }
        }
        catch (SqlError e) {
            throw invalid(v, e.getMessage());
        }
        throw invalid(v, "the stored definition is not a query");
    }

    static SqlError invalid(View v, String cause)
    {
        return new SqlError(VIEW_INVALID, "HY000", "View '" + v.database() + "." + v.name() + "' references invalid "
                + "table(s) or column(s) or function(s) or definer/invoker of view lack rights to use them: " + cause);
    }
}
