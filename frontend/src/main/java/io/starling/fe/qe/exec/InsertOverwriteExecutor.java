package io.starling.fe.qe.exec;

import io.starling.fe.catalog.Catalog;
import io.starling.fe.catalog.Database;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.catalog.Partition;
import io.starling.fe.catalog.SinkDescs;
import io.starling.fe.journal.JournalEntry;
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
import io.starling.rpc.proto.PartitionKind;
import io.starling.rpc.proto.PlanFragment;
import io.starling.rpc.proto.PlanNode;
import io.starling.rpc.proto.SinkResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * INSERT OVERWRITE t [PARTITION (p, ...)] [WITH LABEL l] [(cols)] SELECT ... | VALUES ...: StarRocks' scheme.
 * <ol>
 *   <li>Temporary partitions (same names and ranges, fresh tablets) are created for the partitions being replaced:
 *       the named ones, or all of them.</li>
 *   <li>The source is loaded into them in one ordinary load transaction (label, commit, publish); readers still see
 *       only the old partitions, whose data is untouched.</li>
 *   <li>One journaled {@code ReplacePartitions} entry swaps the loaded temporary partitions in; the old tablets are
 *       dropped afterwards. Readers see the old data or the new, never a mix.</li>
 * </ol>
 * Any failure before the swap drops the temporary partitions and leaves the table as it was; so does a crash (the
 * temporary partitions are not journaled). Expression-partitioned tables: rows outside the existing partitions get
 * new (temporary) partitions when the whole table is overwritten; with PARTITION (...) such rows fail the statement.
 * {@code SET dynamic_overwrite = true} (StarRocks 3.4+) replaces only the partitions the new rows touch and keeps
 * the others; by default every partition of the table (or every named one) is replaced, untouched ones becoming
 * empty. SHOW LOAD lists the job with type INSERT, as StarRocks does.
 */
final class InsertOverwriteExecutor
{
    /** MySQL's ER_UNKNOWN_PARTITION, which StarRocks also answers for a PARTITION naming no partition. */
    static final int UNKNOWN_PARTITION = 1735;
    static final String DYNAMIC_OVERWRITE = "dynamic_overwrite";

    private final Catalog catalog;
    private final TransactionManager txns;
    private final QueryPlanning planning;
    private final QueryCoordinator coordinator;

    InsertOverwriteExecutor(Catalog catalog, TransactionManager txns, QueryPlanning planning,
            QueryCoordinator coordinator)
    {
        this.catalog = catalog;
        this.txns = txns;
        this.planning = planning;
        this.coordinator = coordinator;
    }

    TransactionManager transactions()
    {
        return txns;
    }

    /** What the statement targets: the table, the partitions replaced, the session's overwrite mode. */
    record Target(Database db, OlapTable table, List<Partition> replaced, boolean named, boolean dynamic)
    {
        boolean autoCreate()
        {
            return !named && table.partitionScheme().kind() == PartitionKind.PARTITION_EXPR_TIME;
        }
    }

    /** Resolves and checks the target (1046/1049/1146/1735) without changing anything. */
    Target target(Session session, StarRocksParser.InsertStatementContext ins) throws SqlError
    {
        List<String> name = ParseTrees.qualifiedName(ins.target);
        String dbName = StarlingStatementExecutor.dbOf(session, name);
        Database db = catalog.getDatabase(dbName);
        if (db == null) {
            throw new SqlError(ErrorCode.BAD_DB, dbName);
        }
        String tableName = name.get(name.size() - 1);
        OlapTable table = catalog.getTable(dbName, tableName);
        if (table == null) {
            throw new SqlError(ErrorCode.NO_SUCH_TABLE, dbName + "." + tableName);
        }
        boolean named = ins.partitionNames() != null;
        if (named && ins.partitionNames().TEMPORARY() != null) {
            throw new SqlError(ErrorCode.NOT_SUPPORTED, "INSERT OVERWRITE ... TEMPORARY PARTITION is not supported");
        }
        List<Partition> replaced = new ArrayList<>();
        if (named) {
            for (StarRocksParser.IdentifierContext id : ins.partitionNames().identifier()) {
                String p = ParseTrees.identifier(id);
                Partition found = null;
                for (Partition q : table.partitions()) {
                    if (q.name().equalsIgnoreCase(p)) {
                        found = q;
                    }
                }
                if (found == null) {
                    throw new SqlError(UNKNOWN_PARTITION, "HY000", "Unknown partition '" + p + "' in table '"
                            + table.name() + "'");
                }
                if (!replaced.contains(found)) {
                    replaced.add(found);
                }
            }
        }
        else {
            replaced.addAll(table.partitions());
        }
        boolean dynamic = !named && session.variables().getBoolean(DYNAMIC_OVERWRITE, false);
        return new Target(db, table, replaced, named, dynamic);
    }

