package io.starling.exec.kernel.filter;

import io.starling.exec.kernel.CompareOp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Scalar specification of {@link FilterKernels}. Loops are branchless (store, then advance by the 0/1
 * outcome): the branchy form costs 5 ns/row at 50 % selectivity against ~1.3 ns (notes/jdk25-performance.md
 * §0.3). The {@code ...Tail} statics continue a loop from a given element and serve the Panama tails.
 *
 * <p>Source note: the int, long and double sections are the same code with the type substituted (written once
 * and expanded by a script; see the module README).
 */
public final class ScalarFilterKernels
        implements FilterKernels
{
    /** The only instance. */
    public static final ScalarFilterKernels INSTANCE = new ScalarFilterKernels();

    private ScalarFilterKernels()
    {
    }

    // ---------------------------------------------------------------- int

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    /** The specification of {@link CompareOp} on int. */
    public static boolean test(CompareOp op, int x, int c)
    {
        return switch (op) {
            case EQ -> x == c;
            case NE -> x != c;
            case LT -> x < c;
            case LE -> x <= c;
            case GT -> x > c;
            case GE -> x >= c;
        };
    }

    @Override
    public int compareInt(CompareOp op, MemorySegment data, long offset, int count, int c, long[] bits)
    {
        return compareIntTail(op, data, offset, 0, count, c, bits, 0);
    }

    /**
     * Bitmask loop from element {@code from}; {@code word} holds the bits already computed for the word
     * containing {@code from}. Returns the popcount of the words it stores.
     */
    public static int compareIntTail(CompareOp op, MemorySegment data, long offset, int from, int count, int c, long[] bits, long word)
    {
        int set = 0;
        for (int i = from; i < count; i++) {
            int x = data.get(INT, offset + (long) i * 4);
            word |= (test(op, x, c) ? 1L : 0L) << i;
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
    public int betweenInt(MemorySegment data, long offset, int count, int lo, int hi, long[] bits)
    {
        return betweenIntTail(data, offset, 0, count, lo, hi, bits, 0);
    }

    /** BETWEEN counterpart of {@link #compareIntTail}. */
    public static int betweenIntTail(MemorySegment data, long offset, int from, int count, int lo, int hi, long[] bits, long word)
    {
        int set = 0;
        for (int i = from; i < count; i++) {
            int x = data.get(INT, offset + (long) i * 4);
            word |= (lo <= x & x <= hi ? 1L : 0L) << i;
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
    public int compareIntSelect(CompareOp op, MemorySegment data, long offset, int count, int c, int[] sel)
    {
        return compareIntSelectTail(op, data, offset, 0, count, c, sel, 0);
    }

    /** Selection loop from element {@code from}, appending at {@code sel[k]}; returns the new k. */
    public static int compareIntSelectTail(CompareOp op, MemorySegment data, long offset, int from, int count, int c, int[] sel, int k)
    {
        for (int i = from; i < count; i++) {
            int x = data.get(INT, offset + (long) i * 4);
            sel[k] = i;
            k += test(op, x, c) ? 1 : 0;
        }
        return k;
    }

    @Override
    public int betweenIntSelect(MemorySegment data, long offset, int count, int lo, int hi, int[] sel)
    {
        return betweenIntSelectTail(data, offset, 0, count, lo, hi, sel, 0);
    }

    /** BETWEEN counterpart of {@link #compareIntSelectTail}. */
    public static int betweenIntSelectTail(MemorySegment data, long offset, int from, int count, int lo, int hi, int[] sel, int k)
    {
        for (int i = from; i < count; i++) {
            int x = data.get(INT, offset + (long) i * 4);
            sel[k] = i;
            k += lo <= x & x <= hi ? 1 : 0;
        }
        return k;
    }

    @Override
    public int compareIntSelected(CompareOp op, MemorySegment data, long offset, int[] inSel, int inCount, int c, int[] outSel, long[] scratch)
    {
        int k = 0;
        for (int i = 0; i < inCount; i++) {
            int p = inSel[i];
            int x = data.get(INT, offset + (long) p * 4);
            outSel[k] = p;
            k += test(op, x, c) ? 1 : 0;
        }
        return k;
    }

    @Override
    public int betweenIntSelected(MemorySegment data, long offset, int[] inSel, int inCount, int lo, int hi, int[] outSel, long[] scratch)
    {
        int k = 0;
        for (int i = 0; i < inCount; i++) {
            int p = inSel[i];
            int x = data.get(INT, offset + (long) p * 4);
            outSel[k] = p;
            k += lo <= x & x <= hi ? 1 : 0;
        }
        return k;
    }

    // ---------------------------------------------------------------- long

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    /** The specification of {@link CompareOp} on long. */
    public static boolean test(CompareOp op, long x, long c)
    {
        return switch (op) {
            case EQ -> x == c;
            case NE -> x != c;
            case LT -> x < c;
            case LE -> x <= c;
            case GT -> x > c;
            case GE -> x >= c;
        };
    }

    @Override
    public int compareLong(CompareOp op, MemorySegment data, long offset, int count, long c, long[] bits)
    {
        return compareLongTail(op, data, offset, 0, count, c, bits, 0);
    }

    /**
     * Bitmask loop from element {@code from}; {@code word} holds the bits already computed for the word
     * containing {@code from}. Returns the popcount of the words it stores.
     */
    public static int compareLongTail(CompareOp op, MemorySegment data, long offset, int from, int count, long c, long[] bits, long word)
    {
        int set = 0;
        for (int i = from; i < count; i++) {
            long x = data.get(LONG, offset + (long) i * 8);
            word |= (test(op, x, c) ? 1L : 0L) << i;
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
    public int betweenLong(MemorySegment data, long offset, int count, long lo, long hi, long[] bits)
    {
        return betweenLongTail(data, offset, 0, count, lo, hi, bits, 0);
    }

    /** BETWEEN counterpart of {@link #compareLongTail}. */
    public static int betweenLongTail(MemorySegment data, long offset, int from, int count, long lo, long hi, long[] bits, long word)
    {
        int set = 0;
        for (int i = from; i < count; i++) {
            long x = data.get(LONG, offset + (long) i * 8);
            word |= (lo <= x & x <= hi ? 1L : 0L) << i;
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
    public int compareLongSelect(CompareOp op, MemorySegment data, long offset, int count, long c, int[] sel)
    {
        return compareLongSelectTail(op, data, offset, 0, count, c, sel, 0);
    }

    /** Selection loop from element {@code from}, appending at {@code sel[k]}; returns the new k. */
    public static int compareLongSelectTail(CompareOp op, MemorySegment data, long offset, int from, int count, long c, int[] sel, int k)
    {
        for (int i = from; i < count; i++) {
            long x = data.get(LONG, offset + (long) i * 8);
            sel[k] = i;
            k += test(op, x, c) ? 1 : 0;
        }
        return k;
    }

    @Override
    public int betweenLongSelect(MemorySegment data, long offset, int count, long lo, long hi, int[] sel)
    {
        return betweenLongSelectTail(data, offset, 0, count, lo, hi, sel, 0);
    }

    /** BETWEEN counterpart of {@link #compareLongSelectTail}. */
    public static int betweenLongSelectTail(MemorySegment data, long offset, int from, int count, long lo, long hi, int[] sel, int k)
    {
        for (int i = from; i < count; i++) {
            long x = data.get(LONG, offset + (long) i * 8);
            sel[k] = i;
            k += lo <= x & x <= hi ? 1 : 0;
        }
        return k;
    }

    @Override
    public int compareLongSelected(CompareOp op, MemorySegment data, long offset, int[] inSel, int inCount, long c, int[] outSel, long[] scratch)
    {
        int k = 0;
        for (int i = 0; i < inCount; i++) {
            int p = inSel[i];
            long x = data.get(LONG, offset + (long) p * 8);
            outSel[k] = p;
            k += test(op, x, c) ? 1 : 0;
        }
        return k;
    }

    @Override
    public int betweenLongSelected(MemorySegment data, long offset, int[] inSel, int inCount, long lo, long hi, int[] outSel, long[] scratch)
    {
        int k = 0;
        for (int i = 0; i < inCount; i++) {
            int p = inSel[i];
            long x = data.get(LONG, offset + (long) p * 8);
            outSel[k] = p;
            k += lo <= x & x <= hi ? 1 : 0;
        }
        return k;
    }

    // ---------------------------------------------------------------- double

    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    /** The specification of {@link CompareOp} on double. */
    public static boolean test(CompareOp op, double x, double c)
    {
        return switch (op) {
            case EQ -> x == c;
            case NE -> x != c;
            case LT -> x < c;
            case LE -> x <= c;
            case GT -> x > c;
            case GE -> x >= c;
        };
    }

    @Override
    public int compareDouble(CompareOp op, MemorySegment data, long offset, int count, double c, long[] bits)
    {
        return compareDoubleTail(op, data, offset, 0, count, c, bits, 0);
    }

    /**
     * Bitmask loop from element {@code from}; {@code word} holds the bits already computed for the word
     * containing {@code from}. Returns the popcount of the words it stores.
     */
    public static int compareDoubleTail(CompareOp op, MemorySegment data, long offset, int from, int count, double c, long[] bits, long word)
    {
        int set = 0;
        for (int i = from; i < count; i++) {
            double x = data.get(DOUBLE, offset + (long) i * 8);
            word |= (test(op, x, c) ? 1L : 0L) << i;
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
    public int betweenDouble(MemorySegment data, long offset, int count, double lo, double hi, long[] bits)
    {
        return betweenDoubleTail(data, offset, 0, count, lo, hi, bits, 0);
    }

    /** BETWEEN counterpart of {@link #compareDoubleTail}. */
    public static int betweenDoubleTail(MemorySegment data, long offset, int from, int count, double lo, double hi, long[] bits, long word)
    {
        int set = 0;
        for (int i = from; i < count; i++) {
            double x = data.get(DOUBLE, offset + (long) i * 8);
            word |= (lo <= x & x <= hi ? 1L : 0L) << i;
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
    public int compareDoubleSelect(CompareOp op, MemorySegment data, long offset, int count, double c, int[] sel)
    {
        return compareDoubleSelectTail(op, data, offset, 0, count, c, sel, 0);
    }

    /** Selection loop from element {@code from}, appending at {@code sel[k]}; returns the new k. */
    public static int compareDoubleSelectTail(CompareOp op, MemorySegment data, long offset, int from, int count, double c, int[] sel, int k)
    {
        for (int i = from; i < count; i++) {
            double x = data.get(DOUBLE, offset + (long) i * 8);
            sel[k] = i;
            k += test(op, x, c) ? 1 : 0;
        }
        return k;
    }

    @Override
    public int betweenDoubleSelect(MemorySegment data, long offset, int count, double lo, double hi, int[] sel)
    {
        return betweenDoubleSelectTail(data, offset, 0, count, lo, hi, sel, 0);
    }

    /** BETWEEN counterpart of {@link #compareDoubleSelectTail}. */
    public static int betweenDoubleSelectTail(MemorySegment data, long offset, int from, int count, double lo, double hi, int[] sel, int k)
    {
        for (int i = from; i < count; i++) {
            double x = data.get(DOUBLE, offset + (long) i * 8);
            sel[k] = i;
            k += lo <= x & x <= hi ? 1 : 0;
        }
        return k;
    }

    @Override
    public int compareDoubleSelected(CompareOp op, MemorySegment data, long offset, int[] inSel, int inCount, double c, int[] outSel, long[] scratch)
    {
        int k = 0;
        for (int i = 0; i < inCount; i++) {
            int p = inSel[i];
            double x = data.get(DOUBLE, offset + (long) p * 8);
            outSel[k] = p;
            k += test(op, x, c) ? 1 : 0;
        }
        return k;
    }

    @Override
    public int betweenDoubleSelected(MemorySegment data, long offset, int[] inSel, int inCount, double lo, double hi, int[] outSel, long[] scratch)
    {
        int k = 0;
        for (int i = 0; i < inCount; i++) {
            int p = inSel[i];
            double x = data.get(DOUBLE, offset + (long) p * 8);
            outSel[k] = p;
            k += lo <= x & x <= hi ? 1 : 0;
        }
        return k;
    }
}
