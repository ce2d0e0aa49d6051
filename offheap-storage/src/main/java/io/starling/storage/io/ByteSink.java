package io.starling.storage.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable on-heap byte buffer with little-endian writers, used to build encoded pages, footers and
 * metadata before they are written to a file. Reusable: {@link #reset()} keeps the array.
 *
 * <p>Write-path only: the read path never copies into a {@code ByteSink}, it decodes from mapped memory.
 */
public final class ByteSink
{
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] buf;
    private int size;

    public ByteSink()
    {
        this(1024);
    }

    public ByteSink(int initialCapacity)
    {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Number of bytes written. */
    public int size()
    {
        return size;
    }

    /** The backing array; valid bytes are {@code [0, size())}. The array may be replaced by later writes. */
    public byte[] array()
    {
        return buf;
    }

    /** A heap segment over the written bytes (a view; invalidated by later writes that grow the buffer). */
    public MemorySegment segment()
    {
        return MemorySegment.ofArray(buf).asSlice(0, size);
    }

    public byte[] toByteArray()
    {
        return Arrays.copyOf(buf, size);
    }

    public void reset()
    {
        size = 0;
    }

    /** Drops everything written after {@code newSize}. */
    public void truncate(int newSize)
    {
        if (newSize < 0 || newSize > size) {
            throw new IllegalArgumentException("truncate to " + newSize + " but size is " + size);
        }
        size = newSize;
    }

    /** Makes room for {@code extra} more bytes. */
    public void ensure(long extra)
    {
        long needed = (long) size + extra;
        if (needed > buf.length) {
            if (needed > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("buffer would exceed 2 GiB: " + needed);
            }
            buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, (long) buf.length * 2)));
        }
    }

    /** Advances the size by {@code n} bytes (after writing them directly into {@link #array()}); returns the old size. */
    public int skip(int n)
    {
        ensure(n);
        int at = size;
        size += n;
        return at;
    }

    public void writeByte(int v)
    {
        ensure(1);
        buf[size++] = (byte) v;
    }

    public void writeShort(int v)
    {
        ensure(2);
        SHORT_LE.set(buf, size, (short) v);
        size += 2;
    }

    public void writeInt(int v)
    {
        ensure(4);
        INT_LE.set(buf, size, v);
        size += 4;
    }

    public void writeLong(long v)
    {
        ensure(8);
        LONG_LE.set(buf, size, v);
        size += 8;
    }

    public void writeDouble(double v)
    {
        writeLong(Double.doubleToRawLongBits(v));
    }

    /** Overwrites an int written earlier at {@code pos}. */
    public void setInt(int pos, int v)
    {
        INT_LE.set(buf, pos, v);
    }

    public void setLong(int pos, long v)
    {
        LONG_LE.set(buf, pos, v);
    }

    public void writeBytes(byte[] src)
    {
        writeBytes(src, 0, src.length);
    }

    public void writeBytes(byte[] src, int off, int len)
    {
        ensure(len);
        System.arraycopy(src, off, buf, size, len);
        size += len;
    }

    public void writeBytes(MemorySegment src, long off, int len)
    {
        ensure(len);
        MemorySegment.copy(src, ValueLayout.JAVA_BYTE, off, buf, size, len);
        size += len;
    }

    /** Writes {@code n} zero bytes. */
    public void writeZeros(int n)
    {
        ensure(n);
        Arrays.fill(buf, size, size + n, (byte) 0);
        size += n;
    }
}
