package io.starling.be.sink;

import io.starling.be.expr.LiteralDecoder;
import io.starling.be.expr.ProtoTypes;
import io.starling.exec.expr.Values;
import io.starling.rpc.proto.Literal;
import io.starling.rpc.proto.OlapTableSink;
import io.starling.rpc.proto.PartitionDesc;
import io.starling.rpc.proto.PartitionKind;
import io.starling.rpc.proto.SinkResult;
import io.starling.rpc.proto.TabletCommitInfo;
import io.starling.rpc.service.FragmentException;
import io.starling.rpc.service.FrontendCallbacks;
import io.starling.sched.driver.PipelineOperator;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.pk.PkMemTable;
import io.starling.storage.tablet.RowsetMeta;
import io.starling.storage.tablet.RowsetWriter;
import io.starling.storage.tablet.TabletStore;
import io.starling.storage.types.DataType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sink of a load fragment: routes every row of the table's columns (schema order) to a partition
 * ({@link PartitionRouter}; expression partitions missing for a value are created through
 * {@link FrontendCallbacks#createAutomaticPartitions} once per batch and cached) and a bucket (hash of the
 * distribution columns, or round robin for RANDOM), buffers rows per tablet and appends full batches to one
 * {@link RowsetWriter} per touched tablet. Rows with NULL in a NOT NULL column or without a partition are filtered
 * with a reason (the first {@link #MAX_ERROR_ROWS} are reported). At finish, the load fails with DATA_QUALITY if
 * filtered / total exceeds max_filter_ratio; otherwise every rowset is finished (pending for the txn) and the
 * {@link SinkResult} lists their commit infos. On failure or cancel every rowset of the txn is aborted.
 *
 * <p>Tablets of PRIMARY and UNIQUE tables collect their rows in a {@link PkMemTable} instead (sorted by key and
 * merged, the last row of a key winning, when it exceeds {@link #MEMTABLE_FLUSH_BYTES} and at finish). With
 * {@code has_op_column} the input carries one more, last column {@code __op}: 1 deletes the row's key (only the key
 * columns must then be valid), anything else upserts.
 */
public final class OlapTableSinkOperator implements PipelineOperator
{
    /** Rejected rows reported back (StarRocks shows the first rows of its error log). */
    public static final int MAX_ERROR_ROWS = 20;
    /** A key-replacing tablet's memtable is flushed as a rowset unit past this size (StarRocks' write_buffer_size). */
    static final long MEMTABLE_FLUSH_BYTES = Long.getLong("starling.write_buffer_size", 100L << 20);
    /**
     * All sorting memtables of one sink together: past this the largest is flushed (StarRocks bounds a load's
     * memtables by load_process_max_memory_limit; two flush units' worth keeps a many-tablet load bounded).
     */
    static final long SINK_MEMTABLE_BYTES = 2 * MEMTABLE_FLUSH_BYTES;
    /** Rows between checks of the sink-wide memtable size (one batch). */
    private static final int MEMORY_CHECK_ROWS = ColumnBatch.MAX_ROWS;

    private final String name;
    private final OlapTableSink sink;
    private final TabletStore store;
    private final FrontendCallbacks callbacks;
    private final MemoryContext ctx;
    private final List<DataType> types;
    private final PartitionRouter router;
    private final BucketHasher hasher;
    private final Map<Long, TabletBuffer> tablets = new LinkedHashMap<>();
    private final Set<Long> touchedPartitions = new LinkedHashSet<>();
    private final boolean hasOp;
    private final int numKeyColumns;
    private final List<String> errorRows = new ArrayList<>();
    /** NDV sketches, min/max and NULLs of the written rows (not of rows deleted through {@code __op}). */
    private final ColumnStatsCollector columnStats;
    /** Positions of a batch's written rows, handed to {@link #columnStats} once per batch. */
    private int[] written = new int[ColumnBatch.MAX_ROWS];
    private long roundRobin;
    private long loaded;
    private long filtered;
    private boolean finished;
    private SinkResult result;

    /** Rows bound for one tablet. */
    private final class TabletBuffer
    {
        final long partitionId;
        final RowsetWriter writer;
        final MemoryContext memCtx;
        final PkMemTable memtable;
        /** DUPLICATE/AGGREGATE/UNIQUE tablets with a sort key: rows sorted (and folded) per flush unit. */
        final io.starling.storage.merge.SortingMemTable sorted;
        ColumnBatch batch;

        TabletBuffer(long tabletId, long partitionId)
        {
            this.partitionId = partitionId;
            if (sink.hasIndexSpec()) {
                // the tablet's segments get the table's current indexes (short key, bloom filters)
                io.starling.be.scan.TabletIndexManager.apply(store, tabletId, io.starling.be.scan.TabletIndexManager.toSpec(sink.getIndexSpec()));
            }
            this.writer = store.openRowset(tabletId, sink.getTxnId());
            if (sink.getPartialUpdate() || sink.getHasMergeCondition()) {
                // resolved at publish against the rows then live (StarRocks' partial_update / merge_condition)
                writer.setUpdateMode(updateMode(sink));
            }
            int[] sortKey = writer.sortKeyColumns();
            if (writer.keysModel().replacesByKey()) {
                memCtx = ctx.newChild("memtable:" + tabletId);
                memtable = new PkMemTable(writer.schema(), writer.numKeyColumns(), memCtx);
                sorted = null;
            }
            else if (sortKey.length > 0) {
                memCtx = ctx.newChild("memtable:" + tabletId);
                memtable = null;
                sorted = new io.starling.storage.merge.SortingMemTable(writer.keysModel(), writer.schema(), sortKey,
                        writer.aggregationTypes(), memCtx);
            }
            else {
                memCtx = null;
                memtable = null;
                sorted = null;
            }
        }

        void add(ColumnBatch src, int row, boolean delete)
        {
            if (sorted != null) {
                sorted.add(src, row);
                if (sorted.memoryBytes() >= MEMTABLE_FLUSH_BYTES) {
                    flushMemtable();
                }
                return;
            }
            if (memtable != null) {
                memtable.add(src, row, delete);
                if (memtable.memoryBytes() >= MEMTABLE_FLUSH_BYTES) {
                    flushMemtable();
                }
                return;
            }
            if (batch == null) {
                batch = ColumnBatch.allocate(types, ctx);
            }
            int r = batch.rowCount();
            for (int c = 0; c < types.size(); c++) {
                batch.column(c).copyFrom(src.column(c), row, r);
            }
            batch.setRowCount(r + 1);
            if (r + 1 == ColumnBatch.MAX_ROWS) {
                flush();
            }
        }

        void flushMemtable()
        {
            try {
                if (sorted != null) {
                    sorted.flush(writer);
                    return;
                }
                memtable.flush(writer);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long memtableBytes()
        {
            return sorted != null ? sorted.memoryBytes() : memtable != null ? memtable.memoryBytes() : 0;
        }

        void flush()
        {
            if (memtable != null || sorted != null) {
                flushMemtable();
                return;
            }
            if (batch == null || batch.rowCount() == 0) {
                return;
            }
            try {
                writer.append(batch);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            batch.close();
            batch = null;
        }

        void discard()
        {
            if (batch != null) {
                batch.close();
                batch = null;
            }
            if (memtable != null) {
                memtable.close();
            }
            if (sorted != null) {
                sorted.close();
            }
            if (memCtx != null) {
                memCtx.close();
            }
        }
    }

    public OlapTableSinkOperator(String name, OlapTableSink sink, TabletStore store, FrontendCallbacks callbacks, MemoryContext ctx)
    {
        this.name = name;
        this.sink = sink;
        this.store = store;
        this.callbacks = callbacks;
        this.ctx = ctx;
        List<DataType> t = new ArrayList<>();
        sink.getColumnsList().forEach(c -> t.add(ProtoTypes.toDataType(c.getType())));
        this.types = List.copyOf(t);
        DataType partType = sink.getPartition().getKind() == PartitionKind.PARTITION_NONE ? DataType.INT : types.get(sink.getPartition().getColumnIndex());
        this.router = new PartitionRouter(sink.getPartition(), partType);
        int[] hashCols = sink.getDistribution().getHashColumnIndexesList().stream().mapToInt(Integer::intValue).toArray();
        this.hasher = sink.getDistribution().getRandom() ? null : new BucketHasher(hashCols, Math.max(1, sink.getDistribution().getBuckets()));
        this.hasOp = sink.getHasOpColumn();
        int keys = 0;
        while (keys < sink.getColumnsCount() && sink.getColumns(keys).getIsKey()) {
            keys++;
        }
        this.numKeyColumns = keys;
        this.columnStats = new ColumnStatsCollector(types);
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public boolean needsInput()
    {
        return !finished;
    }

    @Override
    public void push(ColumnBatch batch)
    {
        try (batch) {
            int expected = types.size() + (hasOp ? 1 : 0);
            if (batch.columnCount() != expected) {
                throw new IllegalStateException("table sink of " + sink.getTableName() + " expects " + expected + " columns, got " + batch.columnCount());
            }
            ColumnVector opColumn = hasOp ? batch.column(types.size()) : null;
            int n = batch.size();
            Object[] partValues = new Object[n];
            boolean partitioned = router.kind() != PartitionKind.PARTITION_NONE;
            if (partitioned) {
                ColumnVector pv = batch.column(sink.getPartition().getColumnIndex());
                for (int i = 0; i < n; i++) {
                    partValues[i] = router.truncate(Values.read(pv, batch.position(i)));
                }
                if (router.kind() == PartitionKind.PARTITION_EXPR_TIME) {
                    createMissingPartitions(partValues);
                }
            }
            ColumnVector[] cols = batch.columns();
            if (written.length < n) {
                written = new int[n];
            }
            int writtenCount = 0;
            for (int i = 0; i < n; i++) {
                int row = batch.position(i);
                boolean delete = opColumn != null && isDelete(opColumn, row);
                String reason = nullViolation(batch, row, delete ? numKeyColumns : types.size());
                PartitionDesc part = null;
                if (reason == null) {
                    part = router.find(partValues[i]);
                    if (part == null) {
                        reason = "no partition of " + sink.getTableName() + " holds value " + partValues[i] + " of column `"
                                + sink.getColumns(sink.getPartition().getColumnIndex()).getName() + "`";
                    }
                }
                if (reason != null) {
                    reject(batch, row, reason);
                    continue;
                }
                int bucket = hasher == null ? (int) Math.floorMod(roundRobin++, (long) part.getTabletIdsCount()) : hasher.bucket(cols, row);
                if (bucket >= part.getTabletIdsCount()) {
                    bucket = bucket % part.getTabletIdsCount();
                }
                long tabletId = part.getTabletIds(bucket);
                long partitionId = part.getId();
                TabletBuffer buf = tablets.computeIfAbsent(tabletId, id -> new TabletBuffer(id, partitionId));
                touchedPartitions.add(partitionId);
                if (delete && buf.memtable == null) {
                    reject(batch, row, "__op = delete needs a PRIMARY KEY or UNIQUE KEY table");
                    continue;
                }
                buf.add(batch, row, delete);
                loaded++;
                if (loaded % MEMORY_CHECK_ROWS == 0) {
                    boundMemtables();
                }
                if (!delete) {
                    written[writtenCount++] = row;
                }
            }
            columnStats.add(batch, written, writtenCount);
        }
    }

    /** Flushes the largest memtables while all of this sink's together hold more than {@link #SINK_MEMTABLE_BYTES}. */
    private void boundMemtables()
    {
        long total = 0;
        for (TabletBuffer b : tablets.values()) {
            total += b.memtableBytes();
        }
        while (total > SINK_MEMTABLE_BYTES) {
            TabletBuffer largest = null;
            for (TabletBuffer b : tablets.values()) {
                if (largest == null || b.memtableBytes() > largest.memtableBytes()) {
                    largest = b;
                }
            }
            long before = largest.memtableBytes();
            if (before == 0) {
                return;
            }
            largest.flushMemtable();
            total -= before - largest.memtableBytes();
        }
    }

    private void createMissingPartitions(Object[] values)
    {
        Set<Object> missing = new LinkedHashSet<>();
        for (Object v : values) {
            if (v != null && router.find(v) == null) {
                missing.add(v);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        DataType partType = types.get(sink.getPartition().getColumnIndex());
        List<Literal> lits = new ArrayList<>();
        for (Object v : missing) {
            lits.add(LiteralDecoder.encode(v, partType));
        }
        try {
            router.add(callbacks.createAutomaticPartitions(sink.getTableId(), sink.getTxnId(), lits));
        }
        catch (Exception e) {
            throw new IllegalStateException("automatic partition creation for " + sink.getTableName() + " failed: " + e.getMessage(), e);
        }
    }

    /** The storage update mode the sink's partial_update / merge_condition fields ask for. */
    static io.starling.storage.pk.UpdateMode updateMode(OlapTableSink sink)
    {
        boolean[] given = null;
        if (sink.getPartialUpdate()) {
            given = new boolean[sink.getColumnsCount()];
            for (int c : sink.getPartialUpdateColumnsList()) {
                given[c] = true;
            }
        }
        return new io.starling.storage.pk.UpdateMode(given, sink.getHasMergeCondition() ? sink.getMergeConditionColumn() : -1);
    }

    /** Whether the {@code __op} value of a row asks for a delete (1; NULL and everything else upsert). */
    private static boolean isDelete(ColumnVector op, int row)
    {
        if (op.isNull(row)) {
            return false;
        }
        Object v = Values.read(op, row);
        return v instanceof Number n ? n.longValue() == 1 : "1".equals(String.valueOf(v).trim()) || "delete".equalsIgnoreCase(String.valueOf(v).trim());
    }

    /**
     * Why a row cannot be stored as it is (NULL in a NOT NULL column, string longer than the column), or null;
     * checks the first {@code columns} columns (a delete only needs its key).
     */
    private String nullViolation(ColumnBatch batch, int row, int columns)
    {
        for (int c = 0; c < columns; c++) {
            if (batch.column(c).isNull(row)) {
                if (!sink.getColumns(c).getNullable()) {
                    return "NULL value in non-nullable column `" + sink.getColumns(c).getName() + "`";
                }
                continue;
            }
            DataType t = types.get(c);
            // StarRocks measures CHAR/VARCHAR lengths in bytes and rejects longer values in strict mode
            if (t.kind().isString() && t.length() > 0 && batch.column(c).getLength(row) > t.length()) {
                return "the length of input is too long than schema. column `" + sink.getColumns(c).getName()
                        + "` length " + batch.column(c).getLength(row) + " > " + t.length();
            }
        }
        return null;
    }

    private void reject(ColumnBatch batch, int row, String reason)
    {
        filtered++;
        if (errorRows.size() < MAX_ERROR_ROWS) {
            StringBuilder sb = new StringBuilder("Error: ").append(reason).append(". Row: [");
            for (int c = 0; c < types.size(); c++) {
                Object v = Values.read(batch.column(c), row);
                sb.append(c == 0 ? "" : ", ").append(v == null ? "NULL" : v);
            }
            errorRows.add(sb.append(']').toString());
        }
    }

    @Override
    public ColumnBatch pull()
    {
        return null;
    }

    @Override
    public void finish()
    {
        if (finished) {
            return;
        }
        long total = loaded + filtered;
        if (filtered > 0 && (double) filtered / total > sink.getMaxFilterRatio()) {
            String first = errorRows.isEmpty() ? "" : " First error: " + errorRows.getFirst();
            throw new DataQualityException(new FragmentException(FragmentException.Kind.DATA_QUALITY, String.format(
                    "Load of %s failed: %d of %d rows filtered (ratio %.4f > max_filter_ratio %s).%s",
                    sink.getTableName(), filtered, total, (double) filtered / total, sink.getMaxFilterRatio(), first)));
        }
        SinkResult.Builder r = SinkResult.newBuilder().setLoadedRows(loaded).setFilteredRows(filtered).addAllErrorRows(errorRows)
                .addAllTouchedPartitionIds(touchedPartitions).addAllColumnStats(columnStats.result(sink.getPartialUpdate() ? updateMode(sink).givenColumns() : null));
        for (Map.Entry<Long, TabletBuffer> e : tablets.entrySet()) {
            TabletBuffer b = e.getValue();
            b.flush();
            RowsetMeta meta;
            try {
                meta = b.writer.finish();
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            r.addCommitInfos(TabletCommitInfo.newBuilder().setTabletId(e.getKey()).setPartitionId(b.partitionId)
                    .setRowsetId(meta.rowsetId()).setNumRows(meta.numRows()).setDataBytes(meta.totalBytes()));
        }
        result = r.build();
        finished = true;
    }

    /** What was written; valid after a successful finish. */
    public SinkResult result()
    {
        return result;
    }

    @Override
    public boolean isFinished()
    {
        return finished;
    }

    /** Unfinished writers are aborted; finished rowsets are aborted by the fragment if the load fails later. */
    @Override
    public void close()
    {
        for (TabletBuffer b : tablets.values()) {
            b.discard();
            if (result == null) {
                b.writer.abort();
            }
        }
    }

    /** Drops the finished (pending) rowset of this load's txn in one tablet after the load failed elsewhere. */
    public void abortCommitted(long tabletId)
    {
        try {
            store.abortPending(tabletId, sink.getTxnId());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Carries a DATA_QUALITY {@link FragmentException} through the driver (which only propagates unchecked ones). */
    public static final class DataQualityException extends RuntimeException
    {
        public DataQualityException(FragmentException cause)
        {
            super(cause.getMessage(), cause);
        }
    }
}
