package io.starling.storage.encoding;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.io.ByteSink;
import io.starling.storage.types.PhysicalType;

import java.lang.foreign.MemorySegment;

/**
 * Chooses and applies the encoding of one page, and dispatches decoding by {@link EncodingType}.
 *
 * <p>Choice: VARLEN tries DICT and falls back to PLAIN; BYTE/SHORT/INT/LONG take the smallest of PLAIN,
 * BIT_PACKED and RLE by exact size (computed from one statistics pass, see {@link IntegerStats}), preferring
 * the earlier in that order on ties because it decodes faster; FLOAT, DOUBLE and INT128 are PLAIN.
 */
public final class PageEncoder
{
    private PageEncoder()
    {
    }

    /** Encodes rows {@code [from, from + count)} of {@code src} into {@code out}; returns the encoding used. */
    public static EncodingType encode(ColumnVector src, int from, int count, ByteSink out)
    {
        PhysicalType pt = src.physical();
        if (pt == PhysicalType.VARLEN) {
            if (count > 0 && DictEncoding.INSTANCE.encode(src, from, count, out)) {
                return EncodingType.DICT;
            }
        }
        else if (IntegerStats.isInteger(pt) && count > 0) {
            IntegerStats stats = IntegerStats.of(src, from, count);
            long plain = (long) count * pt.width();
            long packed = BitPackedEncoding.encodedSize(stats, count);
            long rle = RleEncoding.encodedSize(stats);
            if (rle < plain && (packed < 0 || rle < packed)) {
                RleEncoding.INSTANCE.encode(src, from, count, out);
                return EncodingType.RLE;
            }
            if (packed >= 0 && packed < plain && BitPackedEncoding.INSTANCE.encode(src, from, count, out, stats)) {
                return EncodingType.BIT_PACKED;
            }
        }
        PlainEncoding.INSTANCE.encode(src, from, count, out);
        return EncodingType.PLAIN;
    }

    /** Encodes with a given encoding, falling back to PLAIN if it declines; returns the encoding used. */
    public static EncodingType encode(EncodingType preferred, ColumnVector src, int from, int count, ByteSink out)
    {
        PageEncoding e = preferred.encoding();
        if (e.supports(src.physical()) && e.encode(src, from, count, out)) {
            return preferred;
        }
        PlainEncoding.INSTANCE.encode(src, from, count, out);
        return EncodingType.PLAIN;
    }

    /** Decodes values {@code [first, first + count)} of a page body; see {@link PageEncoding#decode}. */
    public static void decode(EncodingType type, MemorySegment body, int numValues, int first, int count, ColumnVector dst, int dstOffset)
    {
        PageEncoding e = type.encoding();
        if (!e.supports(dst.physical())) {
            throw new IllegalArgumentException(type + " pages cannot hold " + dst.physical() + " values");
        }
        e.decode(body, numValues, first, count, dst, dstOffset);
    }

    /**
     * Scattered decode for late materialization: for {@code i} in {@code [from, to)}, page value
     * {@code rows[i] + delta} goes to {@code dst} row {@code rows[i]} (nulls are the caller's). Only
     * {@link EncodingType#BIT_PACKED} and fixed-width {@link EncodingType#PLAIN} bodies allow random access without
     * decoding the neighbours; for any other encoding this returns false and writes nothing, and the caller decodes
     * the covering range instead.
     */
    public static boolean decodeSelected(EncodingType type, MemorySegment body, int numValues, int[] rows, int from, int to, int delta, ColumnVector dst)
    {
        PhysicalType pt = dst.physical();
        if (!pt.isFixedWidth() || pt == PhysicalType.INT128) {
            return false;
        }
        for (int i = from; i < to; i++) {
            int r = rows[i] + delta;
            if (r < 0 || r >= numValues || rows[i] < 0 || rows[i] >= dst.capacity()) {
                throw new IndexOutOfBoundsException("value " + r + " of a " + numValues + "-value page into row " + rows[i] + " of " + dst.capacity());
            }
        }
        return switch (type) {
            case BIT_PACKED -> {
                BitPackedEncoding.INSTANCE.decodeSelected(body, numValues, rows, from, to, delta, dst);
                yield true;
            }
            case PLAIN -> {
                PlainEncoding.decodeSelected(body, numValues, rows, from, to, delta, dst);
                yield true;
            }
            default -> false;
        };
    }
}
