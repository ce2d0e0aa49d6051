package io.starling.storage.encoding;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.PhysicalType;

/**
 * One pass over an integer page on the write path: minimum and maximum of the non-null values and the number
 * of runs (nulls continue the current run, as {@link RleEncoding} stores them). Lets the encoder pick the
 * smallest encoding without trying them all.
 */
final class IntegerStats
{
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    int nonNull;
    int runs;

    static boolean isInteger(PhysicalType pt)
    {
        return pt == PhysicalType.BYTE || pt == PhysicalType.SHORT || pt == PhysicalType.INT || pt == PhysicalType.LONG;
    }

    static IntegerStats of(ColumnVector src, int from, int count)
    {
        IntegerStats s = new IntegerStats();
        boolean nulls = src.hasNulls();
        long cur = 0;
        for (int i = 0; i < count; i++) {
            int row = from + i;
            long v;
            if (nulls && src.isNull(row)) {
                v = cur;
            }
            else {
                v = src.getLongValue(row);
                s.nonNull++;
                s.min = Math.min(s.min, v);
                s.max = Math.max(s.max, v);
            }
            if (i == 0 || v != cur) {
                s.runs++;
            }
            cur = v;
        }
        if (s.nonNull == 0) {
            s.min = 0;
            s.max = 0;
        }
        return s;
    }

    /** Frame-of-reference width in bits; {@code max - min} is read as unsigned so it cannot overflow. */
    int bitWidth()
    {
        return BitPacking.bitsRequired(max - min);
    }

    /** A per-thread scratch array of at least {@code n} longs (write path only). */
    static long[] scratch(int n)
    {
        long[] a = SCRATCH.get();
        if (a.length < n) {
            a = new long[Math.max(n, a.length * 2)];
            SCRATCH.set(a);
        }
        return a;
    }

    private static final ThreadLocal<long[]> SCRATCH = ThreadLocal.withInitial(() -> new long[4096]);
}
