package io.starling.exec.operator.agg;

import io.starling.storage.batch.ColumnVector;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * Encodes a row's {@code ORDER BY} keys (of {@code GROUP_CONCAT ... ORDER BY}) into bytes whose unsigned
 * lexicographic order is the requested SQL order, directions and NULL placement included. The bytes are
 * self-contained, so a partial aggregate can ship them and the final phase sorts without knowing the key types.
 *
 * <p>Per key: one NULL byte ({@code 0x00} NULL first, {@code 0x01} a value, {@code 0x02} NULL last), then for a
 * value its bytes, all inverted for DESC: integers (and DECIMAL unscaled values, DATE days, DATETIME micros)
 * big-endian with the sign bit flipped; INT128 the high half so, then the low half unsigned; FLOAT/DOUBLE the IEEE
 * bits flipped so that negatives order below positives (-0.0 as 0.0, every NaN canonical, above +Infinity as
 * StarRocks sorts it); strings their UTF-8 bytes with {@code 0x00} escaped as {@code 0x00 0xFF} and ended by
 * {@code 0x00 0x00}, so a prefix sorts first.
 *
 * <p>The direction spec travels as a constant operand: {@link #MARKER} followed by two letters per key,
 * {@code A}/{@code D} then {@code F}/{@code L} (NULLS FIRST/LAST).
 */
final class OrderKeyEncoder
{
    /** Starts the spec operand; a control character that no user separator plausibly begins with. */
    static final String MARKER = "\u0001group_concat order:";

    private final boolean[] desc;
    private final boolean[] nullsFirst;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    private OrderKeyEncoder(boolean[] desc, boolean[] nullsFirst)
    {
        this.desc = desc;
        this.nullsFirst = nullsFirst;
    }

    /** The encoder for a spec operand's text, or null if {@code spec} is not one. */
    static OrderKeyEncoder parse(String spec)
    {
        if (spec == null || !spec.startsWith(MARKER)) {
            return null;
        }
        String s = spec.substring(MARKER.length()).toUpperCase(Locale.ROOT);
        if (s.isEmpty() || s.length() % 2 != 0) {
            throw new IllegalArgumentException("bad GROUP_CONCAT ORDER BY spec: " + s);
        }
        int n = s.length() / 2;
        boolean[] d = new boolean[n];
        boolean[] nf = new boolean[n];
        for (int k = 0; k < n; k++) {
            d[k] = s.charAt(2 * k) == 'D';
            nf[k] = s.charAt(2 * k + 1) == 'F';
        }
        return new OrderKeyEncoder(d, nf);
    }

    /** The number of ORDER BY keys. */
    int keyCount()
    {
        return desc.length;
    }

    /** Encodes row {@code row} of {@code keys[from, from + keyCount())}. */
    byte[] encode(ColumnVector[] keys, int from, int row)
    {
        out.reset();
        for (int k = 0; k < desc.length; k++) {
            ColumnVector v = keys[from + k];
            if (v.isNull(row)) {
                out.write(nullsFirst[k] ? 0x00 : 0x02);
                continue;
            }
            out.write(0x01);
            int start = out.size();
            value(v, row);
            if (desc[k]) {
                invertTail(start);
            }
        }
        return out.toByteArray();
    }

    private void value(ColumnVector v, int row)
    {
        switch (v.type().physical()) {
            case BYTE -> out.write((v.getByte(row) ^ 0x80) & 0xFF);
            case SHORT -> bigEndian((v.getShort(row) ^ Short.MIN_VALUE) & 0xFFFFL, 2);
            case INT -> bigEndian(v.getInt(row) ^ Integer.MIN_VALUE, 4);
            case LONG -> bigEndian(v.getLong(row) ^ Long.MIN_VALUE, 8);
            case INT128 -> {
                bigEndian(v.getInt128High(row) ^ Long.MIN_VALUE, 8);
                bigEndian(v.getInt128Low(row), 8);
            }
            case FLOAT -> bigEndian(doubleBits(v.getFloat(row)), 8);
            case DOUBLE -> bigEndian(doubleBits(v.getDouble(row)), 8);
            case VARLEN -> {
                for (byte b : v.getBytes(row)) {
                    out.write(b);
                    if (b == 0) {
                        out.write(0xFF);
                    }
                }
                out.write(0);
                out.write(0);
            }
            default -> throw new IllegalArgumentException("GROUP_CONCAT cannot order by " + v.type());
        }
    }

    /** Order-preserving unsigned form of a double: negatives inverted, positives with the sign bit set. */
    private static long doubleBits(double d)
    {
        double x = d == 0.0 ? 0.0 : d;
        long bits = Double.doubleToLongBits(x);
        return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    }

    private void bigEndian(long v, int bytes)
    {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }

    private void invertTail(int start)
    {
        byte[] b = out.toByteArray();
        out.reset();
        for (int i = 0; i < b.length; i++) {
            out.write(i < start ? b[i] & 0xFF : ~b[i] & 0xFF);
        }
    }
}
