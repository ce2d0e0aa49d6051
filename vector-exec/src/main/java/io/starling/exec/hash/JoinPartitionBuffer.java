package io.starling.exec.hash;

import io.starling.exec.kernel.hash.HashKernels;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.util.List;

/**
 * One build driver's share of a {@link JoinHashTable}: its rows (a private {@link RowStore}, plus the serialized keys
 * in a second store with the same ids when the key is not one long) and, per partition, the (hash, key, row id)
 * entries of its non-NULL-key rows. Filled by one driver without locks; handed to the table by
 * {@link JoinHashTable#finishBuffer}, after which the partition build tasks read it.
 *
 * <p>Entry layout in each partition's {@link GrowableSegment}:
 * <pre>
 *   long key   [hash 8][key 8][row id 4][pad 4]   24 bytes
 *   serialized [hash 8][row id 4][pad 4]          16 bytes
 * </pre>
 */
public final class JoinPartitionBuffer
        implements AutoCloseable
{
    static final int LONG_ENTRY = 24;
    static final int BYTES_ENTRY = 16;

    private final JoinHashTable table;
    private final RowStore rows;
    private final RowStore keyBytes;
    private final GrowableSegment[] partitions;
    private final KeyEncoder encoder;
    private final long[] batchHashes = new long[ColumnBatch.MAX_ROWS];
    private boolean nullKey;
    int chunkBase;

    JoinPartitionBuffer(JoinHashTable table, MemoryContext memory)
    {
        this.table = table;
        this.rows = new RowStore(table.buildTypes(), memory);
        this.keyBytes = table.hasLongKey() ? null : new RowStore(List.of(DataType.STRING), memory);
        this.partitions = new GrowableSegment[JoinHashTable.PARTITIONS];
        for (int p = 0; p < partitions.length; p++) {
            partitions[p] = new GrowableSegment(memory, table.hasLongKey() ? LONG_ENTRY : BYTES_ENTRY);
        }
        this.encoder = table.hasLongKey() ? null : new KeyEncoder(table.keyTypes());
    }

    /** Appends the logical rows of {@code batch} (not closed here) with their evaluated key columns. */
    public void add(ColumnBatch batch, ColumnVector[] keyColumns, HashKernels hashKernels)
    {
        int n = batch.size();
        boolean longKey = table.hasLongKey();
        if (longKey) {
            LongGroupByHashTable.hashColumn(hashKernels, keyColumns[0], table.longKeyPhysical(), batch.rowCount(), batchHashes);
        }
        ColumnVector[] cols = batch.columns();
        for (int i = 0; i < n; i++) {
            int p = batch.position(i);
            int id = rows.append(cols, p);
            boolean isNull = false;
            for (ColumnVector k : keyColumns) {
                isNull |= k.isNull(p);
            }
            if (isNull) {
                nullKey = true;
                if (!longKey) {
                    keyBytes.appendBytes(encoder.buffer(), 0, 0);
                }
                continue;
            }
            long hash;
            long key = 0;
            if (longKey) {
                hash = batchHashes[p];
                key = LongGroupByHashTable.keyOf(keyColumns[0], table.longKeyPhysical(), p);
            }
            else {
                encoder.encode(keyColumns, p);
                keyBytes.appendBytes(encoder.buffer(), 0, encoder.length());
                hash = KeyEncoder.hash(encoder.buffer(), 0, encoder.length());
            }
            GrowableSegment part = partitions[JoinHashTable.partitionOf(hash)];
            long off = part.addEntry();
            var seg = part.segment();
            seg.set(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, off, hash);
            if (longKey) {
                seg.set(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, off + 8, key);
                seg.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, off + 16, id);
            }
            else {
                seg.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, off + 8, id);
            }
        }
    }

    /** Rows added so far. */
    public int rowCount()
    {
        return rows.size();
    }

    boolean hasNullKey()
    {
        return nullKey;
    }

    RowStore rows()
    {
        return rows;
    }

    RowStore keyBytes()
    {
        return keyBytes;
    }

    GrowableSegment partition(int p)
    {
        return partitions[p];
    }

    /** Frees the partition scratch (the row stores are adopted by the table, or closed here if not). */
    @Override
    public void close()
    {
        for (GrowableSegment s : partitions) {
            s.close();
        }
        rows.close();
        if (keyBytes != null) {
            keyBytes.close();
        }
    }
}
