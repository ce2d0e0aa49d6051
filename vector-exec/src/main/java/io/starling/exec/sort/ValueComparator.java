package io.starling.exec.sort;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.PhysicalType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Total order of non-null values of one physical type, as ORDER BY uses it: signed integers (so DATE, DATETIME
 * and DECIMAL order by their encoded value), {@link Double#compare}/{@link Float#compare} for floating point
 * ({@code -0.0 < 0.0}, NaN last), signed 128-bit integers, and unsigned bytes for strings (binary collation).
 */
public final class ValueComparator
{
    private ValueComparator()
    {
    }

    /** Compares {@code a[ra]} with {@code b[rb]}; both non-null and of physical type {@code p}. */
    public static int compare(ColumnVector a, int ra, ColumnVector b, int rb, PhysicalType p)
    {
        return switch (p) {
            case BYTE -> Byte.compare(a.getByte(ra), b.getByte(rb));
            case SHORT -> Short.compare(a.getShort(ra), b.getShort(rb));
            case INT -> Integer.compare(a.getInt(ra), b.getInt(rb));
            case LONG -> Long.compare(a.getLong(ra), b.getLong(rb));
            case FLOAT -> Float.compare(a.getFloat(ra), b.getFloat(rb));
            case DOUBLE -> Double.compare(a.getDouble(ra), b.getDouble(rb));
            case INT128 -> {
                long ha = a.getInt128High(ra);
                long hb = b.getInt128High(rb);
                yield ha != hb ? Long.compare(ha, hb) : Long.compareUnsigned(a.getInt128Low(ra), b.getInt128Low(rb));
            }
            case VARLEN -> compareBytes(a.bytes(), a.getOffset(ra), a.getLength(ra), b.bytes(), b.getOffset(rb), b.getLength(rb));
        };
    }

    /** Unsigned lexicographic comparison of two byte ranges. */
    public static int compareBytes(MemorySegment a, long aOff, int aLen, MemorySegment b, long bOff, int bLen)
    {
        long i = MemorySegment.mismatch(a, aOff, aOff + aLen, b, bOff, bOff + bLen);
        if (i < 0) {
            return 0;
        }
        if (i == aLen || i == bLen) {
            return Integer.compare(aLen, bLen);
        }
        return Integer.compare(a.get(ValueLayout.JAVA_BYTE, aOff + i) & 0xFF, b.get(ValueLayout.JAVA_BYTE, bOff + i) & 0xFF);
    }
}
