package io.starling.exec.operator;

import io.starling.exec.expr.Expression;
import io.starling.exec.hash.JoinGather;
import io.starling.exec.hash.JoinHashTable;
import io.starling.exec.hash.KeyEncoder;
import io.starling.exec.hash.LongGroupByHashTable;
import io.starling.exec.hash.RowStore;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;
import io.starling.storage.types.TypeKind;

import java.util.ArrayList;
import java.util.List;

/**
 * Probe side of a hash join: blocked until the shared {@link JoinHashTable} is built, then looks up each probe
 * row's key and emits the joined rows, at most {@link ColumnBatch#MAX_ROWS} per output batch. One probe batch
 * can produce many output batches: the operator keeps a cursor (probe row, position in the bucket chain) and
 * accepts the next input only when the current one is exhausted.
 *
 * <p>Output columns: the probe input's columns, then (INNER, LEFT OUTER) the build table's columns. A residual
 * predicate (non-equi conditions of the ON clause, INNER only for now) is evaluated on the joined batch and
 * applied as a selection vector. Keys are hashed a batch at a time with the table's hash kernels when the key is a
 * single INT/BIGINT-like column; other keys are serialized per row with the table's {@link KeyEncoder} encoding.
 * Each pushed batch is looked up in two passes: all first matches ({@link #lookUp}), then list walking and gathers.
 *
 * <p>Until the table is built the operator helps build it: once the build input is complete, each {@link #pull()}
 * builds one unclaimed partition ({@link JoinHashTable#buildNextPartition()}) and returns an empty batch, so probe
 * drivers and the last build driver build partitions in parallel without parking a worker.
 */
