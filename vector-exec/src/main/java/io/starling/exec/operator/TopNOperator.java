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
 * ORDER BY ... LIMIT n OFFSET m: keeps only the best {@code n + m} rows in a max-heap (worst row on top).
 * A new row is copied into the buffer only if the heap is not full or it beats the heap's top. Rows pushed out
 * of the heap stay in the {@link RowStore} until it holds more than twice the heap plus a batch; then the
 * survivors are copied into a fresh store (amortized O(1) per row, memory bounded by ~2 × (n + m) rows).
 * At finish the heap is sorted, the first m rows skipped and n emitted.
 */
public final class TopNOperator
        implements Operator
{
    private final OperatorContext context;
    private final List<SortKey> keys;
    private final List<DataType> storedTypes;
    private final int dataColumns;
    private final int offset;
    private final int capacity;
    private final RowComparator comparator;
    private final BatchBuilder builder;
    private RowStore store;
    private int[] heap;
    private int heapSize;
    private int[] order;
    private int emitted;
    private boolean finishing;

    public TopNOperator(OperatorContext context, List<DataType> inputTypes, List<SortKey> keys, long limit, long offset)
    {
        if (limit < 0 || offset < 0) {
            throw new IllegalArgumentException("LIMIT and OFFSET must be >= 0, got limit " + limit + ", offset " + offset);
        }
        if (limit + offset > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("top-N of " + (limit + offset) + " rows: plan a full sort followed by a limit instead");
        }
        this.context = context;
        this.keys = List.copyOf(keys);
        this.dataColumns = inputTypes.size();
        this.offset = (int) offset;
        this.capacity = (int) (limit + offset);
        List<DataType> keyTypes = keys.stream().map(k -> k.expression().type()).toList();
        List<DataType> stored = new ArrayList<>(inputTypes);
        stored.addAll(keyTypes);
        this.storedTypes = List.copyOf(stored);
        this.store = new RowStore(storedTypes, context.memory());
        this.comparator = new RowComparator(keyTypes, keys);
        this.builder = new BatchBuilder(inputTypes, context.memory());
        context.memory().reserve(capacity * 4L);
        this.heap = new int[capacity];
    }

    private int compareIds(int a, int b)
    {
        return comparator.compare(store.chunkOf(a), dataColumns, a & RowStore.CHUNK_MASK, store.chunkOf(b), dataColumns, b & RowStore.CHUNK_MASK);
    }

    @Override
    public boolean needsInput()
    {
        return !finishing && capacity > 0;
    }

    @Override
    public void push(ColumnBatch batch)
    {
        long start = System.nanoTime();
        try (batch) {
            context.recordInput(batch.size());
            if (capacity == 0) {
                return;
            }
            ColumnVector[] all = SortOperator.evaluateRow(batch, keys, context);
            try {
                int n = batch.size();
                for (int i = 0; i < n; i++) {
                    int p = batch.position(i);
                    if (heapSize < capacity) {
                        heap[heapSize] = store.append(all, p);
                        siftUp(heapSize++);
                    }
                    else {
                        int top = heap[0];
                        if (comparator.compare(all, dataColumns, p, store.chunkOf(top), dataColumns, top & RowStore.CHUNK_MASK) < 0) {
                            heap[0] = store.append(all, p);
                            siftDown(0);
                        }
                    }
                }
            }
            finally {
                SortOperator.closeKeys(all, dataColumns);
            }
            if (store.size() > 2 * capacity + ColumnBatch.MAX_ROWS) {
                compact();
            }
        }
        finally {
            context.addCpuNanos(System.nanoTime() - start);
        }
    }

    private void siftUp(int i)
    {
        int x = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (compareIds(heap[parent], x) >= 0) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = x;
    }

    private void siftDown(int i)
    {
        int x = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize && compareIds(heap[child + 1], heap[child]) > 0) {
                child++;
            }
            if (compareIds(heap[child], x) <= 0) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = x;
    }

    /** Copies the heap's rows into a fresh store (keeping the heap shape) and frees the old one. */
    private void compact()
    {
        RowStore fresh = new RowStore(storedTypes, context.memory());
        try {
            for (int h = 0; h < heapSize; h++) {
                int id = heap[h];
                heap[h] = fresh.append(store.chunkOf(id), id & RowStore.CHUNK_MASK);
            }
        }
        catch (RuntimeException | Error e) {
            fresh.close();
            throw e;
        }
        store.close();
        store = fresh;
    }

    @Override
    public void finish()
    {
        if (finishing) {
            return;
        }
        finishing = true;
        order = java.util.Arrays.copyOf(heap, heapSize);
        IntSorter.sort(order, order.length, this::compareIds);
        emitted = Math.min(offset, order.length);
    }

    @Override
    public ColumnBatch pull()
    {
        if (order == null || emitted >= order.length) {
            return null;
        }
        int end = Math.min(order.length, emitted + ColumnBatch.MAX_ROWS);
        for (int i = emitted; i < end; i++) {
            int id = order[i];
            builder.set(0, store.chunkOf(id), id & RowStore.CHUNK_MASK);
            builder.nextRow();
        }
        emitted = end;
        return context.recordOutput(builder.build());
    }

    @Override
    public boolean isFinished()
    {
        return (finishing && emitted >= order.length) || (capacity == 0 && finishing);
    }

    @Override
    public void close()
    {
        builder.close();
        store.close();
        if (heap != null) {
            context.memory().release(capacity * 4L);
            heap = null;
        }
    }
}
