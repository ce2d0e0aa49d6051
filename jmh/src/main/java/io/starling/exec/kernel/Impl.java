package io.starling.exec.kernel;

import io.starling.exec.kernel.agg.AggKernels;
import io.starling.exec.kernel.bitmap.BitmapKernels;
import io.starling.exec.kernel.filter.FilterKernels;
import io.starling.exec.kernel.hash.HashKernels;

/** The kernel implementation a benchmark measures ({@code @Param}). */
public enum Impl
{
    /** {@link ScalarKernelProvider}: the specification and fallback. */
    SCALAR,
    /**
     * The Vector API kernels as written, loaded even where {@code auto} would refuse them, and including those the
     * Panama provider does not ship because they lose to their scalar twin ({@link PanamaKernelProvider#filter()},
     * {@link PanamaKernelProvider#agg()}):
     * the benchmarks measure the vector code itself.
     */
    PANAMA;

    /** The provider for this implementation. */
    public KernelProvider provider()
    {
        if (this == SCALAR) {
            return ScalarKernelProvider.INSTANCE;
        }
        KernelProvider shipped = SimdSupport.loadPanama(false);
        return new KernelProvider()
        {
            @Override
            public String name()
            {
                return "panama-all";
            }

            @Override
            public FilterKernels filter()
            {
                return PanamaKernelProvider.vectorFilter();
            }

            @Override
            public AggKernels agg()
            {
                return PanamaKernelProvider.vectorAgg();
            }

            @Override
            public HashKernels hash()
            {
                return shipped.hash();
            }

            @Override
            public BitmapKernels bitmap()
            {
                return shipped.bitmap();
            }
        };
    }
}
