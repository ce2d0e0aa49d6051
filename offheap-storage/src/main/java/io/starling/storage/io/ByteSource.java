package io.starling.storage.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A bounds-checked little-endian reading cursor over a {@link MemorySegment} (mapped file, heap array).
 * Every read past the end throws {@link IndexOutOfBoundsException}; parsers of untrusted bytes (footers,
 * metadata) translate that into their own corruption exception.
 */
public final class ByteSource
{
    public static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment seg;
    private long pos;

    public ByteSource(MemorySegment seg)
    {
        this.seg = seg;
    }

    public long position()
    {
        return pos;
    }

    public void position(long p)
    {
        if (p < 0 || p > seg.byteSize()) {
            throw new IndexOutOfBoundsException("position " + p + " outside [0, " + seg.byteSize() + "]");
        }
        pos = p;
    }

    public long remaining()
    {
        return seg.byteSize() - pos;
    }

    public int readUnsignedByte()
    {
        int v = Byte.toUnsignedInt(seg.get(ValueLayout.JAVA_BYTE, pos));
        pos += 1;
        return v;
    }

    public int readUnsignedShort()
    {
        int v = Short.toUnsignedInt(seg.get(SHORT_LE, pos));
        pos += 2;
        return v;
    }

    public int readInt()
    {
        int v = seg.get(INT_LE, pos);
        pos += 4;
        return v;
    }

    /** Reads an int that must lie in {@code [0, max]}; used for counts and lengths so corrupt input cannot trigger huge allocations. */
    public int readCount(int max)
    {
        int v = readInt();
        if (v < 0 || v > max) {
            throw new IndexOutOfBoundsException("count " + v + " outside [0, " + max + "]");
        }
        return v;
    }

    public long readLong()
    {
        long v = seg.get(LONG_LE, pos);
        pos += 8;
        return v;
    }

    public double readDouble()
    {
        return Double.longBitsToDouble(readLong());
    }

    public byte[] readBytes(int len)
    {
        if (len < 0 || len > remaining()) {
            throw new IndexOutOfBoundsException("length " + len + " but " + remaining() + " bytes remain");
        }
        byte[] out = new byte[len];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pos, out, 0, len);
        pos += len;
        return out;
    }
}
