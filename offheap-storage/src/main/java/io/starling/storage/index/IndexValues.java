package io.starling.storage.index;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.PhysicalType;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Canonical values and 64-bit hashes shared by the value indexes (bloom filters, bitmap indexes, runtime filters):
 * a row of a {@link ColumnVector} and a predicate constant of the same physical domain hash alike. Domains follow
 * {@code ZoneMap.Domain}: integers (BYTE/SHORT/INT/LONG, i.e. also DATE, DATETIME, DECIMAL64) as {@code long},
 * FLOAT/DOUBLE as {@code double} (-0.0 folded to 0.0, one NaN), INT128 as a {@link BigInteger}, VARLEN as UTF-8 bytes.
 */
public final class IndexValues
{
    /** Odd 64-bit constant (the golden ratio, 2^64 / phi) that seeds and mixes the string hash. */
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private IndexValues()
    {
    }

    /** murmur3's 64-bit finalizer: full avalanche, so bloom bits drawn from different hash bits are independent. */
    public static long mix(long h)
    {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    public static long hashLong(long v)
    {
        return mix(v ^ GOLDEN);
    }

    public static long hashDouble(double v)
    {
        return hashLong(Double.doubleToLongBits(canonical(v)));
    }

    public static long hashInt128(long low, long high)
    {
        return mix(low ^ mix(high ^ GOLDEN));
    }

    /** Hash of {@code len} bytes at {@code off}: 8-byte little-endian words folded through {@link #mix}. */
    public static long hashBytes(byte[] b, int off, int len)
    {
        long h = GOLDEN ^ len;
        int i = 0;
        ByteBuffer bb = ByteBuffer.wrap(b, off, len).order(ByteOrder.LITTLE_ENDIAN);
        for (; i + 8 <= len; i += 8) {
            h = mix(h ^ bb.getLong(off + i)) * GOLDEN;
        }
        long tail = 0;
        for (int k = 0; i + k < len; k++) {
            tail |= (b[off + i + k] & 0xFFL) << (8 * k);
        }
        return mix(h ^ tail);
    }

    /** -0.0 and 0.0 compare equal in SQL, and every NaN is one value: hash them alike. */
    public static double canonical(double v)
    {
        if (v == 0.0) {
            return 0.0;
        }
        return Double.isNaN(v) ? Double.NaN : v;
    }

    /** Hash of a non-null row of {@code v}. */
    public static long hashRow(ColumnVector v, int row)
    {
        PhysicalType t = v.physical();
        return switch (t) {
            case BYTE, SHORT, INT, LONG -> hashLong(v.getLongValue(row));
            case FLOAT -> hashDouble(v.getFloat(row));
            case DOUBLE -> hashDouble(v.getDouble(row));
            case INT128 -> hashInt128(v.getInt128Low(row), v.getInt128High(row));
            case VARLEN -> {
                byte[] b = v.getBytes(row);
                yield hashBytes(b, 0, b.length);
            }
            default -> throw new IllegalArgumentException("no index hash for " + t);
        };
    }

    /**
     * Hash of a constant in the column's domain: an integral {@link Number} for integer types, a {@link Number} for
     * FLOAT/DOUBLE, a {@link BigInteger} or integral Number for INT128, {@code byte[]} or {@link String} for VARLEN.
     */
    public static long hashValue(PhysicalType t, Object value)
    {
        return switch (t) {
            case BYTE, SHORT, INT, LONG -> hashLong(((Number) value).longValue());
            case FLOAT, DOUBLE -> hashDouble(((Number) value).doubleValue());
            case INT128 -> {
                BigInteger b = value instanceof BigInteger bi ? bi : BigInteger.valueOf(((Number) value).longValue());
                yield hashInt128(b.longValue(), b.shiftRight(64).longValue());
            }
            case VARLEN -> {
                byte[] b = value instanceof byte[] a ? a : ((String) value).getBytes(StandardCharsets.UTF_8);
                yield hashBytes(b, 0, b.length);
            }
            default -> throw new IllegalArgumentException("no index hash for " + t);
        };
    }
}
