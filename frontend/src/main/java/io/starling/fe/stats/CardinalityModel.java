package io.starling.fe.stats;

/**
 * The textbook cardinality formulas the join orderer applies when ANALYZE statistics exist (uniform values,
 * independent columns, containment of join key sets), kept free of Calcite so they are unit-tested directly.
 */
public final class CardinalityModel
{
    /**
     * Selectivity of a range conjunct when min/max are unknown or the column is not numeric: Calcite's own guess
     * for comparisons (RelMdUtil.guessSelectivity), so estimates with and without statistics stay comparable.
     */
    public static final double DEFAULT_RANGE = 0.5;

    private CardinalityModel()
    {
    }

    /** Distinct values usable for an input: the analyzed NDV (at least 1) capped by the input's estimated rows. */
    public static double cappedNdv(long ndv, double inputRows)
    {
        return Math.max(1, Math.min(Math.max(1, ndv), inputRows));
    }

    /** Equi-join size {@code |L| x |R| / max(ndv_l, ndv_r)}: every key of the smaller set finds its partner. */
    public static double joinRows(double leftRows, double rightRows, double leftNdv, double rightNdv)
    {
        return Math.max(1, leftRows * rightRows / Math.max(1, Math.max(leftNdv, rightNdv)));
    }

    /** {@code col = constant}: one of ndv equally frequent values; no value at all when the column is all NULL. */
    public static double equalsSelectivity(long ndv)
    {
        return ndv <= 0 ? 0 : 1.0 / ndv;
    }

    /**
     * Fraction of non-NULL values of a uniform column on [min, max] that fall into [lo, hi] (either end may be
     * infinite). A column with one value (min == max) is all-or-nothing.
     */
    public static double rangeSelectivity(double min, double max, double lo, double hi)
    {
        double from = Math.max(min, lo);
        double to = Math.min(max, hi);
        if (to < from) {
            return 0;
        }
        if (max <= min) {
            return 1;
        }
        return Math.min(1, (to - from) / (max - min));
    }
}
