package io.starling.exec.operator;

import io.starling.exec.hash.RowStore;
import io.starling.exec.sort.IntSorter;
import io.starling.exec.sort.RowComparator;
import io.starling.exec.sort.SortKey;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * ORDER BY without LIMIT: buffers every input row (data columns followed by the evaluated sort keys) in a
 * {@link RowStore}, sorts row ids with a stable merge sort on {@link RowComparator}, then emits the rows in
 * order, {@link ColumnBatch#MAX_ROWS} per batch. In memory only (spilling is future work); the buffer is
 * accounted, so a sort over the query limit fails cleanly.
 */
public final class SortOperator
        implements Operator
{
    private final OperatorContext context;
    private final List<SortKey> keys;
    private final int dataColumns;
    private final RowStore store;
    private final RowComparator comparator;
    private final BatchBuilder builder;
    private int[] order;
    private int emitted;
    private boolean finishing;

    /**
     * @param inputTypes column types of the input (and the output)
     */
    public SortOperator(OperatorContext context, List<DataType> inputTypes, List<SortKey> keys)
    {
        this.context = context;
        this.keys = List.copyOf(keys);
        this.dataColumns = inputTypes.size();
        List<DataType> keyTypes = keys.stream().map(k -> k.expression().type()).toList();
        List<DataType> stored = new ArrayList<>(inputTypes);
        stored.addAll(keyTypes);
        this.store = new RowStore(stored, context.memory());
        this.comparator = new RowComparator(keyTypes, keys);
        this.builder = new BatchBuilder(inputTypes, context.memory());
    }

    /** Appends the logical rows of {@code batch} with their keys to {@code store}; shared with {@link TopNOperator}. */
    static ColumnVector[] evaluateRow(ColumnBatch batch, List<SortKey> keys, OperatorContext context)
    {
        ColumnVector[] all = new ColumnVector[batch.columnCount() + keys.size()];
        System.arraycopy(batch.columns(), 0, all, 0, batch.columnCount());
        try {
            for (int k = 0; k < keys.size(); k++) {
                all[batch.columnCount() + k] = keys.get(k).expression().evaluate(batch, context.memory());
            }
        }
        catch (RuntimeException | Error e) {
            closeKeys(all, batch.columnCount());
            throw e;
        }
        return all;
    }

    static void closeKeys(ColumnVector[] all, int dataColumns)
    {
        for (int i = dataColumns; i < all.length; i++) {
            if (all[i] != null) {
                all[i].close();
            }
        }
    }

    @Override
    public boolean needsInput()
    {
        return !finishing;
    }

    @Override
    public void push(ColumnBatch batch)
    {
        long start = System.nanoTime();
        try (batch) {
            context.recordInput(batch.size());
            ColumnVector[] all = evaluateRow(batch, keys, context);
            try {
                int n = batch.size();
                for (int i = 0; i < n; i++) {
                    store.append(all, batch.position(i));
                }
            }
            finally {
                closeKeys(all, dataColumns);
            }
        }
        finally {
            context.addCpuNanos(System.nanoTime() - start);
        }
    }

    @Override
    public void finish()
    {
        if (finishing) {
            return;
        }
        finishing = true;
        long start = System.nanoTime();
        int n = store.size();
        context.memory().reserve(n * 8L);
        order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        IntSorter.sort(order, n, (a, b) -> comparator.compare(store.chunkOf(a), dataColumns, a & RowStore.CHUNK_MASK,
                store.chunkOf(b), dataColumns, b & RowStore.CHUNK_MASK));
        context.addCpuNanos(System.nanoTime() - start);
    }

    @Override
    public ColumnBatch pull()
    {
        if (order == null || emitted >= order.length) {
            return null;
        }
        long start = System.nanoTime();
        int end = Math.min(order.length, emitted + ColumnBatch.MAX_ROWS);
        for (int i = emitted; i < end; i++) {
            int id = order[i];
            builder.set(0, store.chunkOf(id), id & RowStore.CHUNK_MASK);
            builder.nextRow();
        }
        emitted = end;
        context.addCpuNanos(System.nanoTime() - start);
        return context.recordOutput(builder.build());
    }

    @Override
    public boolean isFinished()
    {
        return finishing && emitted >= order.length;
    }

    @Override
    public void close()
    {
        builder.close();
        store.close();
        if (order != null) {
            context.memory().release(order.length * 8L);
            order = null;
        }
    }
}
