package io.starling.exec.kernel.bitmap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Scalar specification of {@link BitmapKernels}; the static methods are also used for Panama tails. */
public final class ScalarBitmapKernels
        implements BitmapKernels
{
    /** The only instance. */
    public static final ScalarBitmapKernels INSTANCE = new ScalarBitmapKernels();

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private ScalarBitmapKernels()
    {
    }

    @Override
    public int toSelection(long[] bits, int count, int[] sel)
    {
        return toSelectionScalar(bits, count, sel, 0, 0);
    }

    /**
     * Scalar bit iteration from bit {@code from} (a multiple of 64 or the start of a partial word), writing
     * at {@code sel[k]}; returns the new k.
     */
    public static int toSelectionScalar(long[] bits, int count, int[] sel, int from, int k)
    {
        int words = (count + 63) >>> 6;
        for (int w = from >>> 6; w < words; w++) {
            long word = bits[w];
            if (w == from >>> 6) {
                word &= -1L << (from & 63);
            }
            if (w == words - 1 && (count & 63) != 0) {
                word &= (1L << count) - 1;
            }
            int base = w << 6;
            while (word != 0) {
                sel[k++] = base + Long.numberOfTrailingZeros(word);
                word &= word - 1;
            }
        }
        return k;
    }

    @Override
    public void fromSelection(int[] sel, int n, int count, long[] bits)
    {
        int words = (count + 63) >>> 6;
        for (int w = 0; w < words; w++) {
            bits[w] = 0;
        }
        for (int i = 0; i < n; i++) {
            int p = sel[i];
            bits[p >>> 6] |= 1L << p;
        }
    }

    @Override
    public int nonZeroBytes(MemorySegment data, long offset, int count, long[] bits)
    {
        return nonZeroBytesScalar(data, offset, 0, count, bits, 0);
    }

    /**
     * Scalar body from element {@code from} (where the word being built holds {@code word} so far).
     *
     * @return the popcount of the words written from {@code from >>> 6} on
     */
    public static int nonZeroBytesScalar(MemorySegment data, long offset, int from, int count, long[] bits, long word)
    {
        int set = 0;
        for (int i = from; i < count; i++) {
            long b = data.get(ValueLayout.JAVA_BYTE, offset + i) != 0 ? 1L : 0L;
            word |= b << i;
            if ((i & 63) == 63) {
                bits[i >>> 6] = word;
                set += Long.bitCount(word);
                word = 0;
            }
        }
        if ((count & 63) != 0) {
            bits[count >>> 6] = word;
            set += Long.bitCount(word);
        }
        return set;
    }

    @Override
    public int andValidity(long[] bits, MemorySegment validity, int count)
    {
        int words = (count + 63) >>> 6;
        int set = 0;
        for (int w = 0; w < words; w++) {
            long v = bits[w] & validity.getAtIndex(LONG, w);
            if (w == words - 1 && (count & 63) != 0) {
                v &= (1L << count) - 1;
            }
            bits[w] = v;
            set += Long.bitCount(v);
        }
        return set;
    }

    @Override
    public int countSet(long[] bits, int count)
    {
        int words = count >>> 6;
        int set = 0;
        for (int w = 0; w < words; w++) {
            set += Long.bitCount(bits[w]);
        }
        if ((count & 63) != 0) {
            set += Long.bitCount(bits[words] & ((1L << count) - 1));
        }
        return set;
    }

    @Override
    public int filterSelection(int[] inSel, int inCount, long[] bits, int[] outSel)
    {
        int k = 0;
        for (int i = 0; i < inCount; i++) {
            int p = inSel[i];
            // branchless: always store, advance only when the bit is set (≈ 1 ns/row at any selectivity, §0.3)
            outSel[k] = p;
            k += (int) ((bits[p >>> 6] >>> p) & 1L);
        }
        return k;
    }
}
