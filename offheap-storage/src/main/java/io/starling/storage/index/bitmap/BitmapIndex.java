package io.starling.storage.index.bitmap;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.index.IndexValues;
import io.starling.storage.types.PhysicalType;
import org.roaringbitmap.RoaringBitmap;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Bitmap index of one column of one segment: the dictionary of its distinct non-null values, each with the
 * {@link RoaringBitmap} of the rows holding it, plus the bitmap of NULL rows. {@code =}, {@code IN}, {@code !=} and
 * {@code NOT IN} become row sets ({@link #rowsIn}, {@link #rowsNotIn}) without reading data pages. Values are in the
 * column's index domain ({@link IndexValues}): Long, Double, BigInteger, or {@link Key} for strings.
 */
public final class BitmapIndex
{
    private final PhysicalType type;
    private final long numRows;
    private final Map<Object, RoaringBitmap> values;
    private final RoaringBitmap nulls;

    BitmapIndex(PhysicalType type, long numRows, Map<Object, RoaringBitmap> values, RoaringBitmap nulls)
    {
        this.type = type;
        this.numRows = numRows;
        this.values = values;
        this.nulls = nulls;
    }

    /** A string value as a map key (byte content equality). */
    public record Key(byte[] bytes) implements Comparable<Key>
    {
        @Override
        public boolean equals(Object o)
        {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode()
        {
            return Arrays.hashCode(bytes);
        }

        @Override
        public int compareTo(Key o)
        {
            return Arrays.compareUnsigned(bytes, o.bytes);
        }
    }

    public PhysicalType type()
    {
        return type;
    }

    public long numRows()
    {
        return numRows;
    }

    /** Number of distinct non-null values. */
    public int cardinality()
    {
        return values.size();
    }

    Map<Object, RoaringBitmap> values()
    {
        return values;
    }

    RoaringBitmap nulls()
    {
        return nulls;
    }

    /** Rows equal to any of the constants (zone-map domain: Number, BigInteger, byte[] or String). */
    public RoaringBitmap rowsIn(Collection<?> constants)
    {
        RoaringBitmap out = new RoaringBitmap();
        for (Object c : constants) {
            RoaringBitmap b = values.get(key(type, c));
            if (b != null) {
                out.or(b);
            }
        }
        return out;
    }

    /** Non-null rows equal to none of the constants ({@code !=}, {@code NOT IN} without NULLs in the list). */
    public RoaringBitmap rowsNotIn(Collection<?> constants)
    {
        RoaringBitmap out = new RoaringBitmap();
        out.add(0L, numRows);
        out.andNot(nulls);
        out.andNot(rowsIn(constants));
        return out;
    }

    public RoaringBitmap nullRows()
    {
        return nulls.clone();
    }

    /** The canonical map key of a constant or row value in the column's domain. */
    public static Object key(PhysicalType t, Object v)
    {
        return switch (t) {
            case BYTE, SHORT, INT, LONG -> ((Number) v).longValue();
            case FLOAT, DOUBLE -> IndexValues.canonical(((Number) v).doubleValue());
            case INT128 -> v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
            case VARLEN -> new Key(v instanceof byte[] a ? a : ((String) v).getBytes(StandardCharsets.UTF_8));
            default -> throw new IllegalArgumentException("no bitmap index for " + t);
        };
    }

    static Object rowKey(ColumnVector v, int row)
    {
        return switch (v.physical()) {
            case BYTE, SHORT, INT, LONG -> v.getLongValue(row);
            case FLOAT -> IndexValues.canonical(v.getFloat(row));
            case DOUBLE -> IndexValues.canonical(v.getDouble(row));
            case INT128 -> BigInteger.valueOf(v.getInt128High(row)).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(v.getInt128Low(row))));
            case VARLEN -> new Key(v.getBytes(row));
            default -> throw new IllegalArgumentException("no bitmap index for " + v.physical());
        };
    }

    /** Collects row values in order. */
    public static final class Builder
    {
        private final PhysicalType type;
        private final Map<Object, RoaringBitmap> values = new HashMap<>();
        private final RoaringBitmap nulls = new RoaringBitmap();
        private int rows;

        public Builder(PhysicalType type)
        {
            this.type = type;
        }

        /** Adds rows {@code [0, n)} of {@code v} as the next rows. */
        public Builder add(ColumnVector v, int n)
        {
            for (int i = 0; i < n; i++) {
                if (v.isNull(i)) {
                    nulls.add(rows);
                }
                else {
                    values.computeIfAbsent(rowKey(v, i), k -> new RoaringBitmap()).add(rows);
                }
                rows++;
            }
            return this;
        }

        public BitmapIndex build()
        {
            for (RoaringBitmap b : values.values()) {
                b.runOptimize();
            }
            nulls.runOptimize();
            return new BitmapIndex(type, rows, values, nulls);
        }
    }
}
