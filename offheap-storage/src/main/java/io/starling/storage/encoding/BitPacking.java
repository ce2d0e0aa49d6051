package io.starling.storage.encoding;

import io.starling.storage.io.ByteSink;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

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

    /**
     * Values per {@link #unpack} chunk: one batch ({@code ColumnBatch.MAX_ROWS} = 4096), so the word and value
     * scratch arrays (at most 4096 * 56 / 64 + 2 = 3,586 longs and 4096 longs) stay in L1/L2.
     */
    public static final int UNPACK_CHUNK = 4096;

    /** The bulk path copies the packed bytes into a {@code long[]} and so needs a little-endian machine. */
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private static final ThreadLocal<long[]> WORDS = ThreadLocal.withInitial(() -> new long[UNPACK_CHUNK * MAX_WIDTH / 64 + 2]);

    /**
     * Bulk decode: {@code out[i] = min + value(first + i)} for {@code i} in {@code [0, count)},
     * {@code count <= } {@link #UNPACK_CHUNK}. The packed bytes are copied once into a thread-local {@code long[]}
     * (one bounds check for the whole range) and the values are then extracted with plain array loads; the
     * per-value {@link MemorySegment} access of {@link #get} (bounds, alignment and liveness checks per value)
     * was the top of the scan profile. {@code seg} must hold the padding that {@link #pack} writes.
     */
    public static void unpack(MemorySegment seg, long base, int width, int first, int count, long min, long[] out)
    {
        if (count > UNPACK_CHUNK) {
            throw new IllegalArgumentException(count + " values exceed the unpack chunk of " + UNPACK_CHUNK);
        }
        if (width == 0) {
            java.util.Arrays.fill(out, 0, count, min);
            return;
        }
        if (!LITTLE_ENDIAN) {
            for (int i = 0; i < count; i++) {
                out[i] = min + get(seg, base, width, first + i);
            }
            return;
        }
        long[] a = WORDS.get();
        long bit = loadWords(seg, base, width, first, count, a);
        long mask = mask(width);
        for (int i = 0; i < count; i++) {
            int w = (int) (bit >>> 6);
            int s = (int) (bit & 63);
            // (x << 1) << (63 - s) is x << (64 - s) without Java's shift-by-64 wrap when s == 0.
            long v = (a[w] >>> s) | ((a[w + 1] << 1) << (63 - s));
            out[i] = min + (v & mask);
            bit += width;
        }
    }

    /**
     * {@link #unpack} for INT columns: {@code out[i] = (int) (min + value(first + i))}, written straight to an
     * {@code int[]} (one pass over the values instead of unpack + narrow).
     */
    public static void unpackInts(MemorySegment seg, long base, int width, int first, int count, long min, int[] out)
    {
        if (count > UNPACK_CHUNK) {
            throw new IllegalArgumentException(count + " values exceed the unpack chunk of " + UNPACK_CHUNK);
        }
        if (width == 0 || !LITTLE_ENDIAN) {
            for (int i = 0; i < count; i++) {
                out[i] = (int) (min + (width == 0 ? 0 : get(seg, base, width, first + i)));
            }
            return;
        }
        long[] a = WORDS.get();
        long bit = loadWords(seg, base, width, first, count, a);
        long mask = mask(width);
        for (int i = 0; i < count; i++) {
            int w = (int) (bit >>> 6);
            int s = (int) (bit & 63);
            long v = (a[w] >>> s) | ((a[w + 1] << 1) << (63 - s));
            out[i] = (int) (min + (v & mask));
            bit += width;
        }
    }

    /**
     * Copies the words holding values {@code [first, first + count)} into {@code a} (plus one word so that
     * {@code a[w + 1]} is always readable; bytes past the segment end read as 0) and returns the bit offset of value
     * {@code first} in {@code a}.
     */
    private static long loadWords(MemorySegment seg, long base, int width, int first, int count, long[] a)
    {
        long firstBit = (long) first * width;
        long startByte = firstBit >>> 3;
        long bit = firstBit & 7;
        int words = (int) ((bit + (long) count * width + 63) >>> 6) + 1;
        long available = seg.byteSize() - (base + startByte);
        long bytes = Math.min((long) words * 8, available);
        a[words - 1] = 0;
        a[(int) ((bytes - 1) >>> 3)] = 0;
        MemorySegment.copy(seg, base + startByte, MemorySegment.ofArray(a), 0, bytes);
        return bit;
    }

    public static long mask(int width)
    {
        return width == 64 ? -1L : (1L << width) - 1;
    }
}
