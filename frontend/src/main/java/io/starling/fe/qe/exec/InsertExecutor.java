package io.starling.fe.qe.exec;

import io.starling.fe.catalog.Catalog;
import io.starling.fe.catalog.SinkDescs;
import io.starling.fe.catalog.Column;
import io.starling.fe.catalog.Database;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.parser.ParseTrees;
import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.QueryResult;
import io.starling.fe.qe.Session;
import io.starling.fe.qe.SqlError;
import io.starling.fe.txn.TransactionManager;
import io.starling.fe.txn.TransactionState;
import io.starling.rpc.proto.DataSink;
import io.starling.rpc.proto.OlapTableSink;
import io.starling.rpc.proto.PlanFragment;
import io.starling.rpc.proto.PlanNode;
import io.starling.rpc.proto.SinkResult;

import java.util.List;
import java.util.UUID;

/**
 * INSERT INTO t [WITH LABEL l] [(cols)] VALUES ... | SELECT ...: begin a transaction (label), plan the source
 * (the planner maps the column list and defaults to the table's full schema), run a fragment with an
 * {@link OlapTableSink}, then commit + publish. Any failure before commit aborts the transaction, so nothing
 * becomes visible. The OK packet carries the loaded row count and StarRocks' info string
 * {@code {'label':'insert_...', 'status':'VISIBLE', 'txnId':'...'}}.
 */
final class InsertExecutor
{
    private final Catalog catalog;
    private final TransactionManager txns;
    private final QueryPlanning planning;
    private final QueryCoordinator coordinator;

    InsertExecutor(Catalog catalog, TransactionManager txns, QueryPlanning planning, QueryCoordinator coordinator)
    {
        this.catalog = catalog;
        this.txns = txns;
        this.planning = planning;
        this.coordinator = coordinator;
    }

    QueryResult insert(Session session, StarRocksParser.InsertStatementContext ins) throws SqlError
    {
        if (ins.OVERWRITE() != null) {
            throw new SqlError(ErrorCode.NOT_SUPPORTED, "INSERT OVERWRITE is not supported yet");
        }
        List<String> name = ParseTrees.qualifiedName(ins.target);
        String dbName = StarlingStatementExecutor.dbOf(session, name);
        Database db = catalog.getDatabase(dbName);
        if (db == null) {
            throw new SqlError(ErrorCode.BAD_DB, dbName);
        }
        OlapTable table = catalog.getTable(dbName, name.get(name.size() - 1));
        if (table == null) {
            throw new SqlError(ErrorCode.NO_SUCH_TABLE, dbName + "." + name.get(name.size() - 1));
        }
        String label = ins.label != null ? ParseTrees.identifier(ins.label)
                : "insert_" + UUID.randomUUID().toString().replace("-", "");
        PlanNode source = planning.planInsertSource(ins, table, session);
        long txnId = txns.begin(db, label, List.of(table.id()), "INSERT");
        SinkResult result;
        try {
            PlanFragment f = PlanFragment.newBuilder().setQueryId(label).setFragmentId(0).setRoot(source)
                    .setSink(DataSink.newBuilder().setOlapTable(sink(db, table, txnId, session))).build();
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

    /** The table sink: schema, current partitions with tablets, distribution, transaction. */
    static OlapTableSink sink(Database db, OlapTable t, long txnId, Session session)
    {
        double ratio = 0;
        String r = session.variables().get("insert_max_filter_ratio");
        if (r != null) {
            try {
                ratio = Double.parseDouble(r);
            }
            catch (NumberFormatException ignored) {
                ratio = 0;
            }
        }
        return SinkDescs.sink(db, t, txnId, t.partitions()).setMaxFilterRatio(ratio).build();
    }

    static boolean hasColumn(OlapTable t, String c)
    {
        for (Column col : t.columns()) {
            if (col.name().equalsIgnoreCase(c)) {
                return true;
            }
        }
        return false;
    }
}
