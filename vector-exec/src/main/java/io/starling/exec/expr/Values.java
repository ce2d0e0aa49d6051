package io.starling.exec.expr;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The boxed value domain used by literals and by the generic (per-row) evaluation path.
 *
 * <table>
 *   <tr><th>type</th><th>Java value</th></tr>
 *   <tr><td>BOOLEAN</td><td>Boolean</td></tr>
 *   <tr><td>TINYINT, SMALLINT, INT, BIGINT</td><td>Long</td></tr>
 *   <tr><td>DATE</td><td>Long, days since epoch</td></tr>
 *   <tr><td>DATETIME</td><td>Long, microseconds since epoch</td></tr>
 *   <tr><td>DECIMAL p &le; 18</td><td>Long, unscaled</td></tr>
 *   <tr><td>LARGEINT, DECIMAL p &gt; 18</td><td>BigInteger (unscaled for DECIMAL)</td></tr>
 *   <tr><td>FLOAT, DOUBLE</td><td>Double</td></tr>
 *   <tr><td>CHAR, VARCHAR</td><td>String</td></tr>
 *   <tr><td>HLL, BITMAP</td><td>byte[], the serialized sketch (io.starling.storage.sketch)</td></tr>
 * </table>
 * SQL NULL is Java null. The hot paths never box; they read the vectors directly.
 */
public final class Values
{
    private Values()
    {
    }

    /** Reads row {@code row} of {@code v} into the value domain (null for SQL NULL). */
    public static Object read(ColumnVector v, int row)
    {
        if (v.isNull(row)) {
            return null;
        }
        DataType t = v.type();
        return switch (t.kind()) {
            case NULL -> null;
            case BOOLEAN -> v.getByte(row) != 0;
            case TINYINT, SMALLINT, INT, BIGINT, DATE, DATETIME -> v.getLongValue(row);
            case LARGEINT -> DecimalMath.fromInt128(v.getInt128Low(row), v.getInt128High(row));
            case DECIMAL -> t.precision() <= DataType.MAX_DECIMAL64_PRECISION
                    ? (Object) v.getLong(row)
                    : DecimalMath.fromInt128(v.getInt128Low(row), v.getInt128High(row));
            case FLOAT -> (double) v.getFloat(row);
            case DOUBLE -> v.getDouble(row);
            case CHAR, VARCHAR -> v.getString(row);
            case HLL, BITMAP -> v.getBytes(row);
        };
    }

    /**
     * Writes {@code value} (already in the domain of the vector's type) at {@code row}. VARLEN vectors must be
     * written in row order (see {@link Vectors#padVarlen}).
     */
    public static void write(ColumnVector v, int row, Object value)
    {
        if (value == null) {
            v.setNull(row, true);
            return;
        }
        if (v.hasNulls()) {
            v.setNull(row, false);
        }
        DataType t = v.type();
        switch (t.kind()) {
            case NULL -> v.setNull(row, true);
            case BOOLEAN -> v.setByte(row, (byte) (((Boolean) value) ? 1 : 0));
            case TINYINT, SMALLINT, INT, BIGINT, DATE, DATETIME -> v.setLongValue(row, ((Number) value).longValue());
            case LARGEINT -> writeInt128(v, row, (BigInteger) value);
            case DECIMAL -> {
                if (t.precision() <= DataType.MAX_DECIMAL64_PRECISION) {
                    v.setLong(row, ((Number) value).longValue());
                }
                else if (value instanceof Long l) {
                    v.setInt128(row, l, l >> 63);
                }
                else {
                    writeInt128(v, row, (BigInteger) value);
                }
            }
            case FLOAT -> v.setFloat(row, ((Number) value).floatValue());
            case DOUBLE -> v.setDouble(row, ((Number) value).doubleValue());
            case CHAR, VARCHAR -> v.setBytes(row, ((String) value).getBytes(StandardCharsets.UTF_8));
            case HLL, BITMAP -> v.setBytes(row, (byte[]) value);
        }
    }

    private static void writeInt128(ColumnVector v, int row, BigInteger b)
    {
        v.setInt128(row, DecimalMath.int128Low(b), DecimalMath.int128High(b));
    }

    /** An exact numeric value (integer, decimal or boolean) as a BigDecimal, or null for other kinds. */
    public static BigDecimal toBigDecimal(Object value, DataType type)
    {
        if (value == null) {
            return null;
        }
        int scale = type.isDecimal() ? type.scale() : 0;
        return switch (value) {
            case Long l -> BigDecimal.valueOf(l, scale);
            case BigInteger b -> new BigDecimal(b, scale);
            case Boolean b -> b ? BigDecimal.ONE : BigDecimal.ZERO;
            case Double d -> BigDecimal.valueOf(d);
            default -> null;
        };
    }

    /** A numeric value as a double (decimals divided by their scale). */
    public static double toDouble(Object value, DataType type)
    {
        return switch (value) {
            case Double d -> d;
            case Long l -> type.isDecimal() ? DecimalMath.toDouble(l, type.scale()) : (double) l;
            case BigInteger b -> type.isDecimal() ? new BigDecimal(b, type.scale()).doubleValue() : b.doubleValue();
            case Boolean b -> b ? 1 : 0;
            default -> throw new ExpressionException("not a numeric value: " + value + " of type " + type);
        };
    }

    /**
     * Three-way comparison of two non-null values of the same type family (the planner casts mixed families):
     * exact numerics by value across scales, floating point numerically, strings byte-wise in UTF-8 (which is
     * code point order), temporal values after widening DATE to DATETIME.
     */
    public static int compare(Object a, DataType ta, Object b, DataType tb)
    {
        if (a instanceof String sa && b instanceof String sb) {
            return compareUtf8(sa, sb);
        }
        if (ta.kind().isTemporal() || tb.kind().isTemporal()) {
            long x = ((Long) a) * (ta.kind() == io.starling.storage.types.TypeKind.DATE ? DateTimes.MICROS_PER_DAY : 1);
            long y = ((Long) b) * (tb.kind() == io.starling.storage.types.TypeKind.DATE ? DateTimes.MICROS_PER_DAY : 1);
            return Long.compare(x, y);
        }
        if (a instanceof Double || b instanceof Double) {
            return Double.compare(toDouble(a, ta), toDouble(b, tb));
        }
        if (a instanceof Long x && b instanceof Long y && scaleOf(ta) == scaleOf(tb)) {
            return Long.compare(x, y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        return toBigDecimal(a, ta).compareTo(toBigDecimal(b, tb));
    }

    static int scaleOf(DataType t)
    {
        return t.isDecimal() ? t.scale() : 0;
    }

    /** Compares two strings by code point, which equals UTF-8 byte order. */
    public static int compareUtf8(String a, String b)
    {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Byte-wise unsigned comparison, as StarRocks compares strings. */
    public static int compareBytes(byte[] a, byte[] b)
    {
        return Arrays.compareUnsigned(a, b);
    }
}
