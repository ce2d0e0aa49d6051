package io.starling.fe.txn;

import com.fasterxml.jackson.databind.JsonNode;
import io.starling.fe.catalog.Catalog;
import io.starling.fe.catalog.Database;
import io.starling.fe.catalog.KeysType;
import io.starling.fe.catalog.Partition;
import io.starling.fe.catalog.TableRef;
import io.starling.fe.catalog.Tablet;
import io.starling.fe.journal.EditLog;
import io.starling.fe.journal.JournalCodec;
import io.starling.fe.journal.JournalComponent;
import io.starling.fe.journal.JournalEntry;
import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.SqlError;
import io.starling.rpc.proto.PublishRequest;
import io.starling.rpc.proto.SinkResult;
import io.starling.rpc.proto.TabletCommitInfo;
import io.starling.rpc.proto.TabletVersion;
import io.starling.rpc.service.BackendService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Load transactions: labels, two-phase commit and publish (DESIGN.md §3).
 *
 * <ol>
 *   <li>{@link #begin}: journals BeginTxn; the label is taken (unique per database unless the previous holder
 *       aborted).</li>
 *   <li>The BE writes pending rowsets for the transaction id.</li>
 *   <li>{@link #commit}: assigns each touched partition its next version, journals CommitTxn (fsync), calls
 *       {@link BackendService#publish}, then journals VisibleTxn, whose application switches all the partitions'
 *       visible versions in one catalog snapshot: a load becomes visible atomically or not at all.</li>
 *   <li>{@link #abort}: journals AbortTxn and tells the BE to discard the pending rowsets.</li>
 * </ol>
 * Restart ({@link #recover}): transactions still in PREPARE are aborted; the BE keeps only the pending rowsets of
 * COMMITTED ones, which are re-published (publish is idempotent) and made visible.
 *
 * <p>Commit and publish run under the edit-log lock, so versions of a partition are assigned and published in
 * order. Finished transactions are kept (labels stay taken, SHOW LOAD lists them); expiring old labels as
 * StarRocks does after label_keep_max_second is not implemented yet.
 */
public final class TransactionManager implements JournalComponent
{
    public static final String IMAGE_SECTION = "transactions";
    private static final Logger LOG = LoggerFactory.getLogger(TransactionManager.class);

    /** Image form: every remembered transaction. */
    public record Image(List<TransactionState> transactions)
    {
    }

    private final EditLog editLog;
    private final Catalog catalog;
    private final BackendService backend;
    private final Map<Long, TransactionState> txns = new ConcurrentHashMap<>();
    /** dbId -> label -> txn id of the label's latest transaction. */
    private final Map<Long, Map<String, Long>> labels = new ConcurrentHashMap<>();

    public TransactionManager(EditLog editLog, Catalog catalog, BackendService backend)
    {
        this.editLog = editLog;
        this.catalog = catalog;
        this.backend = backend;
    }

    /**
     * Starts a transaction.
     *
     * @param sourceType INSERT or STREAM_LOAD (shown by SHOW LOAD)
     * @throws LabelAlreadyExistsException if the label is taken by a running or finished transaction
     */
    public long begin(Database db, String label, List<Long> tableIds, String sourceType) throws SqlError
    {
        editLog.lock().lock();
        try {
            TransactionState existing = byLabel(db.id(), label);
            if (existing != null && existing.status() != TxnStatus.ABORTED) {
                throw new LabelAlreadyExistsException(existing);
            }
            long id = catalog.allocateId();
            editLog.log(new JournalEntry.BeginTxn(id, db.id(), db.name(), label, List.copyOf(tableIds), sourceType,
                    System.currentTimeMillis()));
            return id;
        }
        finally {
            editLog.lock().unlock();
        }
    }

    /**
     * Commits and publishes: afterwards the rows are visible. If publish fails the transaction stays COMMITTED (it
     * is durable and will be published by {@link #publishPending} or at restart) and an error is thrown.
     *
     * @return the transaction in its final state
     */
    public TransactionState commit(long txnId, SinkResult result) throws SqlError
    {
        editLog.lock().lock();
        try {
            publishPending();
            TransactionState t = require(txnId);
            if (t.status() != TxnStatus.PREPARE) {
                throw new SqlError(ErrorCode.INTERNAL, "transaction " + txnId + " is " + t.status() + ", cannot commit");
            }
            // Rows and bytes per partition from the tablets' commit infos.
            Map<Long, long[]> perPartition = new LinkedHashMap<>();
            List<JournalEntry.TabletCommit> tablets = new ArrayList<>();
            for (TabletCommitInfo ci : result.getCommitInfosList()) {
                long[] acc = perPartition.computeIfAbsent(ci.getPartitionId(), k -> new long[2]);
                acc[0] += ci.getNumRows();
                acc[1] += ci.getDataBytes();
                tablets.add(new JournalEntry.TabletCommit(ci.getTabletId(), ci.getPartitionId(), ci.getRowsetId(),
                        ci.getNumRows(), ci.getDataBytes()));
            }
            for (long pid : result.getTouchedPartitionIdsList()) {
                perPartition.computeIfAbsent(pid, k -> new long[2]);
            }
            Map<Long, Long> pendingVersions = pendingVersions();
            List<JournalEntry.PartitionCommit> commits = new ArrayList<>();
            for (var e : perPartition.entrySet()) {
                PartitionLocation loc = locate(t, e.getKey());
                if (loc == null) {
                    abortLocked(t, "partition " + e.getKey() + " no longer exists (table dropped or truncated)");
                    throw new SqlError(ErrorCode.INTERNAL, "Load failed: the target table or partition was dropped or "
                            + "truncated while loading (transaction " + txnId + " aborted)");
                }
                long base = Math.max(loc.partition().visibleVersion(), pendingVersions.getOrDefault(e.getKey(), 0L));
                commits.add(new JournalEntry.PartitionCommit(loc.tableId(), e.getKey(), base + 1, e.getValue()[0],
                        e.getValue()[1]));
            }
            long now = System.currentTimeMillis();
            editLog.log(new JournalEntry.CommitTxn(txnId, commits, tablets, result.getLoadedRows(),
                    result.getFilteredRows(), now));
            Map<Long, Long> rowsBefore = io.starling.fe.stats.LoadStatistics.rowCounts(catalog, t.tableIds());
            publish(require(txnId));
            io.starling.fe.stats.LoadStatistics.afterCommit(catalog, require(txnId), rowsBefore, result);
            return require(txnId);
        }
        finally {
            editLog.lock().unlock();
        }
    }

    /** Aborts a transaction still in PREPARE (no-op if already aborted). */
    public void abort(long txnId, String reason) throws SqlError
    {
        editLog.lock().lock();
        try {
            TransactionState t = require(txnId);
            if (t.status() == TxnStatus.ABORTED) {
                return;
            }
            if (t.status() != TxnStatus.PREPARE) {
                throw new SqlError(ErrorCode.INTERNAL, "transaction " + txnId + " is already " + t.status()
                        + " and can no longer be aborted");
            }
            abortLocked(t, reason);
        }
        finally {
            editLog.lock().unlock();
        }
    }

    /**
     * After replay at start-up: aborts transactions that never committed, asks the BE to keep only the pending
     * rowsets of committed ones, and publishes those.
     */
    public void recover()
    {
        editLog.lock().lock();
        try {
            Set<Long> keep = new HashSet<>();
            List<TransactionState> prepared = new ArrayList<>();
            for (TransactionState t : txns.values()) {
                if (t.status() == TxnStatus.COMMITTED) {
                    keep.add(t.txnId());
                }
                else if (t.status() == TxnStatus.PREPARE) {
                    prepared.add(t);
                }
            }
            for (TransactionState t : prepared) {
                editLog.log(new JournalEntry.AbortTxn(t.txnId(), "FE restarted before the load committed",
                        System.currentTimeMillis()));
            }
            backend.recover(keep);
            publishPending();
            if (!keep.isEmpty() || !prepared.isEmpty()) {
                LOG.info("transaction recovery: {} re-published, {} aborted", keep.size(), prepared.size());
            }
        }
        finally {
            editLog.lock().unlock();
        }
    }

    /** Publishes every COMMITTED transaction in id order (idempotent on the BE). */
    public void publishPending()
    {
        editLog.lock().lock();
        try {
            List<TransactionState> pending = new ArrayList<>();
            for (TransactionState t : txns.values()) {
                if (t.status() == TxnStatus.COMMITTED) {
                    pending.add(t);
                }
            }
            pending.sort(Comparator.comparingLong(TransactionState::txnId));
            for (TransactionState t : pending) {
                try {
                    publish(t);
                }
                catch (SqlError e) {
                    LOG.warn("re-publishing transaction {} failed: {}", t.txnId(), e.getMessage());
                    return;
                }
            }
        }
        finally {
            editLog.lock().unlock();
        }
    }

    public TransactionState get(long txnId)
    {
        return txns.get(txnId);
    }

    /** The latest transaction that used a label in a database, or null. */
    public TransactionState byLabel(long dbId, String label)
    {
        Map<String, Long> m = labels.get(dbId);
        Long id = m == null ? null : m.get(label);
        return id == null ? null : txns.get(id);
    }

    /** Transactions of a database (all databases if dbId < 0), by id. */
    public List<TransactionState> list(long dbId)
    {
        List<TransactionState> out = new ArrayList<>();
        for (TransactionState t : txns.values()) {
            if (dbId < 0 || t.dbId() == dbId) {
                out.add(t);
            }
        }
        out.sort(Comparator.comparingLong(TransactionState::txnId));
        return out;
    }

    // ---- JournalComponent ----

    @Override
    public String imageSection()
    {
        return IMAGE_SECTION;
    }

    @Override
    public void apply(JournalEntry entry, boolean replay)
    {
        switch (entry) {
            case JournalEntry.BeginTxn b -> {
                TransactionState t = new TransactionState(b.txnId(), b.dbId(), b.dbName(), b.label(), b.tableIds(),
                        b.sourceType(), TxnStatus.PREPARE, null, b.timeMillis(), 0, 0, 0, 0, List.of(), List.of());
                put(t);
            }
            case JournalEntry.CommitTxn c -> put(require0(c.txnId()).committed(c));
            case JournalEntry.VisibleTxn v -> put(require0(v.txnId()).with(TxnStatus.VISIBLE, null, v.timeMillis()));
            case JournalEntry.AbortTxn a -> {
                TransactionState t = require0(a.txnId());
                if (t.status() != TxnStatus.ABORTED) {
                    put(t.with(TxnStatus.ABORTED, a.reason(), a.timeMillis()));
                }
            }
            default -> {
                // Not a transaction entry.
            }
        }
    }

    @Override
    public Object image()
    {
        return new Image(list(-1));
    }

    @Override
    public void loadImage(JsonNode section, JournalCodec codec) throws IOException
    {
        txns.clear();
        labels.clear();
        if (section == null) {
            return;
        }
        for (TransactionState t : codec.convert(section, Image.class).transactions()) {
            put(t);
        }
    }

    // ---- internals ----

    private record PartitionLocation(long tableId, Partition partition)
    {
    }

    private void publish(TransactionState t) throws SqlError
    {
        PublishRequest.Builder req = PublishRequest.newBuilder().setTxnId(t.txnId());
        for (JournalEntry.PartitionCommit pc : t.partitions()) {
            PartitionLocation loc = locate(t, pc.partitionId());
            if (loc == null) {
                continue;   // dropped after commit: nothing left to make visible
            }
            // Every tablet of the partition moves to the new version (tablets without rows get an empty rowset).
            for (Tablet tablet : loc.partition().tablets()) {
                req.addTablets(TabletVersion.newBuilder().setTabletId(tablet.id()).setVersion(pc.version()));
            }
        }
        try {
            if (req.getTabletsCount() > 0) {
                backend.publish(req.build());
            }
        }
        catch (RuntimeException e) {
            throw new SqlError(ErrorCode.INTERNAL, e, "Publish of transaction " + t.txnId() + " failed (" + e.getMessage()
                    + "); the load is committed and becomes visible once publish succeeds");
        }
        editLog.log(new JournalEntry.VisibleTxn(t.txnId(), liveRowDeltas(t), System.currentTimeMillis()));
    }

    /**
     * The partitions' row-count changes that the VisibleTxn record applies. A load adds its written rows, except in
     * PRIMARY/UNIQUE KEY tables, where upserts replace rows and deletes remove them: there the change is the
     * partition's live rows after the publish (as the BE reports them) minus the count before, so table row counts,
     * and the statistics built on them, stay the live count. Falls back to the written rows if the BE cannot say.
     */
    private List<JournalEntry.PartitionCommit> liveRowDeltas(TransactionState t)
    {
        List<JournalEntry.PartitionCommit> out = new ArrayList<>(t.partitions().size());
        for (JournalEntry.PartitionCommit pc : t.partitions()) {
            PartitionLocation loc = locate(t, pc.partitionId());
            TableRef ref = loc == null ? null : catalog.tableById(loc.tableId());
            KeysType keys = ref == null ? null : ref.table().keysType();
            if (keys != KeysType.PRIMARY_KEYS && keys != KeysType.UNIQUE_KEYS) {
                out.add(pc);
                continue;
            }
            List<Long> tabletIds = new ArrayList<>();
            for (Tablet tablet : loc.partition().tablets()) {
                tabletIds.add(tablet.id());
            }
            try {
                long live = 0;
                boolean all = true;
                for (io.starling.rpc.proto.CompactionTabletStat st : backend.tabletStats(tabletIds)) {
                    all &= st.getFound();
                    live += st.getRowCount();
                }
                out.add(all ? new JournalEntry.PartitionCommit(pc.tableId(), pc.partitionId(), pc.version(),
                        live - loc.partition().rowCount(), pc.bytes()) : pc);
            }
            catch (RuntimeException e) {
                LOG.warn("live row count of partition {} unavailable ({}); counting written rows", pc.partitionId(), e.toString());
                out.add(pc);
            }
        }
        return out;
    }

    private void abortLocked(TransactionState t, String reason)
    {
        editLog.log(new JournalEntry.AbortTxn(t.txnId(), reason == null ? "" : reason, System.currentTimeMillis()));
        try {
            backend.abort(t.txnId());
        }
        catch (RuntimeException e) {
            LOG.warn("BE abort of transaction {} failed (its rowsets are discarded at the next recover): {}",
                    t.txnId(), e.toString());
        }
    }

    /** Highest committed-but-unpublished version per partition. */
    private Map<Long, Long> pendingVersions()
    {
        Map<Long, Long> m = new TreeMap<>();
        for (TransactionState t : txns.values()) {
            if (t.status() == TxnStatus.COMMITTED) {
                for (JournalEntry.PartitionCommit pc : t.partitions()) {
                    m.merge(pc.partitionId(), pc.version(), Math::max);
                }
            }
        }
        return m;
    }

    private PartitionLocation locate(TransactionState t, long partitionId)
    {
        for (long tableId : t.tableIds()) {
            TableRef ref = catalog.tableById(tableId);
            if (ref == null) {
                continue;
            }
            for (Partition p : ref.table().partitions()) {
                if (p.id() == partitionId) {
                    return new PartitionLocation(tableId, p);
                }
            }
            // INSERT OVERWRITE loads into temporary partitions, which join the table only at the swap.
            Partition temp = catalog.tempPartition(tableId, partitionId);
            if (temp != null) {
                return new PartitionLocation(tableId, temp);
            }
        }
        return null;
    }

    private void put(TransactionState t)
    {
        txns.put(t.txnId(), t);
        labels.computeIfAbsent(t.dbId(), k -> new ConcurrentHashMap<>()).put(t.label(), t.txnId());
    }

    private TransactionState require(long txnId) throws SqlError
    {
        TransactionState t = txns.get(txnId);
        if (t == null) {
            throw new SqlError(ErrorCode.INTERNAL, "unknown transaction " + txnId);
        }
        return t;
    }

    private TransactionState require0(long txnId)
    {
        TransactionState t = txns.get(txnId);
        if (t == null) {
            throw new IllegalStateException("journal refers to unknown transaction " + txnId);
        }
        return t;
    }
}
