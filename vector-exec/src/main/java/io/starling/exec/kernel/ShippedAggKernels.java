package io.starling.exec.kernel;

import io.starling.exec.kernel.agg.AggKernels;
import io.starling.exec.kernel.agg.ScalarAggKernels;

import java.lang.foreign.MemorySegment;

/**
 * The aggregate family {@link PanamaKernelProvider} ships: the Vector API kernels, except SUM of INT and MIN/MAX of
 * DOUBLE over a validity bitmap, which take the scalar twin because the vector versions lost to it in JMH (the
 * issue's rule: a kernel beats its scalar twin or is not used).
 *
 * <p>Measured (perf-reports/2026-11-23-jmh, 16384 rows, 10 % NULLs): {@code SumBenchmark.sumIntNulls} scalar
 * 64 us, Panama 86,281 us with 928 KB allocated per call; {@code AggBenchmark.minDoubleNulls} scalar 202 us, Panama
 * 7,898 us with 322 KB per call; {@code sumIntSelection} (the same kernel over a filter bitmask) scalar 139 us,
 * Panama 46,959 us. The allocation shows the Vector API's Java fallback: the loops merge the blended and the plain
 * vector in one variable ({@code if (validity != null) v = zero.blend(v, mask)}), and depending on the profile C2
 * compiled with, the vector boxes at that merge are not eliminated. The other null-aware kernels were fast in the
 * same run (MAX(int) 13x, MIN(long) 7x faster than scalar) but share the pattern; the fix belongs in
 * {@code PanamaAggKernels} (one loop per validity case, no merged vector variable), after which this class goes.
 */
final class ShippedAggKernels
        implements AggKernels
{
    private final AggKernels vector;
    private final AggKernels scalar = ScalarAggKernels.INSTANCE;

    ShippedAggKernels(AggKernels vector)
    {
        this.vector = vector;
    }

    @Override
    public long sumInt(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        return (validity == null ? vector : scalar).sumInt(data, offset, validity, count);
    }

    @Override
    public long sumLong(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        return vector.sumLong(data, offset, validity, count);
    }

    @Override
    public double sumDouble(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        return vector.sumDouble(data, offset, validity, count);
    }

    @Override
    public int minInt(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        return vector.minInt(data, offset, validity, count);
    }

    @Override
    public int maxInt(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        return vector.maxInt(data, offset, validity, count);
    }

    @Override
    public long minLong(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        return vector.minLong(data, offset, validity, count);
    }

    @Override
    public long maxLong(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        return vector.maxLong(data, offset, validity, count);
    }

    @Override
    public double minDouble(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        return (validity == null ? vector : scalar).minDouble(data, offset, validity, count);
    }

    @Override
    public double maxDouble(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        return (validity == null ? vector : scalar).maxDouble(data, offset, validity, count);
    }
}
