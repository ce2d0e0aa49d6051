package io.starling.be.sink;

import com.google.protobuf.ByteString;
import io.starling.rpc.proto.Literal;
import io.starling.rpc.proto.NdvColumnStats;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.index.IndexValues;
import io.starling.storage.sketch.HllSketch;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;
import io.starling.storage.types.TypeKind;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Column statistics of the rows a table sink writes, so that loads keep NDV, min/max and NULL counts current
 * without ANALYZE: one {@link HllSketch} of the values' {@link IndexValues} hashes per column plus min, max, NULL and
 * non-NULL counts and the byte total of strings. {@link #add} takes a batch and the positions the sink accepted and
 * walks one column at a time with the physical type resolved once per column (no allocation per row: strings are
 * hashed and compared in place in the off-heap buffer; only a new string min/max is copied). {@link #result} turns
 * the state into the {@link NdvColumnStats} messages of the sink's result.
 */
public final class ColumnStatsCollector
{
    private static final ValueLayout.OfLong BE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** {@code IndexValues}' string hash seed (the golden ratio, 2^64 / phi), repeated so strings hash alike here. */
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final List<DataType> types;
    private final ColumnState[] columns;

    /** Everything known about one column so far. */
    private static final class ColumnState
    {
        final PhysicalType physical;
        final boolean ordered;
        final HllSketch sketch = new HllSketch();
        long nonNull;
        long nulls;
        long stringBytes;
        boolean seen;
        long minLong;
        long maxLong;
        double minDouble;
        double maxDouble;
        long minHigh;
        long minLow;
        long maxHigh;
        long maxLow;
        long minKey;
        long maxKey;
        byte[] minBytes;
        MemorySegment minSegment;
        int minLen;
        byte[] maxBytes;
        MemorySegment maxSegment;
        int maxLen;

        ColumnState(DataType type)
        {
            this.physical = type.physical();
            this.ordered = type.kind() != TypeKind.BOOLEAN && type.kind() != TypeKind.NULL;
        }
    }

    public ColumnStatsCollector(List<DataType> types)
    {
        this.types = List.copyOf(types);
        this.columns = new ColumnState[types.size()];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = new ColumnState(types.get(c));
        }
    }

    /** Folds rows {@code rows[0..count)} (physical positions) of the first {@code types.size()} columns. */
    public void add(ColumnBatch batch, int[] rows, int count)
    {
        if (count == 0) {
            return;
        }
        for (int c = 0; c < columns.length; c++) {
            ColumnVector v = batch.column(c);
            ColumnState s = columns[c];
            switch (s.physical) {
                case BYTE, SHORT, INT, LONG -> addIntegers(s, v, rows, count);
                case FLOAT, DOUBLE -> addDoubles(s, v, rows, count);
                case INT128 -> addInt128(s, v, rows, count);
                case VARLEN -> addStrings(s, v, rows, count);
            }
        }
    }

    private static void addIntegers(ColumnState s, ColumnVector v, int[] rows, int count)
    {
        boolean nullable = v.hasNulls();
        long min = s.seen ? s.minLong : Long.MAX_VALUE;
        long max = s.seen ? s.maxLong : Long.MIN_VALUE;
        long nonNull = 0;
        MemorySegment data = v.data();
        HllSketch sketch = s.sketch;
        // the common widths read the buffer directly; the switch of getLongValue stays out of the loop
        if (!nullable && s.physical == PhysicalType.INT) {
            for (int i = 0; i < count; i++) {
                long x = data.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, rows[i]);
                sketch.add(IndexValues.hashLong(x));
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            nonNull = count;
        }
        else if (!nullable && s.physical == PhysicalType.LONG) {
            for (int i = 0; i < count; i++) {
                long x = data.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, rows[i]);
                sketch.add(IndexValues.hashLong(x));
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            nonNull = count;
        }
        else {
            for (int i = 0; i < count; i++) {
                int row = rows[i];
                if (nullable && v.isNull(row)) {
                    continue;
                }
                long x = v.getLongValue(row);
                sketch.add(IndexValues.hashLong(x));
                min = Math.min(min, x);
                max = Math.max(max, x);
                nonNull++;
            }
        }
        finishBatch(s, count, nonNull);
        if (nonNull > 0) {
            s.minLong = min;
            s.maxLong = max;
            s.seen = true;
        }
    }

    private static void addDoubles(ColumnState s, ColumnVector v, int[] rows, int count)
    {
        boolean nullable = v.hasNulls();
        boolean isFloat = s.physical == PhysicalType.FLOAT;
        double min = s.seen ? s.minDouble : Double.POSITIVE_INFINITY;
        double max = s.seen ? s.maxDouble : Double.NEGATIVE_INFINITY;
        long nonNull = 0;
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            if (nullable && v.isNull(row)) {
                continue;
            }
            double x = isFloat ? v.getFloat(row) : v.getDouble(row);
            s.sketch.add(IndexValues.hashDouble(x));
            // NaN sorts above everything in StarRocks; it is left out of the range rather than poisoning it
            if (!Double.isNaN(x)) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            nonNull++;
        }
        finishBatch(s, count, nonNull);
        if (nonNull > 0 && min <= max) {
            s.minDouble = min;
            s.maxDouble = max;
            s.seen = true;
        }
    }

    private static void addInt128(ColumnState s, ColumnVector v, int[] rows, int count)
    {
        boolean nullable = v.hasNulls();
        long nonNull = 0;
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            if (nullable && v.isNull(row)) {
                continue;
            }
            long low = v.getInt128Low(row);
            long high = v.getInt128High(row);
            s.sketch.add(IndexValues.hashInt128(low, high));
            if (!s.seen || compare128(high, low, s.minHigh, s.minLow) < 0) {
                s.minHigh = high;
                s.minLow = low;
            }
            if (!s.seen || compare128(high, low, s.maxHigh, s.maxLow) > 0) {
                s.maxHigh = high;
                s.maxLow = low;
            }
            s.seen = true;
            nonNull++;
        }
        finishBatch(s, count, nonNull);
    }

    private static int compare128(long h1, long l1, long h2, long l2)
    {
        int c = Long.compare(h1, h2);
        return c != 0 ? c : Long.compareUnsigned(l1, l2);
    }

    private static void addStrings(ColumnState s, ColumnVector v, int[] rows, int count)
    {
        boolean nullable = v.hasNulls();
        MemorySegment bytes = v.bytes();
        long nonNull = 0;
        long total = 0;
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            if (nullable && v.isNull(row)) {
                continue;
            }
            int off = v.getOffset(row);
            int len = v.getLength(row);
            s.sketch.add(hashBytes(bytes, off, len));
            total += len;
            nonNull++;
            if (!s.ordered) {
                continue;
            }
            // the first 8 bytes as an unsigned big-endian number decide almost every comparison without a
            // byte-wise compare (only equal prefixes need one)
            long key = prefix(bytes, off, len);
            int toMin = Long.compareUnsigned(key, s.minKey);
            if (s.minBytes == null || toMin < 0 || toMin == 0 && compareBytes(bytes, off, len, s.minSegment, s.minLen) < 0) {
                s.minBytes = copy(bytes, off, len, s.minBytes);
                s.minSegment = MemorySegment.ofArray(s.minBytes);
                s.minLen = len;
                s.minKey = key;
            }
            int toMax = Long.compareUnsigned(key, s.maxKey);
            if (s.maxBytes == null || toMax > 0 || toMax == 0 && compareBytes(bytes, off, len, s.maxSegment, s.maxLen) > 0) {
                s.maxBytes = copy(bytes, off, len, s.maxBytes);
                s.maxSegment = MemorySegment.ofArray(s.maxBytes);
                s.maxLen = len;
                s.maxKey = key;
            }
            s.seen = true;
        }
        s.stringBytes += total;
        finishBatch(s, count, nonNull);
    }

    private static void finishBatch(ColumnState s, int count, long nonNull)
    {
        s.nonNull += nonNull;
        s.nulls += count - nonNull;
    }

    /** The first 8 bytes (zero-padded) big-endian: unsigned order of prefixes is the bytes' order. */
    private static long prefix(MemorySegment seg, int off, int len)
    {
        if (len >= 8) {
            return seg.get(BE_LONG, off);
        }
        long key = 0;
        for (int i = 0; i < len; i++) {
            key |= (seg.get(ValueLayout.JAVA_BYTE, off + i) & 0xFFL) << (56 - 8 * i);
        }
        return key;
    }

    /** Unsigned lexicographic order of UTF-8 bytes, which is code point order (MySQL's binary collation). */
    private static int compareBytes(MemorySegment seg, int off, int len, MemorySegment other, int otherLen)
    {
        // mismatch compares word-wise; most values differ from the current min/max within the first bytes
        long at = MemorySegment.mismatch(seg, off, off + len, other, 0, otherLen);
        if (at < 0) {
            return 0;
        }
        if (at >= len || at >= otherLen) {
            return len - otherLen;
        }
        return (seg.get(ValueLayout.JAVA_BYTE, off + at) & 0xFF) - (other.get(ValueLayout.JAVA_BYTE, at) & 0xFF);
    }

    private static byte[] copy(MemorySegment seg, int off, int len, byte[] into)
    {
        byte[] out = into != null && into.length >= len ? into : new byte[Math.max(len, 16)];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, off, out, 0, len);
        return out;
    }

    /**
     * {@link IndexValues#hashBytes} computed on the off-heap bytes in place: 8-byte little-endian words folded
     * through {@link IndexValues#mix}, then the tail.
     */
    static long hashBytes(MemorySegment seg, long off, int len)
    {
        long h = GOLDEN ^ len;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            h = IndexValues.mix(h ^ seg.get(LE_LONG, off + i)) * GOLDEN;
        }
        long tail = 0;
        for (int k = 0; i + k < len; k++) {
            tail |= (seg.get(ValueLayout.JAVA_BYTE, off + i + k) & 0xFFL) << (8 * k);
        }
        return IndexValues.mix(h ^ tail);
    }

    /**
     * One message per column, in column order; with {@code only} just the columns it flags (a partial update
     * writes placeholders into the others, which say nothing about the table's values).
     */
    public List<NdvColumnStats> result(boolean[] only)
    {
        List<NdvColumnStats> out = new ArrayList<>(columns.length);
        for (int c = 0; c < columns.length; c++) {
            if (only != null && (c >= only.length || !only[c])) {
                continue;
            }
            ColumnState s = columns[c];
            NdvColumnStats.Builder b = NdvColumnStats.newBuilder().setColumnIndex(c).setNonNull(s.nonNull)
                    .setNulls(s.nulls).setSketch(ByteString.copyFrom(s.sketch.toBytes()))
                    .setStringBytes(s.stringBytes);
            if (s.seen && s.ordered) {
                b.setMin(literal(s, true)).setMax(literal(s, false));
            }
            out.add(b.build());
        }
        return out;
    }

    private static Literal literal(ColumnState s, boolean min)
    {
        Literal.Builder b = Literal.newBuilder();
        switch (s.physical) {
            case BYTE, SHORT, INT, LONG -> b.setLongValue(min ? s.minLong : s.maxLong);
            case FLOAT, DOUBLE -> b.setDoubleValue(min ? s.minDouble : s.maxDouble);
            case INT128 -> b.setBytesValue(ByteString.copyFrom(littleEndian128(min ? s.minLow : s.maxLow,
                    min ? s.minHigh : s.maxHigh)));
            case VARLEN -> b.setBytesValue(ByteString.copyFrom(min ? s.minBytes : s.maxBytes, 0,
                    min ? s.minLen : s.maxLen));
        }
        return b.build();
    }

    /** 16 bytes, two's complement, little-endian: the proto's 128-bit literal form. */
    private static byte[] littleEndian128(long low, long high)
    {
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (low >>> (8 * i));
            out[8 + i] = (byte) (high >>> (8 * i));
        }
        return out;
    }

    /** The column types this collector was built for. */
    public List<DataType> types()
    {
        return types;
    }
}
