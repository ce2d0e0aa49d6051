package io.starling.fe.qe.exec;

import io.starling.fe.catalog.Catalog;
import io.starling.fe.catalog.Column;
import io.starling.fe.catalog.Database;
import io.starling.fe.catalog.KeysType;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.parser.ParseTrees;
import io.starling.fe.parser.SqlParser;
import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.QueryResult;
import io.starling.fe.qe.Session;
import io.starling.fe.qe.SqlError;
import io.starling.fe.txn.TransactionManager;
import io.starling.fe.txn.TransactionState;
import io.starling.rpc.proto.DataSink;
import io.starling.rpc.proto.PlanFragment;
import io.starling.rpc.proto.SinkResult;
import io.starling.storage.types.DataType;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * DELETE and UPDATE on PRIMARY KEY (and UNIQUE KEY) tables, as StarRocks runs them: a load transaction whose rows
 * come from a query over the table itself. DELETE FROM t WHERE c becomes the rows
 * {@code SELECT <all columns>, 1 AS __op FROM t WHERE c} (deletes by key); UPDATE t SET a = e WHERE c becomes
 * {@code SELECT <columns, a replaced by CAST(e AS type)>, 0 AS __op FROM t WHERE c} (read-modify-upsert). The
 * rows go to the table sink with {@code has_op_column}; the publish replaces the old rows through the primary index.
 * Key columns cannot be updated (StarRocks refuses it too). DUPLICATE and AGGREGATE tables are refused.
 */
final class DmlExecutor
{
    private final Catalog catalog;
    private final TransactionManager txns;
    private final QueryPlanning planning;
    private final QueryCoordinator coordinator;

    DmlExecutor(Catalog catalog, TransactionManager txns, QueryPlanning planning, QueryCoordinator coordinator)
    {
        this.catalog = catalog;
        this.txns = txns;
        this.planning = planning;
        this.coordinator = coordinator;
    }

    QueryResult delete(Session session, StarRocksParser.DeleteStatementContext d) throws SqlError
    {
        if (d.USING() != null || d.withClause() != null || d.partitionNames() != null) {
            throw new SqlError(ErrorCode.NOT_SUPPORTED, "DELETE with USING, WITH or PARTITION is not supported yet");
        }
        Target t = target(session, d.target, "DELETE");
        StringBuilder sql = new StringBuilder("SELECT ");
        for (Column c : t.table().columns()) {
            sql.append(quote(c.name())).append(", ");
        }
        sql.append("1 AS `__op` FROM ").append(quote(t.db().name())).append('.').append(quote(t.table().name()));
        appendWhere(sql, d.alias, d.whereClause());
        return run(session, t, sql.toString(), "delete");
    }

