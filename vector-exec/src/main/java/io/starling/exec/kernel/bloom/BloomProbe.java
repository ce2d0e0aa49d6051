package io.starling.exec.kernel.bloom;

/**
 * Batch probe of a {@link SplitBlockBloomFilter}: keeps the positions whose hash might be in the filter. Two
 * implementations with identical results: {@link ScalarBloomProbe} (the twin tests compare against) and
 * {@link PanamaBloomProbe} (one 256-bit compare per row); {@link #get()} picks the vector one when the process uses
 * the Vector API kernels.
 */
public interface BloomProbe
{
    /**
     * Compacts {@code positions[0..n)} to those whose {@code hashes[i]} (hash of the row at {@code positions[i]},
     * i.e. hashes are indexed like positions) might be in {@code filter}; returns the new count. In place.
     */
    int probe(SplitBlockBloomFilter filter, long[] hashes, int[] positions, int n);

    /** The probe matching the process-wide kernel choice ({@code io.starling.exec.kernel.SimdSupport}). */
    static BloomProbe get()
    {
        return Holder.INSTANCE;
    }

    /** Lazy choice: the Panama class is only loaded when the vector kernels are in use. */
    final class Holder
    {
        static final BloomProbe INSTANCE = io.starling.exec.kernel.KernelProvider.get()
                instanceof io.starling.exec.kernel.ScalarKernelProvider ? new ScalarBloomProbe() : PanamaBloomProbe.create();

        private Holder()
        {
        }
    }
}
