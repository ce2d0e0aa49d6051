package io.starling.exec.kernel;

import io.starling.exec.kernel.agg.AggKernels;
import io.starling.exec.kernel.agg.ScalarAggKernels;
import io.starling.exec.kernel.bitmap.BitmapKernels;
import io.starling.exec.kernel.bitmap.ScalarBitmapKernels;
import io.starling.exec.kernel.filter.FilterKernels;
import io.starling.exec.kernel.filter.ScalarFilterKernels;
import io.starling.exec.kernel.hash.HashKernels;
import io.starling.exec.kernel.hash.ScalarHashKernels;

/** Plain-Java kernels: the specification of every kernel and the fallback when the Vector API is unusable. */
public final class ScalarKernelProvider
        implements KernelProvider
{
    /** The only instance. */
    public static final ScalarKernelProvider INSTANCE = new ScalarKernelProvider();

    private ScalarKernelProvider()
    {
    }

    @Override
    public String name()
    {
        return "scalar";
    }

    @Override
    public FilterKernels filter()
    {
        return ScalarFilterKernels.INSTANCE;
    }

    @Override
    public AggKernels agg()
    {
        return ScalarAggKernels.INSTANCE;
    }

    @Override
    public HashKernels hash()
    {
        return ScalarHashKernels.INSTANCE;
    }

    @Override
    public BitmapKernels bitmap()
    {
        return ScalarBitmapKernels.INSTANCE;
    }
}
