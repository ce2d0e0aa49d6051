package io.starling.storage.sketch;

import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * Serialized HLL and BITMAP values as stored in VARLEN columns, and the unions Aggregate Key tables apply when they
 * merge rows of the same key (HLL_UNION and BITMAP_UNION columns), at read time and in compaction.
 *
 * <p>Both unions take two serialized values and return the serialized union; {@code null} stands for SQL NULL and
 * is the identity of the union. Malformed bytes throw IllegalArgumentException.
 */
public final class Sketches
{
    private Sketches()
    {
    }

    /** The union of two serialized HLL values (HLL_UNION); codec in {@link HllSketch}. */
    public static byte[] hllUnion(byte[] left, byte[] right)
    {
        if (left == null || right == null) {
            return left == null ? right : left;
        }
        HllSketch h = HllSketch.fromBytes(left);
        h.merge(right);
        return h.toBytes();
    }

    /** The union of two serialized BITMAP values (BITMAP_UNION); codec in {@link BitmapSketch}. */
    public static byte[] bitmapUnion(byte[] left, byte[] right)
    {
        if (left == null || right == null) {
            return left == null ? right : left;
        }
        Roaring64NavigableMap b = BitmapSketch.fromBytes(left);
        BitmapSketch.orInto(b, right);
        return BitmapSketch.toBytes(b);
    }
}
