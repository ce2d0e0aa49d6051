package io.starling.exec.kernel.agg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Vector API implementation of {@link AggKernels}; must equal {@link ScalarAggKernels} exactly.
 *
 * <p>Nulls: the validity bits of a vector's lanes become a {@link VectorMask} ({@code fromLong}) and absent
 * lanes are blended with the identity, not branched on. Reductions across lanes run once per call, not per
 * vector (a {@code reduceLanes} costs ~2 ns; the long MAX reduction falls back to Java on AVX2 —
 * notes/jdk25-performance.md §1.2), via a scalar fold over {@code lane(j)}.
 *
 * <p>{@link #sumInt} avoids the int→long widening (not faster than C2's auto-vectorized scalar loop, §0.2):
 * each int is split into its low 16 bits (unsigned) and high 16 bits (signed), summed in int lanes, which
 * cannot overflow for up to 2^15 vectors per block; blocks are widened to long and recombined as
 * {@code hi * 65536 + lo}. Integer sums are order-independent, so this equals the scalar sum exactly.
 */
public final class PanamaAggKernels
        implements AggKernels
{
    /** The only instance. */
    public static final PanamaAggKernels INSTANCE = new PanamaAggKernels();

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final int INT_LANES = INTS.length();
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    private static final int LONG_LANES = LONGS.length();
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final int DOUBLE_LANES = DOUBLES.length();
    /** Two 4-lane accumulators cover the 8 stripes of the defined double-sum order on any shape ≥ 256 bits. */
    private static final VectorSpecies<Double> DOUBLE_4 = DoubleVector.SPECIES_256;

    /** Vectors per split-sum block: 2^15 additions of 16-bit halves fit in a signed 32-bit lane. */
    private static final int SPLIT_SUM_BLOCK_VECTORS = 1 << 15;

    static {
        if (64 % INT_LANES != 0 || 64 % LONG_LANES != 0 || 64 % DOUBLE_LANES != 0 || DOUBLE_4.length() * 2 != DOUBLE_SUM_STRIPES) {
            throw new AssertionError("unexpected lane counts " + INT_LANES + "/" + LONG_LANES + "/" + DOUBLE_LANES);
        }
    }

    private PanamaAggKernels()
    {
    }

    /** Validity bits of the {@code lanes} elements starting at {@code i} ({@code i} a multiple of lanes). */
    private static long laneBits(MemorySegment validity, int i, int lanes)
    {
        long word = validity.getAtIndex(LONG, i >>> 6) >>> (i & 63);
        return lanes == 64 ? word : word & ((1L << lanes) - 1);
    }

    @Override
    public long sumInt(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        int bound = INTS.loopBound(count);
        long total = 0;
        int i = 0;
        while (i < bound) {
            int blockEnd = (int) Math.min(bound, i + (long) SPLIT_SUM_BLOCK_VECTORS * INT_LANES);
            IntVector lo = IntVector.zero(INTS);
            IntVector hi = IntVector.zero(INTS);
            for (; i < blockEnd; i += INT_LANES) {
                IntVector v = IntVector.fromMemorySegment(INTS, data, offset + (long) i * 4, ORDER);
                if (validity != null) {
                    v = IntVector.zero(INTS).blend(v, VectorMask.fromLong(INTS, laneBits(validity, i, INT_LANES)));
                }
                lo = lo.add(v.and(0xFFFF));
                hi = hi.add(v.lanewise(VectorOperators.ASHR, 16));
            }
            // lane sums are < 2^31 each but their total is not: fold lanes in long arithmetic
            for (int j = 0; j < INT_LANES; j++) {
                total += ((long) hi.lane(j) << 16) + lo.lane(j);
            }
        }
        return total + ScalarAggKernels.sumIntFrom(data, offset, validity, i, count);
    }

    @Override
    public long sumLong(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        int bound = LONGS.loopBound(count);
        LongVector acc = LongVector.zero(LONGS);
        int i = 0;
        for (; i < bound; i += LONG_LANES) {
            LongVector v = LongVector.fromMemorySegment(LONGS, data, offset + (long) i * 8, ORDER);
            if (validity != null) {
                v = LongVector.zero(LONGS).blend(v, VectorMask.fromLong(LONGS, laneBits(validity, i, LONG_LANES)));
            }
            acc = acc.add(v);
        }
        return acc.reduceLanes(VectorOperators.ADD) + ScalarAggKernels.sumLongFrom(data, offset, validity, i, count);
    }

    @Override
    public double sumDouble(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        int bound = count - count % DOUBLE_SUM_STRIPES;
        DoubleVector a = DoubleVector.zero(DOUBLE_4);
        DoubleVector b = DoubleVector.zero(DOUBLE_4);
        for (int i = 0; i < bound; i += DOUBLE_SUM_STRIPES) {
            long base = offset + (long) i * 8;
            DoubleVector va = DoubleVector.fromMemorySegment(DOUBLE_4, data, base, ORDER);
            DoubleVector vb = DoubleVector.fromMemorySegment(DOUBLE_4, data, base + 32, ORDER);
            if (validity != null) {
                long bits = laneBits(validity, i, 8);
                va = DoubleVector.zero(DOUBLE_4).blend(va, VectorMask.fromLong(DOUBLE_4, bits & 0xF));
                vb = DoubleVector.zero(DOUBLE_4).blend(vb, VectorMask.fromLong(DOUBLE_4, bits >>> 4));
            }
            a = a.add(va);
            b = b.add(vb);
        }
        double sum = ScalarAggKernels.combineStripes(a.lane(0), a.lane(1), a.lane(2), a.lane(3), b.lane(0), b.lane(1), b.lane(2), b.lane(3));
        return ScalarAggKernels.sumDoubleTail(data, offset, validity, bound, count, sum);
    }

    @Override
    public int minInt(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        int bound = INTS.loopBound(count);
        IntVector acc = IntVector.broadcast(INTS, Integer.MAX_VALUE);
        int i = 0;
        for (; i < bound; i += INT_LANES) {
            IntVector v = IntVector.fromMemorySegment(INTS, data, offset + (long) i * 4, ORDER);
            if (validity != null) {
                v = IntVector.broadcast(INTS, Integer.MAX_VALUE).blend(v, VectorMask.fromLong(INTS, laneBits(validity, i, INT_LANES)));
            }
            acc = acc.min(v);
        }
        int r = Integer.MAX_VALUE;
        for (int j = 0; j < INT_LANES; j++) {
            r = Math.min(r, acc.lane(j));
        }
        return ScalarAggKernels.minIntFrom(data, offset, validity, i, count, r);
    }

    @Override
    public int maxInt(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        int bound = INTS.loopBound(count);
        IntVector acc = IntVector.broadcast(INTS, Integer.MIN_VALUE);
        int i = 0;
        for (; i < bound; i += INT_LANES) {
            IntVector v = IntVector.fromMemorySegment(INTS, data, offset + (long) i * 4, ORDER);
            if (validity != null) {
                v = IntVector.broadcast(INTS, Integer.MIN_VALUE).blend(v, VectorMask.fromLong(INTS, laneBits(validity, i, INT_LANES)));
            }
            acc = acc.max(v);
        }
        int r = Integer.MIN_VALUE;
        for (int j = 0; j < INT_LANES; j++) {
            r = Math.max(r, acc.lane(j));
        }
        return ScalarAggKernels.maxIntFrom(data, offset, validity, i, count, r);
    }

    @Override
    public long minLong(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        int bound = LONGS.loopBound(count);
        LongVector acc = LongVector.broadcast(LONGS, Long.MAX_VALUE);
        int i = 0;
        for (; i < bound; i += LONG_LANES) {
            LongVector v = LongVector.fromMemorySegment(LONGS, data, offset + (long) i * 8, ORDER);
            if (validity != null) {
                v = LongVector.broadcast(LONGS, Long.MAX_VALUE).blend(v, VectorMask.fromLong(LONGS, laneBits(validity, i, LONG_LANES)));
            }
            acc = acc.min(v);
        }
        long r = Long.MAX_VALUE;
        for (int j = 0; j < LONG_LANES; j++) {
            r = Math.min(r, acc.lane(j));
        }
        return ScalarAggKernels.minLongFrom(data, offset, validity, i, count, r);
    }

    @Override
    public long maxLong(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        int bound = LONGS.loopBound(count);
        LongVector acc = LongVector.broadcast(LONGS, Long.MIN_VALUE);
        int i = 0;
        for (; i < bound; i += LONG_LANES) {
            LongVector v = LongVector.fromMemorySegment(LONGS, data, offset + (long) i * 8, ORDER);
            if (validity != null) {
                v = LongVector.broadcast(LONGS, Long.MIN_VALUE).blend(v, VectorMask.fromLong(LONGS, laneBits(validity, i, LONG_LANES)));
            }
            acc = acc.max(v);
        }
        long r = Long.MIN_VALUE;
        for (int j = 0; j < LONG_LANES; j++) {
            r = Math.max(r, acc.lane(j));
        }
        return ScalarAggKernels.maxLongFrom(data, offset, validity, i, count, r);
    }

    @Override
    public double minDouble(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        int bound = DOUBLES.loopBound(count);
        DoubleVector acc = DoubleVector.broadcast(DOUBLES, Double.POSITIVE_INFINITY);
        int i = 0;
        for (; i < bound; i += DOUBLE_LANES) {
            DoubleVector v = DoubleVector.fromMemorySegment(DOUBLES, data, offset + (long) i * 8, ORDER);
            if (validity != null) {
                v = DoubleVector.broadcast(DOUBLES, Double.POSITIVE_INFINITY).blend(v, VectorMask.fromLong(DOUBLES, laneBits(validity, i, DOUBLE_LANES)));
            }
            acc = acc.min(v);
        }
        double r = Double.POSITIVE_INFINITY;
        for (int j = 0; j < DOUBLE_LANES; j++) {
            r = Math.min(r, acc.lane(j));
        }
        return ScalarAggKernels.minDoubleFrom(data, offset, validity, i, count, r);
    }

    @Override
    public double maxDouble(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        int bound = DOUBLES.loopBound(count);
        DoubleVector acc = DoubleVector.broadcast(DOUBLES, Double.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < bound; i += DOUBLE_LANES) {
            DoubleVector v = DoubleVector.fromMemorySegment(DOUBLES, data, offset + (long) i * 8, ORDER);
            if (validity != null) {
                v = DoubleVector.broadcast(DOUBLES, Double.NEGATIVE_INFINITY).blend(v, VectorMask.fromLong(DOUBLES, laneBits(validity, i, DOUBLE_LANES)));
            }
            acc = acc.max(v);
        }
        double r = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < DOUBLE_LANES; j++) {
            r = Math.max(r, acc.lane(j));
        }
        return ScalarAggKernels.maxDoubleFrom(data, offset, validity, i, count, r);
    }
}
