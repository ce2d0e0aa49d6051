package io.starling.exec.operator.agg;

/** The aggregate functions the hash aggregation evaluates. */
public enum AggregateKind
{
    /** {@code COUNT(*)}: rows per group, BIGINT, never NULL. */
    COUNT_STAR,
    /** {@code COUNT(x)}: non-NULL values, BIGINT. */
    COUNT,
    /** {@code COUNT(DISTINCT x)}: distinct non-NULL values, BIGINT. */
    COUNT_DISTINCT,
    /** {@code SUM(x)}: NULL when the group has no non-NULL value. */
    SUM,
    /** {@code MIN(x)}: NULL when the group has no non-NULL value. */
    MIN,
    /** {@code MAX(x)}: NULL when the group has no non-NULL value. */
    MAX,
    /** {@code AVG(x)}: NULL when the group has no non-NULL value. */
    AVG
}
