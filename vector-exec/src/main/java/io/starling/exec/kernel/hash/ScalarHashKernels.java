package io.starling.exec.kernel.hash;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Scalar specification of {@link HashKernels}; {@link #fmix64}/{@link #fmix32} are used by per-row code too. */
public final class ScalarHashKernels
        implements HashKernels
{
    /** The only instance. */
    public static final ScalarHashKernels INSTANCE = new ScalarHashKernels();

    /** MurmurHash3 fmix64 constants (Austin Appleby, public domain). */
    static final long C1 = 0xff51afd7ed558ccdL;
    static final long C2 = 0xc4ceb9fe1a85ec53L;
    /** MurmurHash3 fmix32 constants. */
    static final int C3 = 0x85ebca6b;
    static final int C4 = 0xc2b2ae35;
    /** Multiplier of {@link #combine}: the classic polynomial hash step. */
    static final long COMBINE_MULTIPLIER = 31;

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private ScalarHashKernels()
    {
    }

    /** MurmurHash3 64-bit finalizer. */
    public static long fmix64(long k)
    {
        k ^= k >>> 33;
        k *= C1;
        k ^= k >>> 33;
        k *= C2;
        k ^= k >>> 33;
        return k;
    }

    /** MurmurHash3 32-bit finalizer. */
    public static int fmix32(int k)
    {
        k ^= k >>> 16;
        k *= C3;
        k ^= k >>> 13;
        k *= C4;
        k ^= k >>> 16;
        return k;
    }

    /** One step of the multi-column hash: {@code h * 31 + fmix64(k)}. */
    public static long combine(long h, long k)
    {
        return h * COMBINE_MULTIPLIER + fmix64(k);
    }

    @Override
    public void hashLong(MemorySegment keys, long offset, int count, long[] out)
    {
        hashLongFrom(keys, offset, 0, count, out);
    }

    /** Elements {@code [from, count)} of {@link #hashLong}. */
    public static void hashLongFrom(MemorySegment keys, long offset, int from, int count, long[] out)
    {
        for (int i = from; i < count; i++) {
            out[i] = fmix64(keys.get(LONG, offset + (long) i * 8));
        }
    }

    @Override
    public void hashInt(MemorySegment keys, long offset, int count, int[] out)
    {
        hashIntFrom(keys, offset, 0, count, out);
    }

    /** Elements {@code [from, count)} of {@link #hashInt}. */
    public static void hashIntFrom(MemorySegment keys, long offset, int from, int count, int[] out)
    {
        for (int i = from; i < count; i++) {
            out[i] = fmix32(keys.get(INT, offset + (long) i * 4));
        }
    }

    @Override
    public void combineLong(MemorySegment keys, long offset, int count, long[] hashes)
    {
        combineLongFrom(keys, offset, 0, count, hashes);
    }

    /** Elements {@code [from, count)} of {@link #combineLong}. */
    public static void combineLongFrom(MemorySegment keys, long offset, int from, int count, long[] hashes)
    {
        for (int i = from; i < count; i++) {
            hashes[i] = combine(hashes[i], keys.get(LONG, offset + (long) i * 8));
        }
    }

    @Override
    public void combineInt(MemorySegment keys, long offset, int count, long[] hashes)
    {
        combineIntFrom(keys, offset, 0, count, hashes);
    }

    /** Elements {@code [from, count)} of {@link #combineInt}. */
    public static void combineIntFrom(MemorySegment keys, long offset, int from, int count, long[] hashes)
    {
        for (int i = from; i < count; i++) {
            hashes[i] = combine(hashes[i], keys.get(INT, offset + (long) i * 4));
        }
    }
}
