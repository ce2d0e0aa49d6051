package io.starling.storage.encoding;

import io.starling.storage.io.ByteSink;

import java.lang.foreign.MemorySegment;

import static io.starling.storage.io.ByteSource.LONG_LE;

/**
 * Fixed-width bit packing of unsigned values, LSB first: value {@code i} occupies bits
 * {@code [i * width, (i + 1) * width)} of the little-endian bit stream. Followed by {@link #PADDING_BYTES}
 * zero bytes so that {@link #get} can always read one unaligned 8-byte word.
 *
 * <p>Widths are limited to {@link #MAX_WIDTH} = 56 bits: a value then fits in one 8-byte load at any bit
 * offset within the first byte (56 + 7 ≤ 63), which keeps random access to one load, shift and mask.
 */
public final class BitPacking
{
    /** Largest width {@link #get} can extract with a single 64-bit load (56 + 7 shift bits ≤ 64). */
    public static final int MAX_WIDTH = 56;
    /** Zero bytes after the packed stream so the last value's 8-byte load stays in bounds. */
    public static final int PADDING_BYTES = 8;

    private BitPacking()
    {
    }

    /** Bits needed for unsigned values up to {@code maxValue} (0 for 0). */
    public static int bitsRequired(long maxValue)
    {
        return 64 - Long.numberOfLeadingZeros(maxValue);
    }

    /** Bytes {@link #pack} writes for {@code n} values, padding included. */
    public static long packedBytes(int n, int width)
    {
        return ((long) n * width + 7) / 8 + PADDING_BYTES;
    }

    /** Packs {@code values[0, n)} (each < 2^width) into {@code out}, then the padding. */
    public static void pack(long[] values, int n, int width, ByteSink out)
    {
        if (width < 0 || width > MAX_WIDTH) {
            throw new IllegalArgumentException("bit width " + width + " outside [0, " + MAX_WIDTH + "]");
        }
        out.ensure(packedBytes(n, width));
        long acc = 0;
        int bits = 0;
        if (width > 0) {
            for (int i = 0; i < n; i++) {
                long v = values[i];
                acc |= v << bits;
                bits += width;
                if (bits >= 64) {
                    out.writeLong(acc);
                    bits -= 64;
                    acc = bits > 0 ? v >>> (width - bits) : 0;
                }
            }
        }
        for (int b = 0; b < bits; b += 8) {
            out.writeByte((int) (acc >>> b));
        }
        out.writeZeros(PADDING_BYTES);
    }

    /** Value {@code i} of a stream of {@code width}-bit values starting at byte {@code base} of {@code seg}. */
    public static long get(MemorySegment seg, long base, int width, int i)
    {
        long bitPos = (long) i * width;
        long word = seg.get(LONG_LE, base + (bitPos >>> 3));
        return (word >>> (bitPos & 7)) & mask(width);
    }

    public static long mask(int width)
    {
        return width == 64 ? -1L : (1L << width) - 1;
    }
}
