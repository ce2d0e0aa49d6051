package io.starling.exec.kernel;

import io.starling.exec.kernel.filter.FilterKernels;
import io.starling.exec.kernel.filter.ScalarFilterKernels;

import java.lang.foreign.MemorySegment;

/**
 * The filter family {@link PanamaKernelProvider} ships: BETWEEN kernels from the Vector API implementation,
 * {@code x op c} kernels from the scalar twin, because the vector ones lose to it (the rule: a kernel beats
 * its scalar twin in JMH or is not used).
 *
 * <p>Measured (jmh {@code CompareBenchmark.bitmask}, 16384 rows, {@code x >= c}, perf-reports/2026-11-23-jmh):
 * scalar 81 us, Panama 8,303 us (INT) / 21,404 us (BIGINT), with 17 / 32 bytes allocated per row. Cause:
 * {@code PanamaFilterKernels.compareIntBits} and its twins take the {@code VectorOperators.Comparison} as a
 * parameter and are hot enough that C2 compiles them standalone (loop OSR) before the callers' constant arms can
 * inline them; with a non-constant operator {@code compare} is not intrinsified and runs the API's Java fallback,
 * and the large fallback code is then never inlined. The BETWEEN kernels pass constant operators and are fast.
 * Restore the vector kernels here once each comparison has its own method with a literal operator and JMH shows it
 * winning.
 */
final class VectorBetweenFilterKernels
        implements FilterKernels
{
    private final FilterKernels vector;
    private final FilterKernels scalar = ScalarFilterKernels.INSTANCE;

    VectorBetweenFilterKernels(FilterKernels vector)
    {
        this.vector = vector;
    }

    @Override
    public int compareInt(CompareOp op, MemorySegment data, long offset, int count, int c, long[] bits)
    {
        return scalar.compareInt(op, data, offset, count, c, bits);
    }

    @Override
    public int betweenInt(MemorySegment data, long offset, int count, int lo, int hi, long[] bits)
    {
        return vector.betweenInt(data, offset, count, lo, hi, bits);
    }

    @Override
    public int compareIntSelect(CompareOp op, MemorySegment data, long offset, int count, int c, int[] sel)
    {
        return scalar.compareIntSelect(op, data, offset, count, c, sel);
    }

    @Override
    public int betweenIntSelect(MemorySegment data, long offset, int count, int lo, int hi, int[] sel)
    {
        return vector.betweenIntSelect(data, offset, count, lo, hi, sel);
    }

    @Override
    public int compareIntSelected(CompareOp op, MemorySegment data, long offset, int[] inSel, int inCount, int c, int[] outSel, long[] scratch)
    {
        return scalar.compareIntSelected(op, data, offset, inSel, inCount, c, outSel, scratch);
    }

    @Override
    public int betweenIntSelected(MemorySegment data, long offset, int[] inSel, int inCount, int lo, int hi, int[] outSel, long[] scratch)
    {
        return vector.betweenIntSelected(data, offset, inSel, inCount, lo, hi, outSel, scratch);
    }

    @Override
    public int compareLong(CompareOp op, MemorySegment data, long offset, int count, long c, long[] bits)
    {
        return scalar.compareLong(op, data, offset, count, c, bits);
    }

    @Override
    public int betweenLong(MemorySegment data, long offset, int count, long lo, long hi, long[] bits)
    {
        return vector.betweenLong(data, offset, count, lo, hi, bits);
    }

    @Override
    public int compareLongSelect(CompareOp op, MemorySegment data, long offset, int count, long c, int[] sel)
    {
        return scalar.compareLongSelect(op, data, offset, count, c, sel);
    }

    @Override
    public int betweenLongSelect(MemorySegment data, long offset, int count, long lo, long hi, int[] sel)
    {
        return vector.betweenLongSelect(data, offset, count, lo, hi, sel);
    }

    @Override
    public int compareLongSelected(CompareOp op, MemorySegment data, long offset, int[] inSel, int inCount, long c, int[] outSel, long[] scratch)
    {
        return scalar.compareLongSelected(op, data, offset, inSel, inCount, c, outSel, scratch);
    }

    @Override
    public int betweenLongSelected(MemorySegment data, long offset, int[] inSel, int inCount, long lo, long hi, int[] outSel, long[] scratch)
    {
        return vector.betweenLongSelected(data, offset, inSel, inCount, lo, hi, outSel, scratch);
    }

    @Override
    public int compareDouble(CompareOp op, MemorySegment data, long offset, int count, double c, long[] bits)
    {
        return scalar.compareDouble(op, data, offset, count, c, bits);
    }

    @Override
    public int betweenDouble(MemorySegment data, long offset, int count, double lo, double hi, long[] bits)
    {
        return vector.betweenDouble(data, offset, count, lo, hi, bits);
    }

    @Override
    public int compareDoubleSelect(CompareOp op, MemorySegment data, long offset, int count, double c, int[] sel)
    {
        return scalar.compareDoubleSelect(op, data, offset, count, c, sel);
    }

    @Override
    public int betweenDoubleSelect(MemorySegment data, long offset, int count, double lo, double hi, int[] sel)
    {
        return vector.betweenDoubleSelect(data, offset, count, lo, hi, sel);
    }

    @Override
    public int compareDoubleSelected(CompareOp op, MemorySegment data, long offset, int[] inSel, int inCount, double c, int[] outSel, long[] scratch)
    {
        return scalar.compareDoubleSelected(op, data, offset, inSel, inCount, c, outSel, scratch);
    }

    @Override
    public int betweenDoubleSelected(MemorySegment data, long offset, int[] inSel, int inCount, double lo, double hi, int[] outSel, long[] scratch)
    {
        return vector.betweenDoubleSelected(data, offset, inSel, inCount, lo, hi, outSel, scratch);
    }
}
