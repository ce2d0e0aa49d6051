package io.starling.storage.batch;

import io.starling.storage.memory.BufferAllocator;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * One column of a {@link ColumnBatch}, off-heap.
 *
 * <p>Layout:
 * <ul>
 *   <li>fixed width: {@code data} holds {@code capacity} values of {@link PhysicalType#width()} bytes,
 *       little-endian, plus {@link #SLACK_BYTES} so kernels may read (never write) one full vector past the end;</li>
 *   <li>VARLEN: {@code data} holds {@code capacity + 1} int offsets into {@code bytes}; value i is
 *       {@code bytes[offsets[i], offsets[i+1])}; values must be written in row order;</li>
 *   <li>{@code validity}: one bit per row, bit set = value present (Arrow convention), little-endian bit order
 *       within 64-bit words. Only meaningful when {@link #hasNulls()} is true; when false, every row is non-null
 *       and the bitmap content is unspecified.</li>
 * </ul>
 * Memory is accounted to the {@link MemoryContext} given at construction and returned by {@link #close()}.
 */
public final class ColumnVector implements AutoCloseable
{
    /** Extra bytes after every fixed-width and bytes buffer: one 512-bit vector. */
    public static final int SLACK_BYTES = 64;

    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private final DataType type;
    private final PhysicalType physical;
    private final int capacity;
    private final MemoryContext ctx;
    private MemorySegment data;
    private MemorySegment validity;
    private MemorySegment bytes;
    private boolean hasNulls;
    private boolean closed;

    public ColumnVector(DataType type, int capacity, MemoryContext ctx)
    {
        this.type = type;
        this.physical = type.physical();
        this.capacity = capacity;
        this.ctx = ctx;
        BufferAllocator alloc = BufferAllocator.shared();
        if (physical.isFixedWidth()) {
            this.data = alloc.allocate(ctx, (long) capacity * physical.width() + SLACK_BYTES);
        }
        else {
            this.data = alloc.allocate(ctx, (long) (capacity + 1) * Integer.BYTES + SLACK_BYTES);
            this.data.set(INT, 0, 0);
            this.bytes = alloc.allocate(ctx, Math.max(256, capacity * 16L));
        }
        this.validity = alloc.allocate(ctx, ((capacity + 63) / 64) * 8L + SLACK_BYTES);
    }

    public DataType type()
    {
        return type;
    }

    public PhysicalType physical()
    {
        return physical;
    }

    public int capacity()
    {
        return capacity;
    }

    /** Fixed-width values, or the VARLEN offsets. */
    public MemorySegment data()
    {
        return data;
    }

    /** VARLEN byte buffer (null for fixed-width columns). May be replaced when it grows. */
    public MemorySegment bytes()
    {
        return bytes;
    }

    /** Validity bitmap; see class doc. */
    public MemorySegment validity()
    {
        return validity;
    }

    public boolean hasNulls()
    {
        return hasNulls;
    }

    /** Marks every row of the first {@code rows} as non-null and clears the null flag. */
    public void resetNulls()
    {
        hasNulls = false;
    }

    public boolean isNull(int row)
    {
        if (!hasNulls) {
            return false;
        }
        long word = validity.getAtIndex(LONG, row >>> 6);
        return (word & (1L << row)) == 0;
    }

    /**
     * Sets the null flag of a row. The first call with {@code isNull = true} initialises the bitmap so that all
     * rows up to the capacity are valid, then clears this row's bit.
     */
    public void setNull(int row, boolean isNull)
    {
        if (isNull) {
            if (!hasNulls) {
                validity.fill((byte) 0xFF);
                hasNulls = true;
            }
            long idx = row >>> 6;
            validity.setAtIndex(LONG, idx, validity.getAtIndex(LONG, idx) & ~(1L << row));
            if (!physical.isFixedWidth()) {
                setVarlenEmpty(row);
            }
        }
        else if (hasNulls) {
            long idx = row >>> 6;
            validity.setAtIndex(LONG, idx, validity.getAtIndex(LONG, idx) | (1L << row));
        }
    }

    /** Declares that the bitmap was written directly (by a kernel or decoder) and may contain nulls. */
    public void markHasNulls(boolean value)
    {
        hasNulls = value;
    }

    public byte getByte(int row)
    {
        return data.get(BYTE, row);
    }

    public void setByte(int row, byte v)
    {
        data.set(BYTE, row, v);
    }

    public boolean getBoolean(int row)
    {
        return data.get(BYTE, row) != 0;
    }

    public short getShort(int row)
    {
        return data.getAtIndex(SHORT, row);
    }

    public void setShort(int row, short v)
    {
        data.setAtIndex(SHORT, row, v);
    }

    public int getInt(int row)
    {
        return data.getAtIndex(INT, row);
    }

    public void setInt(int row, int v)
    {
        data.setAtIndex(INT, row, v);
    }

    public long getLong(int row)
    {
        return data.getAtIndex(LONG, row);
    }

    public void setLong(int row, long v)
    {
        data.setAtIndex(LONG, row, v);
    }

    public float getFloat(int row)
    {
        return data.getAtIndex(FLOAT, row);
    }

    public void setFloat(int row, float v)
    {
        data.setAtIndex(FLOAT, row, v);
    }

    public double getDouble(int row)
    {
        return data.getAtIndex(DOUBLE, row);
    }

    public void setDouble(int row, double v)
    {
        data.setAtIndex(DOUBLE, row, v);
    }

    /** Low 64 bits of an INT128 value. */
    public long getInt128Low(int row)
    {
        return data.get(LONG, (long) row * 16);
    }

    /** High 64 bits (sign included) of an INT128 value. */
    public long getInt128High(int row)
    {
        return data.get(LONG, (long) row * 16 + 8);
    }

    public void setInt128(int row, long low, long high)
    {
        data.set(LONG, (long) row * 16, low);
        data.set(LONG, (long) row * 16 + 8, high);
    }

    /**
     * Any fixed-width integer-like value (BYTE/SHORT/INT/LONG physical types) widened to long. Convenient for
     * cold paths; kernels read {@link #data()} directly.
     */
    public long getLongValue(int row)
    {
        return switch (physical) {
            case BYTE -> data.get(BYTE, row);
            case SHORT -> data.getAtIndex(SHORT, row);
            case INT -> data.getAtIndex(INT, row);
            case LONG -> data.getAtIndex(LONG, row);
            default -> throw new IllegalStateException("not an integer column: " + type);
        };
    }

    /** Sets any BYTE/SHORT/INT/LONG physical value from a long (narrowing). */
    public void setLongValue(int row, long v)
    {
        switch (physical) {
            case BYTE -> data.set(BYTE, row, (byte) v);
            case SHORT -> data.setAtIndex(SHORT, row, (short) v);
            case INT -> data.setAtIndex(INT, row, (int) v);
            case LONG -> data.setAtIndex(LONG, row, v);
            default -> throw new IllegalStateException("not an integer column: " + type);
        }
    }

    // ---- VARLEN ----

    public int getOffset(int row)
    {
        return data.getAtIndex(INT, row);
    }

    public int getLength(int row)
    {
        return data.getAtIndex(INT, row + 1) - data.getAtIndex(INT, row);
    }

    public byte[] getBytes(int row)
    {
        int start = data.getAtIndex(INT, row);
        int end = data.getAtIndex(INT, row + 1);
        byte[] out = new byte[end - start];
        MemorySegment.copy(bytes, BYTE, start, out, 0, out.length);
        return out;
    }

    public String getString(int row)
    {
        return new String(getBytes(row), StandardCharsets.UTF_8);
    }

    /** Writes value {@code row}; rows must be written in increasing order starting at 0. */
    public void setBytes(int row, byte[] src, int off, int len)
    {
        int start = data.getAtIndex(INT, row);
        ensureBytesCapacity((long) start + len);
        MemorySegment.copy(src, off, bytes, BYTE, start, len);
        data.setAtIndex(INT, row + 1, start + len);
    }

    public void setBytes(int row, byte[] src)
    {
        setBytes(row, src, 0, src.length);
    }

    /** Copies value bytes from another segment; same ordering rule as {@link #setBytes(int, byte[], int, int)}. */
    public void setBytes(int row, MemorySegment src, long srcOffset, int len)
    {
        int start = data.getAtIndex(INT, row);
        ensureBytesCapacity((long) start + len);
        MemorySegment.copy(src, srcOffset, bytes, start, len);
        data.setAtIndex(INT, row + 1, start + len);
    }

    public void setString(int row, String s)
    {
        setBytes(row, s.getBytes(StandardCharsets.UTF_8));
    }

    private void setVarlenEmpty(int row)
    {
        int start = data.getAtIndex(INT, row);
        data.setAtIndex(INT, row + 1, start);
    }

    /** Grows the VARLEN byte buffer to hold at least {@code needed} bytes (plus slack). */
    public void ensureBytesCapacity(long needed)
    {
        if (needed + SLACK_BYTES <= bytes.byteSize()) {
            return;
        }
        if (needed > Integer.MAX_VALUE - SLACK_BYTES) {
            throw new IllegalStateException("string column exceeds 2 GiB in one batch");
        }
        long newSize = Math.max(bytes.byteSize() * 2, needed + SLACK_BYTES);
        BufferAllocator alloc = BufferAllocator.shared();
        MemorySegment grown = alloc.allocate(ctx, newSize);
        MemorySegment.copy(bytes, 0, grown, 0, bytes.byteSize());
        alloc.free(ctx, bytes);
        bytes = grown;
    }

    /** Copies one row's value (and null flag) from {@code src} row {@code srcRow} into this vector at {@code dstRow}. */
    public void copyFrom(ColumnVector src, int srcRow, int dstRow)
    {
        if (src.isNull(srcRow)) {
            setNull(dstRow, true);
            return;
        }
        if (hasNulls) {
            setNull(dstRow, false);
        }
        if (physical.isFixedWidth()) {
            int w = physical.width();
            MemorySegment.copy(src.data, (long) srcRow * w, data, (long) dstRow * w, w);
        }
        else {
            int start = src.getOffset(srcRow);
            setBytes(dstRow, src.bytes, start, src.getLength(srcRow));
        }
    }

    /** Resets a VARLEN column so that rows can be written again from 0. */
    public void resetVarlen()
    {
        if (!physical.isFixedWidth()) {
            data.set(INT, 0, 0);
        }
    }

    public MemoryContext memoryContext()
    {
        return ctx;
    }

    @Override
    public void close()
    {
        if (closed) {
            return;
        }
        closed = true;
        BufferAllocator alloc = BufferAllocator.shared();
        alloc.free(ctx, data);
        alloc.free(ctx, validity);
        if (bytes != null) {
            alloc.free(ctx, bytes);
        }
    }
}
