package io.starling.storage.merge;

/**
 * How a value column of an AGGREGATE KEY tablet combines the values of rows with equal keys (StarRocks'
 * aggregation types). The ordinal is the wire code ({@code TableColumnDesc.aggregation} in plan.proto) and the
 * tablet meta code: never reorder.
 */
public enum AggType
{
    /** Key column, or a column of a model that does not aggregate. */
    NONE,
    /** Sum of the non-NULL values; NULL only when every value is NULL. */
    SUM,
    /** Smallest non-NULL value. */
    MIN,
    /** Largest non-NULL value. */
    MAX,
    /** The newest value, NULL included. */
    REPLACE,
    /** The newest non-NULL value. */
    REPLACE_IF_NOT_NULL,
    /** Union of serialized HLL sketches ({@link io.starling.storage.sketch.Sketches#hllUnion}). */
    HLL_UNION,
    /** Union of serialized bitmaps ({@link io.starling.storage.sketch.Sketches#bitmapUnion}). */
    BITMAP_UNION;

    public static AggType ofCode(int code)
    {
        AggType[] all = values();
        if (code < 0 || code >= all.length) {
            throw new IllegalArgumentException("unknown aggregation type code " + code);
        }
        return all[code];
    }

    /** The type named as in CREATE TABLE ({@code SUM}, {@code REPLACE_IF_NOT_NULL}, ...), case-insensitive; null gives NONE. */
    public static AggType ofName(String name)
    {
        if (name == null || name.isBlank()) {
            return NONE;
        }
        return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
