package io.starling.exec.kernel.agg;

import java.lang.foreign.MemorySegment;

/**
 * Whole-column aggregates: SUM, MIN, MAX over {@code count} fixed-width values read at byte
 * {@code offset + i * width}.
 *
 * <p>{@code validity} is either null (no nulls) or a validity bitmap whose bit {@code i} (bit {@code i & 63} of
 * little-endian long {@code i >>> 6}) says whether element {@code i} is present; absent elements are skipped.
 * When nothing is present the result is the identity (0 for sums, the type's MAX for MIN, MIN for MAX,
 * {@code +/-Infinity} for doubles): callers count present rows to tell "no rows" from a real value.
 *
 * <p>Integer sums wrap on overflow (two's complement), like StarRocks' BIGINT SUM. {@link #sumDouble} has a
 * defined order, because floating-point addition is not associative: element {@code i} of the first
 * {@code count - count % 8} goes to stripe {@code i % 8}, the stripes are combined as
 * {@code ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7))}, then the remaining elements are added in order. MIN/MAX of
 * doubles follow {@link Math#min}/{@link Math#max} (NaN wins, {@code -0.0 < 0.0}).
 */
public interface AggKernels
{
    /** Number of interleaved partial sums of {@link #sumDouble} (the order above). */
    int DOUBLE_SUM_STRIPES = 8;

    /** SUM of int values as a long (cannot overflow for fewer than 2^32 values). */
    long sumInt(MemorySegment data, long offset, MemorySegment validity, int count);

    /** SUM of long values, wrapping. */
    long sumLong(MemorySegment data, long offset, MemorySegment validity, int count);

    /** SUM of double values in the striped order of the class comment. */
    double sumDouble(MemorySegment data, long offset, MemorySegment validity, int count);

    /** MIN of int values, {@link Integer#MAX_VALUE} if none. */
    int minInt(MemorySegment data, long offset, MemorySegment validity, int count);

    /** MAX of int values, {@link Integer#MIN_VALUE} if none. */
    int maxInt(MemorySegment data, long offset, MemorySegment validity, int count);

    /** MIN of long values, {@link Long#MAX_VALUE} if none. */
    long minLong(MemorySegment data, long offset, MemorySegment validity, int count);

    /** MAX of long values, {@link Long#MIN_VALUE} if none. */
    long maxLong(MemorySegment data, long offset, MemorySegment validity, int count);

    /** MIN of double values ({@link Math#min}), {@code +Infinity} if none. */
    double minDouble(MemorySegment data, long offset, MemorySegment validity, int count);

    /** MAX of double values ({@link Math#max}), {@code -Infinity} if none. */
    double maxDouble(MemorySegment data, long offset, MemorySegment validity, int count);
}
