package io.starling.exec.hash;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * Append-only columnar row storage for operator state (join build side, sort and top-N buffers).
 *
 * <p>Rows live in chunks of {@link #CHUNK_ROWS} rows, one off-heap {@link ColumnVector} per column per chunk,
 * accounted to the owner's {@link MemoryContext}. A row is named by a dense {@code int} id:
 * <pre>
 *   bits 31..12  chunk index      (id &gt;&gt;&gt; CHUNK_SHIFT)
 *   bits 11..0   row in the chunk (id &amp; CHUNK_MASK)
 * </pre>
 * so ids are also positions in per-row side arrays ({@code next} chains, hashes, keys). Up to 2^31 rows.
 */
public final class RowStore
        implements AutoCloseable
{
    /** Rows per chunk: one batch, so a chunk column can be pulled as a batch column without reshaping. */
    public static final int CHUNK_ROWS = ColumnBatch.MAX_ROWS;
    /** log2 of {@link #CHUNK_ROWS}. */
    public static final int CHUNK_SHIFT = Integer.numberOfTrailingZeros(CHUNK_ROWS);
    /** Mask of the row-in-chunk bits of an id. */
    public static final int CHUNK_MASK = CHUNK_ROWS - 1;

    static {
        if (Integer.bitCount(CHUNK_ROWS) != 1) {
            throw new AssertionError("chunk rows must be a power of two");
        }
    }

    private final List<DataType> types;
    private final MemoryContext memory;
    private final List<ColumnVector[]> chunks = new ArrayList<>();
    private int size;

    /** Creates an empty store whose chunks are accounted to {@code memory}. */
    public RowStore(List<DataType> types, MemoryContext memory)
    {
        this.types = List.copyOf(types);
        this.memory = memory;
    }

    public List<DataType> types()
    {
        return types;
    }

    /** Number of rows stored. */
    public int size()
    {
        return size;
    }

    /**
     * Copies one row: column {@code c} from {@code src[c]} at physical row {@code srcRow}.
     *
     * @return the new row's id (equal to the previous {@link #size()})
     */
    public int append(ColumnVector[] src, int srcRow)
    {
        int pos = size & CHUNK_MASK;
        if (pos == 0) {
            addChunk();
        }
        ColumnVector[] chunk = chunks.get(chunks.size() - 1);
        for (int c = 0; c < chunk.length; c++) {
            JoinGather.copyValue(src[c], srcRow, chunk[c], pos);
        }
        return size++;
    }

    /**
     * Appends one value to a store of a single variable-length column (the join's serialized keys).
     *
     * @return the new row's id
     */
    public int appendBytes(byte[] src, int off, int len)
    {
        int pos = size & CHUNK_MASK;
        if (pos == 0) {
            addChunk();
        }
        chunks.get(chunks.size() - 1)[0].setBytes(pos, src, off, len);
        return size++;
    }

    /**
     * Moves every chunk of {@code other} to the end of this store and empties {@code other}: a row {@code id} of
     * {@code other} becomes {@code id + (base << CHUNK_SHIFT)} here, {@code base} being the returned chunk index.
     * Afterwards ids are not dense (the last chunk of each adopted store may be partly filled) and this store is
     * read-only: {@link #append} must not be called again.
     */
    public int adopt(RowStore other)
    {
        int base = chunks.size();
        chunks.addAll(other.chunks);
        other.chunks.clear();
        other.size = 0;
        size = chunks.size() << CHUNK_SHIFT;
        return base;
    }

    /** Number of chunks (ids are below {@code chunkCount() << CHUNK_SHIFT}). */
    public int chunkCount()
    {
        return chunks.size();
    }

    private void addChunk()
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
        chunks.add(chunk);
    }

    /** The vectors of the chunk holding row {@code id}; the row is at {@code id & CHUNK_MASK}. */
    public ColumnVector[] chunkOf(int id)
    {
        return chunks.get(id >>> CHUNK_SHIFT);
    }

    /** Column {@code column} of the chunk holding row {@code id}. */
    public ColumnVector column(int id, int column)
    {
        return chunks.get(id >>> CHUNK_SHIFT)[column];
    }

    /** Frees every chunk; the store is empty afterwards and may be reused. */
    @Override
    public void close()
    {
        for (ColumnVector[] chunk : chunks) {
            for (ColumnVector v : chunk) {
                v.close();
            }
        }
        chunks.clear();
        size = 0;
    }
}
