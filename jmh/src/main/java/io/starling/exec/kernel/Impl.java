package io.starling.exec.kernel;

/** The kernel implementation a benchmark measures ({@code @Param}). */
public enum Impl
{
    /** {@link ScalarKernelProvider}: the specification and fallback. */
    SCALAR,
    /** The Vector API provider, loaded even where {@code auto} would refuse it. */
    PANAMA;

    /** The provider for this implementation. */
    public KernelProvider provider()
    {
        return this == SCALAR ? ScalarKernelProvider.INSTANCE : SimdSupport.loadPanama(false);
    }
}
