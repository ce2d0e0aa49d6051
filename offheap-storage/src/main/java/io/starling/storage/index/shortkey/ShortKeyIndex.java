package io.starling.storage.index.shortkey;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.io.ByteSink;
import io.starling.storage.io.ByteSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sparse index of a segment sorted by its key: the {@link ShortKeyEncoder} encoding of every
 * {@link #DEFAULT_INTERVAL}-th row. A range predicate on the leading key columns becomes a contiguous row range by
 * binary search ({@link #rowRange}). Built by {@link Builder}, which also checks that rows arrive in key order and
 * yields nothing when they do not (an index on unsorted data would be wrong, not just useless).
 *
 * <p>Serialized ({@link #writeTo}): {@code u32 interval | u64 numRows | u8 keyColumns | u32 entryCount |
 * entryCount × (u8 length | bytes)}.
 */
public final class ShortKeyIndex
{
    /** Rows per index entry: StarRocks' num_rows_per_row_block, 1024. */
    public static final int DEFAULT_INTERVAL = 1024;

    private final int interval;
    private final long numRows;
    private final int keyColumns;
    private final byte[][] entries;

    public ShortKeyIndex(int interval, long numRows, int keyColumns, byte[][] entries)
    {
        this.interval = interval;
        this.numRows = numRows;
        this.keyColumns = keyColumns;
        this.entries = entries;
    }

    public int interval()
    {
        return interval;
    }

    public long numRows()
    {
        return numRows;
    }

    /** Key columns covered by the entries. */
    public int keyColumns()
    {
        return keyColumns;
    }

    public int entryCount()
    {
        return entries.length;
    }

    /**
     * Compares an entry (a row's encoded key) with a bound prefix: the entry is truncated to the bound's length first,
     * so a row whose leading components equal the bound compares equal. Monotone in the row for sorted data.
     */
    public static int comparePrefix(byte[] entry, byte[] bound)
    {
        return Arrays.compareUnsigned(entry, 0, Math.min(entry.length, bound.length), bound, 0, bound.length);
    }

    /**
     * Rows {@code [first, end)} that may hold keys with {@code lower <= prefix <= upper} (either bound may be null
     * for unbounded); conservative at both ends by one interval. Returns an empty range if no row can qualify.
     */
    public long[] rowRange(byte[] lower, byte[] upper)
    {
        long first = 0;
        long end = numRows;
        if (lower != null) {
            // first entry >= lower; rows before it but after the previous entry may still qualify
            int j = firstAtLeast(lower);
            first = j == 0 ? 0 : (long) (j - 1) * interval;
        }
        if (upper != null) {
            // last entry <= upper; rows up to the next entry may still qualify
            int k = lastAtMost(upper);
            end = k < 0 ? 0 : Math.min(numRows, (long) (k + 1) * interval);
        }
        if (end <= first) {
            return new long[] {0, 0};
        }
        return new long[] {first, end};
    }

    private int firstAtLeast(byte[] bound)
    {
        int lo = 0;
        int hi = entries.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (comparePrefix(entries[mid], bound) < 0) {
                lo = mid + 1;
            }
            else {
                hi = mid;
            }
        }
        return lo;
    }

    private int lastAtMost(byte[] bound)
    {
        int lo = 0;
        int hi = entries.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (comparePrefix(entries[mid], bound) <= 0) {
                lo = mid + 1;
            }
            else {
                hi = mid;
            }
        }
        return lo - 1;
    }

    public void writeTo(ByteSink out)
    {
        out.writeInt(interval);
        out.writeLong(numRows);
        out.writeByte(keyColumns);
        out.writeInt(entries.length);
        for (byte[] e : entries) {
            out.writeByte(e.length);
            out.writeBytes(e);
        }
    }

    public static ShortKeyIndex readFrom(ByteSource in)
    {
        int interval = in.readInt();
        long numRows = in.readLong();
        int keyColumns = in.readUnsignedByte();
        if (interval <= 0 || numRows < 0 || keyColumns == 0 || keyColumns > ShortKeyEncoder.MAX_COLUMNS) {
            throw new IllegalArgumentException("short key index header: interval " + interval + ", rows " + numRows + ", columns " + keyColumns);
        }
        long expected = (numRows + interval - 1) / interval;
        int count = in.readInt();
        if (count != expected) {
            throw new IllegalArgumentException("short key index has " + count + " entries, " + expected + " expected");
        }
        byte[][] entries = new byte[count][];
        for (int i = 0; i < count; i++) {
            int len = in.readUnsignedByte();
            if (len > ShortKeyEncoder.MAX_BYTES) {
                throw new IllegalArgumentException("short key entry of " + len + " bytes");
            }
            entries[i] = in.readBytes(len);
        }
        return new ShortKeyIndex(interval, numRows, keyColumns, entries);
    }

    /** Collects entries while rows are appended in order; {@link #build} returns null if the rows were not sorted. */
    public static final class Builder
    {
        private final ShortKeyEncoder encoder;
        private final int interval;
        private final List<byte[]> entries = new ArrayList<>();
        private byte[] previous;
        private long rows;
        private boolean sorted = true;

        public Builder(ShortKeyEncoder encoder, int interval)
        {
            this.encoder = encoder;
            this.interval = interval;
        }

        public ShortKeyEncoder encoder()
        {
            return encoder;
        }

        /** Adds row {@code row} of the key vectors. */
        public void add(ColumnVector[] keys, int row)
        {
            if (!sorted) {
                rows++;
                return;
            }
            byte[] e = encoder.encodeRow(keys, row);
            if (previous != null && Arrays.compareUnsigned(previous, e) > 0) {
                sorted = false;
                entries.clear();
            }
            else if (rows % interval == 0) {
                entries.add(e);
            }
            previous = e;
            rows++;
        }

        /** True while every row so far was in key order. */
        public boolean sorted()
        {
            return sorted;
        }

        public ShortKeyIndex build()
        {
            if (!sorted || rows == 0) {
                return null;
            }
            return new ShortKeyIndex(interval, rows, encoder.columns(), entries.toArray(byte[][]::new));
        }
    }
}