    QueryResult overwrite(Session session, StarRocksParser.InsertStatementContext ins) throws SqlError
    {
        Target target = target(session, ins);
        OlapTable table = target.table();
        String label = ins.label != null ? ParseTrees.identifier(ins.label)
                : "insert_" + UUID.randomUUID().toString().replace("-", "");
        PlanNode source = planning.planInsertSource(ins, table, session);
        List<Partition> temp = catalog.createTempPartitions(table.id(), target.replaced(), target.autoCreate());
        long txnId;
        try {
            txnId = txns.begin(target.db(), label, List.of(table.id()), "INSERT");
            catalog.bindTempPartitions(table.id(), txnId);
        }
        catch (SqlError | RuntimeException e) {
            catalog.dropTempPartitions(table.id());
            throw e;
        }
        TransactionState done;
        SinkResult result;
        try {
            try {
                PlanFragment f = PlanFragment.newBuilder().setQueryId(label).setFragmentId(0).setRoot(source)
                        .setSink(DataSink.newBuilder().setOlapTable(sink(target, temp, txnId, session))).build();
                result = coordinator.sink(session, f);
            }
            catch (SqlError | RuntimeException e) {
                txns.abort(txnId, e.getMessage());
                throw e;
            }
            done = txns.commit(txnId, result);
        }
        catch (SqlError | RuntimeException e) {
            // Nothing was swapped: the table still has its old partitions and data.
            catalog.dropTempPartitions(table.id());
            throw e;
        }
        long rowsBefore = catalog.getTable(target.db().name(), table.name()) == null ? 0
                : catalog.getTable(target.db().name(), table.name()).rowCount();
        swap(target, done);
        io.starling.fe.stats.LoadStatistics.afterOverwrite(catalog, table.id(), rowsBefore, result,
                !target.named() && !target.dynamic());
        String info = "{'label':'" + label + "', 'status':'" + done.status() + "', 'txnId':'" + txnId + "'}";
        return new QueryResult.Ok(done.loadedRows(), 0, info, 0);
    }

    /** Builds the new partitions from the committed load and swaps them in (one journal entry). */
    private void swap(Target target, TransactionState done) throws SqlError
    {
        long tableId = target.table().id();
        Map<Long, JournalEntry.PartitionCommit> commits = new HashMap<>();
        for (JournalEntry.PartitionCommit pc : done.partitions()) {
            commits.put(pc.partitionId(), pc);
        }
        List<Partition> loaded = new ArrayList<>();
        for (Partition p : catalog.tempPartitions(tableId)) {
            JournalEntry.PartitionCommit pc = commits.get(p.id());
            if (pc != null) {
                loaded.add(p.withVersion(pc.version(), pc.rows(), pc.bytes(), done.finishTimeMillis()));
            }
            else if (!target.dynamic()) {
                loaded.add(p);   // replaced by an empty partition, as TRUNCATE would leave it
            }
        }
        // Old partitions leaving the table: the replaced ones, or under dynamic overwrite those whose range got
        // new data (matched by name: a temporary partition is a copy of its original's name and range).
        Map<String, Long> byName = new LinkedHashMap<>();
        OlapTable current = catalog.getTable(target.db().name(), target.table().name());
        if (current == null || current.id() != tableId) {
            catalog.dropTempPartitions(tableId);
            throw new SqlError(ErrorCode.INTERNAL, "Table '" + target.table().name() + "' was dropped during INSERT "
                    + "OVERWRITE");
        }
        for (Partition p : current.partitions()) {
            byName.put(p.name(), p.id());
        }
        List<Long> old = new ArrayList<>();
        if (target.dynamic()) {
            for (Partition p : loaded) {
                Long id = byName.get(p.name());
                if (id != null) {
                    old.add(id);
                }
            }
        }
        else {
            for (Partition p : target.replaced()) {
                old.add(p.id());
            }
            // Automatic partitions created meanwhile by other loads are replaced too when a new one takes the name.
            for (Partition p : loaded) {
                Long id = byName.get(p.name());
                if (id != null && !old.contains(id)) {
                    old.add(id);
                }
            }
        }
        catalog.replacePartitions(tableId, old, loaded);
    }

    /** The regular table sink, routed to the temporary partitions instead of the table's own. */
    private static OlapTableSink sink(Target target, List<Partition> temp, long txnId, Session session)
    {
        OlapTableSink base = InsertExecutor.sink(target.db(), target.table(), txnId, session);
        var ps = base.getPartition().toBuilder().clearPartitions();
        for (Partition p : temp) {
            ps.addPartitions(SinkDescs.partition(p));
        }
        return base.toBuilder().setPartition(ps).build();
    }
}
