package io.starling.fe.qe.exec;

import io.starling.fe.catalog.Catalog;
import io.starling.fe.catalog.Column;
import io.starling.fe.catalog.View;
import io.starling.fe.meta.ShowStatements;
import io.starling.fe.meta.ViewMeta;
import io.starling.fe.parser.ParseTrees;
import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.QueryResult;
import io.starling.fe.qe.ResultColumn;
import io.starling.fe.qe.Session;
import io.starling.fe.qe.SqlError;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CREATE [OR REPLACE] VIEW, ALTER VIEW, DROP VIEW and the view side of SHOW CREATE TABLE|VIEW, DESC and SHOW
 * COLUMNS. The query is planned once at definition time, with the view's database as the default database (the
 * same rule the planner applies when it expands the view later), to validate it and to derive the column names
 * and types that metadata statements report; the catalog stores the query text as written.
 */
final class ViewExecutor
{
    /** MySQL's ER_VIEW_WRONG_LIST: the column list and the query disagree in width. */
    static final int VIEW_WRONG_LIST = 1353;

    private final Catalog catalog;
    private final QueryPlanning planning;

    ViewExecutor(Catalog catalog, QueryPlanning planning)
    {
        this.catalog = catalog;
        this.planning = planning;
    }

    QueryResult create(Session session, StarRocksParser.CreateViewStatementContext c) throws SqlError
    {
        List<String> n = ParseTrees.qualifiedName(c.name);
        String db = StarlingStatementExecutor.dbOf(session, n);
        View v = define(session, db, n.get(n.size() - 1), c.viewColumn(), c.queryStatement(),
                c.commentClause() == null ? "" : ParseTrees.string(c.commentClause().string()));
        catalog.putView(v, c.OR() != null, c.ifNotExists() != null, false);
        return QueryResult.Ok.EMPTY;
    }

    QueryResult alter(Session session, StarRocksParser.AlterViewStatementContext a) throws SqlError
    {
        List<String> n = ParseTrees.qualifiedName(a.name);
        String db = StarlingStatementExecutor.dbOf(session, n);
        String name = n.get(n.size() - 1);
        View old = catalog.getView(db, name);
        View v = define(session, db, name, a.viewColumn(), a.queryStatement(), old == null ? "" : old.comment());
        catalog.putView(v, true, false, true);
        return QueryResult.Ok.EMPTY;
    }

    QueryResult drop(Session session, StarRocksParser.DropViewStatementContext d) throws SqlError
    {
        List<String> n = ParseTrees.qualifiedName(d.name);
        catalog.dropView(StarlingStatementExecutor.dbOf(session, n), n.get(n.size() - 1), d.ifExists() != null);
        return QueryResult.Ok.EMPTY;
    }

    /** The view a [db.]name denotes, or null when it names no view (a table, or nothing). */
    View find(Session session, StarRocksParser.QualifiedNameContext name, StarRocksParser.QualifiedNameContext db)
            throws SqlError
    {
        List<String> n = ParseTrees.qualifiedName(name);
        String dbName;
        if (db != null) {
            List<String> d = ParseTrees.qualifiedName(db);
            dbName = d.get(d.size() - 1);
        }
        else if (n.size() > 1) {
            dbName = n.get(n.size() - 2);
        }
        else if (session.currentDb().isEmpty()) {
            return null;   // the table path reports 1046
        }
        else {
            dbName = session.currentDb();
        }
        return catalog.getView(dbName, n.get(n.size() - 1));
    }

    static QueryResult showCreate(View v)
    {
        return ShowStatements.rows(ViewMeta.SHOW_CREATE_COLUMNS, ViewMeta.showCreate(v));
    }

    static QueryResult describe(View v)
    {
        return ShowStatements.rows(ShowStatements.DESCRIBE_COLUMNS, ViewMeta.describe(v));
    }

    // ---- internals ----

    private View define(Session session, String db, String name, List<StarRocksParser.ViewColumnContext> cols,
            StarRocksParser.QueryStatementContext query, String comment) throws SqlError
    {
        if (catalog.getDatabase(db) == null) {
            throw new SqlError(ErrorCode.BAD_DB, db);
        }
        List<ResultColumn> out = planInDatabase(session, db, query);
        List<Column> columns = new ArrayList<>();
        boolean explicit = cols != null && !cols.isEmpty();
        if (explicit && cols.size() != out.size()) {
            throw new SqlError(VIEW_WRONG_LIST, "HY000", "In definition of view, derived table or common table "
                    + "expression, SELECT list and column names list have different column counts");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < out.size(); i++) {
            ResultColumn rc = out.get(i);
            String colName = explicit ? ParseTrees.identifier(cols.get(i).identifier()) : rc.name();
            String colComment = explicit && cols.get(i).commentClause() != null
                    ? ParseTrees.string(cols.get(i).commentClause().string()) : "";
            if (!seen.add(colName.toLowerCase(Locale.ROOT))) {
                throw new SqlError(ErrorCode.DUP_FIELD, colName);
            }
            columns.add(new Column(colName, rc.type(), rc.nullable(), false, null, colComment, null));
        }
        return new View(0, db, name, ParseTrees.originalText(query), columns, explicit, comment, 0);
    }

    /**
     * Plans the query with {@code db} as the current database (how the planner expands the view later), restoring
     * the session's own afterwards.
     */
    private List<ResultColumn> planInDatabase(Session session, String db, StarRocksParser.QueryStatementContext q)
            throws SqlError
    {
        String saved = session.currentDb();
        session.setCurrentDb(db);
        try {
            return planning.plan(q, session).columns();
        }
        finally {
            session.setCurrentDb(saved);
        }
    }
}
