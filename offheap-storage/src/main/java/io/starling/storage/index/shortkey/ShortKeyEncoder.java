package io.starling.storage.index.shortkey;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Order-preserving byte encoding of the sort-key prefix (StarRocks' "short key"): the first key columns, at most
 * {@link #MAX_COLUMNS} of them and {@link #MAX_BYTES} bytes, stopping before a FLOAT/DOUBLE column and after the first
 * string column (truncated to the bytes left), as StarRocks does. Each component is a marker byte (0 = NULL, 1 = value;
 * NULLs sort first) followed by the value: integers big-endian with the sign bit flipped (BYTE 1, SHORT 2, INT 4, LONG
 * 8, INT128 16 bytes), strings as their bytes. Comparing encodings as unsigned byte strings orders rows like
 * comparing the key tuples; since a string is always the last component, no terminator or escaping is needed.
 */
public final class ShortKeyEncoder
{
    /** StarRocks' short key limits: 36 bytes and 3 columns. */
    public static final int MAX_BYTES = 36;
    public static final int MAX_COLUMNS = 3;

    private final PhysicalType[] types;

    private ShortKeyEncoder(PhysicalType[] types)
    {
        this.types = types;
    }

    /** The encoder for a table whose leading (sort key) columns have these types; may have 0 components. */
    public static ShortKeyEncoder of(List<DataType> keyColumnTypes)
    {
        int budget = MAX_BYTES;
        int n = 0;
        PhysicalType[] t = new PhysicalType[Math.min(MAX_COLUMNS, keyColumnTypes.size())];
        for (int i = 0; i < t.length; i++) {
            PhysicalType p = keyColumnTypes.get(i).physical();
            if (p == PhysicalType.FLOAT || p == PhysicalType.DOUBLE) {
                break;
            }
            if (p == PhysicalType.VARLEN) {
                if (budget >= 2) {
                    t[n++] = p;
                }
                break;
            }
            if (1 + p.width() > budget) {
                break;
            }
            budget -= 1 + p.width();
            t[n++] = p;
        }
        return new ShortKeyEncoder(Arrays.copyOf(t, n));
    }

    /** Number of key columns the encoding covers (0: no short key index possible). */
    public int columns()
    {
        return types.length;
    }

    public PhysicalType type(int component)
    {
        return types[component];
    }

    /** Encodes row {@code row} of the key columns {@code vectors[0..columns())}. */
    public byte[] encodeRow(ColumnVector[] vectors, int row)
    {
        byte[] buf = new byte[MAX_BYTES];
        int pos = 0;
        for (int c = 0; c < types.length; c++) {
            ColumnVector v = vectors[c];
            if (v.isNull(row)) {
                buf[pos++] = 0;
                if (types[c] == PhysicalType.VARLEN) {
                    break;
                }
                // keep fixed width so later components stay aligned with other rows
                pos += types[c].width();
                continue;
            }
            buf[pos++] = 1;
            pos = switch (types[c]) {
                case BYTE, SHORT, INT, LONG -> putInt(buf, pos, v.getLongValue(row), types[c].width());
                case INT128 -> putInt128(buf, pos, v.getInt128Low(row), v.getInt128High(row));
                case VARLEN -> putBytes(buf, pos, v.getBytes(row));
                default -> throw new AssertionError(types[c]);
            };
        }
        return Arrays.copyOf(buf, pos);
    }

    /**
     * Encodes a bound given as values of the first {@code values.size()} components (zone-map domain: integral
     * Number, BigInteger for INT128, byte[] or String for strings; no NULLs). Compare rows against it with
     * {@link ShortKeyIndex#comparePrefix}.
     */
    public byte[] encodeBound(List<Object> values)
    {
        if (values.size() > types.length) {
            throw new IllegalArgumentException(values.size() + " bound values for a " + types.length + "-column short key");
        }
        byte[] buf = new byte[MAX_BYTES];
        int pos = 0;
        for (int c = 0; c < values.size(); c++) {
            Object v = values.get(c);
            buf[pos++] = 1;
            pos = switch (types[c]) {
                case BYTE, SHORT, INT, LONG -> putInt(buf, pos, ((Number) v).longValue(), types[c].width());
                case INT128 -> {
                    BigInteger b = v instanceof BigInteger bi ? bi : BigInteger.valueOf(((Number) v).longValue());
                    yield putInt128(buf, pos, b.longValue(), b.shiftRight(64).longValue());
                }
                case VARLEN -> putBytes(buf, pos, v instanceof byte[] a ? a : ((String) v).getBytes(StandardCharsets.UTF_8));
                default -> throw new AssertionError(types[c]);
            };
        }
        return Arrays.copyOf(buf, pos);
    }

    private static int putInt(byte[] buf, int pos, long v, int width)
    {
        long flipped = v ^ (1L << (width * 8 - 1));
        for (int i = width - 1; i >= 0; i--) {
            buf[pos++] = (byte) (flipped >>> (8 * i));
        }
        return pos;
    }

    private static int putInt128(byte[] buf, int pos, long low, long high)
    {
        pos = putInt(buf, pos, high, 8);
        // the low half is unsigned: no flip (putInt flips the top bit, so undo it)
        long l = low ^ Long.MIN_VALUE;
        return putInt(buf, pos, l, 8);
    }

    private static int putBytes(byte[] buf, int pos, byte[] b)
    {
        int n = Math.min(b.length, buf.length - pos);
        System.arraycopy(b, 0, buf, pos, n);
        return pos + n;
    }
}
