package io.starling.storage.merge;

import io.starling.storage.batch.ColumnVector;

import java.lang.foreign.MemorySegment;

/**
 * Ordering of rows by sort-key columns, straight on the off-heap vectors: NULL sorts first (StarRocks' ascending
 * order), integers and decimals by signed value, floats by {@link Double#compare}, strings by unsigned bytes.
 * This is the order the memtable sorts by and the merge relies on, so both must use it.
 */
public final class RowComparator
{
    private RowComparator()
    {
    }

    /** Compares row {@code i} of {@code a} with row {@code j} of {@code b} on the columns {@code keys} of both. */
    public static int compareRows(ColumnVector[] a, int i, ColumnVector[] b, int j, int[] keys)
    {
        for (int k : keys) {
            int c = compare(a[k], i, b[k], j);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Compares one value of each vector (same type), NULL first. */
    public static int compare(ColumnVector a, int i, ColumnVector b, int j)
    {
        boolean an = a.isNull(i);
        boolean bn = b.isNull(j);
        if (an || bn) {
            return an == bn ? 0 : an ? -1 : 1;
        }
        return compareNotNull(a, i, b, j);
    }

    /** Compares two non-NULL values of vectors of the same type. */
    public static int compareNotNull(ColumnVector a, int i, ColumnVector b, int j)
    {
        return switch (a.physical()) {
            case BYTE, SHORT, INT, LONG -> Long.compare(a.getLongValue(i), b.getLongValue(j));
            case FLOAT -> Float.compare(a.getFloat(i), b.getFloat(j));
            case DOUBLE -> Double.compare(a.getDouble(i), b.getDouble(j));
            case INT128 -> {
                int c = Long.compare(a.getInt128High(i), b.getInt128High(j));
                yield c != 0 ? c : Long.compareUnsigned(a.getInt128Low(i), b.getInt128Low(j));
            }
            case VARLEN -> compareBytes(a.bytes(), a.getOffset(i), a.getLength(i), b.bytes(), b.getOffset(j), b.getLength(j));
            default -> throw new IllegalArgumentException("cannot order values of " + a.type());
        };
    }

    /** Unsigned lexicographic comparison of two byte ranges (a shorter prefix sorts first). */
    static int compareBytes(MemorySegment a, long aOff, int aLen, MemorySegment b, long bOff, int bLen)
    {
        long m = MemorySegment.mismatch(a, aOff, aOff + aLen, b, bOff, bOff + bLen);
        if (m < 0) {
            return 0;
        }
        if (m >= aLen || m >= bLen) {
            return Integer.compare(aLen, bLen);
        }
        return Integer.compare(Byte.toUnsignedInt(a.get(java.lang.foreign.ValueLayout.JAVA_BYTE, aOff + m)),
                Byte.toUnsignedInt(b.get(java.lang.foreign.ValueLayout.JAVA_BYTE, bOff + m)));
    }
}
