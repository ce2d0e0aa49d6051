package io.starling.exec.operator.window;

import io.starling.exec.hash.JoinGather;
import io.starling.exec.sort.RowComparator;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * The buffered rows of the partition being processed: off-heap columns in chunks of {@link #CHUNK_ROWS} rows
 * (input columns, then the evaluated PARTITION BY keys, ORDER BY keys and function arguments), plus the peer
 * groups of the ORDER BY keys, computed once per partition when a function or a RANGE frame asks for them.
 *
 * <p>Row {@code i} of the partition lives in chunk {@code i >>> CHUNK_SHIFT} at position {@code i & CHUNK_MASK}.
 * {@link #clear()} keeps the first chunk for the next partition (so that many small partitions do not allocate
 * and free a chunk each) and frees the rest, so memory follows the largest partition while it is buffered and
 * falls back afterwards. Chunks are accounted to the operator's {@link MemoryContext}; the peer arrays (two ints a
 * row) are reserved there as well.
 */
final class WindowPartition
        implements AutoCloseable
{
    /** Rows per chunk: one batch. */
    static final int CHUNK_ROWS = ColumnBatch.MAX_ROWS;
    static final int CHUNK_SHIFT = Integer.numberOfTrailingZeros(CHUNK_ROWS);
    static final int CHUNK_MASK = CHUNK_ROWS - 1;

    private final List<DataType> types;
    private final MemoryContext memory;
    private final int orderFirst;
    private final int orderCount;
    private final RowComparator orderComparator;
    private final List<ColumnVector[]> chunks = new ArrayList<>();
    private int size;
    private int[] peerStart;
    private int[] peerEnd;
    private long peerBytes;
    private boolean peersReady;

    /**
     * @param types stored column types
     * @param orderFirst stored index of the first ORDER BY key
     * @param orderComparator compares the {@code orderCount} ORDER BY keys (equality is what matters here)
     */
    WindowPartition(List<DataType> types, int orderFirst, int orderCount, RowComparator orderComparator,
            MemoryContext memory)
    {
        this.types = List.copyOf(types);
        this.memory = memory;
        this.orderFirst = orderFirst;
        this.orderCount = orderCount;
        this.orderComparator = orderComparator;
    }

    /** Rows buffered. */
    int size()
    {
        return size;
    }

    /** Appends physical row {@code srcRow} of {@code src} (one vector per stored column). */
    void append(ColumnVector[] src, int srcRow)
    {
        int pos = size & CHUNK_MASK;
        int chunkIndex = size >>> CHUNK_SHIFT;
        if (chunkIndex == chunks.size()) {
            chunks.add(newChunk());
        }
        ColumnVector[] chunk = chunks.get(chunkIndex);
        for (int c = 0; c < chunk.length; c++) {
            JoinGather.copyValue(src[c], srcRow, chunk[c], pos);
        }
        size++;
        peersReady = false;
    }

    private ColumnVector[] newChunk()
    {
        ColumnVector[] chunk = new ColumnVector[types.size()];
        try {
            for (int c = 0; c < chunk.length; c++) {
                chunk[c] = new ColumnVector(types.get(c), CHUNK_ROWS, memory);
            }
        }
        catch (RuntimeException e) {
            for (ColumnVector v : chunk) {
                if (v != null) {
                    v.close();
                }
            }
            throw e;
        }
        return chunk;
    }

    /** Stored column {@code column} of the chunk holding row {@code row}; the value is at {@link #pos(int)}. */
    ColumnVector column(int row, int column)
    {
        return chunks.get(row >>> CHUNK_SHIFT)[column];
    }

    /** All stored columns of the chunk holding row {@code row}. */
    ColumnVector[] chunk(int row)
    {
        return chunks.get(row >>> CHUNK_SHIFT);
    }

    static int pos(int row)
    {
        return row & CHUNK_MASK;
    }

    /** First row of the peer group (equal ORDER BY keys) of row {@code i}; 0 without ORDER BY. */
    int peerStart(int i)
    {
        if (orderCount == 0) {
            return 0;
        }
        ensurePeers();
        return peerStart[i];
    }

    /** One past the last row of the peer group of row {@code i}; the partition size without ORDER BY. */
    int peerEnd(int i)
    {
        if (orderCount == 0) {
            return size;
        }
        ensurePeers();
        return peerEnd[i];
    }

    private void ensurePeers()
    {
        if (peersReady) {
            return;
        }
        if (peerStart == null || peerStart.length < size) {
            int capacity = Math.max(size, 64);
            long bytes = capacity * 8L;
            memory.reserve(bytes);
            memory.release(peerBytes);
            peerBytes = bytes;
            peerStart = new int[capacity];
            peerEnd = new int[capacity];
        }
        int groupStart = 0;
        for (int i = 1; i <= size; i++) {
            if (i == size || orderComparator.compare(chunk(i - 1), orderFirst, pos(i - 1), chunk(i), orderFirst, pos(i)) != 0) {
                for (int j = groupStart; j < i; j++) {
                    peerStart[j] = groupStart;
                    peerEnd[j] = i;
                }
                groupStart = i;
            }
        }
        peersReady = true;
    }

    /** Empties the buffer for the next partition; keeps one chunk allocated. */
    void clear()
    {
        while (chunks.size() > 1) {
            for (ColumnVector v : chunks.removeLast()) {
                v.close();
            }
        }
        if (!chunks.isEmpty()) {
            for (ColumnVector v : chunks.getFirst()) {
                v.resetNulls();
                v.resetVarlen();
            }
        }
        if (peerStart != null && peerStart.length > CHUNK_ROWS) {
            memory.release(peerBytes);
            peerBytes = 0;
            peerStart = null;
            peerEnd = null;
        }
        size = 0;
        peersReady = false;
    }

    @Override
    public void close()
    {
        for (ColumnVector[] chunk : chunks) {
            for (ColumnVector v : chunk) {
                v.close();
            }
        }
        chunks.clear();
        memory.release(peerBytes);
        peerBytes = 0;
        peerStart = null;
        peerEnd = null;
        size = 0;
    }
}
