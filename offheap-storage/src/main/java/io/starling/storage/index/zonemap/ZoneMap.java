package io.starling.storage.index.zonemap;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.io.ByteSink;
import io.starling.storage.io.ByteSource;
import io.starling.storage.types.PhysicalType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Minimum, maximum, has-null and has-not-null of a page or a segment column, in the column's physical domain:
 *
 * <table>
 *   <tr><th>physical type</th><th>min/max as</th><th>order</th></tr>
 *   <tr><td>BYTE, SHORT, INT, LONG</td><td>{@code long}</td><td>signed</td></tr>
 *   <tr><td>FLOAT, DOUBLE</td><td>{@code double}</td><td>{@link #compareDoubles}: -0.0 = 0.0, NaN above everything</td></tr>
 *   <tr><td>INT128</td><td>{@link BigInteger}</td><td>signed</td></tr>
 *   <tr><td>VARLEN</td><td>{@code byte[]}</td><td>unsigned lexicographic (= code point order for UTF-8)</td></tr>
 * </table>
 *
 * <p>String bounds are truncated to {@link #MAX_STRING_BYTES}: the minimum to a prefix (still ≤ every value),
 * the maximum to a prefix whose last byte is incremented (still ≥ every value). Bounds are conservative, never
 * exact claims. Immutable; build with {@link #builder}.
 *
 * <p>Serialized form (little-endian): {@code u8 flags} (bit 0 hasNull, bit 1 hasNotNull), then only if
 * hasNotNull: min and max, each {@code i64} (integers), {@code f64} (floating), {@code i64 low, i64 high}
 * (INT128) or {@code u32 length + bytes} (VARLEN).
 */
public final class ZoneMap
{
    /** Longest string bound kept; 64 bytes separates real-world keys (dates, ids, names) at a small footer cost. */
    public static final int MAX_STRING_BYTES = 64;

    private final PhysicalType type;
    private final boolean hasNull;
    private final boolean hasNotNull;
    private final long minLong;
    private final long maxLong;
    private final double minDouble;
    private final double maxDouble;
    private final BigInteger minBig;
    private final BigInteger maxBig;
    private final byte[] minBytes;
    private final byte[] maxBytes;

    private ZoneMap(PhysicalType type, boolean hasNull, boolean hasNotNull, long minLong, long maxLong, double minDouble, double maxDouble,
            BigInteger minBig, BigInteger maxBig, byte[] minBytes, byte[] maxBytes)
    {
        this.type = type;
        this.hasNull = hasNull;
        this.hasNotNull = hasNotNull;
        this.minLong = minLong;
        this.maxLong = maxLong;
        this.minDouble = minDouble;
        this.maxDouble = maxDouble;
        this.minBig = minBig;
        this.maxBig = maxBig;
        this.minBytes = minBytes;
        this.maxBytes = maxBytes;
    }

    /** Zone map of zero rows: neither nulls nor values. */
    public static ZoneMap empty(PhysicalType type)
    {
        return new ZoneMap(type, false, false, 0, 0, 0, 0, null, null, null, null);
    }

    public static ZoneMap ofLongs(PhysicalType type, long min, long max, boolean hasNull)
    {
        check(type, Domain.LONG);
        return new ZoneMap(type, hasNull, true, min, max, 0, 0, null, null, null, null);
    }

    public static ZoneMap ofDoubles(PhysicalType type, double min, double max, boolean hasNull)
    {
        check(type, Domain.DOUBLE);
        return new ZoneMap(type, hasNull, true, 0, 0, min, max, null, null, null, null);
    }

    public static ZoneMap ofInt128(BigInteger min, BigInteger max, boolean hasNull)
    {
        return new ZoneMap(PhysicalType.INT128, hasNull, true, 0, 0, 0, 0, min, max, null, null);
    }

    public static ZoneMap ofBytes(byte[] min, byte[] max, boolean hasNull)
    {
        return new ZoneMap(PhysicalType.VARLEN, hasNull, true, 0, 0, 0, 0, null, null, min.clone(), max.clone());
    }

    /** Zone map of rows that are all null. */
    public static ZoneMap allNull(PhysicalType type)
    {
        return new ZoneMap(type, true, false, 0, 0, 0, 0, null, null, null, null);
    }

    /** How values of a physical type are represented in zone maps and predicates. */
    public enum Domain
    {
        LONG, DOUBLE, INT128, BYTES;

        public static Domain of(PhysicalType type)
        {
            return switch (type) {
                case BYTE, SHORT, INT, LONG -> LONG;
                case FLOAT, DOUBLE -> DOUBLE;
                case INT128 -> INT128;
                case VARLEN -> BYTES;
            };
        }
    }

    private static void check(PhysicalType type, Domain expected)
    {
        if (Domain.of(type) != expected) {
            throw new IllegalArgumentException(type + " zone maps hold " + Domain.of(type) + " values, not " + expected);
        }
    }

    public PhysicalType type()
    {
        return type;
    }

    public boolean hasNull()
    {
        return hasNull;
    }

    /** False if every row is null (or there are no rows); min/max are then undefined. */
    public boolean hasNotNull()
    {
        return hasNotNull;
    }

    public long minLong()
    {
        check(type, Domain.LONG);
        return minLong;
    }

    public long maxLong()
    {
        check(type, Domain.LONG);
        return maxLong;
    }

    public double minDouble()
    {
        check(type, Domain.DOUBLE);
        return minDouble;
    }

    public double maxDouble()
    {
        check(type, Domain.DOUBLE);
        return maxDouble;
    }

    public BigInteger minInt128()
    {
        check(type, Domain.INT128);
        return minBig;
    }

    public BigInteger maxInt128()
    {
        check(type, Domain.INT128);
        return maxBig;
    }

    public byte[] minBytes()
    {
        check(type, Domain.BYTES);
        return minBytes == null ? null : minBytes.clone();
    }

    public byte[] maxBytes()
    {
        check(type, Domain.BYTES);
        return maxBytes == null ? null : maxBytes.clone();
    }

    /** Sign of {@code min - v}; {@code v} must be in this zone map's domain (Long, Double, BigInteger, byte[]). Requires {@link #hasNotNull()}. */
    int compareMinTo(Object v)
    {
        return compare(true, v);
    }

    /** Sign of {@code max - v}; see {@link #compareMinTo}. */
    int compareMaxTo(Object v)
    {
        return compare(false, v);
    }

    private int compare(boolean min, Object v)
    {
        return switch (Domain.of(type)) {
            case LONG -> Long.compare(min ? minLong : maxLong, (Long) v);
            case DOUBLE -> compareDoubles(min ? minDouble : maxDouble, (Double) v);
            case INT128 -> (min ? minBig : maxBig).compareTo((BigInteger) v);
            case BYTES -> Arrays.compareUnsigned(min ? minBytes : maxBytes, (byte[]) v);
        };
    }

    /** Order used for floating zone maps: numeric, with -0.0 equal to 0.0 and NaN equal to itself and above every number. */
    public static int compareDoubles(double a, double b)
    {
        if (a < b) {
            return -1;
        }
        if (a > b) {
            return 1;
        }
        if (a == b) {
            return 0;
        }
        return Boolean.compare(Double.isNaN(a), Double.isNaN(b));
    }

    /** Smallest zone map covering both. */
    public ZoneMap merge(ZoneMap o)
    {
        if (o.type != type) {
            throw new IllegalArgumentException("cannot merge " + type + " and " + o.type + " zone maps");
        }
        return builder(type).merge(this).merge(o).build();
    }

    public void writeTo(ByteSink out)
    {
        out.writeByte((hasNull ? 1 : 0) | (hasNotNull ? 2 : 0));
        if (!hasNotNull) {
            return;
        }
        switch (Domain.of(type)) {
            case LONG -> {
                out.writeLong(minLong);
                out.writeLong(maxLong);
            }
            case DOUBLE -> {
                out.writeDouble(minDouble);
                out.writeDouble(maxDouble);
            }
            case INT128 -> {
                writeInt128(out, minBig);
                writeInt128(out, maxBig);
            }
            case BYTES -> {
                out.writeInt(minBytes.length);
                out.writeBytes(minBytes);
                out.writeInt(maxBytes.length);
                out.writeBytes(maxBytes);
            }
        }
    }

    /** Reads a zone map written by {@link #writeTo}; throws {@link IndexOutOfBoundsException} or {@link IllegalArgumentException} on malformed input. */
    public static ZoneMap readFrom(PhysicalType type, ByteSource in)
    {
        int flags = in.readUnsignedByte();
        if ((flags & ~3) != 0) {
            throw new IllegalArgumentException("bad zone map flags " + flags);
        }
        boolean hasNull = (flags & 1) != 0;
        if ((flags & 2) == 0) {
            return hasNull ? allNull(type) : empty(type);
        }
        return switch (Domain.of(type)) {
            case LONG -> ofLongs(type, in.readLong(), in.readLong(), hasNull);
            case DOUBLE -> ofDoubles(type, in.readDouble(), in.readDouble(), hasNull);
            case INT128 -> ofInt128(readInt128(in), readInt128(in), hasNull);
            case BYTES -> {
                byte[] min = in.readBytes(in.readCount(Integer.MAX_VALUE));
                byte[] max = in.readBytes(in.readCount(Integer.MAX_VALUE));
                yield new ZoneMap(type, hasNull, true, 0, 0, 0, 0, null, null, min, max);
            }
        };
    }

    private static void writeInt128(ByteSink out, BigInteger v)
    {
        out.writeLong(v.longValue());
        out.writeLong(v.shiftRight(64).longValue());
    }

    private static BigInteger readInt128(ByteSource in)
    {
        long low = in.readLong();
        long high = in.readLong();
        return int128(low, high);
    }

    /** The value of a two's complement 128-bit integer given as low and high words. */
    public static BigInteger int128(long low, long high)
    {
        return BigInteger.valueOf(high).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(low)));
    }

    @Override
    public boolean equals(Object o)
    {
        return o instanceof ZoneMap z && z.type == type && z.hasNull == hasNull && z.hasNotNull == hasNotNull && z.toString().equals(toString());
    }

    @Override
    public int hashCode()
    {
        return toString().hashCode();
    }

    @Override
    public String toString()
    {
        if (!hasNotNull) {
            return "ZoneMap[" + type + (hasNull ? ", all null]" : ", empty]");
        }
        String range = switch (Domain.of(type)) {
            case LONG -> minLong + ".." + maxLong;
            case DOUBLE -> minDouble + ".." + maxDouble;
            case INT128 -> minBig + ".." + maxBig;
            case BYTES -> Arrays.toString(minBytes) + ".." + Arrays.toString(maxBytes);
        };
        return "ZoneMap[" + type + ", " + range + (hasNull ? ", has null]" : "]");
    }

    public static Builder builder(PhysicalType type)
    {
        return new Builder(type);
    }

    /**
     * Accumulates a zone map from vector ranges without allocating per value (strings copy only when a new
     * minimum or maximum appears).
     */
    public static final class Builder
    {
        private final PhysicalType type;
        private final Domain domain;
        private boolean hasNull;
        private boolean hasNotNull;
        private long minLong = Long.MAX_VALUE;
        private long maxLong = Long.MIN_VALUE;
        private double minDouble;
        private double maxDouble;
        private long minHigh;
        private long minLow;
        private long maxHigh;
        private long maxLow;
        private byte[] minBytes;
        private byte[] maxBytes;

        private Builder(PhysicalType type)
        {
            this.type = type;
            this.domain = Domain.of(type);
        }

        /** Adds rows {@code [from, from + count)} of {@code v}. */
        public Builder add(ColumnVector v, int from, int count)
        {
            if (v.physical() != type) {
                throw new IllegalArgumentException("vector of " + v.physical() + " in a " + type + " zone map");
            }
            boolean nulls = v.hasNulls();
            for (int i = from; i < from + count; i++) {
                if (nulls && v.isNull(i)) {
                    hasNull = true;
                    continue;
                }
                switch (domain) {
                    case LONG -> addLong(v.getLongValue(i));
                    case DOUBLE -> addDouble(type == PhysicalType.FLOAT ? v.getFloat(i) : v.getDouble(i));
                    case INT128 -> addInt128(v.getInt128Low(i), v.getInt128High(i));
                    case BYTES -> addBytes(v.bytes(), v.getOffset(i), v.getLength(i));
                }
            }
            return this;
        }

        public Builder addNull()
        {
            hasNull = true;
            return this;
        }

        public Builder addLong(long x)
        {
            minLong = Math.min(minLong, x);
            maxLong = Math.max(maxLong, x);
            hasNotNull = true;
            return this;
        }

        public Builder addDouble(double x)
        {
            if (!hasNotNull) {
                minDouble = x;
                maxDouble = x;
            }
            else {
                if (compareDoubles(x, minDouble) < 0) {
                    minDouble = x;
                }
                if (compareDoubles(x, maxDouble) > 0) {
                    maxDouble = x;
                }
            }
            hasNotNull = true;
            return this;
        }

        public Builder addInt128(long low, long high)
        {
            if (!hasNotNull || compare128(high, low, minHigh, minLow) < 0) {
                minHigh = high;
                minLow = low;
            }
            if (!hasNotNull || compare128(high, low, maxHigh, maxLow) > 0) {
                maxHigh = high;
                maxLow = low;
            }
            hasNotNull = true;
            return this;
        }

        private static int compare128(long h1, long l1, long h2, long l2)
        {
            int c = Long.compare(h1, h2);
            return c != 0 ? c : Long.compareUnsigned(l1, l2);
        }

        public Builder addBytes(byte[] b)
        {
            return addBytes(MemorySegment.ofArray(b), 0, b.length);
        }

        /** Adds one string value given as bytes of a segment. */
        public Builder addBytes(MemorySegment seg, long off, int len)
        {
            if (!hasNotNull || compareBytes(seg, off, len, minBytes) < 0) {
                minBytes = copy(seg, off, Math.min(len, MAX_STRING_BYTES));
            }
            if (!hasNotNull || compareBytes(seg, off, len, maxBytes) > 0) {
                maxBytes = copy(seg, off, len);
            }
            hasNotNull = true;
            return this;
        }

        private static byte[] copy(MemorySegment seg, long off, int len)
        {
            byte[] out = new byte[len];
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, off, out, 0, len);
            return out;
        }

        /** Unsigned lexicographic comparison of {@code seg[off, off+len)} with {@code b}. */
        private static int compareBytes(MemorySegment seg, long off, int len, byte[] b)
        {
            int n = Math.min(len, b.length);
            for (int i = 0; i < n; i++) {
                int c = Byte.toUnsignedInt(seg.get(ValueLayout.JAVA_BYTE, off + i)) - Byte.toUnsignedInt(b[i]);
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(len, b.length);
        }

        /** Adds another zone map of the same type. */
        public Builder merge(ZoneMap z)
        {
            if (z.type != type) {
                throw new IllegalArgumentException("cannot merge " + z.type + " into " + type);
            }
            hasNull |= z.hasNull;
            if (!z.hasNotNull) {
                return this;
            }
            switch (domain) {
                case LONG -> {
                    addLong(z.minLong);
                    addLong(z.maxLong);
                }
                case DOUBLE -> {
                    addDouble(z.minDouble);
                    addDouble(z.maxDouble);
                }
                case INT128 -> {
                    addInt128(z.minBig.longValue(), z.minBig.shiftRight(64).longValue());
                    addInt128(z.maxBig.longValue(), z.maxBig.shiftRight(64).longValue());
                }
                case BYTES -> {
                    addBytes(z.minBytes);
                    addBytes(z.maxBytes);
                }
            }
            return this;
        }

        public ZoneMap build()
        {
            if (!hasNotNull) {
                return hasNull ? allNull(type) : empty(type);
            }
            return switch (domain) {
                case LONG -> ofLongs(type, minLong, maxLong, hasNull);
                case DOUBLE -> ofDoubles(type, minDouble, maxDouble, hasNull);
                case INT128 -> ofInt128(int128(minLow, minHigh), int128(maxLow, maxHigh), hasNull);
                case BYTES -> new ZoneMap(type, hasNull, true, 0, 0, 0, 0, null, null, minBytes, truncateMax(maxBytes));
            };
        }
    }

    /**
     * An upper bound of at most {@link #MAX_STRING_BYTES} bytes for {@code max}: the prefix with its last
     * non-0xFF byte incremented and the rest dropped. If every prefix byte is 0xFF no shorter bound exists and
     * the full value is kept.
     */
    static byte[] truncateMax(byte[] max)
    {
        if (max.length <= MAX_STRING_BYTES) {
            return max;
        }
        for (int i = MAX_STRING_BYTES - 1; i >= 0; i--) {
            if (max[i] != (byte) 0xFF) {
                byte[] out = Arrays.copyOf(max, i + 1);
                out[i]++;
                return out;
            }
        }
        return max;
    }
}
