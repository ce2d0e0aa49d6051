package io.starling.exec.kernel;

import io.starling.exec.kernel.agg.AggKernels;
import io.starling.exec.kernel.agg.PanamaAggKernels;
import io.starling.exec.kernel.bitmap.BitmapKernels;
import io.starling.exec.kernel.bitmap.PanamaBitmapKernels;
import io.starling.exec.kernel.filter.FilterKernels;
import io.starling.exec.kernel.filter.PanamaFilterKernels;
import io.starling.exec.kernel.hash.HashKernels;
import io.starling.exec.kernel.hash.PanamaHashKernels;
import jdk.incubator.vector.VectorShape;

/**
 * Vector API kernels. Instantiated only reflectively by {@link SimdSupport}, after it checked that
 * {@code jdk.incubator.vector} is in the boot layer and C2 is enabled.
 *
 * <p>Maintainers: do not add vector-typed static fields (species, vectors, masks) to this class. It is loaded
 * before the width check below has run; species constants live in the kernel classes, which are initialised
 * only after this constructor succeeded (Lucene's {@code PanamaVectorizationProvider} rule).
 */
public final class PanamaKernelProvider
        implements KernelProvider
{
    /**
     * Narrowest preferred vector width we accept. The kernels are tuned for 256-bit AVX2 and wider; on 128-bit
     * hardware (NEON, SSE) they were never benchmarked against the scalar twins, so the scalar path is used.
     */
    public static final int MIN_VECTOR_BITS = 256;

    /** Set after the width check, so the kernel classes (and their species) are initialised only when accepted. */
    private final FilterKernels filter;
    private final AggKernels agg;

    /**
     * Creates the provider.
     *
     * @param requireWidth whether to refuse hardware whose preferred vector shape is narrower than
     *                     {@link #MIN_VECTOR_BITS} ({@code -Dio.starling.simd=on} skips the check)
     * @throws UnsupportedOperationException if the width check fails
     */
    public PanamaKernelProvider(boolean requireWidth)
    {
        int bits = VectorShape.preferredShape().vectorBitSize();
        if (requireWidth && bits < MIN_VECTOR_BITS) {
            throw new UnsupportedOperationException("preferred vector size is " + bits + " bits, below " + MIN_VECTOR_BITS);
        }
        this.filter = PanamaFilterKernels.INSTANCE;
        this.agg = new ShippedAggKernels(PanamaAggKernels.INSTANCE);
    }

    /** Preferred vector width of this JVM in bits (for the start-up log line). */
    public static int preferredBits()
    {
        return VectorShape.preferredShape().vectorBitSize();
    }

    @Override
    public String name()
    {
        return "panama";
    }

    /**
     * The Vector API filter kernels. Each comparison has its own method with a literal {@code VectorOperators}
     * constant: passed as a parameter, C2 compiled the helper standalone, {@code compare} was not intrinsified and
     * the kernels ran the API's Java fallback (100-500x slower than scalar). With literal operators, jmh
     * {@code CompareBenchmark} at 16384 rows: bitmask 0.9-1.8 us vs scalar 9-11 us, selection 3.3-4.2 us vs 12 us,
     * over an input selection 8.1-8.9 us vs 9.3-11.6 us (perf-reports/2026-11-23-jmh).
     */
    @Override
    public FilterKernels filter()
    {
        return filter;
    }

    /** The Vector API filter kernels as written, for benchmarks and equivalence tests against the scalar twin. */
    public static FilterKernels vectorFilter()
    {
        return PanamaFilterKernels.INSTANCE;
    }

    /** The vector aggregates, except those that lost to the scalar twin (see {@link ShippedAggKernels}). */
    @Override
    public AggKernels agg()
    {
        return agg;
    }

    /** The Vector API aggregate kernels as written, for benchmarks and equivalence tests against the scalar twin. */
    public static AggKernels vectorAgg()
    {
        return PanamaAggKernels.INSTANCE;
    }

    @Override
    public HashKernels hash()
    {
        return PanamaHashKernels.INSTANCE;
    }

    @Override
    public BitmapKernels bitmap()
    {
        return PanamaBitmapKernels.INSTANCE;
    }
}
