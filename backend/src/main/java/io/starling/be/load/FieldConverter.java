package io.starling.be.load;

import io.starling.exec.expr.ValueParser;
import io.starling.exec.expr.Values;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;
import io.starling.storage.types.TypeKind;

import java.nio.charset.StandardCharsets;

/**
 * Converts one field's bytes straight into a column vector slot: the load parser's hot path. Integers, DECIMAL up to
 * 18 digits, DATE and DATETIME in their canonical forms ({@code yyyy-MM-dd}, {@code yyyy-MM-dd HH:mm:ss[.ffffff]})
 * are parsed from the bytes without allocation; strings are copied into the VARLEN buffer; everything else
 * (FLOAT/DOUBLE, LARGEINT, wide DECIMAL, exponents, other date spellings) takes the slow path through
 * {@link ValueParser}, which accepts the same text as a SQL cast. Surrounding ASCII spaces are ignored for
 * non-string types.
 */
final class FieldConverter
{
    /** Microseconds per day: DATETIME is micros since the epoch. */
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private FieldConverter()
    {
    }

    /**
     * Writes the value at {@code row}; returns false (and writes NULL) when the text is not a value of the vector's
     * type.
     */
    static boolean write(ColumnVector v, int row, byte[] buf, int off, int len)
    {
        DataType t = v.type();
        TypeKind k = t.kind();
        if (k == TypeKind.VARCHAR || k == TypeKind.CHAR) {
            v.setBytes(row, buf, off, len);
            v.setNull(row, false);
            return true;
        }
        while (len > 0 && buf[off] == ' ') {
            off++;
            len--;
        }
        while (len > 0 && buf[off + len - 1] == ' ') {
            len--;
        }
        boolean ok = switch (k) {
            case TINYINT, SMALLINT, INT, BIGINT -> integer(v, row, k, buf, off, len);
            case DECIMAL -> t.precision() <= DataType.MAX_DECIMAL64_PRECISION && decimal64(v, row, t, buf, off, len)
                    || slow(v, row, buf, off, len);
            case DATE -> date(v, row, buf, off, len) || slow(v, row, buf, off, len);
            case DATETIME -> datetime(v, row, buf, off, len) || slow(v, row, buf, off, len);
            default -> slow(v, row, buf, off, len);
        };
        if (ok) {
            v.setNull(row, false);
        }
        else {
            v.setNull(row, true);
        }
        return ok;
    }

    private static boolean slow(ColumnVector v, int row, byte[] buf, int off, int len)
    {
        Object value = ValueParser.parseOrNull(new String(buf, off, len, StandardCharsets.UTF_8), v.type());
        if (value == null) {
            return false;
        }
        Values.write(v, row, value);
        return true;
    }

    private static boolean integer(ColumnVector v, int row, TypeKind k, byte[] buf, int off, int len)
    {
        int i = off;
        int end = off + len;
        boolean neg = false;
        if (i < end && (buf[i] == '-' || buf[i] == '+')) {
            neg = buf[i] == '-';
            i++;
        }
        if (i == end) {
            return false;
        }
        long acc = 0;
        for (; i < end; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            // accumulate negatively so Long.MIN_VALUE parses; overflow check before the multiply
            if (acc < (Long.MIN_VALUE + d) / 10) {
                return false;
            }
            acc = acc * 10 - d;
        }
        if (!neg) {
            if (acc == Long.MIN_VALUE) {
                return false;
            }
            acc = -acc;
        }
        switch (k) {
            case TINYINT -> {
                if (acc < Byte.MIN_VALUE || acc > Byte.MAX_VALUE) {
                    return false;
                }
                v.setByte(row, (byte) acc);
            }
            case SMALLINT -> {
                if (acc < Short.MIN_VALUE || acc > Short.MAX_VALUE) {
                    return false;
                }
                v.setShort(row, (short) acc);
            }
            case INT -> {
                if (acc < Integer.MIN_VALUE || acc > Integer.MAX_VALUE) {
                    return false;
                }
                v.setInt(row, (int) acc);
            }
            default -> v.setLong(row, acc);
        }
        return true;
    }

