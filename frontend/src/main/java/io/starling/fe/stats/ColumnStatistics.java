package io.starling.fe.stats;

/**
 * What ANALYZE TABLE or the loads learnt about one column. Immutable; part of {@link TableStatistics} (journaled as JSON, so
 * the component names are a format: add components, never rename them).
 *
 * @param name      column name as stored in the catalog
 * @param ndv       distinct non-NULL values (HyperLogLog estimate of {@code approx_count_distinct}, so within a
 *                  few percent of the truth above a few thousand values, exact below)
 * @param nullCount NULL values
 * @param min       smallest value as printed by the engine (SQL text, no quotes), null when all values are NULL or
 *                  the type has no order we record
 * @param max       largest value, like {@code min}
 * @param minValue  {@code min} on a numeric axis for range selectivity: the number itself, days since epoch for
 *                  DATE, microseconds since epoch for DATETIME; null for strings and when unknown
 * @param maxValue  {@code max} on the same axis
 * @param avgLength average length in bytes of non-NULL strings; the fixed width of the type otherwise
 * @param sketch    the column's HyperLogLog ({@code HllSketch.toBytes()}, Base64) when loads collected the
 *                  statistics, so that the next load unions into it; null after ANALYZE (which yields a number)
 */
public record ColumnStatistics(String name, long ndv, long nullCount, String min, String max, Double minValue,
        Double maxValue, double avgLength, String sketch)
{
    /** Statistics without a sketch (what ANALYZE collects). */
    public ColumnStatistics(String name, long ndv, long nullCount, String min, String max, Double minValue,
            Double maxValue, double avgLength)
    {
        this(name, ndv, nullCount, min, max, minValue, maxValue, avgLength, null);
    }

    /** Whether {@link #minValue}/{@link #maxValue} describe a usable numeric range. */
    public boolean hasRange()
    {
        return minValue != null && maxValue != null && !minValue.isNaN() && !maxValue.isNaN()
                && maxValue >= minValue;
    }
}
