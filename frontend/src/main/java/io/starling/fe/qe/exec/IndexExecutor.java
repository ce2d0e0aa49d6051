package io.starling.fe.qe.exec;

import io.starling.fe.catalog.Catalog;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.catalog.TableIndexes;
import io.starling.fe.parser.ParseTrees;
import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.QueryResult;
import io.starling.fe.qe.Session;
import io.starling.fe.qe.SqlError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Index DDL: {@code CREATE INDEX idx ON t (c) USING BITMAP [COMMENT '..']}, {@code DROP INDEX idx ON t}, and the
 * ALTER TABLE clauses {@code ADD INDEX}, {@code DROP INDEX}, {@code SET ("bloom_filter_columns" = "..",
 * "bloom_filter_fpp" = "..")}. The definitions live in the table's properties ({@link TableIndexes}), changed by one
 * journaled {@link Catalog#alterTableProperties}; the BE learns them from the next scan or load of the table (the
 * plan carries them), stores them per tablet and builds bitmap indexes for existing segments in the background. To
 * start that build at once, the DDL ends with an internal scan of the table (best effort; a failure only delays the
 * build to the next query).
 */
final class IndexExecutor
{
    private static final Logger LOG = LoggerFactory.getLogger(IndexExecutor.class);

    /** Runs a statement for the session (the statement executor itself). */
    @FunctionalInterface
    interface StatementRunner
    {
        QueryResult run(Session session, String sql) throws SqlError;
    }

    private final Catalog catalog;
    private final StatementRunner runner;

    IndexExecutor(Catalog catalog, StatementRunner runner)
    {
        this.catalog = catalog;
        this.runner = runner;
    }

    QueryResult createIndex(Session session, StarRocksParser.CreateIndexStatementContext c) throws SqlError
    {
        TableIndexes.IndexDef def = def(c.name, c.identifierList(), c.indexType, c.commentClause());
        List<String> n = ParseTrees.qualifiedName(c.table);
        change(session, n, t -> TableIndexes.withIndex(t.properties(), t.columns(), t.keysType(), def));
        return QueryResult.Ok.EMPTY;
    }

    QueryResult dropIndex(Session session, StarRocksParser.DropIndexStatementContext d) throws SqlError
    {
        String name = ParseTrees.identifier(d.name);
        change(session, ParseTrees.qualifiedName(d.table), t -> TableIndexes.withoutIndex(t.properties(), name));
        return QueryResult.Ok.EMPTY;
    }

    /** ALTER TABLE with index and bloom filter clauses; other clauses are not supported yet (1235). */
    QueryResult alterTable(Session session, StarRocksParser.AlterTableStatementContext a) throws SqlError
    {
        List<String> n = ParseTrees.qualifiedName(a.name);
        for (StarRocksParser.AlterClauseContext clause : a.alterClause()) {
            if (!(clause instanceof StarRocksParser.AddIndexClauseContext || clause instanceof StarRocksParser.DropIndexClauseContext
                    || clause instanceof StarRocksParser.SetPropertiesClauseContext)) {
                throw new SqlError(ErrorCode.NOT_SUPPORTED, "ALTER TABLE " + clause.getStart().getText().toUpperCase(Locale.ROOT)
                        + " ... is not supported yet (supported: ADD INDEX, DROP INDEX, SET bloom_filter_columns / bloom_filter_fpp)");
            }
        }
        change(session, n, t -> {
            Map<String, String> props = new LinkedHashMap<>(t.properties());
            for (StarRocksParser.AlterClauseContext clause : a.alterClause()) {
                switch (clause) {
                    case StarRocksParser.AddIndexClauseContext ai -> props = TableIndexes.withIndex(props, t.columns(), t.keysType(),
                            def(ai.name, ai.identifierList(), ai.indexType, ai.commentClause()));
                    case StarRocksParser.DropIndexClauseContext di -> props = TableIndexes.withoutIndex(props, ParseTrees.identifier(di.name));
                    case StarRocksParser.SetPropertiesClauseContext sp -> props = setProperties(props, sp, t);
                    default -> throw new AssertionError(clause);
                }
            }
            return props;
        });
        return QueryResult.Ok.EMPTY;
    }

    private static Map<String, String> setProperties(Map<String, String> props, StarRocksParser.SetPropertiesClauseContext sp, OlapTable t)
            throws SqlError
    {
        Map<String, String> given = new LinkedHashMap<>();
        for (StarRocksParser.PropertyContext kv : sp.property()) {
            String key = kv.key.string() != null ? ParseTrees.string(kv.key.string())
                    : String.join(".", ParseTrees.qualifiedName(kv.key.qualifiedName()));
            if (key.equalsIgnoreCase(io.starling.fe.catalog.PrimaryIndexProperty.KEY)) {
                given.put(io.starling.fe.catalog.PrimaryIndexProperty.KEY,
                        io.starling.fe.catalog.PrimaryIndexProperty.check(ParseTrees.string(kv.value)));
                continue;
            }
            if (!key.equalsIgnoreCase(TableIndexes.BLOOM_COLUMNS) && !key.equalsIgnoreCase(TableIndexes.BLOOM_FPP)) {
                throw new SqlError(ErrorCode.NOT_SUPPORTED, "ALTER TABLE SET (\"" + key + "\") is not supported yet");
            }
            given.put(key.toLowerCase(Locale.ROOT), ParseTrees.string(kv.value));
        }
        Map<String, String> out = new LinkedHashMap<>(props);
        out.putAll(given);
        return TableIndexes.checkBloom(out, t.columns(), t.keysType());
    }

    private void change(Session session, List<String> name, Catalog.PropertyChange change) throws SqlError
    {
        String db = StarlingStatementExecutor.dbOf(session, name);
        String table = name.get(name.size() - 1);
        if (catalog.getDatabase(db) == null) {
            throw new SqlError(ErrorCode.BAD_DB, db);
        }
        OlapTable after = catalog.alterTableProperties(db, table, change);
        // idempotent on the BE (a no-op for tablets already of that kind), so a failed earlier call is repaired here
        catalog.backend().setPersistentIndex(io.starling.fe.catalog.PrimaryIndexProperty.tabletIds(after),
                io.starling.fe.catalog.PrimaryIndexProperty.enabled(after));
        syncBackend(session, db, table);
    }

    /** An internal scan so the BE stores the new index spec and starts building bitmap indexes now. */
    private void syncBackend(Session session, String db, String table)
    {
        try {
            runner.run(session, "SELECT COUNT(*) FROM `" + db + "`.`" + table + "`");
        }
        catch (SqlError | RuntimeException e) {
            LOG.info("index spec of {}.{} reaches the BE with the next query: {}", db, table, e.getMessage());
        }
    }

    private static TableIndexes.IndexDef def(StarRocksParser.IdentifierContext name, StarRocksParser.IdentifierListContext cols,
            StarRocksParser.IdentifierContext type, StarRocksParser.CommentClauseContext comment)
    {
        List<String> columns = new ArrayList<>();
        for (StarRocksParser.IdentifierContext i : cols.identifier()) {
            columns.add(ParseTrees.identifier(i));
        }
        return new TableIndexes.IndexDef(ParseTrees.identifier(name), columns, type == null ? "BITMAP" : ParseTrees.identifier(type),
                comment == null ? "" : ParseTrees.string(comment.string()));
    }
}