    /** {@code [+-]digits[.digits]} into an unscaled long, rounding half up past the scale; false = use the slow path. */
    private static boolean decimal64(ColumnVector v, int row, DataType t, byte[] buf, int off, int len)
    {
        int i = off;
        int end = off + len;
        boolean neg = false;
        if (i < end && (buf[i] == '-' || buf[i] == '+')) {
            neg = buf[i] == '-';
            i++;
        }
        long unscaled = 0;
        int intDigits = 0;
        int fracDigits = 0;
        boolean dot = false;
        boolean roundUp = false;
        boolean extraSeen = false;
        boolean any = false;
        for (; i < end; i++) {
            byte c = buf[i];
            if (c == '.') {
                if (dot) {
                    return false;
                }
                dot = true;
                continue;
            }
            int d = c - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            any = true;
            if (dot) {
                if (fracDigits == t.scale()) {
                    // only the first digit past the scale decides HALF_UP rounding
                    if (!extraSeen) {
                        roundUp = d >= 5;
                        extraSeen = true;
                    }
                    continue;
                }
                fracDigits++;
            }
            else {
                if (intDigits == 0 && d == 0) {
                    continue;
                }
                intDigits++;
            }
            if (intDigits + fracDigits > 18) {
                return false;
            }
            unscaled = unscaled * 10 + d;
        }
        if (!any || intDigits > t.precision() - t.scale()) {
            return false;
        }
        unscaled *= POW10[t.scale() - fracDigits];
        if (roundUp) {
            unscaled++;
            if (unscaled >= POW10[t.precision()]) {
                return false;
            }
        }
        v.setLong(row, neg ? -unscaled : unscaled);
        return true;
    }

    private static boolean date(ColumnVector v, int row, byte[] buf, int off, int len)
    {
        if (len != 10 || buf[off + 4] != '-' || buf[off + 7] != '-') {
            return false;
        }
        int y = digits(buf, off, 4);
        int m = digits(buf, off + 5, 2);
        int d = digits(buf, off + 8, 2);
        if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
            return false;
        }
        v.setInt(row, (int) epochDay(y, m, d));
        return true;
    }

    private static boolean datetime(ColumnVector v, int row, byte[] buf, int off, int len)
    {
        if (len == 10) {
            if (!date(v, row, buf, off, len)) {
                return false;
            }
            v.setLong(row, v.getInt(row) * MICROS_PER_DAY);
            return true;
        }
        if (len < 19 || buf[off + 4] != '-' || buf[off + 7] != '-' || (buf[off + 10] != ' ' && buf[off + 10] != 'T')
                || buf[off + 13] != ':' || buf[off + 16] != ':') {
            return false;
        }
        int y = digits(buf, off, 4);
        int mo = digits(buf, off + 5, 2);
        int d = digits(buf, off + 8, 2);
        int h = digits(buf, off + 11, 2);
        int mi = digits(buf, off + 14, 2);
        int s = digits(buf, off + 17, 2);
        if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h < 0 || h > 23 || mi < 0 || mi > 59
                || s < 0 || s > 59) {
            return false;
        }
        long micros = 0;
        if (len > 19) {
            if (buf[off + 19] != '.' || len > 26 || len == 20) {
                return false;
            }
            int frac = digits(buf, off + 20, len - 20);
            if (frac < 0) {
                return false;
            }
            micros = frac * POW10[6 - (len - 20)];
        }
        long seconds = epochDay(y, mo, d) * 86_400L + h * 3600L + mi * 60L + s;
        v.setLong(row, seconds * 1_000_000L + micros);
        return true;
    }

    private static int digits(byte[] buf, int off, int n)
    {
        int acc = 0;
        for (int i = 0; i < n; i++) {
            int c = buf[off + i] - '0';
            if (c < 0 || c > 9) {
                return -1;
            }
            acc = acc * 10 + c;
        }
        return acc;
    }

    private static int daysInMonth(int y, int m)
    {
        return switch (m) {
            case 2 -> (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    static long epochDay(int y, int m, int d)
    {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}
