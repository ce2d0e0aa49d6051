package io.starling.fe.mysql;

import io.starling.storage.batch.ColumnVector;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Text form of values as StarRocks prints them in MySQL text rows. Package-private stand-in for the engine's
 * shared formatter (io.starling.exec.expr.ValueFormatter is not on the frontend's classpath yet); keep the two in
 * step.
 *
 * <ul>
 *   <li>BOOLEAN: {@code 1}/{@code 0}.</li>
 *   <li>FLOAT/DOUBLE: shortest round-trip digits; plain notation when the decimal exponent is in
 *       [-4, 7) for FLOAT and [-4, 16) for DOUBLE, else {@code d.ddde+XX} (at least two exponent digits) —
 *       the rules of fmt's {@code "{}"} that StarRocks' BE uses; {@code nan}, {@code inf}, {@code -inf}.</li>
 *   <li>DECIMAL(p,s): exactly s fraction digits ({@code 12.30}).</li>
 *   <li>DATE {@code YYYY-MM-DD}; DATETIME {@code YYYY-MM-DD HH:MM:SS}, plus {@code .ffffff} when the
 *       microseconds are not zero.</li>
 * </ul>
 */
final class TextValueFormatter
{
    private static final int MICROS_PER_SECOND = 1_000_000;
    /** fmt: exponent notation below 1e-4. */
    private static final int EXP_LOWER = -4;
    /** fmt: exponent notation from 10^(digits10 + 1): 1e7 for float, 1e16 for double. */
    private static final int FLOAT_EXP_UPPER = 7;
    private static final int DOUBLE_EXP_UPPER = 16;

    private TextValueFormatter()
    {
    }

    /** The value at {@code row} as text; the caller handles nulls. */
    static String format(ColumnVector col, int row)
    {
        return switch (col.type().kind()) {
            case NULL -> "NULL";
            case BOOLEAN -> col.getByte(row) != 0 ? "1" : "0";
            case TINYINT, SMALLINT, INT, BIGINT -> Long.toString(col.getLongValue(row));
            case LARGEINT -> int128ToString(col.getInt128Low(row), col.getInt128High(row));
            case FLOAT -> formatFloat(col.getFloat(row));
            case DOUBLE -> formatDouble(col.getDouble(row));
            case DECIMAL -> formatDecimal(col, row);
            case DATE -> formatDate(col.getInt(row));
            case DATETIME -> formatDatetime(col.getLong(row));
            case CHAR, VARCHAR -> col.getString(row);
            case HLL, BITMAP -> "NULL";
        };
    }

    static String formatDecimal(ColumnVector col, int row)
    {
        int scale = col.type().scale();
        if (col.type().precision() <= io.starling.storage.types.DataType.MAX_DECIMAL64_PRECISION) {
            return BigDecimal.valueOf(col.getLong(row), scale).toPlainString();
        }
        return new BigDecimal(int128(col.getInt128Low(row), col.getInt128High(row)), scale).toPlainString();
    }

    static String int128ToString(long low, long high)
    {
        if (high == (low >> 63)) {
            return Long.toString(low);
        }
        return int128(low, high).toString();
    }

    static BigInteger int128(long low, long high)
    {
        return BigInteger.valueOf(high).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(low)));
    }

    static String formatDate(int epochDays)
    {
        return LocalDate.ofEpochDay(epochDays).toString();
    }

    static String formatDatetime(long micros)
    {
        long seconds = Math.floorDiv(micros, MICROS_PER_SECOND);
        int fraction = (int) Math.floorMod(micros, MICROS_PER_SECOND);
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(26);
        sb.append(LocalDate.of(t.getYear(), t.getMonth(), t.getDayOfMonth()));
        sb.append(' ');
        pad2(sb, t.getHour()).append(':');
        pad2(sb, t.getMinute()).append(':');
        pad2(sb, t.getSecond());
        if (fraction != 0) {
            String f = Integer.toString(fraction);
            sb.append('.').append("000000", 0, 6 - f.length()).append(f);
        }
        return sb.toString();
    }

    static String formatDouble(double v)
    {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
        }
        return shortest(Double.toString(Math.abs(v)), v < 0, DOUBLE_EXP_UPPER);
    }

    static String formatFloat(float v)
    {
        if (Float.isNaN(v)) {
            return "nan";
        }
        if (Float.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return (Float.floatToRawIntBits(v) < 0) ? "-0" : "0";
        }
        return shortest(Float.toString(Math.abs(v)), v < 0, FLOAT_EXP_UPPER);
    }

    /** Re-lays out Java's shortest round-trip digits (Double/Float.toString) in fmt's notation. */
    private static String shortest(String javaText, boolean negative, int expUpper)
    {
        BigDecimal bd = new BigDecimal(javaText).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int exp10 = digits.length() - 1 - bd.scale();
        StringBuilder sb = new StringBuilder(24);
        if (negative) {
            sb.append('-');
        }
        if (exp10 < EXP_LOWER || exp10 >= expUpper) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp10 < 0 ? '-' : '+');
            int e = Math.abs(exp10);
            if (e < 10) {
                sb.append('0');
            }
            sb.append(e);
        }
        else {
            sb.append(bd.toPlainString());
        }
        return sb.toString();
    }

    private static StringBuilder pad2(StringBuilder sb, int v)
    {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }
}
