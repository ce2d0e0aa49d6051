package io.starling.exec.operator.agg;

/**
 * What a {@link StateAccumulator}-backed call reads and writes. The simple kinds (COUNT, SUM, MIN, MAX, AVG) are
 * always {@link #SINGLE}: their two-phase split is expressed with plain calls over typed columns.
 */
public enum AggregateMode
{
    /** Input rows in, final values out. */
    SINGLE,
    /** Input rows in, serialized states out (one VARCHAR value per group; the bytes are not text). */
    PARTIAL,
    /** Serialized states in (the call's only argument), final values out. */
    FINAL
}
