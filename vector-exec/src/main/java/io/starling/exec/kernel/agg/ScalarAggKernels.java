package io.starling.exec.kernel.agg;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Scalar specification of {@link AggKernels}; the static {@code ...From} methods also run the Panama tails. */
public final class ScalarAggKernels
        implements AggKernels
{
    /** The only instance. */
    public static final ScalarAggKernels INSTANCE = new ScalarAggKernels();

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private ScalarAggKernels()
    {
    }

    /** Whether element {@code i} is present ({@code validity == null} means all are). */
    public static boolean present(MemorySegment validity, int i)
    {
        return validity == null || ((validity.getAtIndex(LONG, i >>> 6) >>> i) & 1L) != 0;
    }

    @Override
    public long sumInt(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        return sumIntFrom(data, offset, validity, 0, count);
    }

    /** Sum of elements {@code [from, count)}. */
    public static long sumIntFrom(MemorySegment data, long offset, MemorySegment validity, int from, int count)
    {
        long sum = 0;
        if (validity == null) {
            for (int i = from; i < count; i++) {
                sum += data.get(INT, offset + (long) i * 4);
            }
        }
        else {
            for (int i = from; i < count; i++) {
                // null handling without a branch: a present bit selects the value via a 0/-1 mask
                long keep = -((validity.getAtIndex(LONG, i >>> 6) >>> i) & 1L);
                sum += data.get(INT, offset + (long) i * 4) & keep;
            }
        }
        return sum;
    }

    @Override
    public long sumLong(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        return sumLongFrom(data, offset, validity, 0, count);
    }

    /** Sum of elements {@code [from, count)}. */
    public static long sumLongFrom(MemorySegment data, long offset, MemorySegment validity, int from, int count)
    {
        long sum = 0;
        if (validity == null) {
            for (int i = from; i < count; i++) {
                sum += data.get(LONG, offset + (long) i * 8);
            }
        }
        else {
            for (int i = from; i < count; i++) {
                long keep = -((validity.getAtIndex(LONG, i >>> 6) >>> i) & 1L);
                sum += data.get(LONG, offset + (long) i * 8) & keep;
            }
        }
        return sum;
    }

    @Override
    public double sumDouble(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int bound = count - count % DOUBLE_SUM_STRIPES;
        for (int i = 0; i < bound; i += DOUBLE_SUM_STRIPES) {
            // adding +0.0 for an absent row equals skipping it: a stripe starts at +0.0 and never becomes -0.0
            long base = offset + (long) i * 8;
            s0 += value(data, base, validity, i);
            s1 += value(data, base + 8, validity, i + 1);
            s2 += value(data, base + 16, validity, i + 2);
            s3 += value(data, base + 24, validity, i + 3);
            s4 += value(data, base + 32, validity, i + 4);
            s5 += value(data, base + 40, validity, i + 5);
            s6 += value(data, base + 48, validity, i + 6);
            s7 += value(data, base + 56, validity, i + 7);
        }
        double sum = combineStripes(s0, s1, s2, s3, s4, s5, s6, s7);
        return sumDoubleTail(data, offset, validity, bound, count, sum);
    }

    private static double value(MemorySegment data, long byteOffset, MemorySegment validity, int i)
    {
        return present(validity, i) ? data.get(DOUBLE, byteOffset) : 0.0;
    }

    /** The fixed combination order of the 8 stripes (see {@link AggKernels}). */
    public static double combineStripes(double s0, double s1, double s2, double s3, double s4, double s5, double s6, double s7)
    {
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** Adds elements {@code [from, count)} to {@code sum} in order. */
    public static double sumDoubleTail(MemorySegment data, long offset, MemorySegment validity, int from, int count, double sum)
    {
        for (int i = from; i < count; i++) {
            if (present(validity, i)) {
                sum += data.get(DOUBLE, offset + (long) i * 8);
            }
        }
        return sum;
    }

    @Override
    public int minInt(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        return minIntFrom(data, offset, validity, 0, count, Integer.MAX_VALUE);
    }

    /** Folds elements {@code [from, count)} into {@code acc} with MIN. */
    public static int minIntFrom(MemorySegment data, long offset, MemorySegment validity, int from, int count, int acc)
    {
        for (int i = from; i < count; i++) {
            if (present(validity, i)) {
                acc = Math.min(acc, data.get(INT, offset + (long) i * 4));
            }
        }
        return acc;
    }

    @Override
    public int maxInt(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        return maxIntFrom(data, offset, validity, 0, count, Integer.MIN_VALUE);
    }

    /** Folds elements {@code [from, count)} into {@code acc} with MAX. */
    public static int maxIntFrom(MemorySegment data, long offset, MemorySegment validity, int from, int count, int acc)
    {
        for (int i = from; i < count; i++) {
            if (present(validity, i)) {
                acc = Math.max(acc, data.get(INT, offset + (long) i * 4));
            }
        }
        return acc;
    }

    @Override
    public long minLong(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        return minLongFrom(data, offset, validity, 0, count, Long.MAX_VALUE);
    }

    /** Folds elements {@code [from, count)} into {@code acc} with MIN. */
    public static long minLongFrom(MemorySegment data, long offset, MemorySegment validity, int from, int count, long acc)
    {
        for (int i = from; i < count; i++) {
            if (present(validity, i)) {
                acc = Math.min(acc, data.get(LONG, offset + (long) i * 8));
            }
        }
        return acc;
    }

    @Override
    public long maxLong(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        return maxLongFrom(data, offset, validity, 0, count, Long.MIN_VALUE);
    }

    /** Folds elements {@code [from, count)} into {@code acc} with MAX. */
    public static long maxLongFrom(MemorySegment data, long offset, MemorySegment validity, int from, int count, long acc)
    {
        for (int i = from; i < count; i++) {
            if (present(validity, i)) {
                acc = Math.max(acc, data.get(LONG, offset + (long) i * 8));
            }
        }
        return acc;
    }

    @Override
    public double minDouble(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        return minDoubleFrom(data, offset, validity, 0, count, Double.POSITIVE_INFINITY);
    }

    /** Folds elements {@code [from, count)} into {@code acc} with {@link Math#min}. */
    public static double minDoubleFrom(MemorySegment data, long offset, MemorySegment validity, int from, int count, double acc)
    {
        for (int i = from; i < count; i++) {
            if (present(validity, i)) {
                acc = Math.min(acc, data.get(DOUBLE, offset + (long) i * 8));
            }
        }
        return acc;
    }

    @Override
    public double maxDouble(MemorySegment data, long offset, MemorySegment validity, int count)
    {
        return maxDoubleFrom(data, offset, validity, 0, count, Double.NEGATIVE_INFINITY);
    }

    /** Folds elements {@code [from, count)} into {@code acc} with {@link Math#max}. */
    public static double maxDoubleFrom(MemorySegment data, long offset, MemorySegment validity, int from, int count, double acc)
    {
        for (int i = from; i < count; i++) {
            if (present(validity, i)) {
                acc = Math.max(acc, data.get(DOUBLE, offset + (long) i * 8));
            }
        }
        return acc;
    }
}
