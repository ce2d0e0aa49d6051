package io.starling.exec.operator.agg;

/**
 * The aggregate functions the hash aggregation evaluates. Empty input (or a group with only NULL arguments) gives
 * NULL for every function except the counts, which give 0, as in StarRocks.
 */
public enum AggregateKind
{
    /** {@code COUNT(*)}: rows per group, BIGINT, never NULL. */
    COUNT_STAR,
    /** {@code COUNT(x)}: non-NULL values, BIGINT. */
    COUNT,
    /** {@code COUNT(DISTINCT x [, y ...])}: distinct tuples without a NULL member, BIGINT. */
    COUNT_DISTINCT,
    /** {@code SUM(x)}: NULL when the group has no non-NULL value. */
    SUM,
    /** {@code MIN(x)}: NULL when the group has no non-NULL value. */
    MIN,
    /** {@code MAX(x)}: NULL when the group has no non-NULL value. */
    MAX,
    /** {@code AVG(x)}: NULL when the group has no non-NULL value. */
    AVG,
    /** {@code VAR_POP}, {@code VARIANCE}, {@code VARIANCE_POP}: population variance, DOUBLE. */
    VARIANCE_POP(true),
    /** {@code VAR_SAMP}, {@code VARIANCE_SAMP}: sample variance, DOUBLE, NULL for fewer than two values. */
    VARIANCE_SAMP(true),
    /** {@code STDDEV}, {@code STD}, {@code STDDEV_POP}: population standard deviation, DOUBLE. */
    STDDEV_POP(true),
    /** {@code STDDEV_SAMP}: sample standard deviation, DOUBLE, NULL for fewer than two values. */
    STDDEV_SAMP(true),
    /**
     * {@code GROUP_CONCAT(x [, y ...], separator)}: the non-NULL rows' values (each row's arguments concatenated)
     * joined by the separator (the last argument), VARCHAR, cut at {@link GroupConcatAccumulator#MAX_LENGTH}.
     */
    GROUP_CONCAT(true),
    /** {@code APPROX_COUNT_DISTINCT(x)} / {@code NDV(x)}: HyperLogLog estimate, BIGINT, 0 for no values. */
    APPROX_COUNT_DISTINCT(true),
    /** {@code PERCENTILE_APPROX(x, p [, compression])}: t-digest estimate of the p-th quantile, DOUBLE. */
    PERCENTILE_APPROX(true),
    /** {@code PERCENTILE_CONT(x, p)}: exact linearly interpolated p-th quantile, DOUBLE. */
    PERCENTILE_CONT(true),
    /** {@code PERCENTILE_DISC(x, p)}: the first value whose cumulative share reaches p, of x's type. */
    PERCENTILE_DISC(true),
    /** {@code MAX_BY(x, y)}: x of the row with the largest non-NULL y (first such row on ties). */
    MAX_BY(true),
    /** {@code MIN_BY(x, y)}: x of the row with the smallest non-NULL y (first such row on ties). */
    MIN_BY(true),
    /**
     * {@code SINGLE_VALUE(x)}: a scalar subquery's value; NULL for no row, an error for more than one row (see
     * {@link SingleValueAccumulator}).
     */
    SINGLE_VALUE(true),
    /** {@code BITMAP_UNION(b)}: union of BITMAP values, BITMAP (see {@link BitmapAccumulator}). */
    BITMAP_UNION(true),
    /** {@code BITMAP_UNION_COUNT(b)}: cardinality of the union, BIGINT, 0 for no values. */
    BITMAP_UNION_COUNT(true),
    /** {@code BITMAP_INTERSECT(b)}: intersection of BITMAP values, BITMAP. */
    BITMAP_INTERSECT(true),
    /** {@code BITMAP_AGG(x)}: integers 0..2^64-1 of a column as a BITMAP. */
    BITMAP_AGG(true),
    /** {@code BITMAP_UNION_INT(x)}: distinct integers 0..2^64-1 of a column, BIGINT. */
    BITMAP_UNION_INT(true),
    /** {@code HLL_UNION(h)} / {@code HLL_RAW_AGG(h)}: union of HLL values, HLL (see {@link HllUnionAccumulator}). */
    HLL_UNION(true),
    /** {@code HLL_UNION_AGG(h)}: estimated cardinality of the union of HLL values, BIGINT, 0 for no values. */
    HLL_UNION_AGG(true);

    private final boolean stateful;

    AggregateKind()
    {
        this(false);
    }

    AggregateKind(boolean stateful)
    {
        this.stateful = stateful;
    }

    /**
     * Whether the function's partial result is an opaque serialized state ({@link StateAccumulator}) that a final
     * aggregation merges; the other kinds split into plain typed columns (see the backend's AggregatePlan).
     */
    public boolean stateful()
    {
        return stateful;
    }
}