public final class HashJoinProbeOperator
        implements Operator
{
    private final OperatorContext context;
    private final JoinHashTable table;
    private final List<Expression> probeKeys;
    private final JoinType joinType;
    private final Expression residual;
    private final List<DataType> outputTypes;
    private final int probeColumns;
    private final KeyEncoder encoder;
    private final long[] hashes = new long[ColumnBatch.MAX_ROWS];
    private final int[] heads = new int[ColumnBatch.MAX_ROWS];
    private final int[] pairProbe = new int[ColumnBatch.MAX_ROWS];
    private final int[] pairBuild = new int[ColumnBatch.MAX_ROWS];

    private ColumnBatch current;
    private ColumnVector[] currentKeys;
    private int cursor;
    private int chain = -2;
    private boolean matched;
    private boolean finishing;

    /**
     * @param probeTypes column types of the probe input
     * @param residual BOOLEAN predicate over the output columns, or null
     */
    public HashJoinProbeOperator(OperatorContext context, JoinHashTable table, List<Expression> probeKeys, List<DataType> probeTypes,
            JoinType joinType, Expression residual)
    {
        if (probeKeys.size() != table.keyTypes().size()) {
            throw new IllegalArgumentException("expected " + table.keyTypes().size() + " probe keys, got " + probeKeys.size());
        }
        if (residual != null && joinType != JoinType.INNER) {
            throw new UnsupportedOperationException("residual join conditions are only supported for INNER joins yet, not " + joinType);
        }
        if (residual != null && residual.type().kind() != TypeKind.BOOLEAN) {
            throw new IllegalArgumentException("residual must be BOOLEAN, got " + residual.type());
        }
        this.context = context;
        this.table = table;
        this.probeKeys = List.copyOf(probeKeys);
        this.joinType = joinType;
        this.residual = residual;
        this.probeColumns = probeTypes.size();
        List<DataType> types = new ArrayList<>(probeTypes);
        if (joinType.outputsBuildColumns()) {
            types.addAll(table.buildTypes());
        }
        this.outputTypes = List.copyOf(types);
        this.encoder = new KeyEncoder(table.keyTypes());
        table.retain();
    }

    /** Probe columns, then build columns for INNER/LEFT OUTER. */
    public List<DataType> outputTypes()
    {
        return outputTypes;
    }

    @Override
    public BlockedFuture blockedOn()
    {
        if (table.isBuilt()) {
            return BlockedFuture.NOT_BLOCKED;
        }
        if (!table.inputFuture().isDone()) {
            return table.inputFuture();
        }
        // unclaimed partitions: pull() builds one; else wait for the drivers building the rest
        return table.allPartitionsClaimed() ? table.buildFuture() : BlockedFuture.NOT_BLOCKED;
    }

    @Override
    public boolean needsInput()
    {
        return table.isBuilt() && current == null && !finishing;
    }

    @Override
    public void push(ColumnBatch batch)
    {
        if (batch.size() == 0) {
            batch.close();
            return;
        }
        context.recordInput(batch.size());
        ColumnVector[] keys = new ColumnVector[probeKeys.size()];
        try {
            for (int k = 0; k < keys.length; k++) {
                keys[k] = probeKeys.get(k).evaluate(batch, context.memory());
            }
        }
        catch (RuntimeException | Error e) {
            closeAll(keys);
            batch.close();
            throw e;
        }
        try {
            if (table.hasLongKey()) {
                LongGroupByHashTable.hashColumn(table.hashKernels(), keys[0], table.longKeyPhysical(), batch.rowCount(), hashes);
            }
            lookUp(batch, keys);
        }
        catch (RuntimeException | Error e) {
            closeAll(keys);
            batch.close();
            throw e;
        }
        current = batch;
        currentKeys = keys;
        cursor = 0;
        chain = -2;
    }

    @Override
    public ColumnBatch pull()
    {
        long start = System.nanoTime();
        try {
            if (!table.isBuilt()) {
                // help the parallel build: one partition per call, reported as progress by an empty batch
                if (table.inputFuture().isDone() && table.buildNextPartition()) {
                    ColumnBatch progress = ColumnBatch.allocate(outputTypes, 1, context.memory());
                    progress.setRowCount(0);
                    return progress;
                }
                return null;
            }
            while (current != null) {
                int pairs = collectPairs();
                // materialize before releasing: the pairs reference the current probe batch
                ColumnBatch out = pairs == 0 ? null : materialize(pairs);
                if (cursor >= current.size()) {
                    releaseCurrent();
                }
                if (out != null) {
                    return context.recordOutput(out);
                }
            }
            return null;
        }
        finally {
            context.addCpuNanos(System.nanoTime() - start);
        }
    }

    /**
     * Pass 1 over a pushed batch: the first matching build row of every logical row ({@code heads[position]}, -1 for
     * none or a NULL key). A tight loop of independent lookups, so the CPU overlaps their cache misses; pass 2
     * ({@link #collectPairs}) walks the duplicate lists and gathers.
     */
    private void lookUp(ColumnBatch batch, ColumnVector[] keys)
    {
        int n = batch.size();
        boolean empty = table.rowCount() == 0;
        boolean longKey = table.hasLongKey();
        PhysicalType phys = table.longKeyPhysical();
        boolean mayBeNull = false;
        for (ColumnVector k : keys) {
            mayBeNull |= k.hasNulls();
        }
        for (int i = 0; i < n; i++) {
            int p = batch.position(i);
            boolean rowNull = false;
            if (mayBeNull) {
                for (ColumnVector k : keys) {
                    rowNull |= k.isNull(p);
                }
            }
            if (rowNull || empty) {
                heads[p] = -1;
            }
            else if (longKey) {
                heads[p] = table.findLong(hashes[p], LongGroupByHashTable.keyOf(keys[0], phys, p));
            }
            else {
                encoder.encode(keys, p);
                heads[p] = table.findBytes(KeyEncoder.hash(encoder.buffer(), 0, encoder.length()), encoder.buffer(), encoder.length());
            }
        }
    }

    /**
     * Fills {@code pairProbe}/{@code pairBuild} (build = -1: no build row, for outer/anti output) from the cursor
     * until the output is full or the probe batch is exhausted.
     */
    private int collectPairs()
    {
        int n = current.size();
        int pairs = 0;
        while (cursor < n && pairs < ColumnBatch.MAX_ROWS) {
            int p = current.position(cursor);
            if (chain == -2) {
                chain = heads[p];
                matched = false;
            }
            while (chain >= 0 && pairs < ColumnBatch.MAX_ROWS) {
                int row = chain;
                chain = table.next(row);
                matched = true;
                if (joinType == JoinType.LEFT_SEMI) {
                    chain = -1;
                    pairProbe[pairs] = p;
                    pairBuild[pairs++] = -1;
                }
                else if (joinType != JoinType.LEFT_ANTI) {
                    pairProbe[pairs] = p;
                    pairBuild[pairs++] = row;
                }
                else {
                    chain = -1;
                }
            }
            if (chain >= 0) {
                break;  // output full in the middle of a chain: resume here on the next pull
            }
            if (!matched && (joinType == JoinType.LEFT_OUTER || joinType == JoinType.LEFT_ANTI)) {
                if (pairs == ColumnBatch.MAX_ROWS) {
                    break;
                }
                pairProbe[pairs] = p;
                pairBuild[pairs++] = -1;
            }
            cursor++;
            chain = -2;
        }
        return pairs;
    }

    /** Gathers the pairs column by column into a new batch; applies the residual. Null if nothing survives. */
    private ColumnBatch materialize(int pairs)
    {
        ColumnBatch out = ColumnBatch.allocate(outputTypes, context.memory());
        try {
            ColumnVector[] probeCols = current.columns();
            for (int c = 0; c < probeColumns; c++) {
                JoinGather.gather(probeCols[c], pairProbe, pairs, out.column(c));
            }
            if (joinType.outputsBuildColumns()) {
                RowStore rows = table.rows();
                int buildColumns = table.buildTypes().size();
                for (int c = 0; c < buildColumns; c++) {
                    JoinGather.gatherBuild(rows, c, pairBuild, pairs, out.column(probeColumns + c));
                }
            }
            out.setRowCount(pairs);
            if (residual != null && !applyResidual(out)) {
                out.close();
                return null;
            }
            return out;
        }
        catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }

    private boolean applyResidual(ColumnBatch out)
    {
        try (ColumnVector mask = residual.evaluate(out, context.memory())) {
            int n = out.rowCount();
            int[] sel = new int[n];
            int kept = 0;
            for (int j = 0; j < n; j++) {
                sel[kept] = j;
                kept += mask.getByte(j) != 0 && !mask.isNull(j) ? 1 : 0;
            }
            if (kept < n) {
                out.setSelection(sel, kept);
            }
            return kept > 0;
        }
    }

    private void releaseCurrent()
    {
        closeAll(currentKeys);
        currentKeys = null;
        current.close();
        current = null;
    }

    private static void closeAll(ColumnVector[] vectors)
    {
        if (vectors == null) {
            return;
        }
        for (ColumnVector v : vectors) {
            if (v != null) {
                v.close();
            }
        }
    }

    @Override
    public void finish()
    {
        finishing = true;
    }

    @Override
    public boolean isFinished()
    {
        return finishing && current == null;
    }

    @Override
    public void close()
    {
        closeAll(currentKeys);
        currentKeys = null;
        if (current != null) {
            current.close();
            current = null;
        }
        table.release();
    }
}
