package io.starling.storage.sketch;

/**
 * Serialized HLL and BITMAP values as stored in VARLEN columns, and the unions Aggregate Key tables apply when they
 * merge rows of the same key (HLL_UNION and BITMAP_UNION columns), at read time and in compaction.
 *
 * <p>Both unions take two serialized values and return the serialized union; {@code null} stands for SQL NULL and
 * is the identity of the union.
 */
public final class Sketches
{
    private Sketches()
    {
    }

    /** The union of two serialized HLL values (HLL_UNION). */
    public static byte[] hllUnion(byte[] left, byte[] right)
    {
        throw new UnsupportedOperationException("HLL_UNION merge is not implemented yet");
    }

    /** The union of two serialized BITMAP values (BITMAP_UNION). */
    public static byte[] bitmapUnion(byte[] left, byte[] right)
    {
        throw new UnsupportedOperationException("BITMAP_UNION merge is not implemented yet");
    }
}
