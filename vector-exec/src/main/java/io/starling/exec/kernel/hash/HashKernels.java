package io.starling.exec.kernel.hash;

import java.lang.foreign.MemorySegment;

/**
 * Key hashing for hash joins and aggregations, a batch at a time (notes/jdk25-performance.md §5.2: hash the
 * whole batch first, probe in a second loop).
 *
 * <p>Functions (the scalar statics in {@link ScalarHashKernels} are the specification):
 * <ul>
 *   <li>long key → long hash: MurmurHash3's {@code fmix64} finalizer (a bijection, so distinct keys never
 *       collide in 64 bits; index tables by the high bits);</li>
 *   <li>int key → int hash: MurmurHash3's {@code fmix32} (32-bit multiplies: 32-bit keys hash 3-7× faster than
 *       64-bit ones on AVX2, §0.4);</li>
 *   <li>combine: {@code h' = h * 31 + fmix64(k)} folds another key column into running 64-bit hashes
 *       (multi-column keys).</li>
 * </ul>
 * Keys are read at byte {@code offset + i * width}; outputs are indexed by {@code i}.
 */
public interface HashKernels
{
    /** {@code out[i] = fmix64(key[i])} for {@code i < count}. */
    void hashLong(MemorySegment keys, long offset, int count, long[] out);

    /** {@code out[i] = fmix32(key[i])} for {@code i < count}. */
    void hashInt(MemorySegment keys, long offset, int count, int[] out);

    /** {@code hashes[i] = hashes[i] * 31 + fmix64(key[i])} for long keys. */
    void combineLong(MemorySegment keys, long offset, int count, long[] hashes);

    /** {@code hashes[i] = hashes[i] * 31 + fmix64(key[i])} for int keys (sign-extended to long). */
    void combineInt(MemorySegment keys, long offset, int count, long[] hashes);
}
