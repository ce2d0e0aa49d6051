package io.starling.exec.kernel;

import io.starling.exec.kernel.agg.AggKernels;
import io.starling.exec.kernel.bitmap.BitmapKernels;
import io.starling.exec.kernel.filter.FilterKernels;
import io.starling.exec.kernel.hash.HashKernels;

/**
 * Entry point to the batch kernels: one implementation of every kernel family, chosen once per process.
 *
 * <p>{@link ScalarKernelProvider} is the specification and the fallback; {@code PanamaKernelProvider} uses the
 * incubating Vector API and must produce identical results (selection vectors, bitmasks, sums, hashes). The
 * choice is made by {@link SimdSupport#lookup()} when this interface is first used (see there for the rules and
 * the {@code -Dio.starling.simd} switch). Callers hold on to the family objects they need (a field set in a
 * constructor) rather than calling {@link #get()} per batch.
 */
public interface KernelProvider
{
    /** The process-wide provider, chosen once. */
    static KernelProvider get()
    {
        return SimdSupport.Holder.INSTANCE;
    }

    /** {@code "scalar"} or {@code "panama"}, for logs and benchmark labels. */
    String name();

    /** Column-vs-constant comparisons producing bitmasks or selection vectors. */
    FilterKernels filter();

    /** SUM / MIN / MAX over a column, with or without a validity bitmap. */
    AggKernels agg();

    /** Key hashing for hash joins and aggregations. */
    HashKernels hash();

    /** Bitmask and selection-vector conversions. */
    BitmapKernels bitmap();
}
