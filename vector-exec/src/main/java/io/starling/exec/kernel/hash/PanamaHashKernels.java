package io.starling.exec.kernel.hash;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * Vector API implementation of {@link HashKernels}; must equal {@link ScalarHashKernels} exactly (integer
 * arithmetic, so lane-wise evaluation is exact). 64-bit multiplies are native on AVX-512 ({@code vpmullq}) and
 * emulated with 32-bit multiplies on AVX2, where long hashing gains 2-3× and int hashing 4-7× in cache
 * (notes/jdk25-performance.md §0.4).
 */
public final class PanamaHashKernels
        implements HashKernels
{
    /** The only instance. */
    public static final PanamaHashKernels INSTANCE = new PanamaHashKernels();

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    private static final int LONG_LANES = LONGS.length();
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final int INT_LANES = INTS.length();
    /** Ints with as many lanes as {@link #LONGS}, for the sign-extending I2L of {@link #combineInt}. */
    private static final VectorSpecies<Integer> INTS_HALF = IntVector.SPECIES_PREFERRED.withShape(
            jdk.incubator.vector.VectorShape.forBitSize(LONGS.vectorBitSize() / 2));

    private PanamaHashKernels()
    {
    }

    private static LongVector fmix64(LongVector k)
    {
        k = k.lanewise(VectorOperators.XOR, k.lanewise(VectorOperators.LSHR, 33));
        k = k.mul(ScalarHashKernels.C1);
        k = k.lanewise(VectorOperators.XOR, k.lanewise(VectorOperators.LSHR, 33));
        k = k.mul(ScalarHashKernels.C2);
        return k.lanewise(VectorOperators.XOR, k.lanewise(VectorOperators.LSHR, 33));
    }

    @Override
    public void hashLong(MemorySegment keys, long offset, int count, long[] out)
    {
        int bound = LONGS.loopBound(count);
        int i = 0;
        for (; i < bound; i += LONG_LANES) {
            fmix64(LongVector.fromMemorySegment(LONGS, keys, offset + (long) i * 8, ORDER)).intoArray(out, i);
        }
        ScalarHashKernels.hashLongFrom(keys, offset, i, count, out);
    }

    @Override
    public void hashInt(MemorySegment keys, long offset, int count, int[] out)
    {
        int bound = INTS.loopBound(count);
        int i = 0;
        for (; i < bound; i += INT_LANES) {
            IntVector k = IntVector.fromMemorySegment(INTS, keys, offset + (long) i * 4, ORDER);
            k = k.lanewise(VectorOperators.XOR, k.lanewise(VectorOperators.LSHR, 16));
            k = k.mul(ScalarHashKernels.C3);
            k = k.lanewise(VectorOperators.XOR, k.lanewise(VectorOperators.LSHR, 13));
            k = k.mul(ScalarHashKernels.C4);
            k.lanewise(VectorOperators.XOR, k.lanewise(VectorOperators.LSHR, 16)).intoArray(out, i);
        }
        ScalarHashKernels.hashIntFrom(keys, offset, i, count, out);
    }

    @Override
    public void combineLong(MemorySegment keys, long offset, int count, long[] hashes)
    {
        int bound = LONGS.loopBound(count);
        int i = 0;
        for (; i < bound; i += LONG_LANES) {
            LongVector h = LongVector.fromArray(LONGS, hashes, i);
            LongVector k = fmix64(LongVector.fromMemorySegment(LONGS, keys, offset + (long) i * 8, ORDER));
            h.mul(ScalarHashKernels.COMBINE_MULTIPLIER).add(k).intoArray(hashes, i);
        }
        ScalarHashKernels.combineLongFrom(keys, offset, i, count, hashes);
    }

    @Override
    public void combineInt(MemorySegment keys, long offset, int count, long[] hashes)
    {
        int bound = LONGS.loopBound(count);
        int i = 0;
        for (; i < bound; i += LONG_LANES) {
            LongVector h = LongVector.fromArray(LONGS, hashes, i);
            LongVector wide = (LongVector) IntVector.fromMemorySegment(INTS_HALF, keys, offset + (long) i * 4, ORDER)
                    .convertShape(VectorOperators.I2L, LONGS, 0);
            h.mul(ScalarHashKernels.COMBINE_MULTIPLIER).add(fmix64(wide)).intoArray(hashes, i);
        }
        ScalarHashKernels.combineIntFrom(keys, offset, i, count, hashes);
    }
}
