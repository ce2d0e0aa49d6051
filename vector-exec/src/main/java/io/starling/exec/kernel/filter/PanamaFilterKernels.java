package io.starling.exec.kernel.filter;

import io.starling.exec.kernel.CompareOp;
import io.starling.exec.kernel.bitmap.PanamaBitmapKernels;
import io.starling.exec.kernel.bitmap.ScalarBitmapKernels;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * Vector API implementation of {@link FilterKernels}; must equal {@link ScalarFilterKernels} bit for bit.
 *
 * <p>Bitmask: compare a vector against the broadcast constant and OR {@code mask.toLong()} into the output word
 * (lowers to {@code vpcmpgtd}+{@code vmovmskps} on AVX2, a k-register compare + {@code kmov} on AVX-512); lane
 * counts divide 64 so a vector's bits never straddle two words. Selection: the same masks, compacted 8 lanes at a
 * time through {@link PanamaBitmapKernels#compact8}. The {@link CompareOp} is switched on outside the loop and
 * each arm passes a constant {@code VectorOperators.Comparison} to a small helper, so that after inlining C2
 * sees a constant condition (a non-constant operator is not intrinsified). Tails run the scalar code.
 *
 * <p>Source note: the int, long and double sections are the same code with the type substituted.
 */
public final class PanamaFilterKernels
        implements FilterKernels
{
    /** The only instance. */
    public static final PanamaFilterKernels INSTANCE = new PanamaFilterKernels();

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /**
     * With an input selection, evaluate densely over {@code [0, last]} and then pick the selected bits when at
     * least 1 row in this many is selected: a dense vector compare costs ~0.15 ns/row, a scalar compare of a
     * selected row ~1 ns (notes/jdk25-performance.md §6.2), so dense wins down to about 1/7 density.
     */
    private static final int DENSE_SELECTED_RATIO = 6;

    private PanamaFilterKernels()
    {
    }

    private static boolean useDense(int[] inSel, int inCount, long[] scratch)
    {
        if (inCount == 0 || scratch == null) {
            return false;
        }
        int span = inSel[inCount - 1] + 1;
        return (long) inCount * DENSE_SELECTED_RATIO >= span && scratch.length >= (span + 63) >>> 6;
    }

    // ---------------------------------------------------------------- int

    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final int INT_LANES = INTS.length();
    /** Elements per compaction step: whole vectors and whole 8-bit chunks. */
    private static final int INT_STEP = Math.max(INT_LANES, 8);

    static {
        if (64 % INT_LANES != 0 || INT_STEP % INT_LANES != 0 || INT_STEP % 8 != 0) {
            throw new AssertionError("unexpected int lane count " + INT_LANES);
        }
    }

    @Override
    public int compareInt(CompareOp op, MemorySegment data, long offset, int count, int c, long[] bits)
    {
        return switch (op) {
            case EQ -> compareIntBits(CompareOp.EQ, VectorOperators.EQ, data, offset, count, c, bits);
            case NE -> compareIntBits(CompareOp.NE, VectorOperators.NE, data, offset, count, c, bits);
            case LT -> compareIntBits(CompareOp.LT, VectorOperators.LT, data, offset, count, c, bits);
            case LE -> compareIntBits(CompareOp.LE, VectorOperators.LE, data, offset, count, c, bits);
            case GT -> compareIntBits(CompareOp.GT, VectorOperators.GT, data, offset, count, c, bits);
            case GE -> compareIntBits(CompareOp.GE, VectorOperators.GE, data, offset, count, c, bits);
        };
    }

    private static int compareIntBits(CompareOp op, VectorOperators.Comparison vop, MemorySegment data, long offset, int count, int c, long[] bits)
    {
        int bound = INTS.loopBound(count);
        long word = 0;
        int set = 0;
        int i = 0;
        for (; i < bound; i += INT_LANES) {
            long m = intMask(op, IntVector.fromMemorySegment(INTS, data, offset + (long) i * 4, ORDER), c).toLong();
            word |= m << (i & 63);
            if (((i + INT_LANES) & 63) == 0) {
                bits[i >>> 6] = word;
                set += Long.bitCount(word);
                word = 0;
            }
        }
        return set + ScalarFilterKernels.compareIntTail(op, data, offset, i, count, c, bits, word);
    }

    @Override
    public int betweenInt(MemorySegment data, long offset, int count, int lo, int hi, long[] bits)
    {
        int bound = INTS.loopBound(count);
        long word = 0;
        int set = 0;
        int i = 0;
        for (; i < bound; i += INT_LANES) {
            IntVector v = IntVector.fromMemorySegment(INTS, data, offset + (long) i * 4, ORDER);
            long m = v.compare(VectorOperators.GE, lo).and(v.compare(VectorOperators.LE, hi)).toLong();
            word |= m << (i & 63);
            if (((i + INT_LANES) & 63) == 0) {
                bits[i >>> 6] = word;
                set += Long.bitCount(word);
                word = 0;
            }
        }
        return set + ScalarFilterKernels.betweenIntTail(data, offset, i, count, lo, hi, bits, word);
    }

    @Override
    public int compareIntSelect(CompareOp op, MemorySegment data, long offset, int count, int c, int[] sel)
    {
        return switch (op) {
            case EQ -> compareIntSel(CompareOp.EQ, VectorOperators.EQ, data, offset, count, c, sel);
            case NE -> compareIntSel(CompareOp.NE, VectorOperators.NE, data, offset, count, c, sel);
            case LT -> compareIntSel(CompareOp.LT, VectorOperators.LT, data, offset, count, c, sel);
            case LE -> compareIntSel(CompareOp.LE, VectorOperators.LE, data, offset, count, c, sel);
            case GT -> compareIntSel(CompareOp.GT, VectorOperators.GT, data, offset, count, c, sel);
            case GE -> compareIntSel(CompareOp.GE, VectorOperators.GE, data, offset, count, c, sel);
        };
    }

    private static int compareIntSel(CompareOp op, VectorOperators.Comparison vop, MemorySegment data, long offset, int count, int c, int[] sel)
    {
        int k = 0;
        int i = 0;
        // invariant: k <= i and i + STEP <= count <= sel.length, so compact8's 8-lane store stays inside sel
        for (; i + INT_STEP <= count; i += INT_STEP) {
            long m = 0;
            for (int j = 0; j < INT_STEP; j += INT_LANES) {
                m |= intMask(op, IntVector.fromMemorySegment(INTS, data, offset + (long) (i + j) * 4, ORDER), c).toLong() << j;
            }
            for (int b = 0; b < INT_STEP; b += 8) {
                k = PanamaBitmapKernels.compact8((int) (m >>> b) & 0xFF, i + b, sel, k);
            }
        }
        return ScalarFilterKernels.compareIntSelectTail(op, data, offset, i, count, c, sel, k);
    }

    @Override
    public int betweenIntSelect(MemorySegment data, long offset, int count, int lo, int hi, int[] sel)
    {
        int k = 0;
        int i = 0;
        for (; i + INT_STEP <= count; i += INT_STEP) {
            long m = 0;
            for (int j = 0; j < INT_STEP; j += INT_LANES) {
                IntVector v = IntVector.fromMemorySegment(INTS, data, offset + (long) (i + j) * 4, ORDER);
                m |= v.compare(VectorOperators.GE, lo).and(v.compare(VectorOperators.LE, hi)).toLong() << j;
            }
            for (int b = 0; b < INT_STEP; b += 8) {
                k = PanamaBitmapKernels.compact8((int) (m >>> b) & 0xFF, i + b, sel, k);
            }
        }
        return ScalarFilterKernels.betweenIntSelectTail(data, offset, i, count, lo, hi, sel, k);
    }

    @Override
    public int compareIntSelected(CompareOp op, MemorySegment data, long offset, int[] inSel, int inCount, int c, int[] outSel, long[] scratch)
    {
        if (!useDense(inSel, inCount, scratch)) {
            return ScalarFilterKernels.INSTANCE.compareIntSelected(op, data, offset, inSel, inCount, c, outSel, scratch);
        }
        compareInt(op, data, offset, inSel[inCount - 1] + 1, c, scratch);
        return ScalarBitmapKernels.INSTANCE.filterSelection(inSel, inCount, scratch, outSel);
    }

    @Override
    public int betweenIntSelected(MemorySegment data, long offset, int[] inSel, int inCount, int lo, int hi, int[] outSel, long[] scratch)
    {
        if (!useDense(inSel, inCount, scratch)) {
            return ScalarFilterKernels.INSTANCE.betweenIntSelected(data, offset, inSel, inCount, lo, hi, outSel, scratch);
        }
        betweenInt(data, offset, inSel[inCount - 1] + 1, lo, hi, scratch);
        return ScalarBitmapKernels.INSTANCE.filterSelection(inSel, inCount, scratch, outSel);
    }

    // ---------------------------------------------------------------- long

    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    private static final int LONG_LANES = LONGS.length();
    /** Elements per compaction step: whole vectors and whole 8-bit chunks. */
    private static final int LONG_STEP = Math.max(LONG_LANES, 8);

    static {
        if (64 % LONG_LANES != 0 || LONG_STEP % LONG_LANES != 0 || LONG_STEP % 8 != 0) {
            throw new AssertionError("unexpected long lane count " + LONG_LANES);
        }
    }

    @Override
    public int compareLong(CompareOp op, MemorySegment data, long offset, int count, long c, long[] bits)
    {
        return switch (op) {
            case EQ -> compareLongBits(CompareOp.EQ, VectorOperators.EQ, data, offset, count, c, bits);
            case NE -> compareLongBits(CompareOp.NE, VectorOperators.NE, data, offset, count, c, bits);
            case LT -> compareLongBits(CompareOp.LT, VectorOperators.LT, data, offset, count, c, bits);
            case LE -> compareLongBits(CompareOp.LE, VectorOperators.LE, data, offset, count, c, bits);
            case GT -> compareLongBits(CompareOp.GT, VectorOperators.GT, data, offset, count, c, bits);
            case GE -> compareLongBits(CompareOp.GE, VectorOperators.GE, data, offset, count, c, bits);
        };
    }

    private static int compareLongBits(CompareOp op, VectorOperators.Comparison vop, MemorySegment data, long offset, int count, long c, long[] bits)
    {
        int bound = LONGS.loopBound(count);
        long word = 0;
        int set = 0;
        int i = 0;
        for (; i < bound; i += LONG_LANES) {
            long m = longMask(op, LongVector.fromMemorySegment(LONGS, data, offset + (long) i * 8, ORDER), c).toLong();
            word |= m << (i & 63);
            if (((i + LONG_LANES) & 63) == 0) {
                bits[i >>> 6] = word;
                set += Long.bitCount(word);
                word = 0;
            }
        }
        return set + ScalarFilterKernels.compareLongTail(op, data, offset, i, count, c, bits, word);
    }

    @Override
    public int betweenLong(MemorySegment data, long offset, int count, long lo, long hi, long[] bits)
    {
        int bound = LONGS.loopBound(count);
        long word = 0;
        int set = 0;
        int i = 0;
        for (; i < bound; i += LONG_LANES) {
            LongVector v = LongVector.fromMemorySegment(LONGS, data, offset + (long) i * 8, ORDER);
            long m = v.compare(VectorOperators.GE, lo).and(v.compare(VectorOperators.LE, hi)).toLong();
            word |= m << (i & 63);
            if (((i + LONG_LANES) & 63) == 0) {
                bits[i >>> 6] = word;
                set += Long.bitCount(word);
                word = 0;
            }
        }
        return set + ScalarFilterKernels.betweenLongTail(data, offset, i, count, lo, hi, bits, word);
    }

    @Override
    public int compareLongSelect(CompareOp op, MemorySegment data, long offset, int count, long c, int[] sel)
    {
        return switch (op) {
            case EQ -> compareLongSel(CompareOp.EQ, VectorOperators.EQ, data, offset, count, c, sel);
            case NE -> compareLongSel(CompareOp.NE, VectorOperators.NE, data, offset, count, c, sel);
            case LT -> compareLongSel(CompareOp.LT, VectorOperators.LT, data, offset, count, c, sel);
            case LE -> compareLongSel(CompareOp.LE, VectorOperators.LE, data, offset, count, c, sel);
            case GT -> compareLongSel(CompareOp.GT, VectorOperators.GT, data, offset, count, c, sel);
            case GE -> compareLongSel(CompareOp.GE, VectorOperators.GE, data, offset, count, c, sel);
        };
    }

    private static int compareLongSel(CompareOp op, VectorOperators.Comparison vop, MemorySegment data, long offset, int count, long c, int[] sel)
    {
        int k = 0;
        int i = 0;
        // invariant: k <= i and i + STEP <= count <= sel.length, so compact8's 8-lane store stays inside sel
        for (; i + LONG_STEP <= count; i += LONG_STEP) {
            long m = 0;
            for (int j = 0; j < LONG_STEP; j += LONG_LANES) {
                m |= longMask(op, LongVector.fromMemorySegment(LONGS, data, offset + (long) (i + j) * 8, ORDER), c).toLong() << j;
            }
            for (int b = 0; b < LONG_STEP; b += 8) {
                k = PanamaBitmapKernels.compact8((int) (m >>> b) & 0xFF, i + b, sel, k);
            }
        }
        return ScalarFilterKernels.compareLongSelectTail(op, data, offset, i, count, c, sel, k);
    }

    @Override
    public int betweenLongSelect(MemorySegment data, long offset, int count, long lo, long hi, int[] sel)
    {
        int k = 0;
        int i = 0;
        for (; i + LONG_STEP <= count; i += LONG_STEP) {
            long m = 0;
            for (int j = 0; j < LONG_STEP; j += LONG_LANES) {
                LongVector v = LongVector.fromMemorySegment(LONGS, data, offset + (long) (i + j) * 8, ORDER);
                m |= v.compare(VectorOperators.GE, lo).and(v.compare(VectorOperators.LE, hi)).toLong() << j;
            }
            for (int b = 0; b < LONG_STEP; b += 8) {
                k = PanamaBitmapKernels.compact8((int) (m >>> b) & 0xFF, i + b, sel, k);
            }
        }
        return ScalarFilterKernels.betweenLongSelectTail(data, offset, i, count, lo, hi, sel, k);
    }

    @Override
    public int compareLongSelected(CompareOp op, MemorySegment data, long offset, int[] inSel, int inCount, long c, int[] outSel, long[] scratch)
    {
        if (!useDense(inSel, inCount, scratch)) {
            return ScalarFilterKernels.INSTANCE.compareLongSelected(op, data, offset, inSel, inCount, c, outSel, scratch);
        }
        compareLong(op, data, offset, inSel[inCount - 1] + 1, c, scratch);
        return ScalarBitmapKernels.INSTANCE.filterSelection(inSel, inCount, scratch, outSel);
    }

    @Override
    public int betweenLongSelected(MemorySegment data, long offset, int[] inSel, int inCount, long lo, long hi, int[] outSel, long[] scratch)
    {
        if (!useDense(inSel, inCount, scratch)) {
            return ScalarFilterKernels.INSTANCE.betweenLongSelected(data, offset, inSel, inCount, lo, hi, outSel, scratch);
        }
        betweenLong(data, offset, inSel[inCount - 1] + 1, lo, hi, scratch);
        return ScalarBitmapKernels.INSTANCE.filterSelection(inSel, inCount, scratch, outSel);
    }

    // ---------------------------------------------------------------- double

    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final int DOUBLE_LANES = DOUBLES.length();
    /** Elements per compaction step: whole vectors and whole 8-bit chunks. */
    private static final int DOUBLE_STEP = Math.max(DOUBLE_LANES, 8);

    static {
        if (64 % DOUBLE_LANES != 0 || DOUBLE_STEP % DOUBLE_LANES != 0 || DOUBLE_STEP % 8 != 0) {
            throw new AssertionError("unexpected double lane count " + DOUBLE_LANES);
        }
    }

    @Override
    public int compareDouble(CompareOp op, MemorySegment data, long offset, int count, double c, long[] bits)
    {
        return switch (op) {
            case EQ -> compareDoubleBits(CompareOp.EQ, VectorOperators.EQ, data, offset, count, c, bits);
            case NE -> compareDoubleBits(CompareOp.NE, VectorOperators.NE, data, offset, count, c, bits);
            case LT -> compareDoubleBits(CompareOp.LT, VectorOperators.LT, data, offset, count, c, bits);
            case LE -> compareDoubleBits(CompareOp.LE, VectorOperators.LE, data, offset, count, c, bits);
            case GT -> compareDoubleBits(CompareOp.GT, VectorOperators.GT, data, offset, count, c, bits);
            case GE -> compareDoubleBits(CompareOp.GE, VectorOperators.GE, data, offset, count, c, bits);
        };
    }

    private static int compareDoubleBits(CompareOp op, VectorOperators.Comparison vop, MemorySegment data, long offset, int count, double c, long[] bits)
    {
        int bound = DOUBLES.loopBound(count);
        long word = 0;
        int set = 0;
        int i = 0;
        for (; i < bound; i += DOUBLE_LANES) {
            long m = doubleMask(op, DoubleVector.fromMemorySegment(DOUBLES, data, offset + (long) i * 8, ORDER), c).toLong();
            word |= m << (i & 63);
            if (((i + DOUBLE_LANES) & 63) == 0) {
                bits[i >>> 6] = word;
                set += Long.bitCount(word);
                word = 0;
            }
        }
        return set + ScalarFilterKernels.compareDoubleTail(op, data, offset, i, count, c, bits, word);
    }

    @Override
    public int betweenDouble(MemorySegment data, long offset, int count, double lo, double hi, long[] bits)
    {
        int bound = DOUBLES.loopBound(count);
        long word = 0;
        int set = 0;
        int i = 0;
        for (; i < bound; i += DOUBLE_LANES) {
            DoubleVector v = DoubleVector.fromMemorySegment(DOUBLES, data, offset + (long) i * 8, ORDER);
            long m = v.compare(VectorOperators.GE, lo).and(v.compare(VectorOperators.LE, hi)).toLong();
            word |= m << (i & 63);
            if (((i + DOUBLE_LANES) & 63) == 0) {
                bits[i >>> 6] = word;
                set += Long.bitCount(word);
                word = 0;
            }
        }
        return set + ScalarFilterKernels.betweenDoubleTail(data, offset, i, count, lo, hi, bits, word);
    }

    @Override
    public int compareDoubleSelect(CompareOp op, MemorySegment data, long offset, int count, double c, int[] sel)
    {
        return switch (op) {
            case EQ -> compareDoubleSel(CompareOp.EQ, VectorOperators.EQ, data, offset, count, c, sel);
            case NE -> compareDoubleSel(CompareOp.NE, VectorOperators.NE, data, offset, count, c, sel);
            case LT -> compareDoubleSel(CompareOp.LT, VectorOperators.LT, data, offset, count, c, sel);
            case LE -> compareDoubleSel(CompareOp.LE, VectorOperators.LE, data, offset, count, c, sel);
            case GT -> compareDoubleSel(CompareOp.GT, VectorOperators.GT, data, offset, count, c, sel);
            case GE -> compareDoubleSel(CompareOp.GE, VectorOperators.GE, data, offset, count, c, sel);
        };
    }

    private static int compareDoubleSel(CompareOp op, VectorOperators.Comparison vop, MemorySegment data, long offset, int count, double c, int[] sel)
    {
        int k = 0;
        int i = 0;
        // invariant: k <= i and i + STEP <= count <= sel.length, so compact8's 8-lane store stays inside sel
        for (; i + DOUBLE_STEP <= count; i += DOUBLE_STEP) {
            long m = 0;
            for (int j = 0; j < DOUBLE_STEP; j += DOUBLE_LANES) {
                m |= doubleMask(op, DoubleVector.fromMemorySegment(DOUBLES, data, offset + (long) (i + j) * 8, ORDER), c).toLong() << j;
            }
            for (int b = 0; b < DOUBLE_STEP; b += 8) {
                k = PanamaBitmapKernels.compact8((int) (m >>> b) & 0xFF, i + b, sel, k);
            }
        }
        return ScalarFilterKernels.compareDoubleSelectTail(op, data, offset, i, count, c, sel, k);
    }

    @Override
    public int betweenDoubleSelect(MemorySegment data, long offset, int count, double lo, double hi, int[] sel)
    {
        int k = 0;
        int i = 0;
        for (; i + DOUBLE_STEP <= count; i += DOUBLE_STEP) {
            long m = 0;
            for (int j = 0; j < DOUBLE_STEP; j += DOUBLE_LANES) {
                DoubleVector v = DoubleVector.fromMemorySegment(DOUBLES, data, offset + (long) (i + j) * 8, ORDER);
                m |= v.compare(VectorOperators.GE, lo).and(v.compare(VectorOperators.LE, hi)).toLong() << j;
            }
            for (int b = 0; b < DOUBLE_STEP; b += 8) {
                k = PanamaBitmapKernels.compact8((int) (m >>> b) & 0xFF, i + b, sel, k);
            }
        }
        return ScalarFilterKernels.betweenDoubleSelectTail(data, offset, i, count, lo, hi, sel, k);
    }

    @Override
    public int compareDoubleSelected(CompareOp op, MemorySegment data, long offset, int[] inSel, int inCount, double c, int[] outSel, long[] scratch)
    {
        if (!useDense(inSel, inCount, scratch)) {
            return ScalarFilterKernels.INSTANCE.compareDoubleSelected(op, data, offset, inSel, inCount, c, outSel, scratch);
        }
        compareDouble(op, data, offset, inSel[inCount - 1] + 1, c, scratch);
        return ScalarBitmapKernels.INSTANCE.filterSelection(inSel, inCount, scratch, outSel);
    }

    @Override
    public int betweenDoubleSelected(MemorySegment data, long offset, int[] inSel, int inCount, double lo, double hi, int[] outSel, long[] scratch)
    {
        if (!useDense(inSel, inCount, scratch)) {
            return ScalarFilterKernels.INSTANCE.betweenDoubleSelected(data, offset, inSel, inCount, lo, hi, outSel, scratch);
        }
        betweenDouble(data, offset, inSel[inCount - 1] + 1, lo, hi, scratch);
        return ScalarBitmapKernels.INSTANCE.filterSelection(inSel, inCount, scratch, outSel);
    }

    // ---------------------------------------------------------------- comparison masks

    /*
     * Each arm names its operator as a literal, so the compare is intrinsified in whatever method C2 compiles it.
     * Passing the VectorOperators.Comparison down as a parameter relied on C2 inlining the helper into every arm of the
     * caller's switch; in the server it did not (JFR, TPC-H Q6: IntVector.compareTemplate, bTest and maskFromArray,
     * the API's per-lane Java fallback, were ~40 % of the samples).
     */

    private static VectorMask<Integer> intMask(CompareOp op, IntVector v, int c)
    {
        return switch (op) {
            case EQ -> v.compare(VectorOperators.EQ, c);
            case NE -> v.compare(VectorOperators.NE, c);
            case LT -> v.compare(VectorOperators.LT, c);
            case LE -> v.compare(VectorOperators.LE, c);
            case GT -> v.compare(VectorOperators.GT, c);
            case GE -> v.compare(VectorOperators.GE, c);
        };
    }

    private static VectorMask<Long> longMask(CompareOp op, LongVector v, long c)
    {
        return switch (op) {
            case EQ -> v.compare(VectorOperators.EQ, c);
            case NE -> v.compare(VectorOperators.NE, c);
            case LT -> v.compare(VectorOperators.LT, c);
            case LE -> v.compare(VectorOperators.LE, c);
            case GT -> v.compare(VectorOperators.GT, c);
            case GE -> v.compare(VectorOperators.GE, c);
        };
    }

    private static VectorMask<Double> doubleMask(CompareOp op, DoubleVector v, double c)
    {
        return switch (op) {
            case EQ -> v.compare(VectorOperators.EQ, c);
            case NE -> v.compare(VectorOperators.NE, c);
            case LT -> v.compare(VectorOperators.LT, c);
            case LE -> v.compare(VectorOperators.LE, c);
            case GT -> v.compare(VectorOperators.GT, c);
            case GE -> v.compare(VectorOperators.GE, c);
        };
    }
}