    QueryResult update(Session session, StarRocksParser.UpdateStatementContext u) throws SqlError
    {
        if (u.fromClause() != null || u.withClause() != null) {
            throw new SqlError(ErrorCode.NOT_SUPPORTED, "UPDATE with FROM or WITH is not supported yet");
        }
        Target t = target(session, u.target, "UPDATE");
        Map<String, String> assigned = new HashMap<>();
        for (StarRocksParser.AssignmentContext a : u.assignment()) {
            List<String> col = ParseTrees.qualifiedName(a.column);
            String name = col.get(col.size() - 1);
            int idx = t.table().columnIndex(name);
            if (idx < 0) {
                throw new SqlError(ErrorCode.BAD_FIELD, name, "field list");
            }
            Column c = t.table().columns().get(idx);
            if (c.isKey()) {
                throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Cannot update the key column '" + c.name() + "' of " + t.table().name());
            }
            String value = ParseTrees.originalText(a.value);
            if (value.trim().equalsIgnoreCase("DEFAULT")) {
                throw new SqlError(ErrorCode.NOT_SUPPORTED, "UPDATE ... SET col = DEFAULT is not supported yet");
            }
            if (assigned.put(c.name().toLowerCase(Locale.ROOT), "CAST((" + value + ") AS " + castType(c.type()) + ")") != null) {
                throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Column '" + c.name() + "' is assigned twice");
            }
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (Column c : t.table().columns()) {
            String v = assigned.get(c.name().toLowerCase(Locale.ROOT));
            sql.append(v == null ? quote(c.name()) : v).append(" AS ").append(quote(c.name())).append(", ");
        }
        sql.append("0 AS `__op` FROM ").append(quote(t.db().name())).append('.').append(quote(t.table().name()));
        appendWhere(sql, u.alias, u.whereClause());
        return run(session, t, sql.toString(), "update");
    }

    private record Target(Database db, OlapTable table)
    {
    }

    private Target target(Session session, StarRocksParser.QualifiedNameContext target, String what) throws SqlError
    {
        List<String> name = ParseTrees.qualifiedName(target);
        String dbName = StarlingStatementExecutor.dbOf(session, name);
        Database db = catalog.getDatabase(dbName);
        if (db == null) {
            throw new SqlError(ErrorCode.BAD_DB, dbName);
        }
        OlapTable table = catalog.getTable(dbName, name.get(name.size() - 1));
        if (table == null) {
            throw new SqlError(ErrorCode.NO_SUCH_TABLE, dbName + "." + name.get(name.size() - 1));
        }
        if (table.keysType() != KeysType.PRIMARY_KEYS && table.keysType() != KeysType.UNIQUE_KEYS) {
            throw new SqlError(ErrorCode.NOT_SUPPORTED, what + " is only supported on PRIMARY KEY and UNIQUE KEY tables; "
                    + table.name() + " is a " + table.keysType().sql() + " table");
        }
        return new Target(db, table);
    }

    private static void appendWhere(StringBuilder sql, StarRocksParser.IdentifierContext alias, StarRocksParser.WhereClauseContext where)
    {
        if (alias != null) {
            sql.append(" AS ").append(quote(ParseTrees.identifier(alias)));
        }
        if (where != null) {
            sql.append(" WHERE ").append(ParseTrees.originalText(where.expression()));
        }
    }

    private QueryResult run(Session session, Target t, String sql, String kind) throws SqlError
    {
        StarRocksParser.SingleStatementContext stmt = SqlParser.parseSingle(sql);
        QueryPlanning.Planned planned = planning.plan(stmt.statement().queryStatement(), session);
        String label = kind + "_" + UUID.randomUUID().toString().replace("-", "");
        long txnId = txns.begin(t.db(), label, List.of(t.table().id()), kind.toUpperCase(Locale.ROOT));
        SinkResult result;
        try {
            PlanFragment f = PlanFragment.newBuilder().setQueryId(label).setFragmentId(0).setRoot(planned.root())
                    .setSink(DataSink.newBuilder().setOlapTable(InsertExecutor.sink(t.db(), t.table(), txnId, session).toBuilder()
                            .setHasOpColumn(true)))
                    .build();
            result = coordinator.sink(session, f);
        }
        catch (SqlError | RuntimeException e) {
            txns.abort(txnId, e.getMessage());
            throw e;
        }
        TransactionState done = txns.commit(txnId, result);
        String info = "{'label':'" + label + "', 'status':'" + done.status() + "', 'txnId':'" + txnId + "'}";
        return new QueryResult.Ok(result.getLoadedRows(), 0, info, 0);
    }

    /** The type as CAST spells it. */
    private static String castType(DataType t)
    {
        return switch (t.kind()) {
            case DECIMAL -> "DECIMAL(" + t.precision() + ", " + t.scale() + ")";
            case VARCHAR -> "VARCHAR(" + (t.length() > 0 ? t.length() : DataType.STRING_LENGTH) + ")";
            case CHAR -> "CHAR(" + Math.max(1, t.length()) + ")";
            default -> t.kind().name();
        };
    }

    private static String quote(String name)
    {
        return "`" + name.replace("`", "``") + "`";
    }
}
