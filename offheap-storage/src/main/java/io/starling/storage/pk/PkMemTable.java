package io.starling.storage.pk;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.tablet.RowsetWriter;
import io.starling.storage.types.DataType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The memtable of one tablet in a key-replacing load (PRIMARY, UNIQUE): rows collect in arrival order with their
 * operation (upsert or delete); {@link #flush} sorts them by encoded key ({@link KeyEncoder}, so segments are
 * sorted by key), keeps the last operation of each key (StarRocks' memtable merge: the latest row wins) and writes
 * the surviving upserts as segment rows and the surviving deletes as a delete file of one flush unit of the rowset.
 * Not thread-safe.
 */
public final class PkMemTable implements AutoCloseable
{
    private final List<DataType> schema;
    private final int numKeyColumns;
    private final KeyEncoder encoder;
    private final MemoryContext ctx;
    private final List<ColumnBatch> chunks = new ArrayList<>();
    private final List<byte[]> keys = new ArrayList<>();
    private final BitSet deletes = new BitSet();
    private long keyBytes;

    public PkMemTable(List<DataType> schema, int numKeyColumns, MemoryContext ctx)
    {
        this.schema = List.copyOf(schema);
        this.numKeyColumns = numKeyColumns;
        this.encoder = KeyEncoder.prefix(schema, numKeyColumns);
        this.ctx = ctx;
    }

    /** Copies row {@code row} (a physical row id) of {@code src}, whose columns are the tablet schema. */
    public void add(ColumnBatch src, int row, boolean delete)
    {
        int n = keys.size();
        int inChunk = n % ColumnBatch.MAX_ROWS;
        if (inChunk == 0) {
            chunks.add(ColumnBatch.allocate(schema, ctx));
        }
        ColumnBatch chunk = chunks.getLast();
        for (int c = 0; c < schema.size(); c++) {
            chunk.column(c).copyFrom(src.column(c), row, inChunk);
        }
        chunk.setRowCount(inChunk + 1);
        byte[] key = encoder.encode(src.columns(), row);
        keys.add(key);
        keyBytes += key.length;
        if (delete) {
            deletes.set(n);
        }
    }

    /** Rows held (before merging). */
    public int rows()
    {
        return keys.size();
    }

    /** Approximate bytes held: the copied batches (accounted in the context) plus the keys. */
    public long memoryBytes()
    {
        return ctx.used() + keyBytes;
    }

    /**
     * Sorts, merges and writes the held rows as one flush unit of {@code writer}, then empties the memtable.
     *
     * @return the number of rows written (upserts + deletes after merging)
     */
    public long flush(RowsetWriter writer) throws IOException
    {
        int n = keys.size();
        if (n == 0) {
            return 0;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // stable sort: equal keys keep arrival order, so the last of a run is the newest
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(keys.get(a), keys.get(b)));
        writer.beginUnit();
        long written = 0;
        List<DataType> keyTypes = schema.subList(0, numKeyColumns);
        try (ColumnBatch up = ColumnBatch.allocate(schema, ctx);
                ColumnBatch del = ColumnBatch.allocate(keyTypes, ctx)) {
            // deletes first: they belong to the unit and apply before its upserts (keys are disjoint)
            List<Integer> winners = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (i + 1 < n && Arrays.equals(keys.get(order[i]), keys.get(order[i + 1]))) {
                    continue;
                }
                winners.add(order[i]);
            }
            for (int w : winners) {
                if (deletes.get(w)) {
                    append(del, w, numKeyColumns);
                    if (del.rowCount() == ColumnBatch.MAX_ROWS) {
                        writer.appendDeletes(del);
                        del.reset();
                    }
                    written++;
                }
            }
            if (del.rowCount() > 0) {
                writer.appendDeletes(del);
            }
            for (int w : winners) {
                if (!deletes.get(w)) {
                    append(up, w, schema.size());
                    if (up.rowCount() == ColumnBatch.MAX_ROWS) {
                        writer.append(up);
                        up.reset();
                    }
                    written++;
                }
            }
            if (up.rowCount() > 0) {
                writer.append(up);
            }
        }
        clear();
        return written;
    }

    private void append(ColumnBatch dst, int ref, int columns)
    {
        ColumnBatch src = chunks.get(ref / ColumnBatch.MAX_ROWS);
        int row = ref % ColumnBatch.MAX_ROWS;
        int r = dst.rowCount();
        for (int c = 0; c < columns; c++) {
            dst.column(c).copyFrom(src.column(c), row, r);
        }
        dst.setRowCount(r + 1);
    }

    private void clear()
    {
        for (ColumnBatch b : chunks) {
            b.close();
        }
        chunks.clear();
        keys.clear();
        deletes.clear();
        keyBytes = 0;
    }

    @Override
    public void close()
    {
        clear();
    }
}
